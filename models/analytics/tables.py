"""Writing model results to the ``analytics`` schema of the warehouse."""

from __future__ import annotations

import duckdb
import polars as pl

ANALYTICS_SCHEMA = "analytics"


def write_table(con: duckdb.DuckDBPyConnection, name: str, frame: pl.DataFrame) -> str:
    """Replace ``analytics.<name>`` with ``frame`` in one transaction; return the full name.

    Readers see the old table or the new one, never a half-written one.
    """
    if not name.isidentifier():
        raise ValueError(f"not a table name: {name!r}")
    full = f"{ANALYTICS_SCHEMA}.{name}"
    con.execute("begin")
    try:
        con.execute(f"create schema if not exists {ANALYTICS_SCHEMA}")
        con.register("_frame", frame)
        con.execute(f"create or replace table {full} as select * from _frame")
        con.unregister("_frame")
        con.execute("commit")
    except Exception:
        con.execute("rollback")
        raise
    return full
