"""A population split into chunks is one world: disjoint ids, one spend, one truth."""

from __future__ import annotations

import itertools
from pathlib import Path

import polars as pl
import pyarrow.parquet as pq
import pytest

from cdp.contracts import SOURCES
from cdp.generate import GeneratorConfig, generate
from cdp.generate.chunks import split
from cdp.generate.dirt import JUNK_EMAIL
from cdp.generate.ids import serials

CHUNKED = {"customers": 300, "chunk_customers": 100, "days": 30}
PERSON_LEVEL = [name for name, c in SOURCES.items() if c.identifier_columns]
BIG = ("web_events", "esp_email_events", "crm_customers")
PART = r"-part-(\d+)\.\w+$"


@pytest.fixture(scope="module")
def chunked(make_sample):
    """Three chunks of 100 persons, default dirt."""
    return make_sample(**CHUNKED)


def part_of(file: pl.Expr) -> pl.Expr:
    return file.str.extract(PART).cast(pl.Int64)


def test_split_covers_the_world_in_chunks_no_bigger_than_asked() -> None:
    config = GeneratorConfig(customers=1003, chunk_customers=250)
    parts = split(config)
    sizes = [p.customers for p in parts]
    assert len(parts) == 5 and sum(sizes) == 1003 and max(sizes) - min(sizes) <= 1
    firsts = [p.part.first for p in parts]
    assert firsts == [0, *list(itertools.accumulate(sizes))[:-1]]
    assert [p.part.index for p in parts] == list(range(5))
    assert {p.part.world for p in parts} == {1003}
    # Blocks of an id space tile it without overlapping.
    blocks = [p.part.block(10**7) for p in parts]
    assert blocks[0][0] == 0 and blocks[-1][1] == 10**7
    assert all(a[1] == b[0] for a, b in itertools.pairwise(blocks))
    assert split(GeneratorConfig(customers=250, chunk_customers=250)) == [
        GeneratorConfig(customers=250, chunk_customers=250)
    ]


def test_serials_refuse_to_overflow_their_width() -> None:
    assert serials("P", [9_999_999], 7).to_list() == ["P9999999"]
    with pytest.raises(ValueError, match="digits"):
        serials("P", [10_000_000], 7)


def test_person_sources_are_written_as_parts_of_each_day(chunked) -> None:
    for source in PERSON_LEVEL:
        names = pl.Series([p.name for p in chunked.files(source)])
        assert len(names) == chunked.summary.files[source]
        assert names.str.extract(PART).null_count() == 0, source
        parts = set(names.str.extract(PART).cast(pl.Int64))
        # A chunk of 100 persons may not call the call centre within 30 days.
        assert parts == {0, 1, 2} if source in BIG else parts <= {0, 1, 2}


def test_marketing_spend_is_one_file_per_day_for_the_whole_world(chunked) -> None:
    names = [p.name for p in chunked.files("marketing_spend")]
    assert len(names) == chunked.config.days == chunked.summary.files["marketing_spend"]
    assert not any("-part-" in n for n in names)
    rows = chunked.read("marketing_spend")
    key = list(SOURCES["marketing_spend"].primary_key)
    # Duplicated rows are deliberate dirt; one key never carries two different rows.
    assert rows.drop("file").unique().select(key).is_duplicated().sum() == 0
    assert rows.select(key).n_unique() == rows.drop("file").unique().height


@pytest.mark.parametrize("source", [s for s in SOURCES if s != "marketing_spend"])
def test_primary_keys_never_repeat_across_chunks(chunked, source: str) -> None:
    key = list(SOURCES[source].primary_key)
    rows = chunked.read(source).with_columns(part=part_of(pl.col("file")))
    parts = rows.group_by(key).agg(parts=pl.n_unique("part"))
    assert parts.height > 0
    assert (parts["parts"] == 1).all(), parts.filter(pl.col("parts") > 1).head()


