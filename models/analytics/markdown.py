"""Small Markdown tables, for model cards and asset metadata."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any


def cell(value: Any, decimals: int = 3) -> str:
    """A table cell: ``-`` for missing, floats rounded, pipes escaped (they end a cell)."""
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:.{decimals}f}"
    return str(value).replace("|", "\\|")


def markdown_table(
    header: Sequence[str], rows: Sequence[Sequence[Any]], decimals: int = 3
) -> list[str]:
    """The lines of a Markdown table (and a blank line after it)."""
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(cell(v, decimals) for v in row) + " |" for row in rows]
    return [*lines, ""]
