"""A tiny warehouse with the marts columns the order-based models read."""

from collections.abc import Callable

import duckdb
import pytest

Orders = list[tuple]  # (customer_key, ordered_at, amount, status)
# (customer_key, is_anonymous) or (customer_key, is_anonymous, first_seen_at); a customer
# given without first_seen_at was first seen long before any order.
Customers = list[tuple]


def tiny_marts(orders: Orders, customers: Customers) -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB with marts.fct_orders and marts.dim_customers holding these rows."""
    con = duckdb.connect()
    con.execute("""
        create schema marts;
        create table marts.fct_orders (customer_key varchar, ordered_at timestamp,
            amount decimal(12, 2), status varchar);
        create table marts.dim_customers (customer_key varchar, is_anonymous boolean,
            first_seen_at timestamp default timestamp '2000-01-01')
    """)  # fmt: skip
    if orders:
        con.executemany("insert into marts.fct_orders values (?, ?, ?, ?)", orders)
    for width in (2, 3):
        rows = [row for row in customers if len(row) == width]
        columns = ", ".join(["customer_key", "is_anonymous", "first_seen_at"][:width])
        if rows:
            marks = ", ".join("?" * width)
            con.executemany(f"insert into marts.dim_customers ({columns}) values ({marks})", rows)
    return con


@pytest.fixture
def marts() -> Callable[[Orders, Customers], duckdb.DuckDBPyConnection]:
    """``marts(orders, customers)``: see :func:`tiny_marts`."""
    return tiny_marts
