"""Names and postcodes captured at the till: rates, forms, and whose they are."""

from __future__ import annotations

import polars as pl
import pytest

from cdp.generate import till


def with_person(sample, source: str, key: str) -> pl.DataFrame:
    """Rows of a source with the person behind each (from the truth records)."""
    people = (
        sample.truth("records")
        .filter(pl.col("source") == source)
        .select(pl.col("record_id").alias(key), "person_id")
        .unique()
    )
    return sample.read(source).join(people, on=key)


@pytest.fixture(scope="module")
def receipts(medium) -> pl.DataFrame:
    return with_person(medium, "pos_transactions", "receipt_id").unique("receipt_id")


@pytest.fixture(scope="module")
def crm(medium) -> pl.DataFrame:
    """Every CRM version's surname and postcode, by person (canonical case)."""
    return with_person(medium, "crm_customers", "crm_id").select(
        "person_id",
        surname=pl.col("last_name").str.to_lowercase(),
        postcode=pl.col("postcode").str.to_uppercase(),
    )


def test_names_and_postcodes_are_captured_at_the_intended_rates(receipts) -> None:
    card = receipts.filter(pl.col("payment_method") == "card")
    other = receipts.filter(pl.col("payment_method") != "card")
    assert card.height > 300 and other.height > 150
    assert card["customer_name"].is_not_null().mean() == pytest.approx(till.NAME_ON_SLIP, abs=0.08)
    named_other = other["customer_name"].is_not_null().mean()
    assert named_other == pytest.approx(till.NAME_FOR_E_RECEIPT, abs=0.06)
    asked = receipts["postcode"].is_not_null().mean()
    assert asked == pytest.approx(till.POSTCODE_ASKED, abs=0.06)


def test_names_come_in_the_forms_tills_write(receipts) -> None:
    names = receipts["customer_name"].drop_nulls()
    forms = {
        "slip": names.str.contains("/"),
        "initial": names.str.contains(r"^(?i)(mr|mrs|ms|miss)? ?[a-z] [a-z]+$"),
        "title": names.str.contains(r"^(?i)(mr|mrs|ms|miss) "),
        "full": names.str.contains(r"^(?i)[a-z]{2,} [a-z]+$"),
        "upper": names == names.str.to_uppercase(),
        "lower": names == names.str.to_lowercase(),
    }
    for form, hits in forms.items():
        assert hits.sum() > 5, form


def test_name_and_postcode_point_to_the_truth_person(receipts, crm) -> None:
    """Most filled receipts of CRM persons carry that person's surname and a postcode
    of theirs; the rest are typos, stale postcodes and housemates' cards."""
    surname = pl.col("customer_name").str.to_lowercase().str.extract(r"([a-z]+)(/|$)")
    named = receipts.filter(pl.col("customer_name").is_not_null()).select(
        "person_id", surname=surname
    )
    named = named.join(crm.select("person_id").unique(), on="person_id")
    same_name = named.join(crm, on=["person_id", "surname"], how="semi").height / named.height
    postcode = pl.col("postcode").str.to_uppercase().str.replace_all(" ", "")
    given = receipts.filter(pl.col("postcode").is_not_null()).select("person_id", code=postcode)
    given = given.join(crm.select("person_id").unique(), on="person_id")
    theirs = crm.select("person_id", code=pl.col("postcode").str.replace_all(" ", ""))
    same_postcode = given.join(theirs, on=["person_id", "code"], how="semi").height / given.height
    assert named.height > 100 and given.height > 100
    assert 0.9 < same_name < 1.0
    assert 0.85 < same_postcode < 1.0


def test_family_households_share_a_surname(medium, crm) -> None:
    persons = medium.truth("persons").filter(pl.col("household_id").is_not_null())
    members = persons.join(crm.unique("person_id"), on="person_id").group_by("household_id")
    households = members.agg(pl.len(), surnames=pl.n_unique("surname")).filter(pl.col("len") > 1)
    shared = (households["surnames"] == 1).mean()
    assert households.height > 30
    assert 0.4 < shared < 0.9
