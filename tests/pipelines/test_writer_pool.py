"""DuckDB allows one writing process: runs in separate processes must queue, not crash.

Each case starts a run that holds the warehouse writer, then starts a second run in
another process while the first still holds it, and releases the first only once the
second has either failed or is seen waiting for the pool.
"""

import subprocess
import sys
import time
from pathlib import Path

import pytest

from pipelines.defs.resources import WAREHOUSE_WRITER_POOL
from pipelines.instance import get_instance

RUNNER = Path(__file__).with_name("writer_pool_runner.py")
SURVEYS = (
    "response_id,email,survey_type,touchpoint,score,submitted_at\n"
    "r1,a@b.com,nps,relationship,9,2025-01-02 10:00:00\n"
)


def _start(mode: str, data_dir: Path, home: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, str(RUNNER), mode, str(data_dir), str(home)],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )  # fmt: skip


def _last_line(proc: subprocess.Popen) -> str:
    out, _ = proc.communicate(timeout=240)
    lines = [line for line in out.splitlines() if line.startswith(("SUCCESS", "FAILURE"))]
    assert lines, out[-3000:]
    return lines[-1]


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    landing = tmp_path / "data" / "landing" / "survey_responses"
    landing.mkdir(parents=True)
    (landing / "s_2025-01-02.csv").write_text(SURVEYS)
    return tmp_path / "data"


def _wait_for(condition, what: str, proc: subprocess.Popen) -> None:
    deadline = time.monotonic() + 120
    while not condition():
        assert proc.poll() is None, proc.communicate()[0][-3000:]
        assert time.monotonic() < deadline, f"timed out waiting: {what}"
        time.sleep(0.1)


def _pending_on_pool(home: Path) -> int:
    info = get_instance(home).event_log_storage.get_concurrency_info(WAREHOUSE_WRITER_POOL)
    return info.pending_step_count


def test_a_second_run_waits_for_the_writer_pool(data_dir: Path, tmp_path: Path):
    home = tmp_path / "dagster_home"
    holder = _start("hold", data_dir, home)
    _wait_for((data_dir / "holding").exists, "the first run takes the writer", holder)
    second = _start("ingest", data_dir, home)
    _wait_for(lambda: _pending_on_pool(home) > 0, "the second run queues on the pool", second)
    (data_dir / "release").touch()
    assert _last_line(holder) == "SUCCESS"
    assert _last_line(second) == "SUCCESS"
    assert _pending_on_pool(home) == 0


def test_without_the_pool_a_concurrent_writer_fails_on_the_lock(data_dir, tmp_path):
    home = tmp_path / "dagster_home"
    holder = _start("hold", data_dir, home)
    _wait_for((data_dir / "holding").exists, "the first run takes the writer", holder)
    second = _last_line(_start("unpooled", data_dir, home))
    (data_dir / "release").touch()
    assert _last_line(holder) == "SUCCESS"
    assert second.startswith("FAILURE") and "lock" in second.lower()
