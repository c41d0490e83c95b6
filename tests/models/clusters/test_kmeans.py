"""The k search and the id / label rules, on hand-made matrices."""

import numpy as np
import pytest

from models.clusters import kmeans
from models.clusters.features import FEATURE_NAMES
from models.clusters.kmeans import search_k
from models.clusters.profiles import cluster_labels, order_clusters

BLOBS = np.array([[0.0, 0.0], [10.0, 0.0], [0.0, 10.0]])


def blobs(per_blob: int, spread: float) -> np.ndarray:
    rng = np.random.default_rng(0)
    return np.repeat(BLOBS, per_blob, axis=0) + rng.normal(scale=spread, size=(3 * per_blob, 2))


def test_the_planted_k_has_the_best_silhouette_and_every_k_an_inertia():
    search = search_k(blobs(30, 0.5), k_min=2, k_max=6, seed=7)
    assert search.k == 3
    assert set(search.silhouette) == set(search.inertia) == {2, 3, 4, 5, 6}
    assert search.silhouette[3] == max(search.silhouette.values())
    assert list(search.inertia.values()) == sorted(search.inertia.values(), reverse=True)
    assert np.bincount(search.labels).tolist() == [30, 30, 30]
    assert (search.fit_size, search.sample_size) == (90, 90)


def test_large_inputs_are_fitted_and_scored_on_samples(monkeypatch):
    monkeypatch.setattr(kmeans, "FIT_SAMPLE", 30)
    monkeypatch.setattr(kmeans, "SILHOUETTE_SAMPLE", 45)
    z = blobs(30, 0.5)
    search = search_k(z, k_min=2, k_max=4, seed=7)
    assert (search.k, search.fit_size, search.sample_size) == (3, 30, 45)
    assert np.bincount(search.labels).tolist() == [30, 30, 30]  # everyone assigned
    nearest = ((z[:, None, :] - search.centres[None]) ** 2).sum(axis=2)
    assert search.inertia[3] == pytest.approx(nearest.min(axis=1).sum())  # over all rows


def test_a_k_beyond_the_distinct_behaviours_is_not_eligible():
    search = search_k(blobs(10, 0.0), k_min=2, k_max=4, seed=7)  # 3 distinct points
    assert search.silhouette[4] is None
    assert search.k == 3
    with pytest.raises(ValueError, match="no k in \\[4, 5\\]"):
        search_k(blobs(10, 0.0), k_min=4, k_max=5, seed=7)


def test_the_same_seed_gives_the_same_search():
    first, again = (search_k(blobs(30, 3.0), k_min=2, k_max=4, seed=3) for _ in range(2))
    assert np.array_equal(first.labels, again.labels)
    assert first.silhouette == again.silhouette


def test_ids_by_revenue_per_customer_then_by_centre():
    labels = np.array([0, 0, 1, 2, 2, 2])
    centres = np.array([[1.0], [0.0], [-1.0]])
    revenue = np.array([10.0, 10.0, 50.0, 10.0, 10.0, 10.0])
    # 10, 50 and 10 per customer: cluster 1 first, then the tie by the smaller centre
    assert order_clusters(labels, centres, revenue).tolist() == [2, 0, 1]
    assert order_clusters(labels, centres, np.full(6, 5.0)).tolist() == [2, 1, 0]


def test_labels_name_the_two_furthest_features_and_never_clash():
    centre = np.zeros(len(FEATURE_NAMES))
    centre[FEATURE_NAMES.index("app_events_180d")] = 2.5
    centre[FEATURE_NAMES.index("orders")] = -1.5
    centre[FEATURE_NAMES.index("store_share")] = 1.0
    twin = centre.copy()
    twin[FEATURE_NAMES.index("store_share")] = -1.0
    assert cluster_labels(np.array([centre])) == ["high app activity, few orders"]
    assert cluster_labels(np.array([centre, twin, centre])) == [
        "high app activity, few orders, store shoppers (cluster 0)",
        "high app activity, few orders, online shoppers",
        "high app activity, few orders, store shoppers (cluster 2)",
    ]