def test_persons_and_identifiers_belong_to_one_chunk(chunked) -> None:
    persons = chunked.truth("persons")
    assert persons.height == 300 and persons["person_id"].is_unique().all()
    records = chunked.truth("records").with_columns(part=part_of(pl.col("file").cast(pl.String)))
    chunk = records.group_by("person_id").agg(part=pl.col("part").unique())
    assert (chunk["part"].list.len() == 1).all()
    chunk = chunk.with_columns(pl.col("part").list.first())
    # Households and identifiers are shared within a chunk only; across chunks, only the
    # traps of the whole world are: the agents' junk email and the stores' own cards.
    households = persons.drop_nulls("household_id").join(chunk, on="person_id")
    assert households.group_by("household_id").agg(pl.n_unique("part"))["part"].max() == 1
    ids = chunked.truth("identifiers").join(chunk, on="person_id")
    shared = ids.group_by("kind", "value").agg(pl.n_unique("part")).filter(pl.col("part") > 1)
    traps = (pl.col("value") == JUNK_EMAIL) | pl.col("value").str.starts_with("63300000")
    assert shared.filter(~traps).is_empty(), shared.head()


@pytest.mark.parametrize("source", PERSON_LEVEL)
def test_records_point_at_rows_of_the_part_files(chunked, source: str) -> None:
    records = chunked.truth("records").filter(pl.col("source") == source)
    assert records.height == chunked.summary.rows[source]
    folder = chunked.summary.landing_dir / source
    per_file = records.group_by(pl.col("file").cast(pl.String)).agg(
        n=pl.len(), last=pl.max("row_number"), distinct=pl.n_unique("row_number")
    )
    for file, n, last, distinct in per_file.iter_rows():
        assert n == last == distinct == _rows_in(folder / file), file
    assert per_file.height == len(chunked.files(source))


def _rows_in(path: Path) -> int:
    if path.suffix == ".parquet":
        return pq.ParquetFile(path).metadata.num_rows
    lines = path.read_bytes().count(b"\n")
    return lines - 1 if path.suffix == ".csv" else lines


def test_chunked_config_writes_identical_files(make_sample, chunked) -> None:
    assert make_sample(**CHUNKED).digests() == chunked.digests()


def test_one_chunk_writes_what_an_unchunked_world_writes(make_sample) -> None:
    exact = make_sample(customers=300, days=30, chunk_customers=300)
    huge = make_sample(customers=300, days=30, chunk_customers=10**9)
    assert len(exact.digests()) > 100
    assert exact.digests() == huge.digests()
    assert not any("-part-" in name for name in exact.digests())


def test_spend_prices_the_activity_of_every_chunk(make_sample) -> None:
    sample = make_sample(**CHUNKED, dirt=0.0)
    spend = sample.read("marketing_spend", typed=True)
    sends = (
        sample.read("esp_email_events")
        .filter(pl.col("event_type") == "sent")
        .group_by("campaign_id")
        .agg(sent=pl.len())
    )
    email = spend.filter(pl.col("channel") == "email").join(sends, on="campaign_id")
    assert email.height == sends.height > 0
    assert (email["impressions"] == email["sent"]).all()
    landings = (
        sample.read("web_events", typed=True)
        .filter(pl.col("utm").is_not_null())
        .group_by(
            spend_date=pl.col("occurred_at").dt.date(),
            campaign_id=pl.col("utm").struct.field("campaign"),
        )
        .agg(visits=pl.len())
    )
    paid = landings.join(
        spend.filter(pl.col("channel") != "email"), on=["spend_date", "campaign_id"]
    )
    assert paid.height > 0 and (paid["clicks"] >= paid["visits"]).all()


def test_regenerating_unchunked_removes_the_parts(tmp_path: Path) -> None:
    generate(GeneratorConfig(customers=60, days=5, chunk_customers=20), tmp_path)
    mine = tmp_path / "landing" / "web_events" / "web_events_2025-01-01-part-00-mine.jsonl"
    mine.write_text("{}\n")
    generate(GeneratorConfig(customers=60, days=5), tmp_path)
    names = {p.name for p in (tmp_path / "landing").rglob("*") if p.is_file()}
    assert not {n for n in names if "-part-" in n} - {mine.name}
    assert "web_events_2025-01-05.jsonl" in names
