"""Churn as an asset: :func:`models.churn.build_churn`, its table and its model card.

The card (definition, cutoffs, metrics against the baselines, calibration, drivers,
limitations) is written for people to ``<reports_dir>/churn_model_card.md`` with the
same content as JSON beside it, and its figures become the asset's metadata.
"""

import json
from pathlib import Path

import dagster as dg

from models.analytics import write_table
from models.churn import CHURN_TABLE, build_churn, card_markdown
from pipelines.defs.analytics.charts import calibration_chart
from pipelines.defs.analytics.metadata import result_metadata
from pipelines.defs.analytics.resources import AnalyticsResource
from pipelines.defs.analytics.scores import MARTS
from pipelines.defs.resources import WAREHOUSE_WRITER_POOL, WarehouseResource

CUSTOMER_CHURN = dg.AssetKey(["analytics", "customer_churn"])
CARD_NAME = "churn_model_card"
# Service features (CSAT, NPS, resolution times) are read from these staging models.
SERVICE_STAGING = ("stg_surveys__responses", "stg_support__tickets", "stg_callcenter__calls")


@dg.asset(
    key=CUSTOMER_CHURN,
    group_name="analytics",
    pool=WAREHOUSE_WRITER_POOL,
    kinds={"duckdb", "python", "scikitlearn"},
    deps=[
        *MARTS,
        dg.AssetKey(["marts", "fct_touchpoints"]),
        *(dg.AssetKey(["staging", name]) for name in SERVICE_STAGING),
    ],
    description=(
        "Churn probability (no completed order within the horizon), risk band and top "
        "drivers of every buyer; trained on an earlier cutoff, evaluated on a later one "
        "against BG/NBD and recency baselines; model card in the reports folder."
    ),
    check_specs=[
        dg.AssetCheckSpec(
            "beats_baselines",
            asset=CUSTOMER_CHURN,
            description="ROC-AUC at the evaluation cutoff above every baseline's",
        )
    ],
)
def customer_churn(warehouse: WarehouseResource, analytics: AnalyticsResource):
    settings = analytics.settings
    with warehouse.connect() as con:
        result = build_churn(
            con,
            as_of=analytics.as_of(con),
            horizon_days=settings.churn_horizon_days,
            period_days=settings.period_days,
            purchase_model=settings.purchase_model,
            seed=settings.random_seed,
            risk_thresholds=(settings.churn_medium_risk, settings.churn_high_risk),
            truth_dir=analytics.truth,
        )
        table = write_table(con, CHURN_TABLE, result.table)
    reports = Path(analytics.reports_dir)
    reports.mkdir(parents=True, exist_ok=True)
    card_path = reports / f"{CARD_NAME}.md"
    card_path.write_text(card_markdown(result.card))
    (reports / f"{CARD_NAME}.json").write_text(json.dumps(result.card, indent=2, default=str))
    yield dg.MaterializeResult(
        metadata={
            **result_metadata(result.metadata, table, result.table),
            "model_card": dg.MetadataValue.path(str(card_path)),
            "model_card_text": dg.MetadataValue.md(card_markdown(result.card)),
            "calibration": calibration_chart(result.card["calibration"]["model"]),
        }
    )
    metrics = result.card["metrics"]
    yield dg.AssetCheckResult(
        check_name="beats_baselines",
        passed=bool(result.card["beats_baselines"]),
        severity=dg.AssetCheckSeverity.WARN,
        metadata={f"{name}_roc_auc": m["roc_auc"] for name, m in metrics.items()},
    )
