"""Idempotency and crash safety on a generated sample, with a real DuckDB file."""

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import polars as pl
import pytest

from cdp.contracts import SOURCES
from cdp.generate import GeneratorConfig, generate
from cdp.ingest import ingest_source
from cdp.ingest.ledger import unreconciled_files

RUNNER = Path(__file__).with_name("ingest_runner.py")


@pytest.fixture(scope="module")
def landing(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("sample")
    generate(GeneratorConfig(customers=300, days=90, seed=5), root)
    return root / "landing"


def ingest_all(path: Path, landing: Path) -> dict[str, str]:
    with duckdb.connect(str(path)) as con:
        return {name: ingest_source(con, c, landing).source for name, c in SOURCES.items()}


def snapshot(path: Path) -> dict[str, pl.DataFrame]:
    """Every raw table and the quarantine, without load ids and load times."""
    with duckdb.connect(str(path), read_only=True) as con:
        tables = {name: con.sql(f"select * exclude (_load_id, _loaded_at) from raw.{name} "
                                "order by all").pl() for name in SOURCES}  # fmt: skip
        tables["quarantine"] = con.sql(
            "select * exclude (load_id, quarantined_at) from ingest.quarantine order by all"
        ).pl()
    return tables


def assert_same(a: dict[str, pl.DataFrame], b: dict[str, pl.DataFrame]) -> None:
    assert a.keys() == b.keys()
    for name in a:
        assert a[name].equals(b[name]), name


def test_loading_three_times_changes_nothing(landing: Path, tmp_path: Path):
    warehouse = tmp_path / "w.duckdb"
    ingest_all(warehouse, landing)
    first = snapshot(warehouse)
    assert sum(f.height for f in first.values()) > 10_000

    ingest_all(warehouse, landing)  # same files, nothing new
    assert_same(first, snapshot(warehouse))

    copy = tmp_path / "landing"
    shutil.copytree(landing, copy)
    for path in copy.rglob("*.*"):
        os.utime(path, ns=(time.time_ns(), time.time_ns()))  # touched: re-hashed, same
        if path.parent.name == "web_events":  # and the same content resent renamed
            shutil.copy(path, path.with_name("resent_" + path.name))
    ingest_all(warehouse, copy)
    assert_same(first, snapshot(warehouse))
    with duckdb.connect(str(warehouse), read_only=True) as con:
        duplicates = con.execute("select count(*) from ingest.file_ledger "
                                 "where status = 'duplicate'").fetchall()[0][0]  # fmt: skip
    assert duplicates == len(list((landing / "web_events").iterdir()))


def test_kill_9_mid_load_leaves_no_partial_rows_and_recovers(landing: Path, tmp_path: Path):
    clean = tmp_path / "clean.duckdb"
    ingest_all(clean, landing)
    total_files = sum(1 for p in landing.rglob("*.*"))

    crashed = tmp_path / "crashed.duckdb"
    proc = subprocess.Popen([sys.executable, str(RUNNER), str(landing), str(crashed), "3"],
                            stdout=subprocess.PIPE, text=True)  # fmt: skip
    assert proc.stdout.readline().strip() == "started"
    assert proc.stdout.readline().startswith("done")  # well into the load
    time.sleep(0.3)
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)

    with duckdb.connect(str(crashed)) as con:
        loaded = con.execute("select count(*) from ingest.file_ledger").fetchall()[0][0]
        assert 0 < loaded < total_files, "the kill did not land mid-load"
        tables = {r[0] for r in con.execute(
            "select table_name from information_schema.tables where table_schema = 'raw'"
        ).fetchall()}  # fmt: skip
        for source in tables:
            assert unreconciled_files(con, source) == [], source

    ingest_all(crashed, landing)
    assert_same(snapshot(clean), snapshot(crashed))
