"""The charts attached to analytics assets are real PNGs the UI can render inline."""

import base64
import re

import polars as pl

from models.lifecycle import STAGES
from pipelines.defs.analytics.charts import (
    calibration_chart,
    clv_chart,
    lifecycle_chart,
    rfm_chart,
)

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def _png(value) -> bytes:
    match = re.search(r"\(data:image/png;base64,([A-Za-z0-9+/=]+)\)", value.value)
    assert match, value.value[:80]
    return base64.b64decode(match.group(1))


def test_each_chart_is_an_inline_png_with_a_caption() -> None:
    rfm = pl.DataFrame({"r_score": [1, 5, 5, None], "f_score": [2, 5, 5, None]})
    clv = pl.DataFrame({"clv": [10.0, 20.0, None, 5000.0]})
    lifecycle = pl.DataFrame({"lifecycle_stage": ["new", "active", "new"]})
    bins = [
        {"customers": 10, "mean_predicted": 0.2, "observed_rate": 0.25},
        {"customers": 0, "mean_predicted": 0.5, "observed_rate": 0.0},
    ]
    charts = [
        rfm_chart(rfm),
        clv_chart(clv),
        lifecycle_chart(lifecycle, STAGES),
        calibration_chart(bins),
    ]
    for chart in charts:
        assert _png(chart).startswith(PNG_MAGIC)
        assert chart.value.rstrip().split("\n")[-1]  # a caption under the image


def test_charts_survive_empty_tables() -> None:
    assert _png(clv_chart(pl.DataFrame({"clv": []}, schema={"clv": pl.Float64})))
    empty = pl.DataFrame(schema={"r_score": pl.Int64, "f_score": pl.Int64})
    assert _png(rfm_chart(empty))
