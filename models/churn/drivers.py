"""Why the model says what it says: global and per-customer drivers.

- Global: permutation importance on the evaluation population (the drop in ROC-AUC
  when one feature's column is shuffled), for the model card; on a seeded sample of at
  most ``IMPORTANCE_ROWS`` customers (the estimate needs thousands, not a million: at
  1M customers the full population took over two minutes of predictions).
- Per customer: for each candidate feature j, the churn probability with column j set
  to the population median, ``p_j``; ``p - p_j`` is how much the customer's own value of
  j raises the risk. The features with the largest positive differences are the
  customer's drivers. Candidates are the ``DRIVER_CANDIDATES`` globally most important
  features (a feature that barely moves the model is not worth acting on, and each
  candidate costs one prediction over every customer). One ``predict_proba`` call on a
  stacked matrix per chunk, no row loop.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence

import numpy as np
import polars as pl
from sklearn.inspection import permutation_importance

from models.churn.training import churn_probability, threads_for

TOP_DRIVERS = 3
PERMUTATION_REPEATS = 5
CHUNK_ROWS = 20_000
IMPORTANCE_ROWS = 20_000
DRIVER_CANDIDATES = 12


def global_importance(
    model, x: np.ndarray, y: np.ndarray, features: Sequence[str], seed: int
) -> list[dict[str, float | str]]:
    """Permutation importance (ROC-AUC drop) of each feature, largest first.

    Computed on a seeded sample of at most ``IMPORTANCE_ROWS`` rows of ``x``.
    """
    if len(x) > IMPORTANCE_ROWS:
        rows = np.random.default_rng(seed).choice(len(x), IMPORTANCE_ROWS, replace=False)
        x, y = x[rows], y[rows]
    with threads_for(len(x)):
        result = permutation_importance(
            model, x, y, scoring="roc_auc", n_repeats=PERMUTATION_REPEATS, random_state=seed
        )
    rows = [
        {"feature": f, "importance": float(m), "std": float(s)}
        for f, m, s in zip(features, result.importances_mean, result.importances_std, strict=True)
    ]
    return sorted(rows, key=lambda row: -row["importance"])


def local_contributions(
    model, x: np.ndarray, chunk_rows: int = CHUNK_ROWS, candidates: Sequence[int] | None = None
) -> np.ndarray:
    """``p - p_j`` per row and feature: ``p_j`` with feature j set to its median in ``x``.

    Only the columns in ``candidates`` (all when None) are computed; the others are NaN.

    The median ignores missing values. A customer's missing value (no CSAT on record,
    no email delivered) gets NaN, not a contribution: the absence of data is not
    something to act on, so it is never named a driver.
    Rows go in chunks so that the stacked matrix stays small at a million customers.
    """
    n, k = x.shape
    if n == 0:
        return np.empty((0, k))
    cols = np.arange(k) if candidates is None else np.asarray(candidates, dtype=int)
    c = len(cols)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # all-NaN columns
        medians = np.nanmedian(x, axis=0)
    out = np.full((n, k), np.nan)
    for start in range(0, n, chunk_rows):
        part = x[start : start + chunk_rows]
        m = part.shape[0]
        stacked = np.repeat(part[np.newaxis, :, :], c, axis=0)  # (c, m, k)
        stacked[np.arange(c), :, cols] = medians[cols, np.newaxis]
        p_j = churn_probability(model, stacked.reshape(c * m, k)).reshape(c, m).T
        out[start : start + m, cols] = churn_probability(model, part)[:, np.newaxis] - p_j
    out[np.isnan(x)] = np.nan
    return out


def top_drivers(
    contributions: np.ndarray, features: Sequence[str], top: int = TOP_DRIVERS
) -> pl.Series:
    """Per row, a list of up to ``top`` feature names with the largest positive contribution.

    NaN contributions are never drivers.
    """
    n, k = contributions.shape
    top = min(top, k)
    order = np.argsort(-np.nan_to_num(contributions, nan=-np.inf), axis=1, kind="stable")[:, :top]
    picked = np.take_along_axis(contributions, order, axis=1)
    names = np.asarray(features, dtype=object)[order]
    if top == 0 or n == 0:
        return pl.Series("top_drivers", [[] for _ in range(n)], dtype=pl.List(pl.String))
    frame = pl.DataFrame(
        {f"d{i}": pl.Series(names[:, i].tolist(), dtype=pl.String) for i in range(top)}
    ).with_columns(
        pl.when(pl.Series(picked[:, i] > 0)).then(pl.col(f"d{i}")).alias(f"d{i}")
        for i in range(top)
    )
    return frame.select(pl.concat_list(pl.all()).list.drop_nulls().alias("top_drivers"))[
        "top_drivers"
    ]
