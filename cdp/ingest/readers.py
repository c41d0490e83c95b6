"""Format readers: stage a batch of export files into temp tables, typed to the contract.

Many small daily files are read in one DuckDB scan per batch (per-file statements would
cost more than the data). A batch holds files of one *shape* (same header and
delimiter, or same Parquet columns), so one column mapping serves all of them.

Each reader leaves two temp tables on the connection:

- ``_stage``: ``_path``, ``_row_number`` (the record's line in its file: header is line 1
  in CSV; 1-based row in Parquet), the contract columns, ``_error_column`` and
  ``_error_reason`` (first problem of the row, null when it is good) and ``_raw_text``;
- ``_stage_rejects``: ``_path``, ``line_number``, ``column_name``, ``reason``,
  ``raw_text`` for records the reader could not parse at all.
"""

from __future__ import annotations

from collections.abc import Callable

import duckdb

from cdp.contracts import Column, SourceContract
from cdp.ingest.columns import ColumnMapping, typed_projection
from cdp.ingest.shapes import Shape


def _sql_str(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def _ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _paths_sql(paths: list[str]) -> str:
    return "[" + ", ".join(_sql_str(p) for p in paths) + "]"


def stage_csv(con: duckdb.DuckDBPyConnection, contract: SourceContract, paths: list[str],
              shape: Shape) -> None:  # fmt: skip
    """Stage CSV files of one header shape (gzip is detected by DuckDB)."""
    mapping = shape.mapping
    types = dict.fromkeys(shape.headers, "VARCHAR")
    types.update({h: contract.column(c).type for c, h in mapping.found.items() if h})
    # Explicit columns: one odd record must never make the sniffer guess another schema.
    columns = "{" + ", ".join(f"{_sql_str(h)}: {_sql_str(t)}" for h, t in types.items()) + "}"
    projection = typed_projection(contract, mapping, lambda h, _c: _ident(h))
    con.execute("drop table if exists _csv_reject_errors; drop table if exists _csv_reject_scans")
    con.execute(f"""
        create or replace temp table _stage_records as
        select filename as _path, row_number() over () as _g, {projection},
               null::varchar as _raw_text
        from read_csv({_paths_sql(paths)}, header = true, columns = {columns},
                      delim = {_sql_str(shape.delimiter)}, quote = '"', escape = '"',
                      filename = true, store_rejects = true,
                      rejects_table = '_csv_reject_errors', rejects_scan = '_csv_reject_scans')
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
    # The scan yields each file's records in order; DuckDB numbers CSV records from the
    # header (line 1) and rejected records keep theirs, so an accepted record's line is
    # the k-th line number of its file not taken by a reject.
    con.execute("""
        create or replace temp table _stage as
        with records as (
            select * exclude (_g), _g - min(_g) over (partition by _path) + 1 as _k
            from _stage_records
        ),
        totals as (
            select _path, sum(n) as n from (
                select _path, count(*) as n from _stage_records group by 1
                union all
                select _path, count(*) from _stage_rejects group by 1
            ) group by 1
        ),
        lines as (
            select t._path, t.l as line_number,
                   row_number() over (partition by t._path order by t.l) as _k
            from (select _path, unnest(range(2, 2 + n::bigint)) as l from totals) t
            anti join _stage_rejects r on r._path = t._path and r.line_number = t.l
        )
        select records._path, lines.line_number as _row_number, records.* exclude (_path, _k)
        from records join lines using (_path, _k)
    """)  # fmt: skip
    con.execute("drop table _stage_records")


def _json_structure(contract: SourceContract) -> str:
    """json_transform structure: every contract name and alias, as text or nested JSON."""
    keys = {}
    for col in contract.columns:
        kind = "JSON" if col.type.upper().startswith("STRUCT") else "VARCHAR"
        keys.update(dict.fromkeys((col.name, *col.aliases), kind))
    return "{" + ", ".join(f'"{k}": "{v}"' for k, v in keys.items()) + "}"


def _json_value(contract: SourceContract) -> Callable[[str, Column], str]:
    def value(_header: str, column: Column) -> str:
        fields = [f"j.{_ident(name)}" for name in (column.name, *column.aliases)]
        return fields[0] if len(fields) == 1 else f"coalesce({', '.join(fields)})"

    return value


def stage_jsonl(con: duckdb.DuckDBPyConnection, contract: SourceContract, paths: list[str],
                shape: Shape) -> None:  # fmt: skip
    """Stage JSON-lines files; lines that are not JSON objects are rejected.

    Each line is parsed once, by ``json_transform`` into a struct of the contract's keys
    (exact names or declared aliases: JSON keys are case-sensitive); absent keys are
    nulls, since exporters omit them. A line that is not a JSON object is rejected.
    """
    del shape  # JSON lines have no header
    structure = _sql_str(_json_structure(contract))
    blank = "' ' || chr(9) || chr(11) || chr(12) || chr(13)"
    con.execute(f"""
        create or replace temp table _lines as
        select _path, line_number, line,
               case when left(ltrim(line, {blank}), 1) = '{{'
                    then try(json_transform(line, {structure})) end as j
        from (
            select filename as _path, generate_subscripts(ls, 1) as line_number,
                   rtrim(unnest(ls), chr(13)) as line
            from (select filename, string_split(content, chr(10)) as ls
                  from read_text({_paths_sql(paths)}))
        )
        where trim(line, {blank}) <> ''
    """)  # fmt: skip
    found = ColumnMapping(found={c: c for c in contract.column_names})
    projection = typed_projection(contract, found, _json_value(contract))
    con.execute(f"""
        create or replace temp table _stage as
        select _path, line_number as _row_number, {projection}, line as _raw_text
        from _lines where j is not null
    """)  # fmt: skip
    con.execute("""
        create or replace temp table _stage_rejects as
        select _path, line_number, null::varchar as column_name,
               'not a valid JSON object' as reason, line as raw_text
        from _lines where j is null
    """)  # fmt: skip
    con.execute("drop table _lines")


def stage_parquet(con: duckdb.DuckDBPyConnection, contract: SourceContract, paths: list[str],
                  shape: Shape) -> None:  # fmt: skip
    """Stage Parquet files of one column set; values are cast to the contract types."""
    projection = typed_projection(contract, shape.mapping, lambda h, _c: _ident(h))
    con.execute(f"""
        create or replace temp table _stage as
        select filename as _path, file_row_number + 1 as _row_number, {projection},
               null::varchar as _raw_text
        from read_parquet({_paths_sql(paths)}, filename = true, file_row_number = true)
    """)  # fmt: skip
    con.execute(EMPTY_REJECTS)


def stage_empty(con: duckdb.DuckDBPyConnection, contract: SourceContract, paths: list[str],
                shape: Shape) -> None:  # fmt: skip
    """Empty files: nothing to read, but the same (empty) staging tables."""
    del paths, shape
    projection = typed_projection(contract, ColumnMapping(found=dict.fromkeys(
        contract.column_names)), lambda h, _c: h)  # fmt: skip
    con.execute(f"""
        create or replace temp table _stage as
        select null::varchar as _path, null::bigint as _row_number, {projection},
               null::varchar as _raw_text
        where false
    """)  # fmt: skip
    con.execute(EMPTY_REJECTS)


EMPTY_REJECTS = """
    create or replace temp table _stage_rejects (
        _path varchar, line_number bigint, column_name varchar, reason varchar,
        raw_text varchar)
"""
READERS = {"csv": stage_csv, "jsonl": stage_jsonl, "parquet": stage_parquet, "empty": stage_empty}
