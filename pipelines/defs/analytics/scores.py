"""RFM and lifecycle as assets: one ``analytics`` table each, one row per customer.

The models (:mod:`models.rfm`, :mod:`models.lifecycle`) do the work; these assets pick
the observation date and thresholds from :class:`AnalyticsResource`, write the table
and attach the model's figures as metadata.
"""

from collections.abc import Callable
from datetime import date
from typing import Any

import dagster as dg
import duckdb
import polars as pl

from cdp.analytics_settings import AnalyticsSettings
from models.analytics import write_table
from models.lifecycle import STAGES, build_lifecycle
from models.rfm import build_rfm
from pipelines.defs.analytics.charts import lifecycle_chart, rfm_chart
from pipelines.defs.analytics.metadata import result_metadata
from pipelines.defs.analytics.resources import AnalyticsResource
from pipelines.defs.resources import WAREHOUSE_WRITER_POOL, WarehouseResource

MARTS = [dg.AssetKey(["marts", "fct_orders"]), dg.AssetKey(["marts", "dim_customers"])]
Build = Callable[[duckdb.DuckDBPyConnection, date, AnalyticsSettings], Any]
Chart = Callable[[pl.DataFrame], dg.MetadataValue]


def customer_table_asset(
    name: str, description: str, build: Build, chart: Chart
) -> dg.AssetsDefinition:
    """An asset writing ``analytics.<name>`` from ``build(con, as_of, settings)``, with the
    ``chart`` of the table it wrote in its metadata."""

    @dg.asset(
        key=dg.AssetKey(["analytics", name]),
        group_name="analytics",
        pool=WAREHOUSE_WRITER_POOL,
        kinds={"duckdb", "python"},
        deps=MARTS,
        description=description,
    )
    def _asset(warehouse: WarehouseResource, analytics: AnalyticsResource) -> dg.MaterializeResult:
        with warehouse.connect() as con:
            result = build(con, analytics.as_of(con), analytics.settings)
            table = write_table(con, name, result.table)
        metadata = result_metadata(result.metadata, table, result.table)
        return dg.MaterializeResult(metadata={**metadata, "chart": chart(result.table)})

    return _asset


customer_rfm = customer_table_asset(
    "customer_rfm",
    "Recency, frequency and monetary scores (1-5, quintiles) and the named RFM segment "
    "(Champions ... Lost) of every customer; grid in models/rfm/segments.py.",
    lambda con, as_of, _: build_rfm(con, as_of=as_of),
    rfm_chart,
)
customer_lifecycle = customer_table_asset(
    "customer_lifecycle",
    "Lifecycle stage of every customer (prospect, new, active, reactivated, at risk, "
    "lapsed, churned) by the rules of models/lifecycle/stages.py and the configured thresholds.",
    lambda con, as_of, s: build_lifecycle(
        con,
        as_of=as_of,
        new_days=s.lifecycle_new_days,
        active_days=s.lifecycle_active_days,
        lapsed_days=s.lifecycle_lapsed_days,
        churned_days=s.lifecycle_churned_days,
    ),
    lambda table: lifecycle_chart(table, STAGES),
)
