"""The dbt project as Dagster assets, in two phases around the stable-key step.

1. ``cdp_dbt_identity_graph``: staging and the identity graph, up to
   ``int_identity_components``;
2. then the Python asset ``identity/customer_keys`` (:mod:`pipelines.defs.identity`)
   keeps each component's key stable across runs;
3. ``cdp_dbt_models``: everything else (keys, keyed records, marts), reading the keys
   through the dbt source ``identity.customer_keys``, the asset of step 2;
4. then the analytics assets (:mod:`pipelines.defs.analytics`) score the customers;
5. ``cdp_dbt_analytics_views``: the views of ``models/analytics`` reading the scores
   through the dbt sources ``analytics.*`` (the assets of step 4): ``customer_360``
   (the marts' customers with every score and their contact profile) and the KPIs that
   need a score (``kpi_clv_cac``).

Every phase passes the observation date and churn horizon of
:class:`~pipelines.defs.analytics.resources.AnalyticsResource` to dbt, so the CCPR
metrics and KPIs are as of the same day as the scores.

dbt tests run as asset checks of the phase that builds their model. A test with parents
in both phases runs in the second: the first selects tests "cautiously" (only those
whose parents it all builds), so it never tests a model the run has not built yet.
"""

from collections.abc import Iterator

import dagster as dg
from dagster_dbt import DbtCliResource, dbt_assets

from cdp.dbt_invocation import dbt_vars
from pipelines.defs.analytics.resources import AnalyticsResource
from pipelines.defs.dbt.metadata import with_table_metadata
from pipelines.defs.dbt.project import DBT_PROJECT, prepare_manifest_if_needed
from pipelines.defs.resources import WAREHOUSE_WRITER_POOL, WarehouseResource

prepare_manifest_if_needed()

IDENTITY_GRAPH = "+int_identity_components"
ANALYTICS_VIEWS = "path:models/analytics"


def _reported(events: list, warehouse: WarehouseResource, manifest: dict) -> Iterator:
    """The phase's events, each table's metadata added (dbt has exited: the lock is ours)."""
    with warehouse.connect() as con:
        yield from with_table_metadata(events, con, manifest)


def _dbt_phase(name: str, *, flags: tuple[str, ...] = (), **selection: str) -> dg.AssetsDefinition:
    """One ``dbt build`` over a selection of the project, in the writer pool."""

    @dbt_assets(
        manifest=DBT_PROJECT.manifest_path,
        project=DBT_PROJECT,
        name=name,
        pool=WAREHOUSE_WRITER_POOL,
        **selection,
    )
    def _phase(
        context: dg.AssetExecutionContext,
        dbt: DbtCliResource,
        warehouse: WarehouseResource,
        analytics: AnalyticsResource,
    ) -> Iterator:
        variables = dbt_vars(warehouse.warehouse_path, analytics.settings)
        invocation = dbt.cli(["build", *flags, "--vars", variables], context=context)
        events: list = []
        try:
            events.extend(invocation.stream())
        except Exception:
            # Record the models dbt did build as materialized before failing the step.
            yield from _reported(events, warehouse, invocation.manifest)
            raise
        yield from _reported(events, warehouse, invocation.manifest)

    return _phase


cdp_dbt_identity_graph = _dbt_phase(
    "cdp_dbt_identity_graph", select=IDENTITY_GRAPH, flags=("--indirect-selection", "cautious")
)
cdp_dbt_models = _dbt_phase("cdp_dbt_models", exclude=f"{IDENTITY_GRAPH} {ANALYTICS_VIEWS}")
cdp_dbt_analytics_views = _dbt_phase("cdp_dbt_analytics_views", select=ANALYTICS_VIEWS)
