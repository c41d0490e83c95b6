"""Loading one batch of same-shape files: stage, then write in one transaction.

A batch's raw rows, quarantined rows and ledger rows are committed together, so a crash
leaves every file of the batch either fully loaded or not at all, and the next run
redoes it. If the batch hits a data error, it is rolled back and retried file by file,
so only the bad file is rejected.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import duckdb

from cdp.contracts import LINEAGE_COLUMNS, SourceContract
from cdp.ingest.errors import FileRejectedError
from cdp.ingest.files import LandingFile
from cdp.ingest.readers import READERS
from cdp.ingest.readers.sql import insertion_order
from cdp.ingest.shapes import Shape
from cdp.ingest.tombstones import stage_erased_rows
from cdp.warehouse import LOCK_ERROR_MARKER

# DuckDB errors that mean a bug or the environment (not the file): they propagate
# instead of blaming a file. Any other DuckDB error while reading is the file's fault
# (corrupt Parquet pages, for one, raise a bare duckdb.Error).
NOT_THE_FILE = (
    duckdb.ProgrammingError, duckdb.BinderException, duckdb.CatalogException,
    duckdb.ParserException, duckdb.InternalException, duckdb.TransactionException,
    duckdb.OutOfMemoryException,
)  # fmt: skip


def is_data_error(exc: BaseException) -> bool:
    """Whether ``exc`` says the file being read is bad (rather than our code or disk)."""
    # Checked first: DuckDB derives InvalidInputException from ProgrammingError.
    if isinstance(exc, FileRejectedError | UnicodeDecodeError | duckdb.InvalidInputException
                  | duckdb.ConversionException):  # fmt: skip
        return True
    if isinstance(exc, NOT_THE_FILE):
        return False
    if isinstance(exc, duckdb.IOException) and LOCK_ERROR_MARKER in str(exc):
        return False
    return isinstance(exc, duckdb.Error)


@dataclass(frozen=True)
class FileOutcome:
    """What happened to one file in this run."""

    file_path: str
    status: str
    rows_read: int = 0
    rows_loaded: int = 0
    rows_quarantined: int = 0
    rows_erased: int = 0
    error: str | None = None


@dataclass(frozen=True)
class PlannedFile:
    """A file to load, with what the ledger already knows about its path."""

    file: LandingFile
    sha256: str
    replaces: bool
    first_seen: datetime
    load_id: str
    read_path: Path
    transform: str | None = None


def now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def record(con, source: str, f: PlannedFile, out: FileOutcome, duplicate_of: str | None = None,
           load_id: str | None = None) -> None:  # fmt: skip
    """One ledger row for a file that was not loaded (rejected or duplicate)."""
    con.execute(
        "insert into ingest.file_ledger values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0)",
        [load_id or uuid.uuid4().hex, source, f.file.rel_path, f.file.size_bytes,
         f.file.mtime_ns, f.sha256, out.status, 0, 0, 0, out.error, duplicate_of,
         f.first_seen, now(), f.transform],
    )  # fmt: skip


def _register(con: duckdb.DuckDBPyConnection, batch: list[PlannedFile]) -> None:
    """The batch's files as temp table ``_batch``: one statement, lists zipped by unnest."""
    columns = {
        "path": ("VARCHAR", [str(p.read_path) for p in batch]),
        "rel_path": ("VARCHAR", [p.file.rel_path for p in batch]),
        "load_id": ("VARCHAR", [p.load_id for p in batch]),
        "size_bytes": ("BIGINT", [p.file.size_bytes for p in batch]),
        "mtime_ns": ("BIGINT", [p.file.mtime_ns for p in batch]),
        "sha256": ("VARCHAR", [p.sha256 for p in batch]),
        "replaces": ("BOOLEAN", [p.replaces for p in batch]),
        "first_seen": ("TIMESTAMP", [p.first_seen for p in batch]),
        "transform": ("VARCHAR", [p.transform for p in batch]),
    }
    select = ", ".join(f"unnest(${n}::{t}[]) as {n}" for n, (t, _) in columns.items())
    con.execute(f"create or replace temp table _batch as select {select}",
                {n: values for n, (_, values) in columns.items()})  # fmt: skip


