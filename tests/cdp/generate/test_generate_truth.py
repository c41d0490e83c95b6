"""The ground truth accounts for every row and every identifier written."""

from __future__ import annotations

import polars as pl
import pytest

from cdp.contracts import SOURCES
from cdp.generate.identifiers import CANONICAL

PERSON_LEVEL = [name for name, c in SOURCES.items() if c.identifier_columns]
RECORD_KEY = {"crm_customers": "crm_id"}


def record_key(source: str) -> str:
    return RECORD_KEY.get(source, SOURCES[source].primary_key[0])


def test_marketing_spend_is_the_only_source_not_about_persons() -> None:
    assert set(SOURCES) - set(PERSON_LEVEL) == {"marketing_spend"}


@pytest.mark.parametrize("source", PERSON_LEVEL)
def test_every_row_written_has_a_record_of_a_known_person(dirty, source: str) -> None:
    records = dirty.truth("records").filter(pl.col("source") == source)
    persons = set(dirty.truth("persons")["person_id"])
    assert records.height == dirty.summary.rows[source]
    assert set(records["person_id"]) <= persons
    # Row numbers run 1..n in every file, and n is the file's number of rows.
    per_file = records.group_by("file").agg(
        n=pl.len(),
        first=pl.min("row_number"),
        last=pl.max("row_number"),
        distinct=pl.n_unique("row_number"),
    )
    assert (per_file["first"] == 1).all()
    assert (per_file["last"] == per_file["n"]).all()
    assert (per_file["distinct"] == per_file["n"]).all()


@pytest.mark.parametrize("source", PERSON_LEVEL)
def test_records_match_the_rows_in_each_file(dirty, source: str) -> None:
    key = record_key(source)
    records = (
        dirty.truth("records")
        .filter((pl.col("source") == source) & (pl.col("flaw").fill_null("") != "malformed"))
        .group_by("file", "record_id")
        .len()
        .sort("file", "record_id")
    )
    rows = (
        dirty.read(source)
        .group_by("file", pl.col(key).alias("record_id"))
        .len()
        .sort("file", "record_id")
    )
    assert records.with_columns(pl.col("file").cast(pl.String)).equals(rows)


@pytest.mark.parametrize("source", PERSON_LEVEL)
def test_identifiers_in_rows_are_in_the_truth_of_their_person(dirty, source: str) -> None:
    """Canonicalised, every identifier a row carries belongs to the person behind the row."""
    key = record_key(source)
    people = (
        dirty.truth("records")
        .filter(pl.col("source") == source)
        .select(pl.col("record_id").alias(key), "person_id")
        .unique()
    )
    rows = dirty.read(source).join(people, on=key, how="left")
    assert rows["person_id"].null_count() == 0
    truth = dirty.truth("identifiers")
    for column, kind in SOURCES[source].identifier_columns.items():
        canonical = CANONICAL.get(kind, lambda e: e)(pl.col(column))
        found = (
            rows.select(kind=pl.lit(kind), value=canonical, person_id="person_id")
            .drop_nulls("value")
            .unique()
        )
        missing = found.join(truth, on=["kind", "value", "person_id"], how="anti")
        assert missing.is_empty(), f"{source}.{column}: {missing.head()}"


def test_identifier_truth_has_every_kind_and_canonical_values(dirty) -> None:
    truth = dirty.truth("identifiers")
    assert set(truth["kind"]) == {
        k for c in SOURCES.values() for k in c.identifier_columns.values()
    }
    emails = truth.filter(pl.col("kind") == "email")["value"]
    phones = truth.filter(pl.col("kind") == "phone")["value"]
    assert emails.str.contains(r"^[a-z0-9._]+@[a-z0-9.]+$").all()
    assert phones.str.contains(r"^\+44\d{10}$").all()
    assert not truth.is_duplicated().any()


def test_shared_identifiers_are_traps_by_design(medium, clean) -> None:
    """Households share a phone, agents type a junk email, cashiers scan a store card."""

    def shared(sample) -> pl.DataFrame:
        return (
            sample.truth("identifiers")
            .group_by("kind", "value")
            .agg(persons=pl.n_unique("person_id"))
            .filter(pl.col("persons") > 1)
        )

    traps = shared(medium)
    assert {"phone", "email", "loyalty_id"} <= set(traps["kind"])
    assert traps.filter(pl.col("kind") == "phone")["persons"].max() <= 4
    assert traps.filter(pl.col("kind") == "email")["value"].to_list() == ["noemail@example.com"]
    assert shared(clean).is_empty()


def test_persons_truth_describes_everyone(dirty) -> None:
    persons = dirty.truth("persons")
    assert persons.height == dirty.config.customers == dirty.summary.persons
    assert persons["person_id"].is_unique().all()
    prospects = persons.filter(pl.col("is_prospect"))
    assert 0 < prospects.height < persons.height
    assert (prospects["orders"] == 0).all() and not prospects["churned"].any()
    churned = persons.filter(pl.col("churned"))
    assert churned["churned_at"].null_count() == 0
    assert persons.filter(~pl.col("churned"))["churned_at"].null_count() == persons.height - (
        churned.height
    )
