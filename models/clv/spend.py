"""Gamma-Gamma model of spend per transaction, fitted on repeat buyers.

Gamma-Gamma assumes a customer's spend per transaction is independent of how often
they buy; :func:`fit_spend` reports the Pearson correlation between frequency and mean
spend among repeat buyers so that the assumption is checked on every fit, not assumed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
import polars as pl

from models.clv.fitting import ModelFitError, fitted, require_columns, unique_rows
from models.clv.purchases import SUMMARY_COLUMNS, PurchaseModel

SPEND_COLUMNS = ("frequency", "monetary_value")
MIN_REPEAT_BUYERS = 10
UNITS = {1: "D", 7: "W"}  # summary time unit in days -> lifetimes' freq code


@dataclass(frozen=True)
class SpendModel:
    """A fitted Gamma-Gamma model: ``params`` p, q, v; the independence check; the L2
    ``penalizer`` the fit needed (0: none)."""

    params: dict[str, float]
    repeat_buyers: int
    frequency_spend_correlation: float
    fitter: Any
    penalizer: float = 0.0

    def expected_spend(self, summary: pl.DataFrame) -> np.ndarray:
        """Expected spend per transaction of each customer (the mean for non-repeaters)."""
        f, m = (summary[c].to_numpy() for c in SPEND_COLUMNS)
        expected = self.fitter.conditional_expected_average_profit(f, m)
        return np.asarray(expected, dtype=float)

    def discounted_value(
        self,
        purchases: PurchaseModel,
        summary: pl.DataFrame,
        *,
        months: int,
        monthly_discount_rate: float,
        period_days: int,
    ) -> np.ndarray:
        """Discounted CLV of each customer over ``months``.

        lifetimes' ``customer_lifetime_value``: expected purchases month by month
        (increments of ``purchases``' cumulative forecast) times the expected spend per
        purchase, each month discounted by ``(1 + monthly_discount_rate) ** month``.
        ``period_days`` is the summary's time unit: 1 (days) or 7 (weeks).
        """
        if period_days not in UNITS:
            raise ValueError(f"discounted CLV needs period_days 1 or 7, got {period_days}")
        columns = {
            c: pd.Series(summary[c].to_numpy()) for c in (*SUMMARY_COLUMNS, "monetary_value")
        }
        value = self.fitter.customer_lifetime_value(
            purchases.fitter,
            *columns.values(),
            time=months,
            discount_rate=monthly_discount_rate,
            freq=UNITS[period_days],
        )
        return np.asarray(value, dtype=float)


def fit_spend(summary: pl.DataFrame) -> SpendModel:
    """Fit Gamma-Gamma on the repeat buyers (frequency > 0) of ``summary``.

    ``monetary_value`` is the mean value of a customer's repeat transactions.

    Raises
    ------
    ValueError
        On missing columns or non-positive spend of a repeat buyer.
    ModelFitError
        With too few repeat buyers or unusable parameters.
    """
    require_columns(summary, SPEND_COLUMNS, "spend summary")
    repeat = summary.filter(pl.col("frequency") > 0)
    if repeat.height < MIN_REPEAT_BUYERS:
        raise ModelFitError(
            f"gamma_gamma: {repeat.height} repeat buyers, at least {MIN_REPEAT_BUYERS} needed"
        )
    if (repeat["monetary_value"] <= 0).any():
        raise ValueError("spend summary: repeat buyers need monetary_value > 0")
    from lifetimes import GammaGammaFitter  # slow to import

    rows = unique_rows(repeat, SPEND_COLUMNS)
    columns = (rows[c].to_numpy() for c in SPEND_COLUMNS)
    fitter, params, penalizer = fitted(
        lambda c: GammaGammaFitter(penalizer_coef=c),
        "gamma_gamma",
        *columns,
        weights=rows["weight"].to_numpy(),
    )
    correlation = float(np.corrcoef(repeat["frequency"], repeat["monetary_value"])[0, 1])
    return SpendModel(params, repeat.height, correlation, fitter, penalizer)
