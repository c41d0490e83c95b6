"""A tiny warehouse with the marts columns the order-based models read."""

from collections.abc import Callable

import duckdb
import pytest

Orders = list[tuple]  # (customer_key, ordered_at, amount, status)
Customers = list[tuple[str, bool]]  # (customer_key, is_anonymous)


def tiny_marts(orders: Orders, customers: Customers) -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB with marts.fct_orders and marts.dim_customers holding these rows."""
    con = duckdb.connect()
    con.execute("""
        create schema marts;
        create table marts.fct_orders (customer_key varchar, ordered_at timestamp,
            amount decimal(12, 2), status varchar);
        create table marts.dim_customers (customer_key varchar, is_anonymous boolean)
    """)  # fmt: skip
    if orders:
        con.executemany("insert into marts.fct_orders values (?, ?, ?, ?)", orders)
    con.executemany("insert into marts.dim_customers values (?, ?)", customers)
    return con


@pytest.fixture
def marts() -> Callable[[Orders, Customers], duckdb.DuckDBPyConnection]:
    """``marts(orders, customers)``: see :func:`tiny_marts`."""
    return tiny_marts
