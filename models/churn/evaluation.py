"""Metrics of a churn score against observed labels (1 = churned).

Every metric takes a *score* where higher means more likely to churn; the Brier score
and the calibration table only make sense for probabilities and are skipped otherwise.
"""

from __future__ import annotations

import math

import numpy as np
from sklearn.metrics import average_precision_score, brier_score_loss, roc_auc_score

CALIBRATION_BINS = 10


def _arrays(y: np.ndarray, score: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    y, score = np.asarray(y, dtype=int), np.asarray(score, dtype=float)
    if y.shape != score.shape or y.ndim != 1 or y.size == 0:
        raise ValueError(f"labels {y.shape} and scores {score.shape} must be equal, 1-d, non-empty")
    if np.isnan(score).any():
        raise ValueError("scores contain NaN")
    return y, score


def top_decile_lift(y: np.ndarray, score: np.ndarray) -> float:
    """Churn rate among the top 10% by score (``ceil(n / 10)`` rows) over the overall rate.

    Ties at the boundary are broken by position (a stable sort), so a constant score has
    lift 1 only on average. NaN when nobody churned.
    """
    y, score = _arrays(y, score)
    overall = y.mean()
    if overall == 0:
        return math.nan
    top = np.argsort(-score, kind="stable")[: math.ceil(y.size / 10)]
    return float(y[top].mean() / overall)


def calibration_table(
    y: np.ndarray, probability: np.ndarray, bins: int = CALIBRATION_BINS
) -> list[dict[str, float | int | None]]:
    """``bins`` equal-width bins of the predicted probability on [0, 1].

    Each row: ``bin_lower``, ``bin_upper``, ``customers``, ``mean_predicted`` and
    ``observed_rate`` (``None`` for an empty bin). A probability of exactly 1 falls in
    the last bin.
    """
    y, p = _arrays(y, probability)
    if ((p < 0) | (p > 1)).any():
        raise ValueError("probabilities must lie in [0, 1]")
    index = np.minimum((p * bins).astype(int), bins - 1)
    rows = []
    for b in range(bins):
        inside = index == b
        n = int(inside.sum())
        rows.append(
            {
                "bin_lower": b / bins,
                "bin_upper": (b + 1) / bins,
                "customers": n,
                "mean_predicted": float(p[inside].mean()) if n else None,
                "observed_rate": float(y[inside].mean()) if n else None,
            }
        )
    return rows


def score_metrics(
    y: np.ndarray, score: np.ndarray, *, probability: bool
) -> dict[str, float | None]:
    """``roc_auc``, ``pr_auc`` (average precision), ``brier`` and ``top_decile_lift``.

    ``brier`` is ``None`` unless ``score`` is a probability; the AUCs are NaN when only
    one class is present.
    """
    y, score = _arrays(y, score)
    both = 0 < y.sum() < y.size
    return {
        "roc_auc": float(roc_auc_score(y, score)) if both else math.nan,
        "pr_auc": float(average_precision_score(y, score)) if both else math.nan,
        "brier": float(brier_score_loss(y, score)) if probability else None,
        "top_decile_lift": top_decile_lift(y, score),
    }
