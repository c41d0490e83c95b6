"""Pairwise accuracy of the identity stitch against the generator's truth.

Every keyed record (``intermediate.int_records_keyed``) is traced through its lineage
(landing file and line) to the truth row behind it, which names the true person. Two
records form a *pair* when they share a person (true) or a ``customer_key`` (predicted).

- ``precision``: predicted pairs that are true.
- ``recall``: of the true pairs the data can link at all, those that share a key. Two
  records of one person are *linkable* when a chain of that person's real identifiers
  (as the truth lists them), present in the raw rows in whatever format, joins them. A
  cookie that never logs in, a device never signed in, a receipt without a card carry
  nothing to link: no resolver could join them without guessing. ``recall_all_records``
  divides by every true pair instead and is reported beside it.
- ``overmerged_persons``: persons sharing a key with another person.
- ``split_persons``: persons with linkable records under more than one key.
- ``probabilistic_links`` and ``probabilistic_link_precision``: records keyed by the
  probabilistic stage (``linked_by = 'probabilistic'``), and the share of them whose
  person is the one most records of their key belong to.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from pathlib import Path

import duckdb
import polars as pl

from cdp.contracts import SOURCES
from models.identity.linkable import link_rows


@dataclass(frozen=True)
class IdentityScore:
    """Accuracy figures of one scoring (see the module docstring for definitions)."""

    precision: float
    recall: float
    f1: float
    overmerged_persons: int
    split_persons: int
    recall_all_records: float
    records_scored: int
    persons: int
    customer_keys: int
    probabilistic_links: int
    probabilistic_link_precision: float

    def as_dict(self) -> dict[str, float | int]:
        return asdict(self)


def _pairs(group_by: str, source: str = "_score_records") -> str:
    return (
        f"(select sum(n * (n - 1) / 2)::double from "
        f"(select count(*) as n from {source} group by {group_by}))"
    )


def score_identity(con: duckdb.DuckDBPyConnection, truth_dir: Path) -> IdentityScore:
    """Score the stitch in the warehouse behind ``con`` against ``truth_dir``.

    Parameters
    ----------
    con
        A connection to the warehouse (read-only is enough: work tables are temporary).
    truth_dir
        The generator's truth folder: ``records.parquet`` names the person behind every
        row written (source, file, row), ``identifiers.parquet`` each person's identifiers.

    Raises
    ------
    FileNotFoundError
        When a truth file is missing.
    """
    for name in ("records.parquet", "identifiers.parquet"):
        if not (Path(truth_dir) / name).is_file():
            raise FileNotFoundError(f"no truth to score against: {Path(truth_dir) / name}")
    load_record_persons(con, truth_dir)
    link_rows(con, Path(truth_dir) / "identifiers.parquet")
    tp, predicted, true_all, linked, linkable, scored, persons, keys = con.execute(f"""
        create or replace temp table _score_linked as
        select r.*, l.label from _score_records r join _score_labels l using (node);
        select {_pairs("customer_key, person_id")}, {_pairs("customer_key")},
               {_pairs("person_id")}, {_pairs("label, customer_key", "_score_linked")},
               {_pairs("label", "_score_linked")}, count(*), count(distinct person_id),
               count(distinct customer_key)
        from _score_records
    """).fetchone()  # fmt: skip
    overmerged, split = con.execute("""
        select
            (select count(distinct person_id) from _score_records where customer_key in (
                select customer_key from _score_records
                group by 1 having count(distinct person_id) > 1)),
            (select count(distinct person_id) from (
                select any_value(person_id) as person_id from _score_linked
                group by label having count(distinct customer_key) > 1))
    """).fetchone()  # fmt: skip
    links, right_links = con.execute("""
        with owner as (select customer_key, mode(person_id) as person_id from _score_records
                       where linked_by = 'identifiers' group by 1)
        select count(*), count(*) filter (where o.person_id = r.person_id)
        from _score_records r left join owner o using (customer_key)
        where r.linked_by = 'probabilistic'
    """).fetchone()  # fmt: skip
    precision = tp / predicted if predicted else 1.0
    recall = linked / linkable if linkable else 1.0
    return IdentityScore(
        precision=precision,
        recall=recall,
        f1=2 * precision * recall / (precision + recall) if precision + recall else 0.0,
        overmerged_persons=overmerged,
        split_persons=split,
        recall_all_records=(tp or 0.0) / true_all if true_all else 1.0,
        records_scored=scored,
        persons=persons,
        customer_keys=keys,
        probabilistic_links=links,
        probabilistic_link_precision=right_links / links if links else 1.0,
    )


def load_record_persons(con: duckdb.DuckDBPyConnection, truth_dir: Path) -> None:
    """Temp table ``_score_records``: every keyed record with the true person behind it.

    Columns ``node`` (a record number), ``person_id``, ``customer_key``, ``linked_by``.
    """
    # The truth counts data rows from 1; ingest numbers CSV lines with the header as 1.
    headers = [name for name, c in SOURCES.items() if c.format == "csv"]
    con.execute("""
        create or replace temp table _score_rows as
        select row_number() over () as node, *
        from (select distinct source::varchar as source,
                     source::varchar || '/' || file::varchar as source_file,
                     row_number + list_contains($headers, source::varchar)::int as line,
                     person_id::varchar as person_id
              from read_parquet($records))
    """, {"records": str(Path(truth_dir) / "records.parquet"), "headers": headers})  # fmt: skip
    con.execute("""
        create or replace temp table _score_records as
        select r.node, r.person_id, k.customer_key, k.linked_by
        from intermediate.int_records_keyed k
        join _score_rows r on r.source = k.source and r.source_file = k._source_file
                          and r.line = k._row_number
    """)  # fmt: skip


def customer_persons(con: duckdb.DuckDBPyConnection, truth_dir: Path) -> pl.DataFrame:
    """The true person behind each customer_key: the one most of its records belong to.

    Columns ``customer_key``, ``person_id``; for scoring models against the truth.
    """
    load_record_persons(con, truth_dir)
    return con.sql("""
        select customer_key, mode(person_id) as person_id from _score_records group by 1
    """).pl()


SCORES_TABLE = "analytics.identity_accuracy"


def record_score(con: duckdb.DuckDBPyConnection, score: IdentityScore, run_id: str) -> None:
    """Append ``score`` to ``analytics.identity_accuracy``: one row per scoring, kept."""
    figures = score.as_dict()
    columns = ", ".join(
        f"{name} {'double' if isinstance(value, float) else 'bigint'}"
        for name, value in figures.items()
    )
    con.execute(f"""
        create schema if not exists analytics;
        create table if not exists {SCORES_TABLE} (
            scored_at timestamp, run_id varchar, {columns})
    """)  # fmt: skip
    for column in columns.split(", "):  # figures added since the table was made
        con.execute(f"alter table {SCORES_TABLE} add column if not exists {column}")
    names = ", ".join(["scored_at", "run_id", *figures])
    placeholders = ", ".join("?" for _ in figures)
    con.execute(
        f"insert into {SCORES_TABLE} ({names}) values (now()::timestamp, ?, {placeholders})",
        [run_id, *figures.values()],
    )
