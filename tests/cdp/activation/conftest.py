"""A tiny customer-360 in memory: the relation segment predicates read."""

import duckdb
import pytest


@pytest.fixture
def con() -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    con.execute("""
        create schema analytics;
        create table analytics.customer_360 as select * from (values
            ('c1', 'a@x.com', true, 'Champions', 'active', 900.0, 'low', 0, 1),
            ('c2', 'b@x.com', false, 'At Risk', 'at_risk', 800.0, 'high', 2, 2),
            ('c3', null, null, null, 'prospect', null, null, 0, null),
            ('c4', 'd@x.com', true, 'Lost', 'lapsed', 50.0, 'high', 1, 1)
        ) as t(customer_key, email, marketing_consent, rfm_segment, lifecycle_stage, clv,
               churn_risk_band, complaints_total, cluster_id)
    """)
    return con
