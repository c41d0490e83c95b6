"""The local Dagster instance (``.dagster/``) and its configuration.

The config is written by code rather than committed so that tests, the CLI and
``dagster dev`` all get the same instance settings, wherever DAGSTER_HOME points.
"""

from __future__ import annotations

from pathlib import Path

import yaml
from dagster import DagsterInstance

from pipelines.defs.resources import WAREHOUSE_WRITER_POOL

INSTANCE_CONFIG: dict = {
    "telemetry": {"enabled": False},
    "concurrency": {
        # One step at a time may write the DuckDB file, across all runs.
        # Op granularity: enforced by the executor, so CLI runs obey it too, not only
        # runs launched through the queue.
        "pools": {"default_limit": 1, "granularity": "op"},
    },
    "run_monitoring": {"enabled": True},
}
POOL_LIMITS = {WAREHOUSE_WRITER_POOL: 1}


def write_instance_config(home: Path) -> Path:
    """Write ``dagster.yaml`` into ``home`` (created if needed) and return its path."""
    home.mkdir(parents=True, exist_ok=True)
    path = home / "dagster.yaml"
    text = yaml.safe_dump(INSTANCE_CONFIG, sort_keys=False)
    if not path.exists() or path.read_text() != text:
        path.write_text(text)
    return path


def get_instance(home: Path) -> DagsterInstance:
    """The persistent instance at ``home``, configured, with the writer pool limited."""
    write_instance_config(home)
    instance = DagsterInstance.from_config(str(home))
    for pool, limit in POOL_LIMITS.items():
        instance.event_log_storage.set_concurrency_slots(pool, limit)
    return instance
