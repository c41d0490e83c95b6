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
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
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


def _plan(con, contract: SourceContract, files: list[LandingFile], tmp_dir: Path,
          report: SourceReport) -> Iterator[tuple[Shape, PlannedFile]]:  # fmt: skip
    """Decide each file's fate; yield the files to load, with their shape.

    Fingerprinting (a full read and hash of each file) runs in a background thread,
    ahead of the decisions: while the caller loads one batch in DuckDB, which releases
    the GIL, the next files are already being hashed.
    """
    current = current_entries(con, contract.name)
    hashes = loaded_hashes(con, contract.name)
    changed = [f for f in files if (e := current.get(f.rel_path)) is None
               or (e.size_bytes, e.mtime_ns) != (f.size_bytes, f.mtime_ns)]  # fmt: skip
    text = contract.format != "parquet"
    pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="cdp-hash")
    try:
        for f, (sha, utf8) in zip(changed, pool.map(lambda f: f.inspect(text), changed),
                                  strict=True):  # fmt: skip
            entry = current.get(f.rel_path)
            if entry and entry.content_sha256 == sha:  # touched, not changed: note new mtime
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
                if text:
                    read_path, transform = readable_copy(f, utf8, tmp_dir)
                    planned = replace(planned, read_path=read_path, transform=transform)
                shape = shape_of(contract, f, planned.read_path)
            except (FileRejectedError, OSError, EOFError, zlib.error) as exc:
                error = str(exc) if isinstance(exc, FileRejectedError) else f"{f.rel_path}: {exc}"
                out = FileOutcome(f.rel_path, "rejected", error=error)
                record(con, contract.name, planned, out, load_id=planned.load_id)
                report.outcomes.append(out)
                continue
            yield shape, planned
    finally:  # on an error, hash no further files
        pool.shutdown(cancel_futures=True)


def ingest_source(
    con: duckdb.DuckDBPyConnection, contract: SourceContract, landing_dir: Path
) -> SourceReport:
    """Load every new or changed file of ``contract`` from ``landing_dir``.

    Files of one shape are loaded in batches bounded in file count and bytes (memory
    stays flat); a batch is loaded as soon as it is full, while later files are hashed.
    """
    ensure_tables(con, contract)
    files = discover(landing_dir, contract)
    report = SourceReport(contract.name, files_seen=len(files))
    pending: dict[tuple, tuple[Shape, list[PlannedFile]]] = {}

    def flush(key: tuple) -> None:
        shape, batch = pending.pop(key)
        report.outcomes.extend(load_batch(con, contract, batch, shape))

    with tempfile.TemporaryDirectory(prefix="cdp-ingest-") as tmp:
        for shape, planned in _plan(con, contract, files, Path(tmp), report):
            _, batch = pending.setdefault(shape.key, (shape, []))
            size = sum(p.file.size_bytes for p in batch)
            if batch and (len(batch) >= MAX_BATCH_FILES
                          or size + planned.file.size_bytes > MAX_BATCH_BYTES):  # fmt: skip
                flush(shape.key)
                pending[shape.key] = (shape, [])
            pending[shape.key][1].append(planned)
        for key in list(pending):
            flush(key)
    report.outcomes.sort(key=lambda o: o.file_path)
    report.raw_rows = scalar(con, f"select count(*) from raw.{contract.name}")
    return report
