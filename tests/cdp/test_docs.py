"""Error paths of the dbt docs generation: each a clear error, none needs a built sample."""

import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from cdp.config import Settings
from cdp.docs import DocsError, WarehouseLockedError, WarehouseMissingError, generate_dbt_docs

HOLD_WRITER = """
import sys, duckdb
con = duckdb.connect(sys.argv[1])
print("holding", flush=True)
sys.stdin.read()
"""


def _settings(tmp_path: Path) -> Settings:
    return Settings.for_data_dir(tmp_path / "data")


def _tiny_warehouse(settings: Settings) -> None:
    settings.warehouse_path.parent.mkdir(parents=True)
    with duckdb.connect(str(settings.warehouse_path)) as con:
        con.execute("create schema marts; create table marts.t as select 1 as x")


def test_a_missing_warehouse_says_to_run_the_demo_first(tmp_path: Path):
    with pytest.raises(WarehouseMissingError, match="run `make demo` first") as caught:
        generate_dbt_docs(_settings(tmp_path))
    assert caught.value.hint
    assert not (tmp_path / "data" / "docs").exists()


def test_a_warehouse_held_by_a_writer_is_reported_as_locked(tmp_path: Path):
    settings = _settings(tmp_path)
    _tiny_warehouse(settings)
    writer = subprocess.Popen(
        [sys.executable, "-c", HOLD_WRITER, str(settings.warehouse_path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert writer.stdout.readline().strip() == "holding"
        with pytest.raises(WarehouseLockedError, match="locked by a running pipeline"):
            generate_dbt_docs(settings)
    finally:
        writer.communicate("")  # closes its stdin: the writer exits
    assert not list((tmp_path / "data" / "docs" / "snapshot").iterdir())


def test_a_file_that_is_not_a_warehouse_is_a_clear_error(tmp_path: Path):
    settings = _settings(tmp_path)
    settings.warehouse_path.parent.mkdir(parents=True)
    settings.warehouse_path.write_text("not a database")
    with pytest.raises(DocsError, match="cannot read"):
        generate_dbt_docs(settings)


def test_a_dbt_failure_carries_dbt_s_own_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    settings = _settings(tmp_path)
    _tiny_warehouse(settings)
    calls = []

    def failing_dbt(command, **kwargs):
        calls.append((command, kwargs))
        return subprocess.CompletedProcess(command, 2, "Encountered an error:\nboom\n", "")

    monkeypatch.setattr("cdp.docs.subprocess.run", failing_dbt)
    with pytest.raises(DocsError, match=r"dbt docs generate failed: .*boom") as caught:
        generate_dbt_docs(settings)
    assert not isinstance(caught.value, WarehouseLockedError | WarehouseMissingError)
    [(command, kwargs)] = calls
    # Its own target path (the repo's manifest stays put), on the snapshot, without tracking.
    target = command[command.index("--target-path") + 1]
    assert Path(target) == (tmp_path / "data" / "docs" / "dbt").resolve()
    assert "snapshot" in command[command.index("--vars") + 1]
    assert kwargs["env"]["DBT_SEND_ANONYMOUS_USAGE_STATS"] == "false"
    assert not list((tmp_path / "data" / "docs" / "snapshot").iterdir())
