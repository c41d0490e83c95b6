"""The dbt project as Dagster assets (staging, identity, marts), tests as asset checks."""

from collections.abc import Iterator

import dagster as dg
from dagster_dbt import DbtCliResource, dbt_assets

from pipelines.defs.dbt.project import DBT_PROJECT, dbt_vars, prepare_manifest
from pipelines.defs.resources import WAREHOUSE_WRITER_POOL, WarehouseResource

# `dagster dev` re-parses on load; a fresh clone has no manifest until the first parse.
DBT_PROJECT.prepare_if_dev()
if not DBT_PROJECT.manifest_path.exists():
    prepare_manifest()


@dbt_assets(manifest=DBT_PROJECT.manifest_path, project=DBT_PROJECT, pool=WAREHOUSE_WRITER_POOL)
def cdp_dbt_models(
    context: dg.AssetExecutionContext, dbt: DbtCliResource, warehouse: WarehouseResource
) -> Iterator:
    yield from dbt.cli(
        ["build", "--vars", dbt_vars(warehouse.warehouse_path)], context=context
    ).stream()
