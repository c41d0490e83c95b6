"""The lifecycle stage mix over time: customers per stage at every month end.

A thin wrapper over :func:`models.lifecycle.build_lifecycle_history`, written to
``analytics.lifecycle_stage_monthly`` for the KPI notebooks and dashboards.
"""

import dagster as dg

from models.analytics import write_table
from models.lifecycle import build_lifecycle_history
from pipelines.defs.analytics.metadata import table_markdown
from pipelines.defs.analytics.resources import AnalyticsResource
from pipelines.defs.analytics.scores import MARTS
from pipelines.defs.resources import WAREHOUSE_WRITER_POOL, WarehouseResource


@dg.asset(
    key=dg.AssetKey(["analytics", "lifecycle_stage_monthly"]),
    group_name="analytics",
    pool=WAREHOUSE_WRITER_POOL,
    kinds={"duckdb", "python"},
    deps=MARTS,
    description=(
        "Customers per lifecycle stage at each month end (and on the observation date), "
        "by the same rules as customer_lifecycle; a customer counts once first seen."
    ),
)
def lifecycle_stage_monthly(
    warehouse: WarehouseResource, analytics: AnalyticsResource
) -> dg.MaterializeResult:
    settings = analytics.settings
    with warehouse.connect() as con:
        as_of = analytics.as_of(con)
        history = build_lifecycle_history(
            con,
            as_of=as_of,
            months=settings.lifecycle_history_months,
            new_days=settings.lifecycle_new_days,
            active_days=settings.lifecycle_active_days,
            lapsed_days=settings.lifecycle_lapsed_days,
            churned_days=settings.lifecycle_churned_days,
        )
        table = write_table(con, "lifecycle_stage_monthly", history)
    latest = history.filter(history["month_end"] == as_of).drop("month_end")
    return dg.MaterializeResult(
        metadata={
            "table": table,
            "as_of": as_of.isoformat(),
            "month_ends": history["month_end"].n_unique(),
            "dagster/row_count": history.height,
            "stages_on_observation_date": table_markdown(latest),
        }
    )
