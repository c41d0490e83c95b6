"""Dirt is there when asked for, light enough to load, and absent with dirt=0."""

from __future__ import annotations

import duckdb
import polars as pl
import pytest

from cdp.contracts import SOURCES
from cdp.generate.identifiers import canonical_email

E164 = r"^\+44\d{10}$"
TEXT_FORMATS = [name for name, c in SOURCES.items() if c.format != "parquet"]


def phone_shapes(phones: pl.Series) -> set[str]:
    """Formats of phone numbers, with every digit written as 9."""
    return set(phones.drop_nulls().str.replace_all(r"\d", "9").unique())


def test_emails_are_messy_only_when_dirty(dirty, clean) -> None:
    for sample, messy in ((dirty, True), (clean, False)):
        emails = sample.read("crm_customers")["email"].drop_nulls()
        odd = emails.to_frame().filter(pl.col("email") != canonical_email(pl.col("email")))
        assert (odd.height > 0) is messy
        if messy:
            assert odd["email"].str.contains("[A-Z]").any()
            assert odd["email"].str.contains(r"^\s|\s$").any()


def test_one_number_is_written_in_many_formats_only_when_dirty(dirty, clean) -> None:
    dirty_shapes = phone_shapes(dirty.read("crm_customers")["phone"]) | phone_shapes(
        dirty.read("callcenter_calls")["phone"]
    )
    assert {
        "+99 9999 999999",
        "99999999999",
        "99999 999 999",
        "9999 9999 999999",
        "(99999) 999-999",
        "999999999999",
        "+999999999999",
    } <= dirty_shapes
    for source in ("crm_customers", "callcenter_calls", "support_tickets"):
        assert phone_shapes(clean.read(source)["phone"]) == {"+999999999999"}


def test_duplicates_within_and_across_files_only_when_dirty(medium, clean) -> None:
    rows = medium.read("esp_email_events")
    columns = [c for c in rows.columns if c != "file"]
    copies = (
        rows.filter(pl.struct(columns).is_duplicated())
        .group_by(columns)
        .agg(files=pl.n_unique("file"))
    )
    assert (copies["files"] == 1).any()  # repeated within a file
    assert (copies["files"] == 2).any()  # repeated in the next day's file
    for source in SOURCES:
        assert not clean.read(source).drop("file").is_duplicated().any(), source


@pytest.mark.parametrize("source", TEXT_FORMATS)
def test_broken_lines_are_the_ones_truth_flags(dirty, source: str) -> None:
    """Lines the truth calls malformed fail to load, and all other lines load."""
    written, loaded = dirty.summary.rows[source], dirty.read(source).height
    if SOURCES[source].identifier_columns:
        flaws = dirty.truth("records").filter(pl.col("source") == source)["flaw"]
        assert loaded == written - (flaws == "malformed").sum()
    else:
        assert written * 0.98 <= loaded <= written


def test_broken_lines_are_rare_and_in_every_text_format(dirty) -> None:
    records = dirty.truth("records")
    broken = records.filter(pl.col("flaw") == "malformed")
    formats = {SOURCES[s].format for s in broken["source"].unique()}
    assert formats == {"csv", "jsonl"}
    rate = broken.height / records.height
    assert 0.5 * dirty.config.malformed_rate < rate < 2 * dirty.config.malformed_rate


def test_dirty_sources_still_load_almost_entirely(medium) -> None:
    """At the default rates a sane reader loads at least 99.9% of the rows."""
    loaded = {source: medium.read(source).height for source in SOURCES}
    for source, count in loaded.items():  # one broken line is 1% of a 100-row source
        assert count >= 0.99 * medium.summary.rows[source], source
    assert sum(loaded.values()) >= 0.999 * sum(medium.summary.rows.values())
    flaws = medium.truth("records")["flaw"].value_counts()
    assert set(flaws["flaw"].drop_nulls()) == {"duplicate", "late_duplicate", "malformed"}


def test_parquet_is_never_broken(dirty) -> None:
    records = dirty.truth("records").filter(pl.col("source") == "shop_orders")
    assert not (records["flaw"] == "malformed").any()
    pattern = str(dirty.summary.landing_dir / "shop_orders" / "*.parquet")
    assert duckdb.sql(f"select count(*) from '{pattern}'").fetchall()[0][0] == records.height


def test_clean_export_has_no_flaws_or_gaps(clean) -> None:
    records = clean.truth("records")
    assert records["flaw"].null_count() == records.height
    for source, contract in SOURCES.items():
        rows = clean.read(source)
        assert rows.height == clean.summary.rows[source], source
        for column, kind in contract.identifier_columns.items():
            values = rows[column].drop_nulls()
            if kind == "email":
                assert (values == values.str.strip_chars().str.to_lowercase()).all()
                assert not (values == "noemail@example.com").any()
            if kind == "phone":
                assert values.str.contains(E164).all()
