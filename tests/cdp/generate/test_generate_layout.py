"""Every source is written as its contract says: daily files, columns, types, vocabularies."""

from __future__ import annotations

import json
import re
from datetime import date, timedelta

import duckdb
import polars as pl
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from cdp.contracts import SOURCES

NAMES = list(SOURCES)


@pytest.mark.parametrize("source", NAMES)
def test_one_file_per_day_named_by_date(dirty, source: str) -> None:
    contract = SOURCES[source]
    paths = dirty.files(source)
    assert paths, f"no files for {source}"
    assert len(paths) == dirty.summary.files[source]
    first, last = dirty.config.start, dirty.config.start + timedelta(dirty.config.days - 1)
    for path in paths:
        match = re.fullmatch(rf"{source}_(\d{{4}}-\d{{2}}-\d{{2}})", path.stem)
        assert match and path.suffix == contract.extension
        assert first <= date.fromisoformat(match[1]) <= last


@pytest.mark.parametrize("source", NAMES)
def test_columns_are_the_contract_columns_in_order(dirty, source: str) -> None:
    contract = SOURCES[source]
    expected = list(contract.column_names)
    for path in dirty.files(source)[:20]:
        if contract.format == "csv":
            header = path.read_text().split("\n", 1)[0]
            assert header.split(",") == expected, path.name
        elif contract.format == "jsonl":
            first = path.read_text().split("\n", 1)[0]
            assert list(json.loads(first)) == expected, path.name
        else:
            assert pq.read_schema(path).names == expected, path.name


def test_parquet_columns_have_proper_types(dirty) -> None:
    strings = {pa.string(), pa.large_string()}
    expected = {
        "DECIMAL(12,2)": {pa.decimal128(12, 2)},
        "TIMESTAMP": {pa.timestamp("us")},
        "INTEGER": {pa.int32()},
        "VARCHAR": strings,
    }
    for source, contract in SOURCES.items():
        if contract.format == "parquet":
            schema = pq.read_schema(dirty.files(source)[0])
            for column in contract.columns:
                assert schema.field(column.name).type in expected[column.type], column.name


@pytest.mark.parametrize("source", NAMES)
def test_times_fall_in_the_window_and_in_their_file(dirty, source: str) -> None:
    contract = SOURCES[source]
    rows = dirty.read(source, typed=True)
    day = pl.col(contract.timestamp_column).cast(pl.Date)
    file_day = pl.col("file").str.extract(r"(\d{4}-\d{2}-\d{2})").str.to_date()
    start = dirty.config.start
    end = start + timedelta(days=dirty.config.days)
    assert rows.filter((day < start) | (day >= end)).is_empty()
    # A row is in the file of its own day, or repeated late in the next day's file.
    lag = rows.select((file_day - day).dt.total_days().alias("lag"))["lag"]
    assert set(lag.unique()) <= {0, 1}
    if contract.identifier_columns:
        flaws = dirty.truth("records").filter(pl.col("source") == source)["flaw"]
        assert (lag == 1).sum() == (flaws == "late_duplicate").sum()


@pytest.mark.parametrize("source", NAMES)
def test_vocabularies_are_respected(dirty, source: str) -> None:
    rows = dirty.read(source)
    for column in SOURCES[source].columns:
        if column.values:
            seen = set(rows[column.name].drop_nulls().unique())
            assert seen <= set(column.values), f"{source}.{column.name}: {seen}"
            if rows.height >= 200:  # big enough that every value should show up
                assert seen == set(column.values), f"{source}.{column.name}: {seen}"


def test_web_campaign_landings_carry_a_nested_utm(dirty) -> None:
    rows = dirty.read("web_events")
    utm = rows.filter(pl.col("utm").is_not_null()).select(pl.col("utm").struct.unnest())
    assert 0 < utm.height < rows.height / 5
    assert utm.null_count().sum_horizontal().item() == 0
    assert set(utm["medium"]) >= {"email", "cpc"}


def test_clean_csvs_parse_with_contract_types(clean) -> None:
    """With dirt=0 every CSV row loads with the contract's DuckDB types, none rejected."""
    for source, contract in SOURCES.items():
        if contract.format != "csv":
            continue
        pattern = str(clean.summary.landing_dir / source / "*.csv")
        loaded = (
            duckdb.connect()
            .execute(
                f"select count(*) from read_csv('{pattern}', header=true, delim=',', quote='\"', "
                f"escape='\"', columns={contract.duckdb_types})"
            )
            .fetchall()[0][0]
        )
        assert loaded == clean.summary.rows[source], source


def test_clean_jsonl_lines_are_all_json(clean) -> None:
    for source, contract in SOURCES.items():
        if contract.format == "jsonl":
            for path in clean.files(source):
                for line in path.read_text().splitlines():
                    assert set(json.loads(line)) == set(contract.column_names)
