"""`make bench`: run every benchmark stage and print its figures with their scale.

Stages: the sample generator, then ingest of every source against DuckDB's read floor
(:mod:`benchmarks.ingest`), then identity resolution from staging to customer keys
(:mod:`benchmarks.identity`), then the analytics stage at 1,000,000 customers on the
default sample's marts copied up to that size (:mod:`benchmarks.analytics`; set
CDP_BENCH_ANALYTICS_CUSTOMERS to change the size), then the CCPR metric models (dbt,
every model downstream of fct_contacts) on such copies at 1,000,000 customers, timed once
(:mod:`benchmarks.ccpr`; CDP_BENCH_CCPR_CUSTOMERS), then every mart and analytics quality
suite on that warehouse (:mod:`benchmarks.quality`). Figures are medians of repeated runs;
quote them (and ratios) rather than single runs, since shared machines are noisy. Scale
with CDP_BENCH_CUSTOMERS (default 100000); CDP_BENCH_DIR keeps the generated samples
there for the next run. CDP_BENCH_LARGE=1 adds an ingest run at 1,000,000 customers:
about 210M rows and 30 GB of files, far too slow to generate and load for a default run; the
generator alone, simulating ten chunks of 100,000 persons, then takes 4-5.5 minutes on 2
cores and peaks at 5.1-5.6 GB of RAM. That size is timed once (LARGE_REPEATS), not three
times: one floor pass and one ingest pass take about ten minutes (identity resolution
is timed once there too).
"""

from __future__ import annotations

import os
import statistics
import tempfile
from pathlib import Path

from benchmarks import analytics, ccpr, generator, identity, ingest, quality

REPEATS = 3
LARGE_CUSTOMERS = 1_000_000
LARGE_REPEATS = 1
ANALYTICS_CUSTOMERS = 1_000_000
CCPR_CUSTOMERS = 1_000_000


def main() -> None:
    customers = int(os.environ.get("CDP_BENCH_CUSTOMERS", "100000"))
    with tempfile.TemporaryDirectory(prefix="cdp-bench-") as tmp:
        runs = [generator.run(customers, out_dir=Path(tmp) / f"run{i}") for i in range(REPEATS)]
    seconds = statistics.median(r["seconds"] for r in runs)
    rows = runs[0]["rows"]
    print(
        f"generator: {customers:,} customers, {runs[0]['days']} days, {rows:,} rows, "
        f"{runs[0]['files']:,} files"
    )
    print(
        f"generator: median {seconds:.1f} s over {REPEATS} runs "
        f"({rows / seconds:,.0f} rows/s; target < 60 s at 100,000 customers)"
    )
    sizes = [customers]
    if os.environ.get("CDP_BENCH_LARGE") == "1" and customers != LARGE_CUSTOMERS:
        sizes.append(LARGE_CUSTOMERS)
    keep = os.environ.get("CDP_BENCH_DIR")  # keeps generated samples between runs
    with tempfile.TemporaryDirectory(prefix="cdp-bench-samples-") as tmp:
        samples = Path(keep) if keep else Path(tmp)
        for size in sizes:
            repeats = LARGE_REPEATS if size == LARGE_CUSTOMERS else REPEATS
            figures = ingest.run(size, repeats=repeats, work_dir=samples)
            print("\n".join(ingest.describe(figures)), flush=True)
            figures = identity.run(size, work_dir=samples, repeats=repeats)
            print("\n".join(identity.describe(figures)), flush=True)
        size = int(os.environ.get("CDP_BENCH_ANALYTICS_CUSTOMERS", ANALYTICS_CUSTOMERS))
        print("\n".join(analytics.describe(analytics.run(size, work_dir=samples))), flush=True)
        size = int(os.environ.get("CDP_BENCH_CCPR_CUSTOMERS", CCPR_CUSTOMERS))
        figures = ccpr.run(size, work_dir=samples, repeats=LARGE_REPEATS)
        print("\n".join(ccpr.describe(figures)), flush=True)
        warehouse = samples / f"ccpr-{size}.duckdb"  # upscaled marts and CCPR models
        figures = quality.run(warehouse, work_dir=samples, repeats=REPEATS)
        print("\n".join(quality.describe(figures)), flush=True)


if __name__ == "__main__":
    main()
