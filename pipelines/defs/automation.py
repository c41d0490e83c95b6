"""The main job, its daily schedule, and the sensor that reacts to new landing files."""

import dagster as dg

from cdp.contracts import SOURCES
from cdp.ingest import landing_fingerprint
from pipelines.defs.resources import WarehouseResource

MAIN_JOB = "cdp_all"

# In-process executor: steps of one run share the process and never overlap, which is
# what DuckDB's single writer wants and saves a process start per step.
cdp_all_job = dg.define_asset_job(
    name=MAIN_JOB,
    selection=dg.AssetSelection.all(),
    executor_def=dg.in_process_executor,
    description="Ingest every source, then build staging, identity and marts with dbt.",
)

daily_schedule = dg.ScheduleDefinition(
    name="cdp_daily",
    job=cdp_all_job,
    cron_schedule="0 6 * * *",
    execution_timezone="UTC",
    description="Full refresh every morning, after the overnight exports have landed.",
)


@dg.sensor(
    job=cdp_all_job, minimum_interval_seconds=60, default_status=dg.DefaultSensorStatus.STOPPED
)
def landing_files_sensor(context: dg.SensorEvaluationContext, warehouse: WarehouseResource):
    """Starts a run when files in ``data/landing/`` are added, changed or removed.

    It compares a fingerprint of the landing folder (names, sizes, mtimes) with the one it
    saw last, so it never opens the warehouse (a running writer holds its lock). Files
    already loaded are skipped by the ingest ledger, so a run only does new work.
    """
    fingerprint = landing_fingerprint(warehouse.landing, list(SOURCES.values()))
    if fingerprint == context.cursor:
        return dg.SkipReason("no new or changed landing files")
    context.update_cursor(fingerprint)
    return dg.RunRequest(run_key=fingerprint)
