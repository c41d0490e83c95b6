"""The step watcher reports every finished step of a real in-process run, once each."""

import threading
import uuid

import dagster as dg

from pipelines.run_progress import StepWatcher


@dg.asset
def first() -> int:
    return 1


@dg.asset
def second(first: int) -> int:
    return first + 1


@dg.asset(deps=[second])
def broken() -> None:
    raise RuntimeError("boom")


def test_each_finished_step_is_reported_once_with_its_outcome(tmp_path) -> None:
    job = dg.Definitions(assets=[first, second, broken]).resolve_implicit_global_asset_job_def()
    seen: list[tuple[str, str]] = []
    lock = threading.Lock()

    def on_step(step: str, outcome: str) -> None:
        with lock:
            seen.append((step, outcome))

    with dg.instance_for_test(temp_dir=str(tmp_path)) as instance:
        run_id = str(uuid.uuid4())
        watcher = StepWatcher(instance, run_id, on_step, interval=0.01)
        watcher.start()
        job.execute_in_process(instance=instance, run_id=run_id, raise_on_error=False)
        watcher.stop()
    assert sorted(seen) == [
        ("broken", "STEP_FAILURE"),
        ("first", "STEP_SUCCESS"),
        ("second", "STEP_SUCCESS"),
    ]
