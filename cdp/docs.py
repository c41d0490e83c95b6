"""The dbt docs site of a warehouse: every model, seed and source, its columns and lineage.

dbt-duckdb opens its file read-write: on the live warehouse, dbt would hold the writer's
lock for the whole generation (10-20 s) and fail pipeline steps starting meanwhile. The
catalog needs no rows, so dbt reads a schema-only snapshot, copied from the warehouse
attached read-only for under a second. The site has its own ``--target-path``: the
project's ``dbt_project/target/manifest.json``, which Dagster reads, is left alone.
"""

from __future__ import annotations

import fcntl
import os
import subprocess
from pathlib import Path

import duckdb

from cdp.config import Settings
from cdp.dbt_invocation import dbt_executable, dbt_vars
from cdp.warehouse import LOCK_ERROR_MARKER

_LIVE = "cdp_docs_live"  # the live warehouse's alias in the snapshot's connection


class DocsError(RuntimeError):
    """The docs could not be generated; ``hint`` says what to do about it."""

    def __init__(self, message: str, hint: str) -> None:
        super().__init__(message)
        self.hint = hint


class WarehouseMissingError(DocsError):
    """There is no warehouse to document yet."""


class WarehouseLockedError(DocsError):
    """A running pipeline (or another writer) holds the warehouse's lock."""


def generate_dbt_docs(settings: Settings) -> Path:
    """Generate the static dbt docs site of ``settings.warehouse_path``.

    Parameters
    ----------
    settings
        The installation: warehouse, dbt project, data dir, analytics settings.

    Returns
    -------
    Path
        ``<data_dir>/docs/dbt/static_index.html``, beside catalog.json and manifest.json.

    Raises
    ------
    WarehouseMissingError, WarehouseLockedError, DocsError
        No warehouse; a writer (a running pipeline) holds it; unreadable warehouse or
        dbt failure (its last lines in the message).
    """
    warehouse = settings.warehouse_path
    if not warehouse.exists():
        raise WarehouseMissingError(
            f"no warehouse at {warehouse}; run `make demo` first",
            "or `cdp run` to build it from your exports, or point CDP_WAREHOUSE at one",
        )
    target = (settings.data_dir / "docs" / "dbt").resolve()
    snapshot = target.parent / "snapshot" / warehouse.name  # same stem: same dbt database
    snapshot.parent.mkdir(parents=True, exist_ok=True)
    with (target.parent / ".lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # one generation at a time: they share the snapshot
        try:
            _copy_schema(warehouse, snapshot)
            _run_dbt(settings, snapshot, target)
        finally:
            snapshot.unlink(missing_ok=True)
    return target / "static_index.html"


def _copy_schema(warehouse: Path, snapshot: Path) -> None:
    """Copy every schema object of ``warehouse``, without rows, to a new ``snapshot``."""
    for stale in (snapshot, Path(f"{snapshot}.wal")):  # a stale WAL would replay onto it
        stale.unlink(missing_ok=True)
    path = str(warehouse).replace("'", "''")
    with duckdb.connect(str(snapshot)) as con:
        try:  # read-only: fails at once, instead of waiting, while a writer holds the file
            con.execute(f"attach '{path}' as {_LIVE} (read_only)")
            con.execute(f'copy from database {_LIVE} to "{snapshot.stem}" (schema)')
        except duckdb.Error as exc:
            if LOCK_ERROR_MARKER in str(exc):
                raise WarehouseLockedError(
                    f"the warehouse {warehouse} is locked by a running pipeline "
                    "(or another process writing to it)",
                    "retry when the run has finished (`cdp status` shows it)",
                ) from None
            raise DocsError(f"cannot read {warehouse}: {exc}", "is it a DuckDB file?") from None


def _run_dbt(settings: Settings, snapshot: Path, target: Path) -> None:
    variables = dbt_vars(str(snapshot), settings.analytics)
    project = str(settings.dbt_project_dir)
    command = [dbt_executable(), "docs", "generate", "--static", "--quiet",
               "--project-dir", project, "--profiles-dir", project,
               "--target-path", str(target), "--vars", variables]  # fmt: skip
    # No usage stats: with them, the site would also load a tracker script from a CDN.
    env = {**os.environ, "DBT_SEND_ANONYMOUS_USAGE_STATS": "false", "DBT_USE_COLORS": "false"}
    done = subprocess.run(command, cwd=project, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        lines = (done.stdout + done.stderr).strip().splitlines()
        raise DocsError("dbt docs generate failed: " + " | ".join(lines[-10:]),
                        "run `dbt parse` in dbt_project/ to see the whole error")  # fmt: skip
