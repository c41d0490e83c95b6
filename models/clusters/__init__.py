"""Behavioural customer clusters: k-means on a compact set of behaviour features."""

from models.clusters.build import (
    CLUSTERS_TABLE,
    PROFILES_TABLE,
    ClusterResult,
    build_clusters,
    write_clusters,
)
from models.clusters.features import FEATURES, customer_features

__all__ = [
    "CLUSTERS_TABLE",
    "FEATURES",
    "PROFILES_TABLE",
    "ClusterResult",
    "build_clusters",
    "customer_features",
    "write_clusters",
]
