"""Rows of erased people are kept out of raw at load, and counted as erased."""

import hashlib

import duckdb

from cdp.contracts import SOURCES
from cdp.ingest import ingest_source
from cdp.ingest.ledger import unreconciled_files
from cdp.privacy.footprint import RECORD_KIND_PREFIX

SURVEYS = SOURCES["survey_responses"]
CSV = (
    "response_id,email,survey_type,touchpoint,score,submitted_at\n"
    "r1, Gone@Example.com ,nps,relationship,9,2025-01-02 10:00:00\n"
    "r2,kept@example.com,nps,relationship,8,2025-01-02 11:00:00\n"
    "r3,other@example.com,nps,relationship,7,2025-01-02 12:00:00\n"
    "r4,other@example.com,nps,relationship,x,2025-01-02 12:00:00\n"
)


def _tombstone(con: duckdb.DuckDBPyConnection, kind: str, value: str) -> None:
    # Stands in for the function dbt creates from the staging macros (on-run-start);
    # emails normalise the same way there: trimmed and lower-cased.
    con.execute("""create schema if not exists privacy;
        create or replace macro privacy.normalize_identifier(kind, value) as lower(trim(value));
        create table if not exists privacy.erasure_tombstones (erasure_id varchar,
            kind varchar, value_sha256 varchar, erased_at timestamp)""")  # fmt: skip
    digest = hashlib.sha256(value.encode()).hexdigest()
    con.execute("insert into privacy.erasure_tombstones values ('e1', ?, ?, now())", [kind, digest])


def test_tombstoned_identifiers_and_records_are_not_loaded(con, landing, write) -> None:
    _tombstone(con, "email", "gone@example.com")
    _tombstone(con, f"{RECORD_KIND_PREFIX}survey_responses", "r3")
    write("survey_responses", "s.csv", CSV)
    (outcome,) = ingest_source(con, SURVEYS, landing).outcomes
    assert (outcome.rows_read, outcome.rows_loaded, outcome.rows_quarantined) == (4, 1, 1)
    assert outcome.rows_erased == 2
    loaded = con.execute("select response_id from raw.survey_responses").fetchall()
    assert loaded == [("r2",)]
    assert unreconciled_files(con, "survey_responses") == []


def test_without_tombstones_nothing_is_erased(con, landing, write) -> None:
    write("survey_responses", "s.csv", CSV)
    (outcome,) = ingest_source(con, SURVEYS, landing).outcomes
    assert (outcome.rows_loaded, outcome.rows_erased) == (3, 0)
