"""Materialize the main job through Dagster, on the persistent local instance.

``cdp run`` and the end-to-end tests use this, so a CLI run shows up in the Dagster UI's
run history exactly like a scheduled one.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass

import dagster as dg

from cdp.config import Settings
from pipelines.defs.automation import MAIN_JOB
from pipelines.defs.dbt.project import prepare_manifest
from pipelines.instance import get_instance
from pipelines.quality_status import check_details
from pipelines.run_progress import OnStep, StepWatcher


@dataclass(frozen=True)
class FailedCheck:
    """A check that did not pass in the run, and what it saw."""

    asset: str
    check: str
    severity: str
    details: dict[str, str]

    @property
    def blocking(self) -> bool:
        return self.severity == "ERROR"


@dataclass(frozen=True)
class RunOutcome:
    """Result of one materialization of the main job."""

    run_id: str
    success: bool
    failed_steps: list[str]
    failed_checks: list[FailedCheck]

    @property
    def errors(self) -> list[FailedCheck]:
        return [c for c in self.failed_checks if c.blocking]


def _failed_check(event: dg.DagsterEvent) -> FailedCheck:
    data = event.asset_check_evaluation_data
    return FailedCheck(
        asset=data.asset_key.to_user_string(),
        check=data.check_name,
        severity=data.severity.value,
        details=check_details(data),
    )


def materialize_all(
    settings: Settings,
    *,
    tags: dict[str, str] | None = None,
    log_level: str = "WARNING",
    without_analytics: bool = False,
    on_start: Callable[[int], None] | None = None,
    on_step: OnStep | None = None,
) -> RunOutcome:
    """Run every asset once (ingest → dbt → analytics) and report what failed, if anything.

    ``log_level`` only sets what reaches the console; the run's full event log is kept in
    the instance and shown by the Dagster UI. ``without_analytics`` stops at the marts
    (the analytics group and what reads it are left out): for data too short to score.
    ``on_start`` gets the number of steps, then ``on_step`` each finished step's key and
    event type (for a progress bar).
    """
    settings.ensure_dirs()
    prepare_manifest()
    # Imported after parsing: @dbt_assets reads the manifest at import time.
    from pipelines.definitions import build_definitions

    defs = build_definitions(settings)
    job = defs.resolve_job_def(MAIN_JOB)
    selection = None
    if without_analytics:
        analytics = dg.AssetSelection.groups("analytics").downstream()
        chosen = (dg.AssetSelection.all() - analytics).resolve(defs.resolve_asset_graph())
        selection = sorted(chosen, key=lambda key: key.to_user_string())
    instance = get_instance(settings.dagster_home)
    run_id = str(uuid.uuid4())  # known before the run starts, for the step watcher
    if on_start is not None:
        subset = job.get_subset(asset_selection=set(selection)) if selection else job
        on_start(len(subset.nodes_in_topological_order))
    watcher = StepWatcher(instance, run_id, on_step) if on_step else None
    if watcher:
        watcher.start()
    try:
        result = job.execute_in_process(
            run_config={"loggers": {"console": {"config": {"log_level": log_level}}}},
            instance=instance,
            raise_on_error=False,
            tags=tags or {},
            asset_selection=selection,
            run_id=run_id,
        )
    finally:
        if watcher:
            watcher.stop()
    failed_steps = [
        e.step_key
        for e in result.all_events
        if e.event_type == dg.DagsterEventType.STEP_FAILURE and e.step_key
    ]
    failed_checks = [
        _failed_check(e)
        for e in result.all_events
        if e.event_type == dg.DagsterEventType.ASSET_CHECK_EVALUATION
        and not e.asset_check_evaluation_data.passed
    ]
    return RunOutcome(result.run_id, result.success, failed_steps, failed_checks)
