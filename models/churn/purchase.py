"""BG/NBD (or Pareto/NBD) scores at a cutoff: a baseline and two features.

The purchase model of :mod:`models.clv` is fitted on the purchase summary up to the
cutoff (nothing later is read). Two scores come out of it per buyer:

- ``p_alive``: P(still active at the cutoff). BG/NBD lets a customer drop out only
  right after a repeat purchase, so a one-time buyer has ``p_alive`` = 1 whatever their
  recency; ``1 - p_alive`` is the baseline the brief asks for, and it is weak for that
  reason;
- ``expected_purchases``: expected purchases in the next ``horizon_days``, which does use
  a one-time buyer's recency; ``-expected_purchases`` is reported as a second, fairer
  BG/NBD ranking (not a probability).
"""

from __future__ import annotations

from datetime import date

import duckdb
import polars as pl

from models.clv.purchases import PurchaseModelKind, fit_purchases
from models.clv.summary import purchase_summary

PURCHASE_FEATURES = {
    "p_alive": "purchase-model P(alive) at the cutoff",
    "expected_purchases": "purchase-model expected purchases in the next horizon",
}


def purchase_scores(
    con: duckdb.DuckDBPyConnection,
    cutoff: date,
    *,
    horizon_days: int,
    period_days: int,
    kind: PurchaseModelKind,
) -> tuple[pl.DataFrame, dict[str, float]]:
    """``customer_key``, ``p_alive``, ``expected_purchases`` per buyer, and the parameters.

    Raises
    ------
    models.clv.fitting.ModelFitError
        When the purchase model cannot be fitted (e.g. too few repeat buyers).
    """
    summary = purchase_summary(con, calibration_end=cutoff, period_days=period_days)
    model = fit_purchases(summary, kind)
    scores = summary.select("customer_key").with_columns(
        p_alive=pl.Series(model.p_alive(summary), dtype=pl.Float64),
        expected_purchases=pl.Series(
            model.expected_purchases(horizon_days / period_days, summary), dtype=pl.Float64
        ),
    )
    return scores, model.params
