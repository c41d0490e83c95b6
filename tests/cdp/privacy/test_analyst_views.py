import datetime as dt
from decimal import Decimal

import duckdb
import pytest

from cdp.privacy.analyst_views import ANALYST_SCHEMA, create_analyst_views


@pytest.fixture
def con():
    """A tiny warehouse: a customer dimension, an order fact and a view over both."""
    con = duckdb.connect()
    con.execute("create schema marts")
    con.execute("create schema analytics")
    con.execute(
        "create table marts.dim_customers (customer_key varchar, email varchar, "
        "phone varchar, first_name varchar, postcode varchar, birth_date date, "
        "revenue decimal(12, 2))"
    )
    con.execute(
        "insert into marts.dim_customers values "
        "('k1', 'jane.doe@example.com', '+447700900123', 'Jane', 'SW1A 1AA', "
        "'1983-11-28', 120.50), "
        "('k2', null, null, null, null, null, 0)"
    )
    con.execute("create table marts.fct_orders as select 'o1' as order_id, 'k1' as customer_key")
    con.execute(
        "create view analytics.customer_360 as select d.*, count(o.order_id) as order_count "
        "from marts.dim_customers d left join marts.fct_orders o using (customer_key) "
        "group by all"
    )
    return con


def rows(con, relation: str):
    return con.execute(f"select * from {relation} order by customer_key").fetchall()


def column_types(con, schema: str, name: str):
    return con.execute(
        "select column_name, data_type from information_schema.columns "
        "where table_schema = ? and table_name = ? order by ordinal_position",
        [schema, name],
    ).fetchall()


def test_creates_one_view_per_relation(con):
    created = create_analyst_views(con)
    assert created == ["analyst.customer_360", "analyst.dim_customers", "analyst.fct_orders"]
    kinds = con.execute(
        "select distinct table_type from information_schema.tables where table_schema = ?",
        [ANALYST_SCHEMA],
    ).fetchall()
    assert kinds == [("VIEW",)]


def test_personal_columns_are_masked_and_others_untouched(con):
    create_analyst_views(con)
    assert rows(con, "analyst.dim_customers") == [
        (
            "k1",
            "j***@example.com",
            "+44*******123",
            "J***",
            "SW1A ***",
            dt.date(1983, 1, 1),
            Decimal("120.50"),
        ),
        ("k2", None, None, None, None, None, Decimal("0.00")),
    ]
    masked_360 = rows(con, "analyst.customer_360")
    assert [r[1] for r in masked_360] == ["j***@example.com", None]
    assert [r[-1] for r in masked_360] == [1, 0]
    assert rows(con, "analyst.fct_orders") == rows(con, "marts.fct_orders")


def test_columns_names_order_and_types_are_preserved(con):
    create_analyst_views(con)
    for schema, name in [("marts", "dim_customers"), ("analytics", "customer_360")]:
        assert column_types(con, ANALYST_SCHEMA, name) == column_types(con, schema, name)


def test_rerunning_replaces_the_schema_cleanly(con):
    create_analyst_views(con)
    con.execute("create view analyst.leftover as select 1 as x")
    con.execute("drop table marts.fct_orders")
    con.execute("alter table marts.dim_customers add column city varchar")
    created = create_analyst_views(con, schemas=("marts",))
    assert created == ["analyst.dim_customers"]
    names = con.execute(
        "select table_name from information_schema.tables where table_schema = ?",
        [ANALYST_SCHEMA],
    ).fetchall()
    assert names == [("dim_customers",)]
    con.execute("update marts.dim_customers set city = 'London'")
    assert {r[-1] for r in rows(con, "analyst.dim_customers")} == {"***"}


def test_missing_schemas_are_skipped(con):
    assert create_analyst_views(con, schemas=("segments", "analytics")) == ["analyst.customer_360"]


def test_same_name_in_two_schemas_is_refused(con):
    con.execute("create table analytics.dim_customers as select 1 as x")
    with pytest.raises(ValueError, match=r"analytics\.dim_customers and marts\.dim_customers"):
        create_analyst_views(con)


def test_runs_inside_the_callers_transaction(con):
    con.execute("begin")
    create_analyst_views(con)
    con.execute("rollback")
    schemas = con.execute(
        "select schema_name from information_schema.schemata where schema_name = ?",
        [ANALYST_SCHEMA],
    ).fetchall()
    assert schemas == []
