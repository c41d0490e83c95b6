"""The dbt project handle, its executable and manifest, kept apart from the assets.

``@dbt_assets`` reads the manifest when its module is imported, so anything that must
re-parse first (``cdp run``) calls :func:`prepare_manifest` before importing the assets.
"""

import fcntl
import json
import os
import shutil
import sys
from pathlib import Path

from dagster_dbt import DbtCliResource, DbtProject

from cdp.analytics_settings import AnalyticsSettings
from cdp.config import PROJECT_ROOT

DBT_PROJECT = DbtProject(project_dir=PROJECT_ROOT / "dbt_project")


def dbt_executable() -> str:
    """The dbt next to this interpreter (same virtualenv), else the one on PATH."""
    sibling = Path(sys.executable).parent / "dbt"
    return str(sibling) if sibling.exists() else (shutil.which("dbt") or "dbt")


def prepare_manifest() -> Path:
    """Parse the dbt project so the manifest matches the models on disk.

    Under a file lock: two processes parsing at once (a run and `dagster dev`, or two
    test workers) would write the shared ``target/manifest.json`` over each other.
    """
    resource = DbtCliResource(project_dir=DBT_PROJECT, dbt_executable=dbt_executable())
    target = DBT_PROJECT.manifest_path.parent  # absolute; target_path is relative
    target.mkdir(parents=True, exist_ok=True)
    with (target / ".parse.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        resource.cli(["parse", "--quiet"], target_path=DBT_PROJECT.target_path).wait()
    return DBT_PROJECT.manifest_path


def prepare_manifest_if_needed() -> None:
    """Parse when ``dagster dev`` loads the code (it expects a fresh manifest, as
    dagster-dbt's ``prepare_if_dev`` would do, but that one takes another lock than
    :func:`prepare_manifest` and could overlap a test worker's parse), or when a fresh
    clone has no manifest yet."""
    if os.getenv("DAGSTER_IS_DEV_CLI") or not DBT_PROJECT.manifest_path.exists():
        prepare_manifest()


def dbt_vars(warehouse_path: str, analytics: AnalyticsSettings | None = None) -> str:
    """``--vars`` for every dbt call: profiles.yml reads the warehouse path from it.

    With ``analytics``, also the settings dbt shares with the Python analytics (the
    observation date, the churn horizon), so both describe the same moment; without,
    dbt_project.yml's defaults apply (the same as AnalyticsSettings').
    """
    values: dict[str, object] = {"warehouse_path": warehouse_path}
    if analytics is not None:
        observed = analytics.observation_date
        values["observation_date"] = observed.isoformat() if observed else None
        values["churn_horizon_days"] = analytics.churn_horizon_days
    return json.dumps(values)
