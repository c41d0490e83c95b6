"""Loading a source's landing files into ``raw.<source>``.

Policy, per file (see :mod:`cdp.ingest.ledger` for the statuses):

- unchanged since its last load (same path, size and mtime): skipped without reading;
- same content as a file already loaded (any name): skipped, recorded ``duplicate``;
- new content under a known path: the new version *replaces* the old version's rows;
- unreadable: recorded ``rejected`` with the error; rows already in raw stay as they were.

New files are grouped by shape and loaded in batches (:mod:`cdp.ingest.batch`): one scan
and one transaction per batch, file-by-file only when a batch hits a bad file.
"""

from __future__ import annotations

import tempfile
import uuid
import zlib
from dataclasses import dataclass, field, replace
from pathlib import Path

import duckdb

from cdp.contracts import SourceContract
from cdp.ingest.batch import FileOutcome, PlannedFile, load_batch, now, record
from cdp.ingest.errors import FileRejectedError
from cdp.ingest.files import LandingFile, discover, readable_copy
from cdp.ingest.ledger import current_entries, ensure_tables, loaded_hashes
from cdp.ingest.shapes import Shape, shape_of
from cdp.warehouse import scalar

MAX_BATCH_FILES = 500
MAX_BATCH_BYTES = 512 * 1024 * 1024


@dataclass
class SourceReport:
    """What one source's ingest did, for logs, asset metadata and the CLI."""

    source: str
    files_seen: int = 0
    outcomes: list[FileOutcome] = field(default_factory=list)
    raw_rows: int = 0

    def count(self, attr: str) -> int:
        return sum(getattr(o, attr) for o in self.outcomes)

    def with_status(self, *statuses: str) -> list[FileOutcome]:
        return [o for o in self.outcomes if o.status in statuses]


def _batches(files: list[PlannedFile]) -> list[list[PlannedFile]]:
    """Consecutive chunks bounded in file count and bytes (memory stays flat)."""
    out: list[list[PlannedFile]] = [[]]
    size = 0
    for p in files:
        if out[-1] and (
            len(out[-1]) >= MAX_BATCH_FILES or size + p.file.size_bytes > MAX_BATCH_BYTES
        ):
            out.append([])
            size = 0
        out[-1].append(p)
        size += p.file.size_bytes
    return [b for b in out if b]


def _plan(con, contract: SourceContract, files: list[LandingFile], tmp_dir: Path,
          report: SourceReport) -> dict[tuple, tuple[Shape, list[PlannedFile]]]:  # fmt: skip
    """Decide each file's fate; return the files to load, grouped by shape."""
    current = current_entries(con, contract.name)
    hashes = loaded_hashes(con, contract.name)
    groups: dict[tuple, tuple[Shape, list[PlannedFile]]] = {}
    for f in files:
        entry = current.get(f.rel_path)
        if entry and (entry.size_bytes, entry.mtime_ns) == (f.size_bytes, f.mtime_ns):
            continue
        sha, utf8 = f.inspect(text=contract.format != "parquet")
        if entry and entry.content_sha256 == sha:  # touched, not changed: remember new mtime
            con.execute("update ingest.file_ledger set mtime_ns = ? where load_id = ?",
                        [f.mtime_ns, entry.load_id])  # fmt: skip
            continue
        planned = PlannedFile(f, sha, replaces=entry is not None,
                              first_seen=entry.first_seen_at if entry else now(),
                              load_id=uuid.uuid4().hex, read_path=f.path)  # fmt: skip
        original = hashes.get(sha)
        if original is not None and original != f.rel_path:
            out = FileOutcome(f.rel_path, "duplicate")
            record(con, contract.name, planned, out, duplicate_of=original)
            report.outcomes.append(out)
            continue
        hashes[sha] = f.rel_path
        try:
            if contract.format != "parquet":
                read_path, transform = readable_copy(f, utf8, tmp_dir)
                planned = replace(planned, read_path=read_path, transform=transform)
            shape = shape_of(contract, f, planned.read_path)
        except (FileRejectedError, OSError, EOFError, zlib.error) as exc:
            error = str(exc) if isinstance(exc, FileRejectedError) else f"{f.rel_path}: {exc}"
            out = FileOutcome(f.rel_path, "rejected", error=error)
            record(con, contract.name, planned, out, load_id=planned.load_id)
            report.outcomes.append(out)
            continue
        groups.setdefault(shape.key, (shape, []))[1].append(planned)
    return groups


def ingest_source(
    con: duckdb.DuckDBPyConnection, contract: SourceContract, landing_dir: Path
) -> SourceReport:
    """Load every new or changed file of ``contract`` from ``landing_dir``."""
    ensure_tables(con, contract)
    files = discover(landing_dir, contract)
    report = SourceReport(contract.name, files_seen=len(files))
    with tempfile.TemporaryDirectory(prefix="cdp-ingest-") as tmp:
        for shape, planned_files in _plan(con, contract, files, Path(tmp), report).values():
            for batch in _batches(planned_files):
                report.outcomes += load_batch(con, contract, batch, shape)
    report.outcomes.sort(key=lambda o: o.file_path)
    report.raw_rows = scalar(con, f"select count(*) from raw.{contract.name}")
    return report
