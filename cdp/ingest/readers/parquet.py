"""Parquet staging, and the empty staging tables of files with nothing to read."""

from __future__ import annotations

import duckdb

from cdp.contracts import SourceContract
from cdp.ingest.columns import ColumnMapping, typed_projection
from cdp.ingest.readers.sql import EMPTY_REJECTS, ident, paths_sql
from cdp.ingest.shapes import Shape


def stage_parquet(con: duckdb.DuckDBPyConnection, contract: SourceContract, paths: list[str],
                  shape: Shape) -> None:  # fmt: skip
    """Stage Parquet files of one column set; values are cast to the contract types."""
    projection = typed_projection(contract, shape.mapping, lambda h, _c: ident(h))
    con.execute(f"""
        create or replace temp table _parquet_rows as
        select filename as _path, file_row_number + 1 as _row_number, {projection},
               null::varchar as _raw_text
        from read_parquet({paths_sql(paths)}, filename = true, file_row_number = true)
    """)  # fmt: skip
    con.execute("create or replace temp view _stage as from _parquet_rows")
    con.execute(EMPTY_REJECTS)


def stage_empty(con: duckdb.DuckDBPyConnection, contract: SourceContract, paths: list[str],
                shape: Shape) -> None:  # fmt: skip
    """Empty files: nothing to read, but the same (empty) staging tables."""
    del paths, shape
    projection = typed_projection(contract, ColumnMapping(found=dict.fromkeys(
        contract.column_names)), lambda h, _c: h)  # fmt: skip
    con.execute(f"""
        create or replace temp view _stage as
        select null::varchar as _path, null::bigint as _row_number, {projection},
               null::varchar as _raw_text
        where false
    """)  # fmt: skip
    con.execute(EMPTY_REJECTS)
