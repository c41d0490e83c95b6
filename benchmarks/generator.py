"""Benchmark of the sample-data generator: wall time to write a whole data root.

Run ``python -m benchmarks.generator [customers] [--days D] [--repeat N]``. Shared
machines are noisy, so quote the median of several runs, never a single one.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from cdp.generate import GeneratorConfig, generate


def run(customers: int, days: int = 456, out_dir: Path | None = None) -> dict:
    """Generate ``customers`` persons over ``days`` days once and time it.

    Parameters
    ----------
    customers, days
        Size of the population and of the window.
    out_dir
        Data root to write to; a temporary folder (removed afterwards, outside the
        timing) when None.

    Returns
    -------
    dict
        customers, days, rows, files, seconds and rows_per_second of the run.
    """
    config = GeneratorConfig(customers=customers, days=days)
    with tempfile.TemporaryDirectory(prefix="cdp-bench-") as tmp:
        began = time.perf_counter()
        summary = generate(config, Path(tmp) if out_dir is None else out_dir)
        seconds = time.perf_counter() - began
    rows = sum(summary.rows.values())
    return {
        "customers": customers,
        "days": days,
        "rows": rows,
        "files": sum(summary.files.values()),
        "seconds": round(seconds, 2),
        "rows_per_second": round(rows / seconds),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("customers", type=int, nargs="?", default=100_000)
    parser.add_argument("--days", type=int, default=456)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    runs = [run(args.customers, args.days) for _ in range(args.repeat)]
    for figures in runs:
        print(f"  run: {figures['seconds']:.1f} s, {figures['rows_per_second']:,} rows/s")
    first = runs[0]
    seconds = statistics.median(r["seconds"] for r in runs)
    print(
        f"generator: {first['customers']:,} customers x {first['days']} days -> "
        f"{first['rows']:,} rows in {first['files']:,} files"
    )
    print(
        f"generator: median {seconds:.1f} s over {len(runs)} runs, "
        f"{first['rows'] / seconds:,.0f} rows/s (target: < 60 s at 100,000 customers)"
    )


if __name__ == "__main__":
    main()
