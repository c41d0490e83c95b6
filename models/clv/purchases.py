"""Purchase models for non-contractual customers: BG/NBD (default) or Pareto/NBD.

Input is the per-customer summary in the units the caller chose (e.g. weeks):

- ``frequency``: repeat purchases (purchase periods after the first), an integer >= 0;
- ``recency``: time from the first to the last purchase (0 without repeats);
- ``T``: time from the first purchase to the end of the calibration period.

The summary is validated up front, the model fitted on weighted unique rows
(:mod:`models.clv.fitting`), and parameters that are not finite and positive raise
:class:`~models.clv.fitting.ModelFitError` rather than flowing on as NaNs.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
import polars as pl

from models.clv.fitting import ModelFitError, fitted, require_columns, unique_rows

PurchaseModelKind = Literal["bgnbd", "pareto_nbd"]
SUMMARY_COLUMNS = ("frequency", "recency", "T")
MIN_REPEAT_BUYERS = 10  # fewer cannot identify the dropout process


@dataclass(frozen=True)
class PurchaseModel:
    """A fitted purchase model and how it was fitted.

    Attributes
    ----------
    kind
        ``"bgnbd"`` or ``"pareto_nbd"``.
    params
        ``r, alpha, a, b`` (BG/NBD) or ``r, alpha, s, beta`` (Pareto/NBD).
    customers, unique_rows
        Customers summarised, and distinct (frequency, recency, T) rows fitted.
    penalizer
        L2 penalty the fit needed (0: none; see :data:`models.clv.fitting.PENALIZERS`).
    """

    kind: PurchaseModelKind
    params: dict[str, float]
    customers: int
    unique_rows: int
    fitter: Any  # the lifetimes fitter, kept for predictions
    penalizer: float = 0.0

    def p_alive(self, summary: pl.DataFrame) -> np.ndarray:
        """Probability that each customer of ``summary`` is still active at ``T``."""
        f, r, t = (summary[c].to_numpy() for c in SUMMARY_COLUMNS)
        return np.asarray(self.fitter.conditional_probability_alive(f, r, t), dtype=float)

    def expected_purchases(self, horizon: float, summary: pl.DataFrame) -> np.ndarray:
        """Expected purchases of each customer in the next ``horizon`` time units."""
        f, r, t = (summary[c].to_numpy() for c in SUMMARY_COLUMNS)
        expected = self.fitter.conditional_expected_number_of_purchases_up_to_time(horizon, f, r, t)
        return np.asarray(expected, dtype=float)


def validate_summary(summary: pl.DataFrame) -> None:
    """Raise ``ValueError`` naming the first rule the summary breaks."""
    require_columns(summary, SUMMARY_COLUMNS, "purchase summary")
    f, r, t = (summary[c].cast(pl.Float64) for c in SUMMARY_COLUMNS)
    rules = [
        (summary.height > 0, "no customers"),
        (not (f.is_null() | r.is_null() | t.is_null()).any(), "null values"),
        (bool((f >= 0).all() and (f == f.round()).all()), "frequency must be whole and >= 0"),
        (bool(((r >= 0) & (r <= t)).all()), "recency must lie in [0, T]"),
        (bool(((f > 0) | (r == 0)).all()), "recency must be 0 without repeat purchases"),
    ]
    for ok, rule in rules:
        if not ok:
            raise ValueError(f"purchase summary: {rule}")


def fit_purchases(summary: pl.DataFrame, kind: PurchaseModelKind = "bgnbd") -> PurchaseModel:
    """Fit a purchase model to a customer summary.

    Raises
    ------
    ValueError
        When the summary breaks a rule of :func:`validate_summary`.
    ModelFitError
        With fewer than ``MIN_REPEAT_BUYERS`` repeat buyers, or unusable parameters.
    """
    validate_summary(summary)
    repeat_buyers = int((summary["frequency"] > 0).sum())
    if repeat_buyers < MIN_REPEAT_BUYERS:
        raise ModelFitError(
            f"{kind}: {repeat_buyers} repeat buyers, at least {MIN_REPEAT_BUYERS} needed"
        )
    from lifetimes import BetaGeoFitter, ParetoNBDFitter  # slow to import

    rows = unique_rows(summary, SUMMARY_COLUMNS)
    fitter_class = BetaGeoFitter if kind == "bgnbd" else ParetoNBDFitter
    columns = (rows[c].to_numpy() for c in SUMMARY_COLUMNS)
    fitter, params, penalizer = fitted(
        lambda c: fitter_class(penalizer_coef=c), kind, *columns, weights=rows["weight"].to_numpy()
    )
    return PurchaseModel(kind, params, summary.height, rows.height, fitter, penalizer)
