"""The dbt project as Dagster assets (staging, identity, marts), tests as asset checks."""

import json
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path

import dagster as dg
from dagster_dbt import DbtCliResource, DbtProject, dbt_assets

from cdp.config import PROJECT_ROOT
from pipelines.defs.resources import WAREHOUSE_WRITER_POOL, WarehouseResource

DBT_PROJECT = DbtProject(project_dir=PROJECT_ROOT / "dbt_project")
# `dagster dev` re-parses the project on load; `cdp run` calls prepare_manifest() first.
DBT_PROJECT.prepare_if_dev()


def dbt_executable() -> str:
    """The dbt next to this interpreter (same virtualenv), else the one on PATH."""
    sibling = Path(sys.executable).parent / "dbt"
    return str(sibling) if sibling.exists() else (shutil.which("dbt") or "dbt")


def prepare_manifest() -> Path:
    """Parse the dbt project so the manifest matches the models on disk."""
    resource = DbtCliResource(project_dir=DBT_PROJECT, dbt_executable=dbt_executable())
    resource.cli(["parse", "--quiet"], target_path=DBT_PROJECT.target_path).wait()
    return DBT_PROJECT.manifest_path


def dbt_vars(warehouse: WarehouseResource) -> str:
    """``--vars`` for every dbt call: profiles.yml reads the warehouse path from it."""
    return json.dumps({"warehouse_path": warehouse.warehouse_path})


if not DBT_PROJECT.manifest_path.exists():
    prepare_manifest()


@dbt_assets(manifest=DBT_PROJECT.manifest_path, project=DBT_PROJECT, pool=WAREHOUSE_WRITER_POOL)
def cdp_dbt_models(
    context: dg.AssetExecutionContext, dbt: DbtCliResource, warehouse: WarehouseResource
) -> Iterator:
    yield from dbt.cli(["build", "--vars", dbt_vars(warehouse)], context=context).stream()
