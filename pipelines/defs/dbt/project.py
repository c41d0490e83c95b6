"""The dbt project handle and its manifest, kept apart from the assets (which dbt and
with what ``--vars``: :mod:`cdp.dbt_invocation`).

``@dbt_assets`` reads the manifest when its module is imported, so anything that must
re-parse first (``cdp run``) calls :func:`prepare_manifest` before importing the assets.
"""

import fcntl
import os
from pathlib import Path

from dagster_dbt import DbtCliResource, DbtProject

from cdp.config import PROJECT_ROOT
from cdp.dbt_invocation import dbt_executable

DBT_PROJECT = DbtProject(project_dir=PROJECT_ROOT / "dbt_project")


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
