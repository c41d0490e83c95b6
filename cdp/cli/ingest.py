"""``cdp ingest``: what the ledger says was loaded, rejected and quarantined."""

from __future__ import annotations

from typing import Annotated

import duckdb
import typer
from rich.table import Table

from cdp.cli.common import console, fail, settings
from cdp.warehouse import WarehouseNotFoundError, connect_read_only

ingest_app = typer.Typer(help="Inspect the ingest ledger and quarantine.", no_args_is_help=True)

STATUS_SQL = """
select source,
       count(*) as files,
       count(*) filter (where status = 'loaded') as loaded,
       count(*) filter (where status = 'partially_loaded') as partial,
       count(*) filter (where status = 'rejected') as rejected,
       count(*) filter (where status = 'duplicate') as duplicate,
       sum(rows_loaded) as rows_loaded,
       sum(rows_quarantined) as rows_quarantined,
       max(loaded_at) as last_load,
       arg_max(error, loaded_at) filter (where error is not null) as last_error
from ingest.current_files group by source order by source
"""


def _print(columns: list[str], rows: list[tuple]) -> None:
    table = Table(*columns)
    for row in rows:
        table.add_row(*("" if v is None else str(v) for v in row))
    console.print(table)


def _query(sql: str, params: list | None = None) -> tuple[list[str], list[tuple]]:
    try:
        with connect_read_only(settings().warehouse_path) as con:
            cur = con.execute(sql, params or [])
            return [d[0] for d in cur.description], cur.fetchall()
    except WarehouseNotFoundError as exc:
        raise fail(str(exc)) from None
    except duckdb.CatalogException:
        raise fail("nothing has been ingested yet", "run: cdp run") from None


@ingest_app.command()
def status() -> None:
    """Per source: files, rows loaded and quarantined, rejects, last load and error.

    Example: cdp ingest status
    """
    _print(*_query(STATUS_SQL))


@ingest_app.command()
def rejects(
    source: Annotated[str | None, typer.Option(help="Only this source.")] = None,
    limit: Annotated[int, typer.Option(help="Rows to show at most.")] = 50,
) -> None:
    """Quarantined rows with file, line, column, reason and raw text.

    Examples:
      cdp ingest rejects
      cdp ingest rejects --source shop_orders --limit 200
    """
    sql = (
        "select source, file_path, line_number, column_name, reason, left(raw_text, 120) "
        "as raw_text from ingest.quarantine where ? is null or source = ? "
        "order by source, file_path, line_number limit ?"
    )
    _print(*_query(sql, [source, source, limit]))
