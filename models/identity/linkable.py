"""Which records of one person the data could link at all: the ceiling for recall.

Two records of a person are *linkable* when a chain of that person's real identifiers
(as the truth lists them), present in the raw rows in whatever format, joins them. The
graph holds every truth row (old CRM versions and duplicates too: they carry
identifiers) and one node per (person, identifier) the truth gives that person, so an
identifier two persons share links each one's rows only among themselves, and junk
values link nothing.
"""

from __future__ import annotations

from pathlib import Path

import duckdb

from cdp.contracts import SOURCES

MAX_ROUNDS = 64  # label propagation rounds; a person's identifier chains are short
# Deliberately crude canonical forms for deciding linkability: a value the pipeline fails
# to normalise still counts as the person's identifier here, so it costs recall.
CANONICAL = {
    "phone": "right(regexp_replace({v}, '[^0-9]', '', 'g'), 10)",
    "social_handle": "ltrim(lower(trim({v})), '@')",
}


def _canonical(kind: str, value: str) -> str:
    return CANONICAL.get(kind, "lower(trim({v}))").format(v=value)


def _raw_identifiers_sql() -> str:
    """Every raw row's identifier values: (source, source_file, line, kind, value)."""
    parts = [
        f"select '{name}' as source, _source_file as source_file, _row_number as line, "
        f"'{kind}' as kind, {_canonical(kind, f'{column}::varchar')} as value "
        f"from raw.{name} where {column} is not null"
        for name, contract in SOURCES.items()
        for column, kind in contract.identifier_columns.items()
    ]
    return "\n        union all\n        ".join(parts)


def link_rows(con: duckdb.DuckDBPyConnection, identifiers: Path) -> None:
    """Fill temp table ``_score_labels(node, label)`` from ``_score_rows``.

    ``_score_rows`` holds every truth row as (node, source, source_file, line,
    person_id); rows with the same label are linkable. Components come from min-label
    propagation, repeated until nothing changes.
    """
    con.execute(f"""
        create or replace temp table _score_edges as
        with truth_ids as (
            select distinct person_id::varchar as person_id, kind::varchar as kind,
                   case kind::varchar
                       {" ".join(f"when '{k}' then {_canonical(k, 'value::varchar')}"
                                 for k in CANONICAL)}
                       else {_canonical("", "value::varchar")} end as value
            from read_parquet($identifiers)
        ),
        raw_ids as (
        {_raw_identifiers_sql()}
        )
        select distinct r.node,
               dense_rank() over (order by t.person_id, t.kind, t.value) as id_node
        from raw_ids i
        join _score_rows r using (source, source_file, line)
        join truth_ids t on t.person_id = r.person_id and t.kind = i.kind and t.value = i.value
    """, {"identifiers": str(identifiers)})  # fmt: skip
    con.execute(
        "create or replace temp table _score_labels as select node, node as label from _score_rows"
    )
    for _ in range(MAX_ROUNDS):
        (changed,) = con.execute("""
            create or replace temp table _score_next as
            with id_labels as (
                select e.id_node, min(l.label) as label
                from _score_edges e join _score_labels l using (node) group by 1
            ),
            reached as (
                select e.node, min(i.label) as label
                from _score_edges e join id_labels i using (id_node) group by 1
            )
            select l.node, least(l.label, coalesce(r.label, l.label)) as label
            from _score_labels l left join reached r using (node);
            select count(*) from _score_next n join _score_labels l using (node)
            where n.label <> l.label;
        """).fetchone()  # fmt: skip
        con.execute("drop table _score_labels; alter table _score_next rename to _score_labels")
        if not changed:
            return
    raise RuntimeError(f"linkable components did not converge in {MAX_ROUNDS} rounds")
