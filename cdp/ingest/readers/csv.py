"""CSV staging: DuckDB's reader with explicit columns, its rejects and each record's line."""

from __future__ import annotations

import duckdb

from cdp.contracts import SourceContract
from cdp.ingest.columns import typed_projection
from cdp.ingest.readers.sql import ident, insertion_order, paths_sql, sql_str
from cdp.ingest.shapes import Shape


def stage_csv(con: duckdb.DuckDBPyConnection, contract: SourceContract, paths: list[str],
              shape: Shape) -> None:  # fmt: skip
    """Stage CSV files of one header shape (gzip is detected by DuckDB)."""
    mapping = shape.mapping
    types = dict.fromkeys(shape.headers, "VARCHAR")
    types.update({h: contract.column(c).type for c, h in mapping.found.items() if h})
    # Explicit columns: one odd record must never make the sniffer guess another schema.
    columns = "{" + ", ".join(f"{sql_str(h)}: {sql_str(t)}" for h, t in types.items()) + "}"
    projection = typed_projection(contract, mapping, lambda h, _c: ident(h))
    con.execute("drop table if exists _csv_reject_errors; drop table if exists _csv_reject_scans")
    # Stored in scan order: each file's records then sit at consecutive rowids, which
    # is how lines are numbered below.
    with insertion_order(con, preserve=True):
        con.execute(f"""
            create or replace temp table _csv_records as
            select filename as _path, {projection}, null::varchar as _raw_text
            from read_csv({paths_sql(paths)}, header = true, columns = {columns},
                          delim = {sql_str(shape.delimiter)}, quote = '"', escape = '"',
                          filename = true, store_rejects = true,
                          rejects_table = '_csv_reject_errors',
                          rejects_scan = '_csv_reject_scans')
        """)  # fmt: skip
    con.execute("""
        create or replace temp table _stage_rejects as
        select s.file_path as _path, e.line as line_number,
               arg_min(e.column_name, e.column_idx) as column_name,
               arg_min(e.error_message, e.column_idx) as reason,
               arg_min(e.csv_line, e.column_idx) as raw_text
        from _csv_reject_errors e join _csv_reject_scans s using (scan_id, file_id)
        group by all
    """)  # fmt: skip
    _number_lines(con)


# Rejects per file whose shift is three comparisons per row; more take a slower list scan.
_FAST_MARKS = 3
_NEVER = 2**62  # a rowid no record reaches


def _number_lines(con: duckdb.DuckDBPyConnection) -> None:
    """The ``_stage`` view: ``_csv_records`` with each accepted record's line in its file.

    The scan stores each file's records in order, so the temp table's rowid counts them
    (cheaper than a window, and a view costs nothing until read). DuckDB numbers CSV
    records from the header (line 1) and a rejected record keeps its number, so accepted
    record k is on line k + 1 plus the rejects before it: with the file's rejects on
    lines r_1 < r_2 < ..., that is the number of i with r_i - (i - 1) <= k + 1. Marks are
    kept as rowids, so a row's shift is a few integer comparisons.
    """
    fast = [f"coalesce(marks[{i}], {_NEVER}) as mark_{i}" for i in range(1, _FAST_MARKS + 1)]
    shift = " + ".join(f"(r.rowid >= f.mark_{i})::bigint" for i in range(1, _FAST_MARKS + 1))
    con.execute(f"""
        create or replace temp table _csv_files as
        with starts as (select _path, min(rowid) - 2 as line_offset from _csv_records group by 1),
        marks as (
            select _path, list(line_number + 1 - i + s.line_offset order by i) as marks
            from (select _path, line_number,
                         row_number() over (partition by _path order by line_number) as i
                  from _stage_rejects) join starts s using (_path)
            group by 1
        )
        select _path, line_offset, coalesce(marks, []) as marks, {", ".join(fast)}
        from starts left join marks using (_path);
        create or replace temp view _stage as
        select r._path,
               r.rowid - f.line_offset + case when len(f.marks) <= {_FAST_MARKS} then {shift}
                   else len(list_filter(f.marks, lambda m: m <= r.rowid)) end as _row_number,
               r.* exclude (_path)
        from _csv_records r join _csv_files f using (_path);
    """)  # fmt: skip
