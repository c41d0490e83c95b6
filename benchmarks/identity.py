"""Benchmark of identity resolution: time and peak memory of the identity phase.

On a generated sample ingested into a fresh warehouse (ingest is not timed here: see
:mod:`benchmarks.ingest`), the identity phase is what runs between ingest and the marts:
``dbt seed``, then ``dbt run`` of the staging views and the identity graph
(``+int_identity_components``: identifier occurrences, guards, edges, connected
components), then the stable keys (:func:`models.identity.keys.assign_stable_keys`).
Reported: seconds per dbt model (dbt's own timing), the keys step, the total, and the
peak resident memory of the dbt process and of the keys step. Target (issue 4): the
whole phase <= 60 s at 1,000,000 customers on 2 cores.
"""

from __future__ import annotations

import json
import resource
import subprocess
import tempfile
import time
from pathlib import Path

from benchmarks.ingest import sample
from cdp.contracts import SOURCES
from cdp.ingest import ingest_source
from cdp.warehouse import connect
from models.identity.keys import assign_stable_keys
from pipelines.defs.dbt.project import DBT_PROJECT, dbt_executable, dbt_vars

GRAPH = "+int_identity_components"


def _dbt(args: list[str], warehouse: Path, target: Path) -> None:
    command = [dbt_executable(), *args, "--vars", dbt_vars(str(warehouse)),
               "--target-path", str(target), "--quiet"]  # fmt: skip
    subprocess.run(command, cwd=DBT_PROJECT.project_dir, check=True)


def run(customers: int, days: int = 456, work_dir: Path | None = None) -> dict:
    """Ingest a sample, then time the identity phase once.

    Returns
    -------
    dict
        customers, occurrences (identifier occurrences), identifiers, customer_keys,
        models (seconds per dbt model), dbt_s, keys_s, total_s, dbt_peak_gb, keys_peak_gb.
    """
    with tempfile.TemporaryDirectory(prefix="cdp-bench-identity-") as tmp:
        root = (work_dir or Path(tmp)) / f"sample-{customers}c-{days}d"
        sample(root, customers, days)
        warehouse, target = Path(tmp) / "warehouse.duckdb", Path(tmp) / "target"
        with connect(warehouse) as con:
            for contract in SOURCES.values():
                ingest_source(con, contract, root / "landing")
        began = time.perf_counter()
        _dbt(["seed"], warehouse, target)
        _dbt(["run", "--select", GRAPH], warehouse, target)
        dbt_s = time.perf_counter() - began
        dbt_peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        results = json.loads((target / "run_results.json").read_text())["results"]
        models = {r["unique_id"].split(".")[-1]: r["execution_time"] for r in results}
        began = time.perf_counter()
        with connect(warehouse) as con:
            keys = assign_stable_keys(con, "benchmark")
            (occurrences,) = con.execute(
                "select count(*) from intermediate.int_identifiers_unioned"
            ).fetchone()
        keys_s = time.perf_counter() - began
        keys_peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {"customers": customers, "occurrences": occurrences,
            "identifiers": keys.identifiers, "customer_keys": keys.customer_keys,
            "models": models, "dbt_s": dbt_s, "keys_s": keys_s, "total_s": dbt_s + keys_s,
            "dbt_peak_gb": dbt_peak / 1e6, "keys_peak_gb": keys_peak / 1e6}  # fmt: skip


def describe(figures: dict) -> list[str]:
    """Printable lines: the headline, then the slowest models."""
    f = figures
    lines = [
        f"identity: {f['customers']:,} customers, {f['occurrences']:,} identifier occurrences, "
        f"{f['identifiers']:,} usable identifiers -> {f['customer_keys']:,} keys: "
        f"{f['total_s']:.1f} s (dbt seed + staging + graph {f['dbt_s']:.1f} s, stable keys "
        f"{f['keys_s']:.1f} s; target <= 60 s at 1M), peak memory dbt "
        f"{f['dbt_peak_gb']:.1f} GB, keys {f['keys_peak_gb']:.1f} GB"
    ]
    for name, seconds in sorted(f["models"].items(), key=lambda kv: -kv[1])[:5]:
        lines.append(f"  {name:<32} {seconds:6.1f} s")
    return lines
