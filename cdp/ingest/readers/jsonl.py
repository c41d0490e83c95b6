"""JSON-lines staging: lines split by DuckDB, each parsed once into the contract's keys."""

from __future__ import annotations

from collections.abc import Callable

import duckdb

from cdp.contracts import Column, SourceContract
from cdp.ingest.columns import ColumnMapping, typed_projection
from cdp.ingest.readers.sql import EMPTY_REJECTS, ident, paths_sql, sql_str
from cdp.ingest.shapes import Shape


def _json_structure(contract: SourceContract) -> str:
    """json_transform structure: every contract name and alias, as text or nested JSON."""
    keys = {}
    for col in contract.columns:
        kind = "JSON" if col.type.upper().startswith("STRUCT") else "VARCHAR"
        keys.update(dict.fromkeys((col.name, *col.aliases), kind))
    return "{" + ", ".join(f'"{k}": "{v}"' for k, v in keys.items()) + "}"


def _json_value(contract: SourceContract) -> Callable[[str, Column], str]:
    def value(_header: str, column: Column) -> str:
        fields = [f"j.{ident(name)}" for name in (column.name, *column.aliases)]
        return fields[0] if len(fields) == 1 else f"coalesce({', '.join(fields)})"

    return value


def stage_jsonl(con: duckdb.DuckDBPyConnection, contract: SourceContract, paths: list[str],
                shape: Shape) -> None:  # fmt: skip
    """Stage JSON-lines files; lines that are not JSON objects are quarantined.

    Each line is parsed once, by ``json_transform`` into a struct of the contract's keys
    (exact names or declared aliases: JSON keys are case-sensitive); absent keys are
    nulls, since exporters omit them. A line that is not a JSON object stays in
    ``_stage`` with its reason (no column), so there is one scan and no second parse.
    """
    del shape  # JSON lines have no header
    structure = sql_str(_json_structure(contract))
    # Whitespace test written for speed: trim() with a character set is slow in DuckDB,
    # so the cheap "starts with {" decides almost every line and the set is the fallback.
    blank = "' ' || chr(9) || chr(11) || chr(12) || chr(13)"
    starts_object = f"(left(line, 1) = '{{' or left(ltrim(line, {blank}), 1) = '{{')"
    # Split and parse in separate statements: DuckDB runs the split fast alone, but
    # string functions fused into the UNNEST pipeline made it several times slower.
    con.execute(f"""
        create or replace temp table _lines as
        select filename as _path, generate_subscripts(ls, 1) as line_number,
               unnest(ls) as line
        from (select filename, string_split(content, chr(10)) as ls
              from read_text({paths_sql(paths)}))
    """)  # fmt: skip
    found = ColumnMapping(found={c: c for c in contract.column_names})
    projection = typed_projection(contract, found, _json_value(contract))
    con.execute(f"""
        create or replace temp table _jsonl_rows as
        with parsed as (
            select _path, line_number, line,
                   case when {starts_object} then try(json_transform(line, {structure})) end as j
            from (select _path, line_number, if(suffix(line, chr(13)), line[:-2], line) as line
                  from _lines)
            where line <> '' and ({starts_object} or trim(line, {blank}) <> '')
        ),
        typed as (
            select _path, line_number as _row_number, {projection}, line as _raw_text,
                   j is null as _not_json
            from parsed
        )
        select * exclude (_not_json) replace (
            if(_not_json, null, _error_column) as _error_column,
            if(_not_json, 'not a valid JSON object', _error_reason) as _error_reason,
            if(_not_json or _error_reason is not null, _raw_text, null) as _raw_text)
        from typed
    """)  # fmt: skip
    con.execute("drop table _lines")
    con.execute("create or replace temp view _stage as from _jsonl_rows")
    con.execute(EMPTY_REJECTS)
