"""The churn classifier: gradient-boosted trees with conservative settings.

Histogram gradient boosting handles missing values (no CSAT, no email deliveries) and
monotone-free interactions (recency matters relative to a customer's own rhythm)
without scaling. Shallow trees, a small learning rate, large leaves and L2
regularisation keep it from memorising a population of a few thousand buyers; a
fixed number of iterations (no early stopping) keeps a fit deterministic for a seed.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import polars as pl
from sklearn.ensemble import HistGradientBoostingClassifier
from threadpoolctl import threadpool_limits

HYPER_PARAMETERS: dict[str, Any] = {
    "learning_rate": 0.03,
    "max_iter": 200,
    "max_leaf_nodes": 8,
    "max_depth": 3,
    "min_samples_leaf": 40,
    "l2_regularization": 1.0,
    "early_stopping": False,
}
MIN_PER_CLASS = 5
# Below this many rows one OpenMP thread is faster: the boosting loop's parallel regions
# are too short to pay for waking threads (20x slower on a busy two-core machine).
SINGLE_THREAD_ROWS = 50_000


def threads_for(rows: int) -> threadpool_limits:
    """A context limiting OpenMP to one thread for small inputs, unlimited otherwise."""
    return threadpool_limits(limits=1 if rows < SINGLE_THREAD_ROWS else None, user_api="openmp")


def matrix(frame: pl.DataFrame, features: Sequence[str]) -> np.ndarray:
    """The feature columns of ``frame`` as a float matrix (nulls become NaN)."""
    return frame.select(pl.col(f).cast(pl.Float64) for f in features).to_numpy()


def fit_classifier(x: np.ndarray, y: np.ndarray, seed: int) -> HistGradientBoostingClassifier:
    """Fit the classifier of :data:`HYPER_PARAMETERS` on ``x`` and labels ``y`` (1 = churned).

    Raises
    ------
    ValueError
        When either class has fewer than ``MIN_PER_CLASS`` customers.
    """
    y = np.asarray(y, dtype=int)
    counts = np.bincount(y, minlength=2)
    if counts.min() < MIN_PER_CLASS:
        raise ValueError(
            f"churn training needs at least {MIN_PER_CLASS} churned and {MIN_PER_CLASS} "
            f"retained customers; got {counts[1]} churned and {counts[0]} retained"
        )
    # sklearn cannot bin a column with no values at all (e.g. no CSAT anywhere): fit
    # it as a constant, which no tree splits on, so predictions ignore it
    x = np.where(np.isnan(x).all(axis=0), 0.0, x)
    model = HistGradientBoostingClassifier(**HYPER_PARAMETERS, random_state=seed)
    with threads_for(len(y)):
        return model.fit(x, y)


def churn_probability(model: HistGradientBoostingClassifier, x: np.ndarray) -> np.ndarray:
    """P(churned) of each row of ``x``."""
    with threads_for(len(x)):
        return model.predict_proba(x)[:, 1]
