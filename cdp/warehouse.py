"""Connections to the DuckDB warehouse.

DuckDB lets one process hold a file read-write, or any number of processes hold it
read-only, never both. Writers therefore take :func:`connect` briefly and serialise
through the Dagster pool ``duckdb_warehouse`` (see ``pipelines``); readers of the live
file use :func:`connect_read_only`, which waits for a running writer to let go. People
(``cdp query``, exports, notebooks) read the published snapshot instead, which no writer
ever holds (:mod:`cdp.publish`).
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb

LOCK_ERROR_MARKER = "Could not set lock on file"


class WarehouseNotFoundError(FileNotFoundError):
    """Raised when a reader asks for a warehouse that has not been built yet."""


def _open(path: Path, read_only: bool, wait_seconds: float, poll_seconds: float):
    """Open ``path``, retrying while another process holds the file lock."""
    deadline = time.monotonic() + wait_seconds
    while True:
        try:
            return duckdb.connect(str(path), read_only=read_only)
        except duckdb.IOException as exc:
            if LOCK_ERROR_MARKER not in str(exc) or time.monotonic() >= deadline:
                raise
            time.sleep(poll_seconds)


@contextmanager
def connect(
    path: Path, wait_seconds: float = 0.0, poll_seconds: float = 0.25
) -> Iterator[duckdb.DuckDBPyConnection]:
    """A read-write connection, closed on exit. Creates the file if needed.

    ``wait_seconds`` > 0 waits that long for another writer (a running pipeline step)
    to let go: for writers outside Dagster's pool, such as ``cdp forget``.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    con = _open(path, False, wait_seconds, poll_seconds)
    # No progress bar: writers run inside Dagster steps, where it would litter the logs.
    con.execute("set enable_progress_bar = false")
    try:
        yield con
    finally:
        con.close()


@contextmanager
def connect_read_only(
    path: Path, wait_seconds: float = 30.0, poll_seconds: float = 0.25
) -> Iterator[duckdb.DuckDBPyConnection]:
    """A read-only connection, retrying while a writer holds the file lock."""
    if not path.exists():
        raise WarehouseNotFoundError(
            f"no warehouse at {path}; run `cdp run` (or `make demo`) first"
        )
    con = _open(path, True, wait_seconds, poll_seconds)
    try:
        yield con
    finally:
        con.close()


def scalar(con: duckdb.DuckDBPyConnection, sql: str, params: list | None = None):
    """The single value of a one-row, one-column query (fully fetched, see DuckDB 2.0)."""
    rows = con.execute(sql, params or []).fetchall()
    return rows[0][0] if rows else None


def table_row_counts(
    con: duckdb.DuckDBPyConnection, schemas: tuple[str, ...], *, views: bool = False
) -> dict[str, int]:
    """Exact row counts of every table (and, with ``views``, view) in ``schemas``."""
    kinds = ["BASE TABLE", "VIEW"] if views else ["BASE TABLE"]
    tables = con.execute(
        "select table_schema, table_name from information_schema.tables "
        "where table_schema in (select unnest(?)) and table_type in (select unnest(?)) "
        "order by 1, 2",
        [list(schemas), kinds],
    ).fetchall()
    return {
        f"{schema}.{name}": scalar(con, f'select count(*) from "{schema}"."{name}"')
        for schema, name in tables
    }