def _write(con: duckdb.DuckDBPyConnection, contract: SourceContract, at: datetime) -> list:
    t, cols = contract.name, ", ".join(f'"{c}"' for c in contract.column_names)
    row_json = "to_json({" + ", ".join(f"'{c}': s.\"{c}\"" for c in contract.column_names) + "})"
    con.execute(f"delete from raw.{t} where _source_file in "
                "(select rel_path from _batch where replaces)")  # fmt: skip
    con.execute("update ingest.file_ledger set status = 'superseded' where source = ? and "
                "status <> 'superseded' and file_path in (select rel_path from _batch "
                "where replaces)", [t])  # fmt: skip
    # By name: a raw table that gained columns (see ensure_tables) has them at the end.
    targets = ", ".join(f'"{c}"' for c in (*contract.column_names, *LINEAGE_COLUMNS))
    stage_erased_rows(con, contract)  # rows of erased people: counted, never stored
    con.execute(f"""
        insert into raw.{t} ({targets})
        select {cols}, b.rel_path, s._row_number, b.load_id, $at
        from _stage s join _batch b on s._path = b.path
        anti join _erased e on e._path = s._path and e._row_number = s._row_number
        where s._error_reason is null
    """, {"at": at})  # fmt: skip
    con.execute(f"""
        insert into ingest.quarantine
        select b.load_id, $t, b.rel_path, s._row_number, s._error_column, s._error_reason,
               coalesce(s._raw_text, {row_json}::varchar), $at
        from _stage s join _batch b on s._path = b.path where s._error_reason is not null
        union all
        select b.load_id, $t, b.rel_path, r.line_number, r.column_name, r.reason, r.raw_text,
               $at
        from _stage_rejects r join _batch b on r._path = b.path
    """, {"t": t, "at": at})  # fmt: skip
    return con.execute("""
        insert into ingest.file_ledger
        with staged as (
            select _path, count(*) as n, count(*) filter (where _error_reason is not null) as q
            from _stage group by 1
        ), rejects as (select _path, count(*) as n from _stage_rejects group by 1),
        erased as (select _path, count(*) as n from _erased group by 1)
        select b.load_id, $t, b.rel_path, b.size_bytes, b.mtime_ns, b.sha256,
               if(coalesce(s.q, 0) + coalesce(r.n, 0) = 0, 'loaded', 'partially_loaded'),
               coalesce(s.n, 0) + coalesce(r.n, 0),
               coalesce(s.n, 0) - coalesce(s.q, 0) - coalesce(e.n, 0),
               coalesce(s.q, 0) + coalesce(r.n, 0), null, null, b.first_seen, $at, b.transform,
               coalesce(e.n, 0)
        from _batch b left join staged s on s._path = b.path left join rejects r on r._path = b.path
            left join erased e on e._path = b.path
        returning file_path, status, rows_read, rows_loaded, rows_quarantined, rows_erased
    """, {"t": t, "at": at}).fetchall()  # fmt: skip


def _message(planned: PlannedFile, exc: Exception) -> str:
    """One readable line naming the file (DuckDB's own messages name line and column)."""
    if isinstance(exc, FileRejectedError):
        return str(exc)
    text = " ".join(str(exc).split())
    return f"{planned.file.rel_path}: {text[:600]}"


def load_batch(con: duckdb.DuckDBPyConnection, contract: SourceContract,
               batch: list[PlannedFile], shape: Shape) -> list[FileOutcome]:  # fmt: skip
    """Load ``batch`` (files of one shape) and return each file's outcome."""
    # Staged and raw rows carry their file and line, so the order rows are stored in is
    # irrelevant (a reader that needs it says so): unordered writes stay parallel.
    with insertion_order(con, preserve=False):
        con.execute("begin transaction")
        try:
            _register(con, batch)
            READERS[shape.format](con, contract, [str(p.read_path) for p in batch], shape)
            rows = _write(con, contract, now())
            con.execute("commit")
        except Exception as exc:
            con.execute("rollback")
            if not is_data_error(exc):
                raise
            if len(batch) > 1:  # find the bad file(s): the others still load
                return [out for p in batch for out in load_batch(con, contract, [p], shape)]
            (planned,) = batch
            out = FileOutcome(planned.file.rel_path, "rejected", error=_message(planned, exc))
            record(con, contract.name, planned, out, load_id=planned.load_id)
            return [out]
    return [FileOutcome(*row) for row in sorted(rows)]
