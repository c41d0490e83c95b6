"""Erasing a person from the warehouse: every layer, counted, and not coming back.

The footprint (:mod:`cdp.privacy.footprint`) names the person's customer keys,
identifiers and source records. Rows are then deleted, in one transaction, from:

- ``raw.<source>``: the keyed records (by file and line) and any row whose identifier
  normalises to one of theirs; the file ledger moves those rows from loaded to erased,
  so every file still reconciles;
- ``ingest.quarantine``: rejected lines whose text carries one of their identifiers;
- every table of staging, intermediate, identity, marts, analytics and segments, by
  role: ``customer_key``, file and line, ``(source, record_id)``, a text or text-list
  column holding one of their identifier values (raw spellings included) or node ids,
  identifier-set lists.

A scan of every text column of those tables then counts what is left (nothing, or the
erasure fails and rolls back). Tombstones (SHA-256 of each normalised identifier and
record id, never the value) stop ingest from loading them again.
"""

from __future__ import annotations

import duckdb

from cdp.contracts import SOURCES
from cdp.privacy.footprint import RECORD_KIND_PREFIX, Footprint, record_id_sql

TABLE_SCHEMAS = ("staging", "intermediate", "identity", "marts", "analytics", "segments")
TOMBSTONES_DDL = """
create schema if not exists privacy;
create table if not exists privacy.erasure_tombstones (
    erasure_id varchar not null, kind varchar not null, value_sha256 varchar not null,
    erased_at timestamp not null);
"""


class ErasureIncompleteError(RuntimeError):
    """Values of the person were still found after deletion (the erasure rolled back)."""


def _stage(con: duckdb.DuckDBPyConnection, person: Footprint) -> None:
    """Temp tables of what to erase: keys, node ids, records, their raw lineage, values."""
    con.execute(
        "create or replace temp table _erase_keys as select unnest($k::varchar[]) as v",
        {"k": list(person.customers)},
    )
    con.execute(
        "create or replace temp table _erase_ids as select unnest($i::varchar[]) as v",
        {"i": person.identifier_ids},
    )
    con.execute(
        """create or replace temp table _erase_identifiers as
        select unnest($k::varchar[]) as kind, unnest($v::varchar[]) as value""",
        {"k": [k for k, _ in person.identifiers], "v": [v for _, v in person.identifiers]},
    )
    con.execute(
        """create or replace temp table _erase_records as
        select unnest($s::varchar[]) as source, unnest($r::varchar[]) as record_id""",
        {"s": [s for s, _ in person.records], "r": [r for _, r in person.records]},
    )
    con.execute(
        "create or replace temp table _erase_lineage "
        "(source varchar, _source_file varchar, _row_number bigint, _load_id varchar)"
    )
    con.execute(
        "create or replace temp table _erase_values as "
        "select v from _erase_keys union select v from _erase_ids "
        "union select value from _erase_identifiers"
    )


def _raw_match(source: str) -> str:
    """Rows of ``raw.<source>`` that are the person's: keyed records, or an identifier."""
    contract = SOURCES[source]
    ors = [
        f"({record_id_sql(contract, 'r')}) in "
        f"(select record_id from _erase_records where source = '{source}')"
    ]
    for column, kind in contract.identifier_columns.items():
        ors.append(
            f"privacy.normalize_identifier('{kind}', r.\"{column}\") in "
            f"(select value from _erase_identifiers where kind = '{kind}')"
        )
    return " or ".join(ors)


def _erase_raw(con: duckdb.DuckDBPyConnection, counts: dict[str, int]) -> None:
    for source, contract in SOURCES.items():
        match = _raw_match(source)
        con.execute(f"""insert into _erase_lineage select '{source}', _source_file,
            _row_number, _load_id from raw.{source} as r where {match}""")
        for column in contract.identifier_columns:  # every raw spelling, for later scans
            con.execute(
                f'insert into _erase_values select distinct cast(r."{column}" as varchar) '
                f'from raw.{source} as r where ({match}) and r."{column}" is not null'
            )
        counts[f"raw.{source}"] = _delete(
            con,
            f"raw.{source}",
            f"""(_source_file, _row_number)
            in (select _source_file, _row_number from _erase_lineage where source = '{source}')""",
        )
    con.execute("""update ingest.file_ledger as f set rows_loaded = f.rows_loaded - e.n,
            rows_erased = coalesce(f.rows_erased, 0) + e.n
        from (select _load_id, count(*) as n from _erase_lineage group by 1) as e
        where f.load_id = e._load_id""")
    quarantined = "exists (select 1 from _erase_values where contains(lower(q.raw_text), lower(v)))"
    con.execute(f"""update ingest.file_ledger as f
        set rows_quarantined = f.rows_quarantined - e.n,
            rows_erased = coalesce(f.rows_erased, 0) + e.n
        from (select load_id, count(*) as n from ingest.quarantine as q where {quarantined}
              group by 1) as e
        where f.load_id = e.load_id""")
    counts["ingest.quarantine"] = _delete(con, "ingest.quarantine as q", quarantined)


