"""Pure helpers turning analytics results into Dagster metadata."""

from __future__ import annotations

import dagster as dg
import polars as pl


def table_markdown(frame: pl.DataFrame, decimals: int = 3) -> dg.MetadataValue:
    """A small frame as a markdown table (rounded floats), for the asset's metadata."""
    rounded = frame.with_columns(pl.selectors.float().round(decimals))
    header = "| " + " | ".join(rounded.columns) + " |"
    rule = "|" + "---|" * rounded.width
    rows = ["| " + " | ".join("" if v is None else str(v) for v in row) + " |"
            for row in rounded.rows()]  # fmt: skip
    return dg.MetadataValue.md("\n".join([header, rule, *rows]))


def result_metadata(
    figures: dict[str, float | int | str], table: str, frame: pl.DataFrame
) -> dict[str, object]:
    """Figures, the table written, its row count and how many rows carry a score."""
    return {
        **figures,
        "table": table,
        "dagster/row_count": frame.height,
        "customers_without_score": int(frame["null_reason"].is_not_null().sum()),
    }
