"""CLV as an asset: :func:`models.clv.customer_clv.build_clv`, written to analytics."""

import dagster as dg

from models.analytics import write_table
from models.clv.customer_clv import build_clv
from pipelines.defs.analytics.charts import clv_chart
from pipelines.defs.analytics.metadata import result_metadata, table_markdown
from pipelines.defs.analytics.resources import AnalyticsResource
from pipelines.defs.resources import WAREHOUSE_WRITER_POOL, WarehouseResource

CUSTOMER_CLV = dg.AssetKey(["analytics", "customer_clv"])
MAX_BACKTEST_ERROR = 0.2


@dg.asset(
    key=CUSTOMER_CLV,
    group_name="analytics",
    pool=WAREHOUSE_WRITER_POOL,
    kinds={"duckdb", "python"},
    deps=[dg.AssetKey(["marts", "fct_orders"]), dg.AssetKey(["marts", "dim_customers"])],
    description=(
        "P(alive), expected purchases and spend, and discounted CLV per customer "
        "(BG/NBD or Pareto/NBD with Gamma-Gamma, via lifetimes), with a holdout backtest."
    ),
    check_specs=[
        dg.AssetCheckSpec(
            "backtest_total_error",
            asset=CUSTOMER_CLV,
            description=f"holdout purchases forecast within {MAX_BACKTEST_ERROR:.0%} in total",
        )
    ],
)
def customer_clv(warehouse: WarehouseResource, analytics: AnalyticsResource):
    settings = analytics.settings
    with warehouse.connect() as con:
        result = build_clv(
            con,
            as_of=analytics.as_of(con),
            period_days=settings.period_days,
            kind=settings.purchase_model,
            horizon_months=settings.clv_horizon_months,
            annual_discount_rate=settings.clv_annual_discount_rate,
            holdout_days=settings.clv_holdout_days,
        )
        table = write_table(con, "customer_clv", result.table)
    yield dg.MaterializeResult(
        metadata={
            **result_metadata(result.metadata, table, result.table),
            "backtest_by_frequency": table_markdown(result.backtest.buckets, 2),
            "chart": clv_chart(result.table),
        }
    )
    backtest = result.backtest
    yield dg.AssetCheckResult(
        check_name="backtest_total_error",
        passed=bool(backtest.actual) and abs(backtest.error) <= MAX_BACKTEST_ERROR,
        severity=dg.AssetCheckSeverity.WARN,
        metadata={**backtest.metadata(), "max_error": MAX_BACKTEST_ERROR},
    )