def _conditions(columns: list[tuple[str, str]]) -> list[str]:
    """The person's rows of a table, by what its columns hold."""
    names = {name for name, _ in columns}
    ors = []
    if {"source", "record_id"} <= names:
        ors.append("(source, record_id) in (select source, record_id from _erase_records)")
    if {"_source_file", "_row_number"} <= names:
        ors.append(
            "(_source_file, _row_number) in (select _source_file, _row_number from _erase_lineage)"
        )
    for name, dtype in columns:
        if dtype == "VARCHAR":
            ors.append(f'"{name}" in (select v from _erase_values)')
        elif dtype == "VARCHAR[]":
            ors.append(f'list_has_any("{name}", (select list(v) from _erase_values))')
        elif dtype.startswith("STRUCT(") and dtype.endswith("[]") and " id VARCHAR" in dtype:
            ors.append(
                f'list_has_any(list_transform("{name}", lambda x: x.id), '
                "(select list(v) from _erase_ids))"
            )
    return ors


def _tables(con: duckdb.DuckDBPyConnection) -> dict[str, list[tuple[str, str]]]:
    rows = con.execute(
        """
        select c.table_schema || '.' || c.table_name, c.column_name, c.data_type
        from information_schema.columns as c join information_schema.tables as t
            using (table_catalog, table_schema, table_name)
        where t.table_type = 'BASE TABLE' and c.table_schema in (select unnest(?))
            and c.table_catalog = current_database()
        order by 1, c.ordinal_position
    """,
        [list(TABLE_SCHEMAS)],
    ).fetchall()
    tables: dict[str, list[tuple[str, str]]] = {}
    for table, column, dtype in rows:
        tables.setdefault(table, []).append((column, dtype))
    return tables


def _delete(con: duckdb.DuckDBPyConnection, table: str, where: str) -> int:
    return con.execute(f"delete from {table} where {where}").fetchall()[0][0]


def leftovers(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """Rows of any table still matching the staged person (``_stage`` first)."""
    found = {}
    for table, columns in _tables(con).items():
        if ors := _conditions(columns):
            n = con.execute(f"select count(*) from {table} where {' or '.join(ors)}").fetchall()
            if n[0][0]:
                found[table] = n[0][0]
    return found


def erase(con: duckdb.DuckDBPyConnection, person: Footprint, erasure_id: str) -> dict[str, int]:
    """Delete ``person`` everywhere in the warehouse and tombstone them; rows per table.

    Runs in one transaction: on any error, or if anything is left, nothing changes.
    """
    con.execute(TOMBSTONES_DDL)
    con.execute("alter table ingest.file_ledger add column if not exists rows_erased bigint")
    con.execute("begin transaction")
    try:
        _stage(con, person)
        counts: dict[str, int] = {}
        _erase_raw(con, counts)
        for table, columns in _tables(con).items():
            if ors := _conditions(columns):
                counts[table] = _delete(con, table, " or ".join(ors))
        if left := leftovers(con):
            raise ErasureIncompleteError(f"values of the person remain in {left}")
        con.execute(
            """insert into privacy.erasure_tombstones
            select $e, kind, sha256(value), current_localtimestamp() from _erase_identifiers
            union all
            select $e, $prefix || source, sha256(record_id), current_localtimestamp()
            from _erase_records""",
            {"e": erasure_id, "prefix": RECORD_KIND_PREFIX},
        )
        con.execute("commit")
    except BaseException:
        con.execute("rollback")
        raise
    finally:  # the person's values must not linger in this connection either
        for temp in ("keys", "ids", "identifiers", "records", "lineage", "values"):
            con.execute(f"drop table if exists _erase_{temp}")
    con.execute("checkpoint")
    return {table: n for table, n in counts.items() if n}
