"""The chart each analytics asset shows in the Dagster UI, from the table it wrote.

Charts travel as Markdown images with a base64 PNG data URI: the UI renders them inline
and the event log keeps them with the materialization they describe (each is ~20 kB).
"""

import base64
from collections.abc import Mapping, Sequence

import dagster as dg
import numpy as np
import polars as pl

from models.analytics.plots import bar_counts, calibration_curve, grid_heatmap, histogram

SCORES = ("1", "2", "3", "4", "5")


def image_markdown(png: bytes, caption: str) -> dg.MetadataValue:
    """A PNG as Markdown the Dagster UI renders inline, with a caption under it."""
    data = base64.b64encode(png).decode("ascii")
    return dg.MetadataValue.md(f"![{caption}](data:image/png;base64,{data})\n\n{caption}")


def rfm_chart(table: pl.DataFrame) -> dg.MetadataValue:
    """Customers per recency and frequency score (5 = best), the grid RFM segments are cut from."""
    scored = table.drop_nulls(["r_score", "f_score"])
    counts = np.zeros((5, 5), dtype=int)
    r = scored["r_score"].cast(pl.Int64).to_numpy() - 1
    f = scored["f_score"].cast(pl.Int64).to_numpy() - 1
    np.add.at(counts, (r, f), 1)
    png = grid_heatmap(
        counts,
        title="Customers by RFM score",
        xlabel="frequency score",
        ylabel="recency score",
        ticks=SCORES,
    )
    return image_markdown(png, "Customers per recency (rows) and frequency (columns) score.")


def clv_chart(table: pl.DataFrame) -> dg.MetadataValue:
    """The distribution of predicted CLV, the long tail clipped at the 99th percentile."""
    values = table["clv"].drop_nulls().cast(pl.Float64).to_numpy()
    clipped = values[values <= np.quantile(values, 0.99)] if values.size else values
    png = histogram(clipped, title="Predicted customer lifetime value", xlabel="CLV")
    return image_markdown(png, "Predicted CLV per customer (top 1% not drawn).")


def calibration_chart(bins: Sequence[Mapping[str, float]]) -> dg.MetadataValue:
    """The churn model's reliability curve at the evaluation cutoff."""
    filled = [b for b in bins if b["customers"]]
    png = calibration_curve(
        [b["mean_predicted"] for b in filled],
        [b["observed_rate"] for b in filled],
        title="Churn calibration (evaluation cutoff)",
    )
    return image_markdown(png, "Observed churn rate against predicted probability, per bin.")


def lifecycle_chart(table: pl.DataFrame, stages: Sequence[str]) -> dg.MetadataValue:
    """Customers per lifecycle stage, in the stages' own order."""
    counts = table.group_by("lifecycle_stage").len()
    by_stage = dict(zip(counts["lifecycle_stage"], counts["len"], strict=True))
    png = bar_counts(
        stages, [by_stage.get(s, 0) for s in stages], title="Lifecycle stages", xlabel="customers"
    )
    return image_markdown(png, "Customers per lifecycle stage today.")
