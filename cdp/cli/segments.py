"""``cdp segments list|show`` and ``cdp export``: what marketers use."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated

import duckdb
import typer
from rich.table import Column, Table

from cdp.activation.base import load_segments
from cdp.activation.exports import ExportRequest, export_segment
from cdp.activation.registry import SegmentError, expand, read_files
from cdp.cli.common import console, fail, progress_bar, settings
from cdp.publish import connect_published
from cdp.warehouse import WarehouseNotFoundError

segments_app = typer.Typer(help="The segment registry and its membership.", no_args_is_help=True)


def _published() -> duckdb.DuckDBPyConnection | None:
    try:
        return connect_published(settings().published_path)
    except WarehouseNotFoundError:
        return None


def _runs(con: duckdb.DuckDBPyConnection | None) -> dict[str, tuple]:
    if con is None:
        return {}
    rows = con.execute("""select segment, run_date, members, entered, exited from
        segments.segment_runs qualify row_number() over (partition by segment
        order by run_date desc) = 1""").fetchall()
    return {r[0]: r[1:] for r in rows}


@segments_app.command("list")
def list_segments() -> None:
    """Every segment in the registry, with its members on the last run date.

    Example: cdp segments list
    """
    current = settings()
    con = _published()
    try:
        files = read_files(current.segments_dir)
        runs = _runs(con)
        # Against the snapshot: `values: data` families expand, predicates are validated.
        segments = load_segments(files, con) if con is not None else expand(files)
    except SegmentError as exc:
        raise fail(str(exc), "fix the YAML under segments/") from None
    finally:
        if con is not None:
            con.close()
    table = Table("v", "owner", "members", "+in", "-out", "run date", "scheduled export")
    table.columns.insert(0, Column("segment", no_wrap=True))  # names are what people copy
    for s in segments:
        run = runs.get(s.name, ("", "", "", ""))
        export = f"{s.export.format}, {s.export.pii}" if s.export else ""
        table.add_row(
            s.name,
            str(s.version),
            s.owner,
            str(run[1]),
            str(run[2]),
            str(run[3]),
            str(run[0]),
            export,
        )
    console.print(table)
    if con is None:
        console.print("[dim]no published snapshot yet: run `cdp run` to record membership[/dim]")


@segments_app.command("show")
def show(name: Annotated[str, typer.Argument(help="Segment name, e.g. win_back.")]) -> None:
    """One segment: its recorded definition and its membership history.

    Example: cdp segments show high_value_at_risk
    """
    con = _published()
    if con is None:
        raise fail("no published snapshot yet", "run `cdp run` (or `make demo`) first")
    try:
        definition = con.execute(
            """select version, definition_hash, description, owner,
            predicate, columns, source_file, export_format, export_pii, first_recorded
            from segments.segment_definitions where segment = ?
            order by first_recorded desc, version desc limit 1""",
            [name],
        ).fetchall()
        history = con.execute(
            """select run_date, version, members, entered, exited
            from segments.segment_runs where segment = ? order by run_date desc limit 10""",
            [name],
        ).fetchall()
    finally:
        con.close()
    if not definition:
        raise fail(f"no segment named {name!r} has been recorded", "cdp segments list")
    v, digest, description, owner, predicate, columns, source, fmt, pii, first = definition[0]
    console.print(f"[bold]{name}[/bold] v{v} ({source}, owner {owner}, since {first})")
    console.print(description, highlight=False)
    console.print(f"predicate: {predicate}\ncolumns:   {', '.join(columns)}", highlight=False)
    console.print(f"hash:      {digest}\nexport:    {f'{fmt}, {pii}' if fmt else 'on demand'}")
    table = Table("run date", "version", "members", "entered", "exited", title="membership")
    for row in history:
        table.add_row(*(str(v) for v in row))
    console.print(table)


def export(
    segment: Annotated[str, typer.Argument(help="Segment name (cdp segments list).")],
    fmt: Annotated[str, typer.Option("--format", help="parquet or csv.")] = "parquet",
    out: Annotated[Path | None, typer.Option(help="Root folder (default data/exports).")] = None,
    columns: Annotated[str | None, typer.Option(help="Comma-separated columns.")] = None,
    pii: Annotated[
        str, typer.Option(help="hashed (SHA-256), masked, or raw (audited).")
    ] = "hashed",
    include_unconsented: Annotated[
        bool, typer.Option(help="Also customers without marketing consent (recorded and audited).")
    ] = False,
    as_of: Annotated[str | None, typer.Option(help="Members on this run date (ISO).")] = None,
) -> None:
    """Export a segment's consenting members to <out>/<segment>/<run date>/ with a manifest.

    Reads the published snapshot, so it works while a run is writing. Emails, phones and
    names are normalised and SHA-256 hashed by default (customer-match format).

    Examples: cdp export high_value_at_risk --format csv
              cdp export win_back --columns email,first_name --pii masked
    """
    if fmt not in ("parquet", "csv"):
        raise fail(f"unknown --format {fmt!r}", "--format parquet or --format csv")
    if pii not in ("hashed", "masked", "raw"):
        raise fail(f"unknown --pii {pii!r}", "--pii hashed, masked or raw")
    try:
        run_date = date.fromisoformat(as_of) if as_of else None
    except ValueError:
        raise fail(f"--as-of {as_of!r} is not a date", "--as-of 2026-11-01") from None
    current = settings()
    request = ExportRequest(
        segment,
        fmt=fmt,
        pii=pii,  # type: ignore[arg-type]  # checked above
        columns=tuple(c.strip() for c in columns.split(",")) if columns else None,
        include_unconsented=include_unconsented,
        as_of=run_date,
    )
    con = _published()
    if con is None:
        raise fail("no published snapshot yet", "run `cdp run` (or `make demo`) first")
    with (
        con,
        progress_bar() as progress,
    ):
        task = progress.add_task(f"exporting {segment}", total=None)
        try:
            result = export_segment(
                con,
                request,
                out or current.exports_dir,
                current.privacy_dir,
                on_rows=lambda n: progress.advance(task, n),
                on_total=lambda n: progress.update(task, total=n),
            )
        except SegmentError as exc:
            raise fail(str(exc), "cdp segments list shows what can be exported") from None
    m = result.manifest
    console.print(
        f"Exported {m['rows']:,} of {m['members']:,} members of {segment} "
        f"(run date {m['run_date']}, v{m['segment_version']}, PII {m['pii_mode']}; "
        f"{m['excluded_without_consent']:,} without consent left out)",
        highlight=False,
    )
    console.print(f"{result.path}", highlight=False)
