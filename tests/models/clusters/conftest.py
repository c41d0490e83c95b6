"""Tiny in-memory marts: only the columns the cluster features read."""

from datetime import date

import duckdb
import pytest

AS_OF = date(2024, 6, 30)


def empty_marts() -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    con.execute("""
        create schema marts;
        create table marts.dim_customers (customer_key varchar, is_anonymous boolean,
            first_seen_at timestamp);
        create table marts.fct_orders (customer_key varchar, channel varchar,
            ordered_at timestamp, amount decimal(12, 2), discount decimal(12, 2),
            status varchar, is_anonymous_customer boolean);
        create table marts.fct_touchpoints (customer_key varchar, channel varchar,
            direction varchar, occurred_at timestamp);
    """)  # fmt: skip
    return con


def plant_groups(con: duckdb.DuckDBPyConnection, per_group: int = 20) -> None:
    """Three well-separated behaviours, with a little jitter inside each, plus anonymous
    receipts: ``s*`` store regulars (9 to 11 receipts of 200), ``a*`` app browsers who
    never buy (45 to 55 app events), ``l*`` lapsed one-off web buyers (one 40 order with a
    discount, a year before ``AS_OF``, then silence)."""
    statements = """
        insert into marts.dim_customers
            select g || i, false, timestamp '2023-01-01' + to_days(i % 5)
            from range($n) t(i), (values ('s'), ('a'), ('l')) groups(g);
        insert into marts.dim_customers
            select 'anon' || i, true, timestamp '2024-03-01' from range(3) t(i);
        insert into marts.fct_orders
            select 's' || i, 'store', timestamp '2024-06-01' - to_days(j * 20), 200, null,
                   'completed', false
            from range($n) t(i), range(9 + i % 3) u(j);
        insert into marts.fct_orders
            select 'l' || i, 'online_web', timestamp '2023-06-30' - to_days(i % 4), 40, 5,
                   'completed', false
            from range($n) t(i);
        insert into marts.fct_orders
            select 'anon' || i, 'store', timestamp '2024-05-01', 999, null, 'completed', true
            from range(3) t(i);
        insert into marts.fct_touchpoints
            select 'a' || i, 'app', 'inbound', timestamp '2024-06-29' - to_days(j)
            from range($n) t(i), range(45 + i % 11) u(j)
    """
    for statement in statements.split(";"):
        con.execute(statement, {"n": per_group} if "$n" in statement else None)


@pytest.fixture
def planted() -> duckdb.DuckDBPyConnection:
    con = empty_marts()
    plant_groups(con)
    return con


@pytest.fixture
def marts() -> duckdb.DuckDBPyConnection:
    return empty_marts()
