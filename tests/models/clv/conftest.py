"""The real CDNOW transaction log (shipped with lifetimes) as a tiny warehouse."""

from importlib import resources

import duckdb
import polars as pl
import pytest


def cdnow_transactions() -> pl.DataFrame:
    """CDNOW_sample.txt: customer, ?, yyyymmdd, quantity, amount (space-aligned)."""
    text = resources.files("lifetimes.datasets").joinpath("CDNOW_sample.txt").read_text()
    rows = [line.split() for line in text.splitlines() if line.strip()]
    return pl.DataFrame(
        {
            "customer_key": ["c" + r[0] for r in rows],
            "day": [r[2] for r in rows],
            "amount": [float(r[4]) for r in rows],
        }
    )


@pytest.fixture(scope="module")
def cdnow_warehouse() -> duckdb.DuckDBPyConnection:
    """marts.fct_orders from CDNOW, and a dim_customers with two customers who never buy."""
    con = duckdb.connect()
    frame = cdnow_transactions()  # noqa: F841 (read by DuckDB below)
    con.execute("""
        create schema marts;
        create table marts.fct_orders as
        select customer_key, strptime(day, '%Y%m%d')::timestamp as ordered_at,
               amount::decimal(12, 2) as amount, 'completed' as status,
               false as is_anonymous_customer
        from frame;
        create table marts.dim_customers as
        select distinct customer_key, false as is_anonymous from marts.fct_orders
        union all values ('prospect', false), ('anon', true)
    """)  # fmt: skip
    return con
