"""Benchmark of identity resolution: time and peak memory, from staging to customer keys.

On a generated sample ingested into a fresh warehouse, ``dbt seed`` and the staging
models are built first and timed apart: staging cleans and deduplicates every source
for the marts too, so it is not identity work (it is reported beside the figure).
Identity resolution is then timed ``repeats`` times on the same warehouse:

- ``dbt run`` of the identity graph (:data:`GRAPH`: identifier sets, guards, edges,
  connected components), one dbt process;
- the stable keys (:func:`models.identity.keys.assign_stable_keys`), in a process of
  its own so that its peak memory is its own.

Reported: the median total, its parts, seconds per dbt model (of the median run) and
the peak resident memory of each process. Target (issue 4): <= 60 s at 1,000,000
customers on 2 cores.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import duckdb

from benchmarks.ingest import sample
from cdp.contracts import SOURCES
from cdp.dbt_invocation import dbt_executable, dbt_vars
from cdp.ingest import ingest_source
from cdp.warehouse import connect
from pipelines.defs.dbt.project import DBT_PROJECT

STAGING = "staging"  # the staging folder; the seed is loaded by `dbt seed`
GRAPH = "int_identifier_sets+,+int_identity_components"
# Runs a command and prints its own children's peak RSS (kB), isolating one process.
_PEAK = (
    "import resource, subprocess, sys; subprocess.run(sys.argv[1:], check=True); "
    "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
)
_KEYS = (
    "import sys, duckdb; from models.identity.keys import assign_stable_keys; "
    "con = duckdb.connect(sys.argv[1]); a = assign_stable_keys(con, 'benchmark'); "
    "con.close(); print(a.identifiers, a.customer_keys)"
)


def measured(command: list[str]) -> tuple[float, float, str]:
    """Run ``command`` in a child; its seconds, peak GB and stdout (minus the peak line)."""
    began = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", _PEAK, *command], check=True,
                          capture_output=True, text=True, cwd=DBT_PROJECT.project_dir)  # fmt: skip
    *output, peak_kb = done.stdout.strip().splitlines()
    return time.perf_counter() - began, int(peak_kb) / 1e6, "\n".join(output)


def _dbt(args: list[str], warehouse: Path, target: Path) -> tuple[float, float, dict]:
    command = [dbt_executable(), *args, "--vars", dbt_vars(str(warehouse)),
               "--target-path", str(target), "--quiet"]  # fmt: skip
    seconds, peak, _ = measured(command)
    results = json.loads((target / "run_results.json").read_text())["results"]
    return seconds, peak, {r["unique_id"].split(".")[-1]: r["execution_time"] for r in results}


def _resolve(warehouse: Path, target: Path) -> dict:
    """One timed identity resolution: the graph in dbt, then the stable keys."""
    graph_s, graph_peak, models = _dbt(["run", "--select", GRAPH], warehouse, target)
    keys_s, keys_peak, output = measured([sys.executable, "-c", _KEYS, str(warehouse)])
    # the last line: DuckDB may print a progress bar before it
    identifiers, customer_keys = map(int, output.splitlines()[-1].split())
    return {"graph_s": graph_s, "keys_s": keys_s, "total_s": graph_s + keys_s,
            "graph_peak_gb": graph_peak, "keys_peak_gb": keys_peak, "models": models,
            "identifiers": identifiers, "customer_keys": customer_keys}  # fmt: skip


def run(customers: int, days: int = 456, work_dir: Path | None = None, repeats: int = 3) -> dict:
    """Ingest a sample, build staging, then time identity resolution ``repeats`` times.

    Returns
    -------
    dict
        customers, records, occurrences, identifier_sets, staging_s, staging_peak_gb,
        runs (one dict per timed run) and median (the run of median total).
    """
    with tempfile.TemporaryDirectory(prefix="cdp-bench-identity-") as tmp:
        root = (work_dir or Path(tmp)) / f"sample-{customers}c-{days}d"
        sample(root, customers, days)
        warehouse, target = Path(tmp) / "warehouse.duckdb", Path(tmp) / "target"
        with connect(warehouse) as con:
            for contract in SOURCES.values():
                ingest_source(con, contract, root / "landing")
        staging_s, staging_peak, _ = _dbt(["run", "--select", STAGING], warehouse, target)
        _dbt(["seed"], warehouse, target)
        runs = [_resolve(warehouse, target) for _ in range(repeats)]
        with duckdb.connect(str(warehouse), read_only=True) as con:
            records, occurrences, sets = con.execute("""
                select sum(record_count), sum(record_count * len(identifiers)), count(*)
                from intermediate.int_identifier_sets
            """).fetchone()  # fmt: skip
    median = sorted(runs, key=lambda r: r["total_s"])[len(runs) // 2]
    return {"customers": customers, "records": records, "occurrences": occurrences,
            "identifier_sets": sets, "staging_s": staging_s, "staging_peak_gb": staging_peak,
            "runs": runs, "median": median}  # fmt: skip


def describe(figures: dict) -> list[str]:
    """Printable lines: the headline, then the slowest models of the median run."""
    f, m = figures, figures["median"]
    totals = ", ".join(f"{r['total_s']:.1f}" for r in f["runs"])
    lines = [
        f"identity: {f['customers']:,} customers, {f['records']:,} records with identifiers, "
        f"{f['occurrences']:,} identifier occurrences in {f['identifier_sets']:,} identifier "
        f"sets, {m['identifiers']:,} usable identifiers -> {m['customer_keys']:,} keys",
        f"identity: median {m['total_s']:.1f} s over {len(f['runs'])} runs ({totals}): "
        f"graph {m['graph_s']:.1f} s, stable keys {m['keys_s']:.1f} s "
        f"(target <= 60 s at 1M); peak memory graph {m['graph_peak_gb']:.1f} GB, "
        f"keys {m['keys_peak_gb']:.1f} GB",
        f"identity: not included, staging models built before: {f['staging_s']:.1f} s, "
        f"peak {f['staging_peak_gb']:.1f} GB",
    ]
    for name, seconds in sorted(m["models"].items(), key=lambda kv: -kv[1])[:5]:
        lines.append(f"  {name:<32} {seconds:6.1f} s")
    return lines
