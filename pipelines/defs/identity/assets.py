"""Identity assets: stable customer keys, and the stitch scored against the truth.

The scoring itself is :func:`models.identity.score_identity`; this asset runs it after
dbt, records the figures (asset metadata and ``analytics.identity_accuracy``) and checks
them against the thresholds in :class:`cdp.config.Settings`.
"""

from dataclasses import asdict
from pathlib import Path

import dagster as dg

from cdp.config import Settings
from models.identity import SCORES_TABLE, record_score, score_identity
from models.identity.keys import CHANGES_TABLE, assign_stable_keys
from pipelines.defs.resources import WAREHOUSE_WRITER_POOL, WarehouseResource

IDENTITY_ACCURACY = dg.AssetKey(["analytics", "identity_accuracy"])


class IdentityScoringResource(dg.ConfigurableResource):
    """Where the truth is, and the accuracy the check demands."""

    truth_dir: str
    min_precision: float
    min_recall: float

    @classmethod
    def from_settings(cls, settings: Settings) -> "IdentityScoringResource":
        return cls(
            truth_dir=str(settings.truth_dir),
            min_precision=settings.identity_min_precision,
            min_recall=settings.identity_min_recall,
        )


@dg.asset(
    key=IDENTITY_ACCURACY,
    group_name="identity",
    pool=WAREHOUSE_WRITER_POOL,
    kinds={"duckdb", "python"},
    deps=[dg.AssetKey(["intermediate", "int_records_keyed"])],
    description=(
        "Pairwise precision, recall and F1 of customer_key against the generator's truth, "
        "with over-merged and split persons. Scored only when a truth folder exists."
    ),
    check_specs=[
        dg.AssetCheckSpec(
            "precision_and_recall",
            asset=IDENTITY_ACCURACY,
            description="precision and recall at or above the configured minimums",
        )
    ],
)
def identity_accuracy(
    context: dg.AssetExecutionContext,
    warehouse: WarehouseResource,
    identity_scoring: IdentityScoringResource,
):
    truth = Path(identity_scoring.truth_dir)
    if not (truth / "records.parquet").is_file():
        note = f"no truth folder at {truth}: nothing to score (real data)"
        context.log.info(note)
        yield dg.MaterializeResult(metadata={"scored": False, "note": note})
        yield dg.AssetCheckResult(
            check_name="precision_and_recall", passed=True, metadata={"scored": False}
        )
        return
    with warehouse.connect() as con:
        score = score_identity(con, truth)
        record_score(con, score, context.run_id)
    figures = score.as_dict()
    yield dg.MaterializeResult(
        metadata={**figures, "scored": True, "table": SCORES_TABLE, "truth_dir": str(truth)}
    )
    passed = (
        score.precision >= identity_scoring.min_precision
        and score.recall >= identity_scoring.min_recall
    )
    yield dg.AssetCheckResult(
        check_name="precision_and_recall",
        passed=passed,
        metadata={
            "precision": score.precision,
            "recall": score.recall,
            "min_precision": identity_scoring.min_precision,
            "min_recall": identity_scoring.min_recall,
        },
    )


CUSTOMER_KEYS = dg.AssetKey(["identity", "customer_keys"])


@dg.asset(
    key=CUSTOMER_KEYS,
    group_name="identity",
    pool=WAREHOUSE_WRITER_POOL,
    kinds={"duckdb", "python"},
    deps=[dg.AssetKey(["intermediate", "int_identity_components"])],
    description=(
        "Stable customer_key per usable identifier: each identity component keeps the key "
        "its identifiers had in the previous run; merges and splits are logged in "
        "identity.key_changes."
    ),
)
def customer_keys(context: dg.AssetExecutionContext, warehouse: WarehouseResource):
    with warehouse.connect() as con:
        result = assign_stable_keys(con, context.run_id)
    if result.merges or result.splits:
        context.log.info(f"identity changes: {result.merges} merges, {result.splits} splits")
    return dg.MaterializeResult(metadata={**asdict(result), "log": CHANGES_TABLE})
