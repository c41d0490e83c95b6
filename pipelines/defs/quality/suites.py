"""Every suite in ``expectations/`` as Dagster asset checks on the asset it validates.

One multi-asset check per suite file, one check per expectation: ``critical``
expectations are blocking (a failure stops everything downstream in the run), the others
warn. The check op opens the warehouse read-only but sits in the writer pool, because a
DuckDB file that another process writes cannot be opened at all.
"""

import dagster as dg

from cdp.quality.runner import run_suite
from cdp.quality.suites import Suite, load_suites
from pipelines.defs.analytics.resources import AnalyticsResource
from pipelines.defs.quality.resources import QualityResource
from pipelines.defs.quality.results import check_results
from pipelines.defs.resources import WAREHOUSE_WRITER_POOL, WarehouseResource


def _op_name(suite: Suite) -> str:
    return "gx_" + "".join(c if c.isalnum() else "_" for c in suite.name)


def build_suite_checks(suite: Suite) -> dg.AssetChecksDefinition:
    """The checks of one suite, run together by one op."""
    key = dg.AssetKey(list(suite.asset))
    specs = [
        dg.AssetCheckSpec(
            e.check_name,
            asset=key,
            blocking=e.blocking,
            description=e.describe(),
            metadata={"severity": e.severity, "suite": suite.relative_path()},
        )
        for e in suite.expectations
    ]

    @dg.multi_asset_check(
        specs=specs,
        name=_op_name(suite),
        description=f"Great Expectations suite {suite.relative_path()}",
        can_subset=True,
        pool=WAREHOUSE_WRITER_POOL,
    )
    def _checks(
        context: dg.AssetCheckExecutionContext,
        warehouse: WarehouseResource,
        quality: QualityResource,
        analytics: AnalyticsResource,
    ):
        selected = {k.name for k in context.selected_asset_check_keys}
        with warehouse.read_only() as con:
            outcome = run_suite(
                con,
                suite,
                quality.settings,
                quality_dir=quality.directory,
                as_of=lambda: analytics.as_of(con),
                churn_horizon_days=analytics.churn_horizon_days,
            )
        context.log.info(f"{suite.name}: validated {outcome.batch}; data docs {outcome.docs_page}")
        yield from check_results(outcome, selected)

    return _checks


SUITE_CHECKS = [build_suite_checks(suite) for suite in load_suites()]
