"""The ingest bookkeeping tables: file ledger and quarantine, and the raw tables.

``ingest.file_ledger`` holds one row per file load attempt. A file's *current* row is the
latest one that is not ``superseded``. Statuses:

- ``loaded``: every row loaded; ``partially_loaded``: some rows quarantined;
- ``rejected``: the file could not be read (the error says why), nothing loaded;
- ``duplicate``: same content as a file already loaded under another name, skipped;
- ``superseded``: an older version of a file whose content changed since.

``ingest.quarantine`` keeps every rejected row with its file, line, column, reason and
raw text, so that rows read = rows loaded + rows quarantined for every file.
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb

from cdp.contracts import LINEAGE_COLUMNS, SourceContract

LEDGER_DDL = """
create schema if not exists ingest;
create table if not exists ingest.file_ledger (
    load_id varchar primary key,
    source varchar not null,
    file_path varchar not null,
    size_bytes bigint not null,
    mtime_ns bigint not null,
    content_sha256 varchar not null,
    status varchar not null,
    rows_read bigint not null,
    rows_loaded bigint not null,
    rows_quarantined bigint not null,
    error varchar,
    duplicate_of varchar,
    first_seen_at timestamp not null,
    loaded_at timestamp not null
);
create table if not exists ingest.quarantine (
    load_id varchar not null,
    source varchar not null,
    file_path varchar not null,
    line_number bigint,
    column_name varchar,
    reason varchar not null,
    raw_text varchar,
    quarantined_at timestamp not null
);
"""


@dataclass(frozen=True)
class LedgerEntry:
    """The current ledger row of one file path."""

    file_path: str
    size_bytes: int
    mtime_ns: int
    content_sha256: str
    status: str
    load_id: str
    first_seen_at: object


def ensure_tables(con: duckdb.DuckDBPyConnection, contract: SourceContract) -> None:
    """Create the ingest tables and ``raw.<source>`` if they do not exist yet."""
    con.execute(LEDGER_DDL)
    con.execute("create schema if not exists raw")
    columns = {**contract.duckdb_types, **LINEAGE_COLUMNS}
    body = ",\n    ".join(f'"{name}" {type_}' for name, type_ in columns.items())
    con.execute(f"create table if not exists raw.{contract.name} (\n    {body}\n)")


def current_entries(con: duckdb.DuckDBPyConnection, source: str) -> dict[str, LedgerEntry]:
    """Current ledger row per file path of ``source``."""
    rows = con.execute(
        """
        select file_path, size_bytes, mtime_ns, content_sha256, status, load_id, first_seen_at
        from ingest.file_ledger
        where source = ? and status <> 'superseded'
        qualify row_number() over (partition by file_path order by loaded_at desc) = 1
        """,
        [source],
    ).fetchall()
    return {row[0]: LedgerEntry(*row) for row in rows}


def loaded_hashes(con: duckdb.DuckDBPyConnection, source: str) -> dict[str, str]:
    """Content hash → file path, for the files of ``source`` whose rows are in raw."""
    rows = con.execute(
        """
        select content_sha256, min(file_path) from ingest.file_ledger
        where source = ? and status in ('loaded', 'partially_loaded')
        group by 1
        """,
        [source],
    ).fetchall()
    return dict(rows)
