"""Behavioural clusters as assets: the membership table and the cluster profiles."""

import dagster as dg

from models.clusters import build_clusters, write_clusters
from pipelines.defs.analytics.metadata import result_metadata, table_markdown
from pipelines.defs.analytics.resources import AnalyticsResource
from pipelines.defs.analytics.scores import MARTS
from pipelines.defs.resources import WAREHOUSE_WRITER_POOL, WarehouseResource

CUSTOMER_CLUSTERS = dg.AssetKey(["analytics", "customer_clusters"])
CLUSTER_PROFILES = dg.AssetKey(["analytics", "customer_cluster_profiles"])


@dg.multi_asset(
    name="customer_clusters",
    group_name="analytics",
    pool=WAREHOUSE_WRITER_POOL,
    specs=[
        dg.AssetSpec(
            CUSTOMER_CLUSTERS,
            kinds={"duckdb", "python"},
            deps=[*MARTS, dg.AssetKey(["marts", "fct_touchpoints"])],
            description=(
                "Behavioural cluster of every known customer: k-means on standardised "
                "order and engagement features, k chosen by silhouette (models/clusters)."
            ),
        ),
        dg.AssetSpec(
            CLUSTER_PROFILES,
            kinds={"duckdb", "python"},
            deps=[CUSTOMER_CLUSTERS],
            description="Size, revenue share and mean features of each behavioural cluster.",
        ),
    ],
)
def customer_clusters(warehouse: WarehouseResource, analytics: AnalyticsResource):
    settings = analytics.settings
    with warehouse.connect() as con:
        result = build_clusters(
            con,
            as_of=analytics.as_of(con),
            k_min=settings.cluster_k_min,
            k_max=settings.cluster_k_max,
            seed=settings.random_seed,
        )
        members, profiles = write_clusters(con, result)
    figures = {
        k: v if isinstance(v, int | float | str) else dg.MetadataValue.json(v)
        for k, v in result.metadata.items()
    }
    yield dg.MaterializeResult(
        asset_key=CUSTOMER_CLUSTERS, metadata=result_metadata(figures, members, result.table)
    )
    yield dg.MaterializeResult(
        asset_key=CLUSTER_PROFILES,
        metadata={
            "table": profiles,
            "dagster/row_count": result.profiles.height,
            "profiles": table_markdown(result.profiles, 2),
        },
    )
