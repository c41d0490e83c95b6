"""The published snapshot: what people read while the pipeline writes.

DuckDB lets one process write a file and, while it does, nobody else may open it, not
even read-only. So readers do not read the warehouse: at the end of every run (and after
an erasure) the schemas people read are copied into a second DuckDB file, written under
a temporary name and renamed over the previous snapshot. ``cdp query``, ``cdp export``,
``cdp segments`` and notebooks open that file read-only, at any time: a reader that
opened the previous snapshot keeps reading it (the rename does not touch open files),
the next one gets the new one, and none ever waits for a writer or sees half a run.

Views are copied as tables (``analytics.customer_360`` is a view in the warehouse), so
the snapshot answers without recomputing them; ``analyst.*`` are copied with their
personal columns already masked.
"""

from __future__ import annotations

import contextlib
import os
import uuid
from dataclasses import dataclass
from pathlib import Path

import duckdb

from cdp.activation.manifest import fsync_dir  # fsyncs a file as well as a directory
from cdp.warehouse import WarehouseNotFoundError

PUBLISHED_SCHEMAS = ("marts", "analytics", "segments", "analyst", "reference")
ALIAS = "published"


@dataclass(frozen=True)
class PublishReport:
    path: Path
    tables: int
    rows: int
    bytes: int


def publish(con: duckdb.DuckDBPyConnection, target: Path) -> PublishReport:
    """Copy ``PUBLISHED_SCHEMAS`` of the warehouse ``con`` writes into ``target``,
    atomically. ``con`` must be the writer, so nothing changes during the copy."""
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.tmp-{os.getpid()}-{uuid.uuid4().hex}")
    objects = con.execute(
        "select table_schema, table_name from information_schema.tables "
        "where table_catalog = current_database() and table_schema in (select unnest(?)) "
        "order by 1, 2",
        [list(PUBLISHED_SCHEMAS)],
    ).fetchall()
    con.execute(f"attach '{tmp}' as {ALIAS}")
    try:
        rows = 0
        for schema in sorted({s for s, _ in objects}):
            con.execute(f'create schema {ALIAS}."{schema}"')
        for schema, name in objects:
            con.execute(
                f'create table {ALIAS}."{schema}"."{name}" as select * from "{schema}"."{name}"'
            )
            rows += con.execute(f'select count(*) from {ALIAS}."{schema}"."{name}"').fetchall()[0][
                0
            ]
        con.execute(
            f"create table {ALIAS}.main.published_snapshot as select "
            "current_localtimestamp() as published_at, ? as tables, ? as rows",
            [len(objects), rows],
        )
        con.execute(f"detach {ALIAS}")
    except BaseException:
        con.execute(f"detach database if exists {ALIAS}")
        tmp.unlink(missing_ok=True)
        raise
    fsync_dir(tmp)
    tmp.replace(target)
    fsync_dir(target.parent)
    return PublishReport(target, len(objects), rows, target.stat().st_size)


def connect_published(path: Path) -> duckdb.DuckDBPyConnection:
    """A read-only connection to the published snapshot (never waits for a writer).

    DuckDB shares one database instance per path within a process: close a connection
    before opening a newer snapshot in the same process, or it reads the old one.
    """
    if not path.exists():
        raise WarehouseNotFoundError(
            f"no published snapshot at {path}; run `cdp run` (or `make demo`) first"
        )
    con = duckdb.connect(str(path), read_only=True)
    # No progress bar over the CLI's output. Inside Jupyter, DuckDB refuses the setting
    # without ipywidgets (its bar is a widget there); nothing draws on the terminal then.
    with contextlib.suppress(duckdb.InvalidInputException):
        con.execute("set enable_progress_bar = false")
    return con
