"""``cdp query``: read-only SQL over the published snapshot, masked by default."""

from __future__ import annotations

import contextlib
import hashlib
from collections.abc import Iterator
from typing import Annotated

import duckdb
import typer
from rich.table import Table

from cdp.cli.common import console, fail, settings
from cdp.config import Settings
from cdp.privacy.access import AccessDeniedError, check_masked
from cdp.privacy.analyst_views import ANALYST_SCHEMA
from cdp.privacy.audit import audit
from cdp.publish import connect_published
from cdp.warehouse import WarehouseNotFoundError, connect_read_only


def query(
    sql: Annotated[
        str, typer.Argument(help='SQL to run, e.g. "select * from analyst.customer_360 limit 5"')
    ],
    max_rows: Annotated[int, typer.Option(help="Rows to print at most.")] = 50,
    pii: Annotated[
        str, typer.Option(help="masked: analyst.* only (default); raw: every schema, audited.")
    ] = "masked",
    live: Annotated[
        bool,
        typer.Option(
            help="Read the warehouse itself (waits for a running writer), not the snapshot."
        ),
    ] = False,
) -> None:
    """Run read-only SQL and print the result as a table.

    Reads the published snapshot, so it answers while a run writes. By default only the
    analyst schema, where personal columns are masked; unqualified names resolve there.

    Examples: cdp query "select lifecycle_stage, count(*) from customer_360 group by 1"
              cdp query --pii raw "select email from marts.dim_customers limit 3"
    """
    if pii not in ("masked", "raw"):
        raise fail(f"unknown --pii {pii!r}", "--pii masked|raw")
    current = settings()
    try:
        if pii == "masked":
            check_masked(sql)
        with _reader(current, live) as con:
            if pii == "masked":
                con.execute(f"set search_path = '{ANALYST_SCHEMA}'")
            cursor = con.execute(sql)
            columns = [d[0] for d in cursor.description or []]
            rows = cursor.fetchmany(max_rows + 1)
    except AccessDeniedError as exc:
        raise fail(str(exc), "cdp query --help") from None
    except WarehouseNotFoundError as exc:
        raise fail(str(exc)) from None
    except duckdb.Error as exc:
        raise fail(str(exc).splitlines()[0], _hint(exc)) from None
    if pii == "raw":
        audit(
            current.privacy_dir,
            "query",
            pii_mode="raw",
            live=live,
            sql_sha256=hashlib.sha256(sql.encode()).hexdigest(),
            rows=len(rows[:max_rows]),
        )
    table = Table(*columns, show_lines=False)
    for row in rows[:max_rows]:
        table.add_row(*("NULL" if v is None else str(v) for v in row))
    console.print(table)
    if len(rows) > max_rows:
        console.print(f"[dim](first {max_rows} rows shown; use --max-rows)[/dim]")


def _hint(exc: duckdb.Error) -> str:
    """What to try next after DuckDB refused the query."""
    if isinstance(exc, duckdb.CatalogException):
        return 'list the tables: cdp query "show tables"'
    if isinstance(exc, duckdb.BinderException):
        return 'list a table\'s columns: cdp query "describe customer_360"'
    return "queries are read-only; cdp query --help has examples"


@contextlib.contextmanager
def _reader(current: Settings, live: bool) -> Iterator[duckdb.DuckDBPyConnection]:
    if live:
        with connect_read_only(current.warehouse_path) as con:
            yield con
    else:
        con = connect_published(current.published_path)
        try:
            yield con
        finally:
            con.close()
