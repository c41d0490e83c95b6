"""Calibration/holdout backtest: does the purchase model predict what happened next?

Every run refits the purchase model on the data up to ``as_of - holdout_days`` and
compares its forecast for the holdout with the purchases customers really made, per
frequency bucket (repeat purchases in calibration, 7+ grouped) and in total. This is
the check of Fader, Hardie & Lee (2005, fig. 3-4) made routine.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import duckdb
import polars as pl

from models.clv.purchases import PurchaseModelKind, fit_purchases
from models.clv.summary import purchase_summary

TOP_BUCKET = 7


@dataclass(frozen=True)
class Backtest:
    """Forecast against actual holdout purchases.

    Attributes
    ----------
    calibration_end, holdout_end
        The split.
    buckets
        One row per calibration-frequency bucket: ``bucket``, ``customers``,
        ``actual`` and ``predicted`` (total holdout purchases), their means per customer.
    actual, predicted
        Holdout purchases of every calibrated customer, and the forecast.
    """

    calibration_end: date
    holdout_end: date
    buckets: pl.DataFrame
    actual: float
    predicted: float

    @property
    def error(self) -> float:
        """Relative error of the total forecast, (predicted - actual) / actual."""
        return (self.predicted - self.actual) / self.actual if self.actual else float("nan")

    def metadata(self) -> dict[str, float | str]:
        figures: dict[str, float | str] = {
            "backtest_calibration_end": self.calibration_end.isoformat(),
            "backtest_holdout_end": self.holdout_end.isoformat(),
            "backtest_actual_purchases": self.actual,
            "backtest_predicted_purchases": round(self.predicted, 2),
        }
        if self.actual:  # no relative error without a purchase to compare with
            figures["backtest_total_error"] = round(self.error, 4)
        return figures


def run_backtest(
    con: duckdb.DuckDBPyConnection,
    *,
    as_of: date,
    holdout_days: int,
    period_days: int,
    kind: PurchaseModelKind,
) -> Backtest:
    """Fit on the calibration period, forecast ``holdout_days`` and compare.

    Raises
    ------
    ValueError
        When ``holdout_days`` < 1.
    ModelFitError
        When the calibration data cannot support the model.
    """
    if holdout_days < 1:
        raise ValueError(f"holdout_days must be at least 1, got {holdout_days}")
    calibration_end = as_of - timedelta(days=holdout_days)
    summary = purchase_summary(
        con, calibration_end=calibration_end, holdout_end=as_of, period_days=period_days
    )
    model = fit_purchases(summary, kind)
    forecast = model.expected_purchases(holdout_days / period_days, summary)
    scored = summary.select(
        bucket=pl.col("frequency").clip(upper_bound=TOP_BUCKET),
        actual=pl.col("holdout_purchases").cast(pl.Float64),
        predicted=pl.Series(forecast),
    )
    buckets = (
        scored.group_by("bucket")
        .agg(pl.len().alias("customers"), pl.col("actual").sum(), pl.col("predicted").sum())
        .sort("bucket")
        .with_columns(
            bucket=pl.col("bucket").cast(pl.String)
            + pl.when(pl.col("bucket") == TOP_BUCKET).then(pl.lit("+")).otherwise(pl.lit("")),
            actual_mean=pl.col("actual") / pl.col("customers"),
            predicted_mean=pl.col("predicted") / pl.col("customers"),
        )
    )
    return Backtest(
        calibration_end, as_of, buckets, float(scored["actual"].sum()), float(sum(forecast))
    )
