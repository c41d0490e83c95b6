"""The ``customer_clv`` table: P(alive), expected purchases and spend, discounted CLV.

One row per customer of ``marts.dim_customers``. Customers are scored when they are
known (not an anonymous record) and completed an order on or before ``as_of``; the
others keep null scores and say why in ``null_reason``. The purchase model is fitted
up to ``as_of``; the backtest (:mod:`models.clv.backtest`) refits it on an earlier
calibration period every run to show how well it forecasts.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import duckdb
import numpy as np
import polars as pl

from models.analytics.reasons import on_every_customer
from models.clv.backtest import Backtest, run_backtest
from models.clv.fitting import ModelFitError
from models.clv.purchases import PurchaseModelKind, fit_purchases
from models.clv.spend import fit_spend
from models.clv.summary import purchase_summary


@dataclass(frozen=True)
class ClvResult:
    """``table`` (customer_clv), the backtest, and ``metadata`` for the asset."""

    table: pl.DataFrame
    backtest: Backtest
    metadata: dict[str, float | int | str]


def build_clv(
    con: duckdb.DuckDBPyConnection,
    *,
    as_of: date,
    period_days: int,
    kind: PurchaseModelKind,
    horizon_months: int,
    annual_discount_rate: float,
    holdout_days: int,
) -> ClvResult:
    """Fit purchases and spend up to ``as_of``, score every customer, run the backtest.

    Raises
    ------
    ValueError
        On a horizon < 1 month or a negative discount rate.
    ModelFitError
        When the data cannot support a model, or a prediction is not finite.
    """
    if horizon_months < 1 or annual_discount_rate < 0:
        raise ValueError(
            f"need horizon_months >= 1 and annual_discount_rate >= 0, "
            f"got {horizon_months} and {annual_discount_rate}"
        )
    summary = purchase_summary(con, calibration_end=as_of, period_days=period_days)
    purchases = fit_purchases(summary, kind)
    spend = fit_spend(summary)
    horizon = horizon_months * 365.25 / 12 / period_days  # in summary periods
    monthly_rate = (1 + annual_discount_rate) ** (1 / 12) - 1
    scores = summary.with_columns(
        p_alive=pl.Series(purchases.p_alive(summary)),
        expected_purchases=pl.Series(purchases.expected_purchases(horizon, summary)),
        expected_order_value=pl.Series(spend.expected_spend(summary)),
        clv=pl.Series(
            spend.discounted_value(
                purchases,
                summary,
                months=horizon_months,
                monthly_discount_rate=monthly_rate,
                period_days=period_days,
            )
        ),
    ).with_columns(expected_spend=pl.col("expected_purchases") * pl.col("expected_order_value"))
    _require_finite(scores, ("p_alive", "expected_purchases", "expected_order_value", "clv"))
    table = on_every_customer(con, scores.drop("holdout_purchases"), "clv")
    backtest = run_backtest(
        con, as_of=as_of, holdout_days=holdout_days, period_days=period_days, kind=kind
    )
    metadata = {
        "as_of": as_of.isoformat(),
        "purchase_model": kind,
        **{f"{kind}_{name}": round(v, 6) for name, v in purchases.params.items()},
        **{f"gamma_gamma_{name}": round(v, 6) for name, v in spend.params.items()},
        f"{kind}_penalizer": purchases.penalizer,
        "gamma_gamma_penalizer": spend.penalizer,
        "frequency_spend_correlation": round(spend.frequency_spend_correlation, 4),
        "customers_scored": summary.height,
        "repeat_buyers": spend.repeat_buyers,
        "unique_rows_fitted": purchases.unique_rows,
        "horizon_months": horizon_months,
        "annual_discount_rate": annual_discount_rate,
        "total_clv": round(float(scores["clv"].sum()), 2),
        "mean_p_alive": round(float(scores["p_alive"].mean()), 4),
        **backtest.metadata(),
    }
    return ClvResult(table, backtest, metadata)


def _require_finite(scores: pl.DataFrame, columns: tuple[str, ...]) -> None:
    for column in columns:
        bad = int((~np.isfinite(scores[column].to_numpy())).sum())
        if bad:
            raise ModelFitError(f"{column}: {bad} non-finite predictions out of {scores.height}")
