"""Segment membership over time, as intervals.

``segments.segment_membership`` holds one row per stay of a customer in a segment:
``valid_from`` is the run date they entered, ``valid_to`` the run date they were first
seen out (null while they are in). One row per stay, not per day, so a year of daily
runs at a million customers stays small, and the questions are one query each:

- who was in S on D: ``valid_from <= D and (valid_to is null or valid_to > D)``;
- who joined since D: ``valid_from > D``; who left: ``valid_to > D``;
- every entry and exit: the view ``segments.segment_membership_changes``.

``segments.segment_runs`` has, per run date and segment, the definition's version and
hash and the member, entered and exited counts. Recording a date again (a re-run)
replaces that date's changes; a date before the latest recorded one is refused, since
it would rewrite later history.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import duckdb

from cdp.activation.base import BASE_TABLE
from cdp.activation.registry import Segment

SCHEMA = "segments"
DDL = f"""
create schema if not exists {SCHEMA};
create table if not exists {SCHEMA}.segment_membership (
    segment varchar not null, customer_key varchar not null,
    valid_from date not null, valid_to date);
create table if not exists {SCHEMA}.segment_runs (
    run_date date not null, segment varchar not null, version integer not null,
    definition_hash varchar not null, members bigint not null, entered bigint not null,
    exited bigint not null, recorded_at timestamp not null);
create table if not exists {SCHEMA}.segment_definitions (
    segment varchar not null, version integer not null, definition_hash varchar not null,
    description varchar, owner varchar, predicate varchar, columns varchar[],
    family varchar, source_file varchar, export_format varchar, export_pii varchar,
    first_recorded date not null);
create or replace view {SCHEMA}.segment_membership_changes as
    select segment, customer_key, valid_from as change_date, 'entered' as change
    from {SCHEMA}.segment_membership
    union all
    select segment, customer_key, valid_to, 'exited'
    from {SCHEMA}.segment_membership where valid_to is not null;
create or replace view {SCHEMA}.segment_members as
    select m.segment, m.customer_key, m.valid_from as member_since, r.run_date
    from {SCHEMA}.segment_membership as m
    join (select segment, max(run_date) as run_date from {SCHEMA}.segment_runs group by 1) as r
        using (segment)
    where m.valid_to is null;
"""


class MembershipHistoryError(ValueError):
    """A run date that would rewrite recorded history."""


def ensure_tables(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(DDL)


def _undo(con: duckdb.DuckDBPyConnection, run_date: date) -> None:
    """Forget what a previous recording of ``run_date`` changed (a re-run of that date)."""
    con.execute(f"delete from {SCHEMA}.segment_membership where valid_from = $d", {"d": run_date})
    con.execute(
        f"update {SCHEMA}.segment_membership set valid_to = null where valid_to = $d",
        {"d": run_date},
    )
    con.execute(f"delete from {SCHEMA}.segment_runs where run_date = $d", {"d": run_date})


def _members(con: duckdb.DuckDBPyConnection, segments: Sequence[Segment]) -> None:
    """Temp table ``_members(segment, customer_key)``: today's members of every segment."""
    con.execute("create or replace temp table _members (segment varchar, customer_key varchar)")
    for segment in segments:
        con.execute(
            f"insert into _members select $s, customer_key from {BASE_TABLE} "
            f"where ({segment.predicate})",
            {"s": segment.name},
        )


def record_membership(
    con: duckdb.DuckDBPyConnection, segments: Sequence[Segment], run_date: date
) -> list[tuple]:
    """Record every segment's members as of ``run_date`` (base built, segments validated).

    Segments no longer in the registry count as empty: their members exit. Returns the
    ``segment_runs`` rows of this date: (segment, version, members, entered, exited).
    """
    ensure_tables(con)
    (latest,) = con.execute(f"select max(run_date) from {SCHEMA}.segment_runs").fetchall()[0]
    if latest is not None and run_date < latest:
        raise MembershipHistoryError(
            f"segment membership is recorded up to {latest}; run date {run_date} is earlier "
            "(set analytics.observation_date to a later day, or start a new warehouse)"
        )
    _undo(con, run_date)
    _members(con, segments)
    params = {"d": run_date}
    con.execute(
        f"""
        update {SCHEMA}.segment_membership as m set valid_to = $d
        where m.valid_to is null and not exists (
            select 1 from _members as n
            where n.segment = m.segment and n.customer_key = m.customer_key)
    """,
        params,
    )
    con.execute(
        f"""
        insert into {SCHEMA}.segment_membership
        select n.segment, n.customer_key, $d, null from _members as n
        where not exists (
            select 1 from {SCHEMA}.segment_membership as m
            where m.valid_to is null and m.segment = n.segment
                and m.customer_key = n.customer_key)
    """,
        params,
    )
    _register(con, segments, run_date)
    return con.execute(
        f"""
        insert into {SCHEMA}.segment_runs
        select $d, d.segment, d.version, d.definition_hash,
            count(*) filter (where m.valid_to is null),
            count(*) filter (where m.valid_from = $d),
            count(*) filter (where m.valid_to = $d), current_localtimestamp()
        from _definitions as d
        left join {SCHEMA}.segment_membership as m
            on m.segment = d.segment and (m.valid_to is null or m.valid_to = $d)
        group by all
        returning segment, version, members, entered, exited
    """,
        params,
    ).fetchall()


def _register(con: duckdb.DuckDBPyConnection, segments: Sequence[Segment], run_date: date) -> None:
    """Temp ``_definitions`` of this run, and new versions into ``segment_definitions``."""
    rows = [
        (
            s.name,
            s.version,
            s.definition_hash,
            s.description,
            s.owner,
            s.predicate,
            list(s.columns),
            s.family,
            s.source_file,
            s.export.format if s.export else None,
            s.export.pii if s.export else None,
        )
        for s in segments
    ]
    con.execute("""create or replace temp table _definitions (segment varchar, version integer,
        definition_hash varchar, description varchar, owner varchar, predicate varchar,
        columns varchar[], family varchar, source_file varchar, export_format varchar,
        export_pii varchar)""")
    if rows:
        con.executemany("insert into _definitions values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
    con.execute(
        f"""
        insert into {SCHEMA}.segment_definitions
        select d.*, $d from _definitions as d
        where not exists (select 1 from {SCHEMA}.segment_definitions as s
                          where s.segment = d.segment and s.definition_hash = d.definition_hash)
    """,
        {"d": run_date},
    )
