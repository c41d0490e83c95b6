"""The ingest bookkeeping tables: file ledger and quarantine, and the raw tables.

``ingest.file_ledger`` holds one row per file load attempt. A file's *current* row is the
latest one that is not ``superseded``. Statuses:

- ``loaded``: every row loaded; ``partially_loaded``: some rows quarantined;
- ``rejected``: the file could not be read (the error says why), nothing loaded;
- ``duplicate``: same content as a file already loaded under another name, skipped;
- ``superseded``: an older version of a file whose content changed since.

``transform`` says what was done to read a file, e.g. ``gunzip`` or ``cp1252->utf-8``
for an export in a legacy encoding (see :func:`cdp.ingest.files.readable_copy`).

``ingest.quarantine`` keeps every rejected row with its file, line, column, reason and
raw text, so that rows read = rows loaded + rows quarantined + rows erased for every
file (erased: rows of a person erased by ``cdp forget``, see :mod:`cdp.privacy.erasure`).
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
    loaded_at timestamp not null,
    transform varchar
);
-- Ledgers written before `transform` existed gain it (nullable, so nothing else changes).
alter table ingest.file_ledger add column if not exists transform varchar;
-- Rows of the file that are not in raw because their person was erased (cdp forget):
-- removed afterwards, or dropped at load by a tombstone.
alter table ingest.file_ledger add column if not exists rows_erased bigint default 0;
-- The current row of every file: its latest attempt that a newer version did not replace.
create or replace view ingest.current_files as
select * from ingest.file_ledger
where status <> 'superseded'
qualify row_number() over (partition by source, file_path order by loaded_at desc) = 1;
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
    """Create the ingest tables and ``raw.<source>``, or add the columns it lacks.

    A contract may gain (optional) columns between releases; a warehouse built before
    gets them added, null for the rows already loaded, instead of failing every load.
    """
    con.execute(LEDGER_DDL)
    con.execute("create schema if not exists raw")
    columns = {**contract.duckdb_types, **LINEAGE_COLUMNS}
    body = ",\n    ".join(f'"{name}" {type_}' for name, type_ in columns.items())
    con.execute(f"create table if not exists raw.{contract.name} (\n    {body}\n)")
    for name, type_ in columns.items():
        con.execute(f'alter table raw.{contract.name} add column if not exists "{name}" {type_}')


def current_entries(con: duckdb.DuckDBPyConnection, source: str) -> dict[str, LedgerEntry]:
    """Current ledger row per file path of ``source``."""
    rows = con.execute(
        """
        select file_path, size_bytes, mtime_ns, content_sha256, status, load_id, first_seen_at
        from ingest.current_files where source = ?
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


RECONCILE_SQL = """
with files as (
    select load_id, file_path, rows_read, rows_loaded, rows_quarantined,
        coalesce(rows_erased, 0) as rows_erased
    from ingest.file_ledger
    where source = $source and status in ('loaded', 'partially_loaded')
),
raw_counts as (select _load_id as load_id, count(*) as n from raw.{table} group by 1),
quarantine_counts as (
    select load_id, count(*) as n from ingest.quarantine where source = $source group by 1
)
select coalesce(f.file_path, '(rows of no current load: ' || r.load_id || ')') as file_path,
       f.rows_read, f.rows_loaded, f.rows_quarantined,
       coalesce(r.n, 0) as rows_in_raw, coalesce(q.n, 0) as rows_in_quarantine
from files f
full join raw_counts r using (load_id)
left join quarantine_counts q using (load_id)
where f.load_id is null
   or f.rows_read <> f.rows_loaded + f.rows_quarantined + f.rows_erased
   or coalesce(r.n, 0) <> f.rows_loaded
   or coalesce(q.n, 0) <> f.rows_quarantined
"""


def unreconciled_files(con: duckdb.DuckDBPyConnection, source: str) -> list[tuple]:
    """Files of ``source`` whose counts do not add up, and raw rows of no current load.

    Empty when every loaded file has rows read = loaded + quarantined + erased, exactly its
    loaded rows in ``raw.<source>`` and its quarantined rows in ``ingest.quarantine``.
    """
    return con.execute(RECONCILE_SQL.format(table=source), {"source": source}).fetchall()
