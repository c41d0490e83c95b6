"""Runs one Dagster run in its own process, for the writer-pool test.

usage: python writer_pool_runner.py MODE DATA_DIR DAGSTER_HOME
  hold      a pooled asset takes the warehouse writer, touches DATA_DIR/holding and keeps
            the writer until DATA_DIR/release exists
  ingest    the real ingest assets (pooled), as `cdp run` would materialize them
  unpooled  an asset writing the warehouse outside the pool (the hazard, for contrast)
Prints "SUCCESS" or "FAILURE: <first error>".
"""

import sys
import time
from pathlib import Path

import dagster as dg

from cdp.config import Settings
from cdp.warehouse import connect
from pipelines.definitions import build_definitions
from pipelines.defs.ingest.assets import INGEST_GROUP
from pipelines.defs.resources import WAREHOUSE_WRITER_POOL, WarehouseResource
from pipelines.instance import get_instance


@dg.asset(pool=WAREHOUSE_WRITER_POOL)
def hold_writer(warehouse: WarehouseResource) -> None:
    with warehouse.connect() as con:
        con.execute("create table if not exists held as select 1 as x")
        data_dir = Path(warehouse.landing_dir).parent
        (data_dir / "holding").touch()
        deadline = time.monotonic() + 180
        while not (data_dir / "release").exists() and time.monotonic() < deadline:
            time.sleep(0.1)


@dg.asset
def unpooled_writer(warehouse: WarehouseResource) -> None:
    # WarehouseResource.connect would wait a minute for the lock (it tolerates brief
    # readers) and then fail the same way; not waiting shows the conflict at once.
    with connect(Path(warehouse.warehouse_path)) as con:
        con.execute("create table if not exists unpooled as select 1 as x")


def main(mode: str, data_dir: str, home: str) -> None:
    base = build_definitions(Settings.for_data_dir(Path(data_dir)))
    selection = {
        "hold": dg.AssetSelection.assets(hold_writer),
        "ingest": dg.AssetSelection.groups(INGEST_GROUP),
        "unpooled": dg.AssetSelection.assets(unpooled_writer),
    }[mode]
    job = dg.define_asset_job(mode, selection, executor_def=dg.in_process_executor)
    defs = dg.Definitions.merge(
        base, dg.Definitions(assets=[hold_writer, unpooled_writer], jobs=[job])
    )
    result = defs.resolve_job_def(mode).execute_in_process(
        instance=get_instance(Path(home)), raise_on_error=False
    )
    if result.success:
        print("SUCCESS")
    else:
        errors = [
            _messages(e.event_specific_data.error)
            for e in result.all_events
            if e.event_type == dg.DagsterEventType.STEP_FAILURE
        ]
        print("FAILURE:", errors[0] if errors else "unknown")


def _messages(error) -> str:
    """The error's message and its causes' on one line."""
    parts = []
    while error is not None:
        parts.append(error.message.strip().replace("\n", " "))
        error = error.cause
    return " <- ".join(parts)


if __name__ == "__main__":
    main(*sys.argv[1:4])
