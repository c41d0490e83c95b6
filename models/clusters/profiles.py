"""Deterministic cluster ids, readable labels and per-cluster profiles.

Ids: clusters ordered by revenue per customer, 0 = highest (ties: by centre, feature by
feature). Label: the words of the two features whose centre is furthest from the mean
(largest |z|), e.g. "high app activity, few orders"; clusters that would share a label
take a third feature, and if they still do, their id.
"""

from __future__ import annotations

import numpy as np
import polars as pl

from models.clusters.features import FEATURE_NAMES, FEATURES

LABEL_FEATURES = 2


def order_clusters(labels: np.ndarray, centres: np.ndarray, revenue: np.ndarray) -> np.ndarray:
    """``mapping[old] = new`` id: by revenue per customer, highest first."""
    k = centres.shape[0]
    counts = np.bincount(labels, minlength=k)
    per_customer = np.bincount(labels, weights=revenue, minlength=k) / np.maximum(counts, 1)
    # np.lexsort sorts by the last key first: revenue (descending), then the centre.
    keys = [centres[:, j] for j in reversed(range(centres.shape[1]))]
    order = np.lexsort([*keys, -np.round(per_customer, 6)])
    mapping = np.empty(k, dtype=np.int64)
    mapping[order] = np.arange(k)
    return mapping


def _words(centre: np.ndarray, count: int) -> str:
    ranked = sorted(range(len(centre)), key=lambda j: (-abs(centre[j]), j))[:count]
    return ", ".join(FEATURES[j].high if centre[j] >= 0 else FEATURES[j].low for j in ranked)


def cluster_labels(centres: np.ndarray) -> list[str]:
    """One distinct label per centre (rows in cluster id order, z units)."""
    labels = [_words(centre, LABEL_FEATURES) for centre in centres]
    clashing = {label for label in labels if labels.count(label) > 1}
    labels = [
        _words(centre, LABEL_FEATURES + 1) if label in clashing else label
        for centre, label in zip(centres, labels, strict=True)
    ]
    clashing = {label for label in labels if labels.count(label) > 1}
    return [
        f"{label} (cluster {i})" if label in clashing else label for i, label in enumerate(labels)
    ]


def cluster_profiles(clustered: pl.DataFrame, labels: list[str]) -> pl.DataFrame:
    """Per cluster id: size, revenue, their shares, and the mean of every feature in its
    own units over the customers where it is defined (``clustered``: the clustered
    customers with ``cluster_id``, ``revenue`` and the features)."""
    means = [pl.col(name).mean().alias(f"mean_{name}") for name in FEATURE_NAMES]
    total_revenue = clustered["revenue"].sum()
    return (
        clustered.group_by("cluster_id")
        .agg(pl.len().alias("customers"), pl.col("revenue").sum(), *means)
        .join(
            pl.DataFrame(
                {"cluster_id": range(len(labels)), "cluster_label": labels},
                schema={"cluster_id": pl.Int64, "cluster_label": pl.String},
            ),
            on="cluster_id",
            how="right",
        )
        .with_columns(
            pl.col("customers").fill_null(0),
            pl.col("revenue").fill_null(0.0),
        )
        .with_columns(
            (pl.col("customers") / pl.col("customers").sum()).alias("customer_share"),
            (
                pl.col("revenue") / total_revenue if total_revenue else pl.lit(None, pl.Float64)
            ).alias("revenue_share"),
        )
        .select(
            "cluster_id",
            "cluster_label",
            "customers",
            "customer_share",
            "revenue",
            "revenue_share",
            *(f"mean_{name}" for name in FEATURE_NAMES),
        )
        .sort("cluster_id")
    )
