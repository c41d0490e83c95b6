"""Write each source as one file per day, in the contract's format, columns and types."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import date, timedelta
from functools import partial
from pathlib import Path

import numpy as np
import polars as pl
import pyarrow.parquet as pq

from cdp.contracts import SOURCES, SourceContract
from cdp.generate.dirt import break_line
from cdp.generate.lines import Serialised

SIMPLE_TYPES = {
    "VARCHAR": pl.String,
    "TIMESTAMP": pl.Datetime("us"),
    "DATE": pl.Date,
    "BOOLEAN": pl.Boolean,
    "INTEGER": pl.Int32,
    "BIGINT": pl.Int64,
    "DOUBLE": pl.Float64,
}
TRUTH_FILES = ("persons.parquet", "records.parquet", "identifiers.parquet")
BATCH_ROWS = 1 << 20  # rows serialised at once: fast, and a few hundred MB of text at most
Span = tuple[Path, int, int]  # a file and its rows, first to stop


def polars_type(duckdb_type: str) -> pl.DataType:
    """The polars dtype that writes a contract's DuckDB type faithfully."""
    if duckdb_type in SIMPLE_TYPES:
        return SIMPLE_TYPES[duckdb_type]
    if m := re.fullmatch(r"DECIMAL\((\d+),\s*(\d+)\)", duckdb_type):
        return pl.Decimal(int(m[1]), int(m[2]))
    if m := re.fullmatch(r"STRUCT\((.*)\)", duckdb_type):
        fields = [f.strip().split(" ", 1) for f in m[1].split(",")]
        return pl.Struct({name: polars_type(kind.strip()) for name, kind in fields})
    raise ValueError(f"no polars type for contract type {duckdb_type!r}")


def clear(landing_dir: Path, truth_dir: Path) -> None:
    """Remove what an earlier run wrote, and nothing else.

    Only files named like generator outputs (daily files, and their parts when the world
    was split into chunks) are deleted, so exports a user dropped into the landing
    folders by hand survive a re-generation.
    """
    for contract in SOURCES.values():
        for path in (landing_dir / contract.name).glob(f"{contract.name}_*{contract.extension}"):
            if re.fullmatch(rf"{contract.name}_\d{{4}}-\d{{2}}-\d{{2}}(-part-\d+)?", path.stem):
                path.unlink()
    for name in TRUTH_FILES:
        (truth_dir / name).unlink(missing_ok=True)


def file_day(contract: SourceContract, start: date) -> pl.Expr:
    """Day of the window a row's timestamp falls on: the file it is exported in."""
    return (pl.col(contract.timestamp_column).cast(pl.Date) - pl.lit(start)).dt.total_days()


def file_names(contract: SourceContract, start: date, days: int, suffix: str = "") -> list[str]:
    """The file name of each day of the window; a chunk's parts add a ``suffix``."""
    return [
        f"{contract.name}_{start + timedelta(days=d)}{suffix}{contract.extension}"
        for d in range(days)
    ]


def lay_out(frame: pl.DataFrame, contract: SourceContract) -> pl.DataFrame:
    """Sort rows by file, then by time; add each row's 1-based row number in its file."""
    # One integer key sorts faster than two columns; a late duplicate keeps its old time
    # and so opens the next day's file.
    ts = pl.col(contract.timestamp_column).cast(pl.Datetime("ms")).dt.epoch("s")
    key = frame.select(pl.col("_file_day") * 2**34 + ts).to_series().to_numpy()
    # A stable argsort and one gather: polars' own sort of a frame made of several chunks
    # (rows and their duplicates) costs another copy of the frame on the way.
    frame = frame[np.argsort(key, kind="stable")]
    day = frame["_file_day"].to_numpy()
    first = np.flatnonzero(np.r_[True, day[1:] != day[:-1]])
    counts = np.diff(np.r_[first, len(day)])
    return frame.with_columns(_row=np.arange(1, len(day) + 1) - np.repeat(first, counts))


def write(
    frame: pl.DataFrame, contract: SourceContract, landing_dir: Path, names: list[str]
) -> int:
    """Write a laid-out frame as daily files; returns how many files were written.

    Text formats are serialised a batch of days at a time and cut into files at day
    boundaries, which is much faster than thousands of small writes and keeps the text
    in memory small. Rows flagged in ``_broken`` are damaged after serialisation (see
    :func:`cdp.generate.dirt.break_line`).
    """
    folder = landing_dir / contract.name
    folder.mkdir(parents=True, exist_ok=True)
    if frame.is_empty():
        return 0
    rows = frame.select(pl.col(c.name).cast(polars_type(c.type)) for c in contract.columns)
    day = frame["_file_day"].to_numpy()
    broken = frame["_broken"].to_numpy()
    bounds = np.flatnonzero(np.r_[True, day[1:] != day[:-1], True])
    paths = [folder / names[d] for d in day[bounds[:-1]]]
    spans = list(zip(paths, bounds[:-1], bounds[1:], strict=True))
    # Creating files is slow on some file systems and releases the GIL: overlap it.
    with ThreadPoolExecutor(max_workers=4) as pool:
        for batch in _batches(spans):
            list(pool.map(lambda job: job(), _jobs(rows, broken, contract, batch)))
    return len(spans)


def _batches(spans: list[Span]) -> Iterator[list[Span]]:
    """Consecutive files of about ``BATCH_ROWS`` rows together (a whole file at least)."""
    batch: list[Span] = []
    for span in spans:  # one element per file: a few hundred
        batch.append(span)
        if span[2] - batch[0][1] >= BATCH_ROWS:
            yield batch
            batch = []
    if batch:
        yield batch


def _jobs(
    rows: pl.DataFrame, broken: np.ndarray, contract: SourceContract, batch: list[Span]
) -> list[Callable[[], object]]:
    """One job writing each file of a ``batch`` of consecutive files."""
    first, stop = batch[0][1], batch[-1][2]
    rows = rows.slice(first, stop - first)
    if contract.format == "parquet":
        table = rows.to_arrow()
        return [
            partial(pq.write_table, table.slice(a - first, b - a), path) for path, a, b in batch
        ]
    text = Serialised.of(rows, contract.name, contract.format)
    return [
        partial(
            _write_chunks, path, text.file(a - first, b - first, broken[first:stop], break_line)
        )
        for path, a, b in batch
    ]


def _write_chunks(path: Path, chunks: list[bytes | memoryview]) -> None:
    with path.open("wb") as out:
        out.writelines(chunks)
