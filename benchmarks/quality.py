"""Benchmark of the quality suites at scale: every GX suite whose table exists.

Run on the CCPR benchmark's warehouse (the default sample's marts upscaled, see
:mod:`benchmarks.ccpr`), in one child process per repeat, as the Dagster check ops would
run them: each suite reads its batch from DuckDB (``fct_contacts`` and
``fct_touchpoints`` beyond ``QualitySettings.sample_rows`` are sampled), fills its
parameters and validates through a GX checkpoint that updates the data docs.

Reported: the median total over ``repeats``, its peak resident memory, and the seconds
of each suite in the median run with the batch it read. GX's import (seconds on its own)
is included once per child.
"""

from __future__ import annotations

import json
import statistics
import sys
from pathlib import Path

import duckdb

from benchmarks.analytics import base_warehouse
from benchmarks.identity import measured

_RUN = """
import json, sys, time
from pathlib import Path
import duckdb
from cdp.quality.runner import run_suite
from cdp.quality.settings import QualitySettings
from cdp.quality.suites import load_suites
warehouse, quality_dir = sys.argv[1], Path(sys.argv[2])
con = duckdb.connect(warehouse, read_only=True)
con.execute("set enable_progress_bar = false")
tables = {f"{s}.{t}" for s, t in con.execute(
    "select table_schema, table_name from information_schema.tables").fetchall()}
as_of = lambda: con.execute("select max(ordered_at)::date from marts.fct_orders").fetchall()[0][0]
out = {}
for suite in load_suites():
    if suite.asset[0] == "raw" or suite.table not in tables:
        continue
    began = time.perf_counter()
    outcome = run_suite(con, suite, QualitySettings(), quality_dir=quality_dir, as_of=as_of)
    failed = [o.expectation.check_name for o in outcome.outcomes if not o.success]
    out[suite.name] = [time.perf_counter() - began, outcome.batch, failed]
print("SUITES " + json.dumps(out))
"""


def _copy_reference(warehouse: Path, work_dir: Path) -> None:
    """The upscaled warehouse holds marts only: add the seeds the CCPR parameters read."""
    with duckdb.connect(str(warehouse)) as con:
        con.execute(f"attach '{base_warehouse(work_dir)}' as base (read_only)")
        con.execute("create schema if not exists reference")
        for (table,) in con.execute(
            "select table_name from duckdb_tables() "
            "where database_name = 'base' and schema_name = 'reference'"
        ).fetchall():
            con.execute(f"create or replace table reference.{table} as "
                        f"select * from base.reference.{table}")  # fmt: skip


def run(warehouse: Path, work_dir: Path, repeats: int = 3) -> dict:
    """Validate every mart and analytics suite on ``warehouse`` ``repeats`` times."""
    _copy_reference(warehouse, work_dir)
    runs = []
    for i in range(repeats):
        command = [sys.executable, "-c", _RUN, str(warehouse), str(work_dir / f"quality-{i}")]
        seconds, peak_gb, output = measured(command)
        runs.append({"seconds": seconds, "peak_gb": peak_gb,
                     "suites": json.loads(output.rsplit("SUITES ", 1)[1])})  # fmt: skip
    median = sorted(runs, key=lambda r: r["seconds"])[len(runs) // 2]
    return {"runs": runs, "median": median,
            "median_seconds": statistics.median(r["seconds"] for r in runs)}  # fmt: skip


def describe(figures: dict) -> list[str]:
    """Printable lines: the headline, then each suite of the median run, slowest first."""
    m = figures["median"]
    totals = ", ".join(f"{r['seconds']:.1f}" for r in figures["runs"])
    lines = [
        f"quality: {len(m['suites'])} mart and analytics suites, median "
        f"{figures['median_seconds']:.1f} s over {len(figures['runs'])} runs ({totals}), "
        f"peak {m['peak_gb']:.1f} GB"
    ]
    for name, (seconds, batch, failed) in sorted(m["suites"].items(), key=lambda kv: -kv[1][0]):
        note = f"; failed: {', '.join(failed)}" if failed else ""
        lines.append(f"  {name:<40} {seconds:6.1f} s  {batch}{note}")
    return lines
