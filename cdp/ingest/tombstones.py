"""Keeping erased people out: staged rows that match an erasure tombstone.

``cdp forget`` leaves, per erased person, the SHA-256 of each normalised identifier and
of each record id (``privacy.erasure_tombstones``, see :mod:`cdp.privacy.erasure`). A
re-sent or re-exported file must not bring them back, so before a batch is written the
staged rows whose identifiers (normalised by ``privacy.normalize_identifier``, staging's
own normalisation) or record id hash to a tombstone are set aside: they are counted as
erased in the ledger and stored nowhere. Without tombstones this costs one catalog query.
"""

from __future__ import annotations

import duckdb

from cdp.contracts import SourceContract
from cdp.privacy.footprint import RECORD_KIND_PREFIX, record_id_sql


def _has_tombstones(con: duckdb.DuckDBPyConnection) -> bool:
    rows = con.execute("""select count(*) from information_schema.tables
        where table_schema = 'privacy' and table_name = 'erasure_tombstones'
          and table_catalog = current_database()""").fetchall()
    return bool(rows[0][0]) and bool(
        con.execute("select count(*) from privacy.erasure_tombstones").fetchall()[0][0]
    )


def stage_erased_rows(con: duckdb.DuckDBPyConnection, contract: SourceContract) -> None:
    """Temp table ``_erased(_path, _row_number)``: staged rows of erased people."""
    con.execute("create or replace temp table _erased (_path varchar, _row_number bigint)")
    if not _has_tombstones(con):
        return
    record_kind = f"{RECORD_KIND_PREFIX}{contract.name}"
    hashes = [f"'{record_kind}|' || sha256({record_id_sql(contract)})"]
    hashes += [
        f"'{kind}|' || sha256(privacy.normalize_identifier('{kind}', \"{column}\"))"
        for column, kind in contract.identifier_columns.items()
    ]
    con.execute(f"""
        insert into _erased
        select distinct s._path, s._row_number
        from (select _path, _row_number, unnest([{", ".join(hashes)}]) as h
              from _stage where _error_reason is null) as s
        join (select kind || '|' || value_sha256 as h from privacy.erasure_tombstones) using (h)
    """)
