"""``cdp quality``: the latest result of every check, per asset."""

from __future__ import annotations

from collections import Counter
from typing import Annotated

import typer
from rich.table import Table

from cdp.cli.common import console, fail, settings
from cdp.quality.validate import docs_dir

STATUS_STYLE = {"pass": "green", "warn": "yellow", "fail": "red", "skipped": "magenta"}
COUNTED = ("pass", "warn", "fail", "skipped", "never run")


def quality(
    asset: Annotated[
        str | None, typer.Option(help="Only assets whose key contains this, e.g. fct_orders.")
    ] = None,
    show_all: Annotated[
        bool, typer.Option("--all", help="List every check, not only those that did not pass.")
    ] = False,
) -> None:
    """Latest result per asset: checks passed, warned, failed (ERROR) or skipped.

    Covers dbt tests, Great Expectations suites, ingest and freshness checks. Exits 1 when
    an ERROR check failed in its latest run. Data docs: data/quality/docs/.

    Examples:
      cdp quality
      cdp quality --asset fct_orders --all
    """
    from pipelines.quality_status import defined_check_keys, latest_check_statuses

    current = settings()
    statuses = latest_check_statuses(current, defined_check_keys(current))
    if asset:
        statuses = [s for s in statuses if asset in s.asset]
    if not statuses:
        raise fail(f"no checks on an asset matching {asset!r}")
    by_asset: dict[str, Counter] = {}
    for s in statuses:
        by_asset.setdefault(s.asset, Counter())[s.status] += 1
    table = Table("asset", *COUNTED, title="Latest check results per asset")
    for name, counts in by_asset.items():
        cells = [
            f"[{STATUS_STYLE.get(c, 'dim')}]{counts[c]}[/]" if counts[c] else "·" for c in COUNTED
        ]
        table.add_row(name, *cells)
    console.print(table)
    shown = [s for s in statuses if show_all or s.status in ("warn", "fail", "skipped")]
    for s in shown:
        style = STATUS_STYLE.get(s.status, "dim")
        console.print(f"[{style}]{s.status:>7}[/] {s.asset} :: {s.check}", highlight=False)
        for key, value in s.details.items():
            console.print(f"          {key}: {value}", highlight=False, markup=False)
    docs = docs_dir(current.quality_dir) / "index.html"
    if docs.exists():
        console.print(f"\nData docs: {docs}")
    if any(s.status == "fail" for s in statuses):
        raise typer.Exit(code=1)


def print_failed_checks(failed: list) -> None:
    """The checks a run saw fail (``pipelines.run.FailedCheck``), ERROR ones first."""
    for check in sorted(failed, key=lambda c: (not c.blocking, c.asset, c.check)):
        label = "[red]ERROR[/]" if check.blocking else "[yellow] WARN[/]"
        console.print(f"{label} {check.asset} :: {check.check}", highlight=False)
        for key, value in check.details.items():
            console.print(f"        {key}: {value}", highlight=False, markup=False)
