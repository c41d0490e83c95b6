"""``cdp identity``: how accurate the stitch is, and why a cluster holds what it holds."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, TypeVar

import duckdb
import typer
from rich.table import Table

from cdp.cli.common import console, fail, settings
from cdp.warehouse import WarehouseNotFoundError, connect_read_only

T = TypeVar("T")
identity_app = typer.Typer(help="Score and explain identity resolution.", no_args_is_help=True)


def _table(title: str, columns: tuple[str, ...], rows: list[tuple]) -> None:
    table = Table(*columns, title=title, title_justify="left")
    for row in rows:
        table.add_row(*("" if v is None else str(v) for v in row))
    console.print(table)


def _read(work: Callable[[duckdb.DuckDBPyConnection], T]) -> T:
    """Run ``work(con)`` on a read-only warehouse connection, with clean errors."""
    try:
        with connect_read_only(settings().warehouse_path) as con:
            return work(con)
    except WarehouseNotFoundError as exc:
        raise fail(str(exc)) from None
    except duckdb.CatalogException:
        raise fail("the identity models are not built yet", "run: cdp run") from None


@identity_app.command()
def score(
    truth: Annotated[
        Path | None, typer.Option(help="Truth folder (default: the configured one).")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the figures as JSON.")] = False,
) -> None:
    """Pairwise precision, recall and F1 of customer_key against the generator's truth.

    Only a generated sample has a truth folder (data/truth/).

    Examples:
      cdp identity score
      cdp identity score --json
    """
    from models.identity import score_identity

    truth_dir = truth or settings().truth_dir
    try:
        figures = _read(lambda con: score_identity(con, truth_dir)).as_dict()
    except FileNotFoundError as exc:
        raise fail(str(exc), "scoring needs a generated sample: cdp generate") from None
    if as_json:
        print(json.dumps(figures, indent=2))
        return
    _table("identity accuracy", ("figure", "value"), [
        (k, f"{v:.6f}" if isinstance(v, float) else f"{v:,}") for k, v in figures.items()
    ])  # fmt: skip


@identity_app.command()
def explain(
    identifier: Annotated[str, typer.Argument(help="A value (email, phone...) or kind:value.")],
) -> None:
    """Show an identifier's cluster, the edges that joined it and what the guards refused.

    Examples:
      cdp identity explain jane.doe@example.com
      cdp identity explain phone:+447700900123
    """
    from models.identity.explain import Explanation, explain_identifier, find_identifier

    def work(con):
        found = find_identifier(con, identifier)
        return found, [explain_identifier(con, i) for i in found[:3]]

    found, explanations = _read(work)
    if not found:
        raise fail(f"no identifier matches {identifier!r}", "try kind:value, e.g. email:a@b.com")
    if len(found) > 3:
        console.print(
            f"{len(found)} identifiers match; showing the first 3: refine with kind:value"
        )
    for e in explanations:
        head = f"[bold]{e.identifier_id}[/bold] → customer_key {e.customer_key or '(none)'}"
        console.print(head + (f"  [red]refused: {e.exclusion_reason}[/red]" if e.exclusion_reason
                              else ""))  # fmt: skip
        _table("identifiers in the cluster", Explanation.MEMBER_COLUMNS, e.members)
        _table("edges (seen together in a record)", Explanation.EDGE_COLUMNS, e.edges)
        _table("refused by the over-merge guards", Explanation.REFUSED_COLUMNS, e.refused)
