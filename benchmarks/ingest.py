"""Benchmark of ingest: every source loaded into ``raw.*``, against DuckDB's own read floor.

*Floor*: DuckDB alone reading each source's files once into a table of a fresh on-disk
database, typed to the contract, nothing more. *Ingest*: :func:`cdp.ingest.ingest_source`
for every source into another fresh database (ledger, hashing, lineage, quarantine); the
*re-run* is a second pass that finds nothing new. Target: ingest <= 2x the floor. Each
source's time ends with a ``CHECKPOINT``; floor and ingest alternate within each repeat
(same page cache, same load drift); figures are medians over the repeats.

``make bench`` runs it (see :mod:`benchmarks.__main__`); or call :func:`run`. 100,000
customers make 21M rows (3.0 GB of files); 1,000,000 make about 210M rows and 30 GB, so
``make bench`` runs that size only when ``CDP_BENCH_LARGE=1``.
"""

from __future__ import annotations

import csv
import json
import statistics
import tempfile
import time
from pathlib import Path

import duckdb

from cdp.contracts import SOURCES, SourceContract
from cdp.generate import GeneratorConfig, generate
from cdp.ingest import ingest_source

SEED = 42
MARKER = "bench-sample.json"  # written last: its presence means the sample is complete


def sample(root: Path, customers: int, days: int) -> dict[str, int]:
    """Rows per source of the sample under ``root``, generating it unless already there."""
    marker = root / MARKER
    if not marker.exists():
        summary = generate(GeneratorConfig(customers=customers, days=days, seed=SEED), root)
        marker.write_text(json.dumps(summary.rows))
    return json.loads(marker.read_text())


def _read_sql(contract: SourceContract, paths: list[Path]) -> str:
    """DuckDB's plain read of ``paths``, typed to the contract and nothing else."""
    files = "[" + ", ".join("'" + str(p).replace("'", "''") + "'" for p in paths) + "]"
    if contract.format == "parquet":
        return f"read_parquet({files})"
    types = contract.duckdb_types
    if contract.format == "csv":  # CSV columns are positional: follow the header's order
        with paths[0].open(newline="") as fh:
            types = {h: types.get(h, "VARCHAR") for h in next(csv.reader(fh))}
    columns = "{" + ", ".join(f"'{name}': '{type_}'" for name, type_ in types.items()) + "}"
    typed = f"columns={columns}, ignore_errors=true"
    if contract.format == "csv":
        return f"read_csv({files}, header=true, delim=',', quote='\"', escape='\"', {typed})"
    return f"read_json({files}, format='newline_delimited', {typed})"


def _floor_pass(db: Path, files: dict[str, list[Path]]) -> dict[str, float]:
    seconds = {}
    with duckdb.connect(str(db)) as con:
        con.execute("set enable_progress_bar = false")  # no bars on stderr during long scans
        for name, paths in files.items():
            began = time.perf_counter()
            con.execute(f"create table {name} as select * from {_read_sql(SOURCES[name], paths)}")
            con.execute("checkpoint")
            seconds[name] = time.perf_counter() - began
    return seconds


def _ingest_pass(con: duckdb.DuckDBPyConnection, landing: Path) -> tuple[dict, dict]:
    seconds, reports = {}, {}
    for name, contract in SOURCES.items():
        began = time.perf_counter()
        reports[name] = ingest_source(con, contract, landing)
        con.execute("checkpoint")
        seconds[name] = time.perf_counter() - began
    return seconds, reports


def run(customers: int, days: int = 456, repeats: int = 3, work_dir: Path | None = None) -> dict:
    """Time ingest of a whole generated sample against DuckDB's read floor.

    Parameters
    ----------
    customers, days
        Size of the sample, generated once with a fixed seed.
    repeats
        Floor and ingest runs, each into a fresh DuckDB file.
    work_dir
        Keeps the sample in ``work_dir/sample-<customers>c-<days>d/`` and reuses it if a
        complete one is there; None: a temporary folder, removed afterwards.

    Returns
    -------
    dict
        customers, days, rows, files, bytes; medians floor_s, ingest_s, rerun_s, ratio;
        rerun_new_files (0 expected); ``sources``: the same per source, with raw_rows etc.
    """
    with tempfile.TemporaryDirectory(prefix="cdp-bench-ingest-") as tmp:
        root = (work_dir or Path(tmp)) / f"sample-{customers}c-{days}d"
        rows = sample(root, customers, days)
        landing = root / "landing"
        files = {n: sorted((landing / n).glob("*" + c.extension)) for n, c in SOURCES.items()}
        files = {n: paths for n, paths in files.items() if paths}
        sizes = {n: sum(p.stat().st_size for p in paths) for n, paths in files.items()}
        runs: dict[str, list[dict[str, float]]] = {"floor_s": [], "ingest_s": [], "rerun_s": []}
        for i in range(repeats):
            runs["floor_s"].append(_floor_pass(Path(tmp) / f"floor{i}.duckdb", files))
            with duckdb.connect(str(Path(tmp) / f"ingest{i}.duckdb")) as con:
                con.execute("set enable_progress_bar = false")
                seconds, reports = _ingest_pass(con, landing)
                runs["ingest_s"].append(seconds)
                seconds, again = _ingest_pass(con, landing)
                runs["rerun_s"].append(seconds)
            for db in Path(tmp).glob("*.duckdb*"):
                db.unlink()
    sources = {}
    for name, paths in files.items():
        sources[name] = {"format": SOURCES[name].format, "files": len(paths),
                         "bytes": sizes[name], "rows": rows[name],
                         "raw_rows": reports[name].raw_rows,
                         "quarantined_rows": reports[name].count("rows_quarantined")}  # fmt: skip
        sources[name].update({k: statistics.median(r[name] for r in v) for k, v in runs.items()})
        sources[name]["ratio"] = sources[name]["ingest_s"] / sources[name]["floor_s"]
    totals = {k: statistics.median(sum(r.values()) for r in v) for k, v in runs.items()}
    totals["ratio"] = totals["ingest_s"] / totals["floor_s"]
    return {"customers": customers, "days": days, "repeats": repeats, "rows": sum(rows.values()),
            "files": sum(map(len, files.values())), "bytes": sum(sizes.values()), **totals,
            "rerun_new_files": sum(len(r.outcomes) for r in again.values()),
            "sources": sources}  # fmt: skip


def describe(figures: dict) -> list[str]:
    """Printable lines: the headline figures, then sources by time ingest adds to floor."""
    f = figures
    lines = [
        f"ingest: {f['customers']:,} customers, {f['rows']:,} rows in {f['files']:,} files "
        f"({f['bytes'] / 1e9:.2f} GB), median of {f['repeats']}: floor {f['floor_s']:.1f} s, "
        f"ingest {f['ingest_s']:.1f} s, ratio B/A = {f['ratio']:.2f} (target <= 2.0); "
        f"re-run with nothing new {f['rerun_s']:.2f} s ({f['rerun_new_files']} files loaded)"
    ]
    by_excess = sorted(f["sources"].items(), key=lambda kv: kv[1]["floor_s"] - kv[1]["ingest_s"])
    for name, s in by_excess:
        lines.append(
            f"  {name:<20} {s['format']:<7} {s['files']:>4} files {s['bytes'] / 1e6:>7,.0f} MB "
            f"{s['rows']:>12,} rows: floor {s['floor_s']:6.2f} s, ingest {s['ingest_s']:6.2f} s "
            f"({s['ratio']:4.1f}x), re-run {s['rerun_s']:5.2f} s"
        )
    return lines
