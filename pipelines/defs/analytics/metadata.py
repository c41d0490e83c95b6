"""Pure helpers turning analytics results into Dagster metadata."""

from __future__ import annotations

import dagster as dg
import polars as pl

from models.analytics.markdown import markdown_table


def table_markdown(frame: pl.DataFrame, decimals: int = 3) -> dg.MetadataValue:
    """A small frame as a markdown table (rounded floats), for the asset's metadata."""
    lines = markdown_table(frame.columns, frame.rows(), decimals)
    return dg.MetadataValue.md("\n".join(lines))


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
