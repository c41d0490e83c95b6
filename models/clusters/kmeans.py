"""Standardising the features and searching k for k-means.

Every k in ``[k_min, k_max]`` is fitted (``n_init`` :data:`N_INIT`, seeded) on one seeded
sample of at most :data:`FIT_SAMPLE` customers (all of them below that); every customer is
then assigned to the nearest centre, and the inertia is over all customers. Criterion:
the largest mean silhouette, computed on one seeded sample of at most
:data:`SILHOUETTE_SAMPLE` customers (the same for every k); ties go to the smaller k. Both
samples keep the search fast at millions of customers.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np
import polars as pl
from sklearn.cluster import KMeans
from sklearn.exceptions import ConvergenceWarning
from sklearn.metrics import silhouette_score
from sklearn.preprocessing import StandardScaler

from models.clusters.features import FEATURES

N_INIT = 4
FIT_SAMPLE = 200_000
SILHOUETTE_SAMPLE = 10_000
CRITERION = (
    "largest mean silhouette on a seeded sample of at most "
    f"{SILHOUETTE_SAMPLE:,} customers; ties to the smaller k"
)


def standardise(features: pl.DataFrame) -> np.ndarray:
    """The z-scored design matrix of :data:`FEATURES` (one row per row of ``features``).

    Skewed features are log1p-ed first. A null (a ratio over orders the customer does not
    have) is imputed with the mean of the defined values, i.e. z = 0: neutral, so that
    only ``orders`` tells buyers from non-buyers. A constant feature is all zeros.
    """
    columns = []
    for feature in FEATURES:
        values = features[feature.name].cast(pl.Float64).fill_null(np.nan).to_numpy()
        values = np.log1p(values) if feature.log else values.copy()
        defined = ~np.isnan(values)
        values[~defined] = values[defined].mean() if defined.any() else 0.0
        columns.append(values)
    return StandardScaler().fit_transform(np.column_stack(columns))


def validate_k_range(k_min: int, k_max: int, customers: int | None = None) -> None:
    """Raise ``ValueError`` unless 2 <= ``k_min`` <= ``k_max`` < ``customers`` (if given)."""
    if k_min < 2:
        raise ValueError(f"k_min must be at least 2, got {k_min}")
    if k_max < k_min:
        raise ValueError(f"k_max ({k_max}) must be at least k_min ({k_min})")
    if customers is not None and customers < k_max + 1:
        raise ValueError(
            f"{customers} customers to cluster: at least k_max + 1 = {k_max + 1} are needed"
        )


@dataclass(frozen=True)
class KSearch:
    """Outcome of the search: the chosen k, its labels and centres (z units), per-k
    silhouettes (None: fewer than k distinct behaviours, so not eligible) and inertias,
    and the sizes of the fitting and silhouette samples."""

    k: int
    labels: np.ndarray
    centres: np.ndarray
    silhouette: dict[int, float | None]
    inertia: dict[int, float]
    fit_size: int
    sample_size: int


def search_k(z: np.ndarray, *, k_min: int, k_max: int, seed: int, n_init: int = N_INIT) -> KSearch:
    """Fit k-means for every k in ``[k_min, k_max]`` and keep the best by the criterion.

    Raises
    ------
    ValueError
        On a bad k range, fewer than ``k_max + 1`` customers, or when no k yields k
        distinct clusters (fewer distinct behaviours than ``k_min``).
    """
    validate_k_range(k_min, k_max)
    n = z.shape[0]
    if n < k_max + 1:
        raise ValueError(f"{n} customers to cluster: at least k_max + 1 = {k_max + 1} are needed")
    rng = np.random.default_rng(seed)
    fit = _sample(rng, n, FIT_SAMPLE)
    sample = _sample(rng, n, SILHOUETTE_SAMPLE)
    silhouette: dict[int, float | None] = {}
    inertia: dict[int, float] = {}
    best: tuple[float, np.ndarray, np.ndarray] | None = None
    for k in range(k_min, k_max + 1):
        model = KMeans(n_clusters=k, n_init=n_init, random_state=seed)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ConvergenceWarning)
            model.fit(z[fit])
        labels = model.predict(z).astype(np.int64)
        centres = model.cluster_centers_
        inertia[k] = float(((z - centres[labels]) ** 2).sum())
        sampled = labels[sample]
        distinct = len(np.unique(labels)) == k
        if not distinct or not 2 <= len(np.unique(sampled)) <= len(sample) - 1:
            silhouette[k] = None
            continue
        silhouette[k] = float(silhouette_score(z[sample], sampled))
        if best is None or silhouette[k] > best[0]:
            best = (silhouette[k], labels, centres)
    if best is None:
        raise ValueError(f"no k in [{k_min}, {k_max}] gives that many distinct clusters")
    _, labels, centres = best
    return KSearch(
        k=centres.shape[0],
        labels=labels,
        centres=centres,
        silhouette=silhouette,
        inertia=inertia,
        fit_size=len(fit),
        sample_size=len(sample),
    )


def _sample(rng: np.random.Generator, n: int, size: int) -> np.ndarray:
    """Sorted row indices: all rows when there are at most ``size``."""
    if n <= size:
        return np.arange(n)
    return np.sort(rng.choice(n, size=size, replace=False))
