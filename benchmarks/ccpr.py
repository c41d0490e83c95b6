"""Benchmark of the CCPR metric models (dbt) at scale: time and peak memory.

The default sample, built once by the real pipeline
(:func:`benchmarks.analytics.base_warehouse`), has its marts and campaign spends copied
up to ``customers`` (:mod:`benchmarks.upscale`). On that warehouse, ``dbt run`` of every
model downstream of fct_contacts (:data:`SELECT`: what followed each contact, the CCPR
marts, attribution and the KPIs; not fct_contacts itself, which is copied, nor the
analytics views over Python outputs) is timed ``repeats`` times, one dbt process with
the profile's threads, with observation_date fixed to the sample's last day with an
order or a touchpoint.

Reported: the median total (the dbt process's wall time, parsing included), seconds per
model of the median run (dbt's run_results.json), the peak resident memory of the dbt
process, and the contacts and orders at that scale.
"""

from __future__ import annotations

import json
from pathlib import Path

import duckdb

from benchmarks.analytics import base_warehouse
from benchmarks.identity import measured
from benchmarks.upscale import upscale_marts
from cdp.dbt_invocation import dbt_executable, dbt_vars

SELECT = ["--select", "fct_contacts+", "--exclude", "fct_contacts", "path:models/analytics"]


def _observation_date(warehouse: Path) -> str:
    """The last day with an order or a touchpoint, ISO formatted."""
    with duckdb.connect(str(warehouse), read_only=True) as con:
        ((day,),) = con.execute("""
            select greatest((select max(ordered_at) from marts.fct_orders),
                            (select max(occurred_at) from marts.fct_touchpoints))::date
        """).fetchall()  # fmt: skip
    return day.isoformat()


def _dbt_run(warehouse: Path, observation_date: str, work_dir: Path) -> dict:
    """One timed ``dbt run`` of :data:`SELECT`: seconds, peak GB, seconds per model."""
    target = work_dir / "ccpr-target"
    variables = json.loads(dbt_vars(str(warehouse))) | {"observation_date": observation_date}
    command = [dbt_executable(), "run", *SELECT, "--vars", json.dumps(variables),
               "--target-path", str(target), "--log-path", str(work_dir / "ccpr-logs"),
               "--quiet"]  # fmt: skip
    seconds, peak_gb, _ = measured(command)
    results = json.loads((target / "run_results.json").read_text())["results"]
    models = {r["unique_id"].split(".")[-1]: r["execution_time"] for r in results}
    return {"seconds": seconds, "peak_gb": peak_gb, "models": models}


def run(customers: int, work_dir: Path, repeats: int = 1) -> dict:
    """Upscale the default sample to ``customers``, time the CCPR models ``repeats`` times.

    Returns
    -------
    dict
        customers, contacts, orders, observation_date, runs (one dict per timed run:
        seconds, peak_gb, models) and median (the run of median seconds).
    """
    source = base_warehouse(work_dir)
    target = work_dir / f"ccpr-{customers}.duckdb"
    written = upscale_marts(source, target, customers)
    observation_date = _observation_date(source)
    with duckdb.connect(str(target), read_only=True) as con:
        ((contacts, orders),) = con.execute("""
            select (select count(*) from marts.fct_contacts),
                   (select count(*) from marts.fct_orders)
        """).fetchall()  # fmt: skip
    runs = [_dbt_run(target, observation_date, work_dir) for _ in range(repeats)]
    median = sorted(runs, key=lambda r: r["seconds"])[len(runs) // 2]
    return {"customers": written, "contacts": contacts, "orders": orders,
            "observation_date": observation_date, "runs": runs, "median": median}  # fmt: skip


def describe(figures: dict) -> list[str]:
    """Printable lines: the headline, then every model of the median run, slowest first."""
    f, m = figures, figures["median"]
    totals = ", ".join(f"{r['seconds']:.1f}" for r in f["runs"])
    lines = [
        f"ccpr: {f['customers']:,} customers, {f['contacts']:,} contacts, {f['orders']:,} "
        f"orders (default sample's marts, upscaled; as of {f['observation_date']}): "
        f"dbt run of {len(m['models'])} models median {m['seconds']:.1f} s over "
        f"{len(f['runs'])} runs ({totals}), peak {m['peak_gb']:.1f} GB"
    ]
    for name, seconds in sorted(m["models"].items(), key=lambda kv: -kv[1]):
        lines.append(f"  {name:<32} {seconds:6.1f} s")
    return lines
