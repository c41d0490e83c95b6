"""``cdp status``: the last run, and per asset when, how many rows and how its checks did."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

import typer
from rich.table import Column, Table

from cdp.cli.common import console, fail, settings
from cdp.cli.quality import STATUS_STYLE

FAILED = ("FAILURE", "CANCELED")


def ago(when: datetime | None, now: datetime) -> str:
    """``2026-11-23 10:02 (12 min ago)``, in local time; ``never`` for None."""
    if when is None:
        return "never"
    minutes = int((now - when).total_seconds() // 60)
    if minutes < 1:
        since = "just now"
    elif minutes < 120:
        since = f"{minutes} min ago"
    elif minutes < 48 * 60:
        since = f"{minutes // 60} h ago"
    else:
        since = f"{minutes // (24 * 60)} days ago"
    return f"{when.astimezone():%Y-%m-%d %H:%M} ({since})"


def checks_cell(counts: dict[str, int]) -> str:
    """``5 pass, 1 warn`` with each status in its colour; ``·`` when the asset has none."""
    parts = [f"[{STATUS_STYLE.get(s, 'dim')}]{n} {s}[/]" for s, n in sorted(counts.items()) if n]
    return ", ".join(parts) or "·"


def status(
    asset: Annotated[
        str | None, typer.Option(help="Only assets whose key contains this, e.g. marts/.")
    ] = None,
    group: Annotated[
        str | None, typer.Option(help="Only this asset group, e.g. ingest or analytics.")
    ] = None,
) -> None:
    """The last run, then per asset: last materialized, by which run, rows, checks.

    Reads the local Dagster instance (the same history the UI shows). Assets last
    materialized by an earlier run than the last one are marked. Exits 1 when the last
    run failed or was cancelled.

    Examples:
      cdp status
      cdp status --group ingest
      cdp status --asset customer_360
    """
    from pipelines.run_status import asset_statuses, last_run

    current = settings()
    run = last_run(current)
    if run is None:
        raise fail("no run on this instance yet", "make demo (or cdp run) materializes everything")
    now = datetime.now(UTC)
    took = f", took {run.seconds:.0f}s" if run.seconds is not None else ""
    colour = {"SUCCESS": "green", "FAILURE": "red", "CANCELED": "red"}.get(run.status, "yellow")
    console.print(
        f"Last run {run.run_id[:8]} [{colour}]{run.status}[/], started "
        f"{ago(run.started_at, now)}{took}",
        highlight=False,
    )
    rows = [
        s
        for s in asset_statuses(current)
        if (asset is None or asset in s.asset) and (group is None or s.group == group)
    ]
    if not rows:
        raise fail("no asset matches", "cdp status lists them all; --group takes a group name")
    table = Table("group", "materialized", "run", "rows", "checks")
    table.columns.insert(0, Column("asset", overflow="fold"))  # never elide an asset key
    for s in rows:
        run_cell = "" if s.run_id is None else s.run_id[:8]
        if s.run_id is not None and s.run_id != run.run_id:
            run_cell = f"[yellow]{run_cell} (earlier)[/]"
        rows_cell = "" if s.rows is None else f"{s.rows:,}"
        when = ago(s.materialized_at, now)
        table.add_row(s.asset, s.group, when, run_cell, rows_cell, checks_cell(s.checks))
    console.print(table)
    if run.status in FAILED:
        raise typer.Exit(code=1)
