"""The segment base: the relation segment predicates read, and their validation.

It is ``analytics.customer_360`` (one row per customer, every score and the contact
profile) plus columns a marketer asks for that no table holds as such, derived here in
one place. It is materialised once per use as a temp table, so thirty predicates do not
recompute the 360 view and its windows thirty times.
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Sequence

import duckdb

from cdp.activation.registry import Segment, SegmentError, SegmentFile, expand

BASE_TABLE = "_segment_base"
BASE_SQL = """
select
    c.*,
    -- 1..10 among customers with a CLV, 10 the most valuable tenth
    case when c.clv is not null
        then ntile(10) over (partition by c.clv is null order by c.clv) end as clv_decile
from analytics.customer_360 as c
"""


def create_base(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Materialise the base as temp table ``_segment_base``; return its columns."""
    con.execute(f"create or replace temp table {BASE_TABLE} as {BASE_SQL}")
    return [row[0] for row in con.execute(f"describe {BASE_TABLE}").fetchall()]


def distinct_values(con: duckdb.DuckDBPyConnection):
    """The ``values: data`` source of families: a column's distinct non-null values."""

    def values(column: str) -> list:
        rows = con.execute(
            f'select distinct "{column}" from {BASE_TABLE} where "{column}" is not null order by 1'
        ).fetchall()
        return [r[0] for r in rows]

    return values


def column_refs(predicate: str) -> list[str]:
    """Column names a predicate reads (outside subqueries), from DuckDB's own parser.

    Raises
    ------
    ValueError
        With the parser's message when the predicate is not valid SQL.
    """
    sql = "select 1 from t where " + predicate
    (parsed,) = duckdb.execute("select json_serialize_sql(?)", [sql]).fetchall()[0]
    tree = json.loads(parsed)
    if tree.get("error"):
        raise ValueError(tree.get("error_message", "not valid SQL"))
    refs: list[str] = []

    def walk(node: object) -> None:
        if isinstance(node, dict):
            if node.get("class") == "COLUMN_REF":
                refs.append(node["column_names"][-1])
            if node.get("class") == "SUBQUERY":  # a subquery reads its own tables
                walk(node.get("child"))
                return
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(tree["statements"][0]["node"]["where_clause"])
    return refs


def _unknown(names: Sequence[str], columns: Sequence[str], what: str, segment: Segment) -> None:
    known = set(columns)
    for name in names:
        if name not in known:
            close = difflib.get_close_matches(name, columns, n=1)
            hint = f" (did you mean {close[0]}?)" if close else ""
            raise SegmentError(
                f"{segment.source_file}: segment {segment.name}: unknown column "
                f"{name!r} in {what}{hint}; the segment base is "
                "analytics.customer_360 plus clv_decile"
            )


def validate(segments: Sequence[Segment], con: duckdb.DuckDBPyConnection) -> None:
    """Check every predicate and column list against the base (``create_base`` first).

    Raises
    ------
    SegmentError
        Naming the file, the segment and the unknown column or the SQL error.
    """
    columns = [row[0] for row in con.execute(f"describe {BASE_TABLE}").fetchall()]
    for segment in segments:
        try:
            refs = column_refs(segment.predicate)
        except ValueError as exc:
            raise SegmentError(
                f"{segment.source_file}: segment {segment.name}: predicate is not valid SQL: {exc}"
            ) from None
        _unknown(refs, columns, "predicate", segment)
        _unknown(segment.columns, columns, "columns", segment)
        try:  # binding catches the rest: types, functions, subqueries' own tables
            con.execute(f"select 1 from {BASE_TABLE} where ({segment.predicate}) limit 0")
        except duckdb.Error as exc:
            message = str(exc).splitlines()[0]
            raise SegmentError(
                f"{segment.source_file}: segment {segment.name}: predicate "
                f"{segment.predicate!r} fails: {message}"
            ) from None


def load_segments(files: Sequence[SegmentFile], con: duckdb.DuckDBPyConnection) -> list[Segment]:
    """The registry's segments against this warehouse: base built, families expanded from
    its data, every definition validated."""
    create_base(con)
    segments = expand(files, distinct_values(con))
    validate(segments, con)
    return segments
