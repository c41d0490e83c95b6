"""Benchmark of the analytics stage (RFM, CLV, churn, lifecycle, clusters) at scale.

1. The default sample (5,000 persons) is built by the real pipeline once
   (:func:`pipelines.run.materialize_all`) and its marts copied up to ``customers``
   (:mod:`benchmarks.upscale`).
2. Every analytics asset is materialized through Dagster on that warehouse, in a child
   process so that its peak resident memory is the stage's own: total seconds, seconds
   per asset, peak GB.
3. The CLV step against lifetimes' native path on the same warehouse
   (:mod:`benchmarks.clv`): target >= 20x faster, same parameters to 3 decimals.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

import duckdb

from benchmarks.clv import compare
from benchmarks.upscale import upscale_marts
from cdp.config import Settings
from cdp.generate import GeneratorConfig, generate

_STAGE = """
import json, resource, sys, time
from dataclasses import replace
from pathlib import Path
import dagster as dg
from cdp.config import Settings
from pipelines.defs.analytics import ANALYTICS_ASSETS
from pipelines.defs.analytics.resources import AnalyticsResource
from pipelines.defs.resources import WarehouseResource
settings = replace(Settings.for_data_dir(Path(sys.argv[1])), warehouse_path=Path(sys.argv[2]))
began = time.perf_counter()
result = dg.materialize(ANALYTICS_ASSETS, resources={
    "warehouse": WarehouseResource.from_settings(settings),
    "analytics": AnalyticsResource.from_settings(settings)})
seconds = time.perf_counter() - began
steps = {e.step_key: e.event_specific_data.duration_ms / 1000
         for e in result.all_events if e.event_type_value == "STEP_SUCCESS"}
print(json.dumps({"seconds": seconds, "steps": steps, "success": result.success,
                  "peak_gb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1e6}))
"""


def base_warehouse(work_dir: Path) -> Path:
    """The default sample's warehouse, built by the real pipeline once per work dir."""
    root = work_dir / "analytics-base"
    settings = replace(Settings.for_data_dir(root / "data"), dagster_home=root / "dagster")
    if not (root / "built").exists():
        from pipelines.run import materialize_all  # imports dbt assets: parse first

        generate(GeneratorConfig(), settings.data_dir)
        outcome = materialize_all(settings)
        if not outcome.success:
            raise RuntimeError(f"base pipeline failed: {outcome.failed_steps}")
        (root / "built").touch()
    return settings.warehouse_path


def run(customers: int, work_dir: Path) -> dict:
    """Build the scaled warehouse, time the stage and the CLV comparison."""
    began = time.perf_counter()
    target = work_dir / f"analytics-{customers}.duckdb"
    written = upscale_marts(base_warehouse(work_dir), target, customers)
    with duckdb.connect(str(target), read_only=True) as con:
        ((orders, touchpoints, as_of),) = con.execute("""
            select (select count(*) from marts.fct_orders),
                   (select count(*) from marts.fct_touchpoints),
                   (select max(ordered_at)::date from marts.fct_orders)
        """).fetchall()  # fmt: skip
    setup = time.perf_counter() - began
    done = subprocess.run(
        [sys.executable, "-c", _STAGE, str(work_dir / "analytics-reports"), str(target)],
        check=True, capture_output=True, text=True,
    )  # fmt: skip
    stage = json.loads(done.stdout.strip().splitlines()[-1])
    clv = compare(target, as_of)
    return {"customers": written, "orders": orders, "touchpoints": touchpoints,
            "setup_seconds": setup, "stage": stage, "clv": clv}  # fmt: skip


def describe(figures: dict) -> list[str]:
    stage, clv = figures["stage"], figures["clv"]
    steps = ", ".join(f"{k.split('__')[-1]} {v:.1f} s" for k, v in sorted(stage["steps"].items()))
    return [
        f"analytics: {figures['customers']:,} customers, {figures['orders']:,} orders, "
        f"{figures['touchpoints']:,} touchpoints (default sample's marts, upscaled)",
        f"analytics: whole stage {stage['seconds']:.1f} s, peak {stage['peak_gb']:.2f} GB "
        f"({steps})",
        f"analytics: CLV fit ours {clv['ours_seconds']:.1f} s vs lifetimes-native "
        f"{clv['native_seconds']:.1f} s = {clv['speedup']:.1f}x (target >= 20x); "
        f"same parameters to 3 decimals: {clv['same_to_3_decimals']}",
    ]
