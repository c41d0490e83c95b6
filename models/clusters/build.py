"""Behavioural customer clusters: features in SQL, k-means, ids, labels and profiles."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import duckdb
import numpy as np
import polars as pl

from models.analytics import write_table
from models.clusters.features import FEATURE_NAMES, WINDOW_DAYS, customer_features
from models.clusters.kmeans import CRITERION, N_INIT, search_k, standardise, validate_k_range
from models.clusters.profiles import cluster_labels, cluster_profiles, order_clusters

CLUSTERS_TABLE = "customer_clusters"
PROFILES_TABLE = "customer_cluster_profiles"


@dataclass(frozen=True)
class ClusterResult:
    """``table``: one row per ``dim_customers`` row (customer_key, cluster_id,
    cluster_label, null_reason); ``profiles``: one row per cluster; ``metadata``:
    JSON-able summary of the run (chosen k, silhouette and inertia per k...)."""

    table: pl.DataFrame
    profiles: pl.DataFrame
    metadata: dict[str, Any]


def build_clusters(
    con: duckdb.DuckDBPyConnection, *, as_of: date, k_min: int, k_max: int, seed: int
) -> ClusterResult:
    """Cluster the known customers of ``marts`` by behaviour up to ``as_of`` (included).

    Anonymous records, and customers first seen after ``as_of``, get no cluster but a
    ``null_reason``. See :mod:`models.clusters.kmeans` for the choice of k.

    Raises
    ------
    ValueError
        On a bad k range or too few customers (see :func:`~models.clusters.kmeans.search_k`).
    """
    validate_k_range(k_min, k_max)
    features = customer_features(con, as_of=as_of)
    clustered = features.filter(pl.col("null_reason").is_null())
    validate_k_range(k_min, k_max, clustered.height)
    search = search_k(standardise(clustered), k_min=k_min, k_max=k_max, seed=seed)

    revenue = clustered["revenue"].to_numpy()
    mapping = order_clusters(search.labels, search.centres, revenue)
    centres = np.empty_like(search.centres)
    centres[mapping] = search.centres
    labels = cluster_labels(centres)
    clustered = clustered.with_columns(cluster_id=pl.Series(mapping[search.labels]))

    table = features.select("customer_key", "null_reason").join(
        clustered.select(
            "customer_key",
            "cluster_id",
            pl.col("cluster_id").replace_strict(range(len(labels)), labels).alias("cluster_label"),
        ),
        on="customer_key",
        how="left",
        maintain_order="left",
    )
    table = table.select("customer_key", "cluster_id", "cluster_label", "null_reason")
    profiles = cluster_profiles(clustered, labels)
    metadata = {
        "as_of": as_of.isoformat(),
        "k_min": k_min,
        "k_max": k_max,
        "seed": seed,
        "n_init": N_INIT,
        "criterion": CRITERION,
        "chosen_k": search.k,
        "silhouette_by_k": {str(k): s for k, s in search.silhouette.items()},
        "inertia_by_k": {str(k): i for k, i in search.inertia.items()},
        "fit_sample_size": search.fit_size,
        "silhouette_sample_size": search.sample_size,
        "features": list(FEATURE_NAMES),
        "window_days": WINDOW_DAYS,
        "customers_clustered": clustered.height,
        "customers_not_clustered": {
            str(reason): count
            for reason, count in features.filter(pl.col("null_reason").is_not_null())
            .group_by("null_reason")
            .len()
            .sort("null_reason")
            .iter_rows()
        },
        "profiles": {
            str(row["cluster_id"]): {
                "label": row["cluster_label"],
                "customers": row["customers"],
                "customer_share": round(row["customer_share"], 4),
                "revenue_share": None
                if row["revenue_share"] is None
                else round(row["revenue_share"], 4),
            }
            for row in profiles.iter_rows(named=True)
        },
    }
    return ClusterResult(table=table, profiles=profiles, metadata=metadata)


def write_clusters(con: duckdb.DuckDBPyConnection, result: ClusterResult) -> tuple[str, str]:
    """Write both tables to the ``analytics`` schema; return their full names."""
    return (
        write_table(con, CLUSTERS_TABLE, result.table),
        write_table(con, PROFILES_TABLE, result.profiles),
    )
