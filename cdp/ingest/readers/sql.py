"""SQL text helpers shared by the readers."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager, suppress

import duckdb


def sql_str(value: str) -> str:
    """``value`` as a SQL string literal."""
    return "'" + value.replace("'", "''") + "'"


def ident(name: str) -> str:
    """``name`` as a quoted SQL identifier."""
    return '"' + name.replace('"', '""') + '"'


def paths_sql(paths: list[str]) -> str:
    """A SQL list literal of file paths, for DuckDB's multi-file readers."""
    return "[" + ", ".join(sql_str(p) for p in paths) + "]"


EMPTY_REJECTS = """
    create or replace temp table _stage_rejects (
        _path varchar, line_number bigint, column_name varchar, reason varchar,
        raw_text varchar)
"""


@contextmanager
def insertion_order(con: duckdb.DuckDBPyConnection, *, preserve: bool) -> Iterator[None]:
    """Run the block with DuckDB's ``preserve_insertion_order`` set, then restore it.

    Off, DuckDB writes tables in parallel without keeping the scan's row order, which
    is faster; only a statement that relies on row order should turn it on. Inside a
    transaction that an error aborted nothing can run, so the setting stays until the
    enclosing block, outside the transaction, restores its own value.
    """
    (before,) = con.execute("select current_setting('preserve_insertion_order')").fetchone()
    con.execute(f"set preserve_insertion_order = {str(preserve).lower()}")
    try:
        yield
    finally:
        with suppress(duckdb.TransactionException):
            con.execute(f"set preserve_insertion_order = {str(before).lower()}")
