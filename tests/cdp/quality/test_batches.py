"""Batches: the whole table by default, a reproducible sample only where allowed."""

import json
from pathlib import Path

import duckdb
import pytest

from cdp.quality.batches import read_batch
from cdp.quality.suites import parse_suite


@pytest.fixture
def con():
    con = duckdb.connect()
    con.execute("create schema marts")
    con.execute("create table marts.t as select range as k, range % 5 as v, 'x' as unused "
                "from range(1000)")  # fmt: skip
    return con


def _suite(tmp_path: Path, batch: dict):
    path = tmp_path / "s.json"
    expectation = {"type": "expect_column_values_to_be_between",
                   "kwargs": {"column": "v", "min_value": 0}, "severity": "critical"}  # fmt: skip
    meta = {"asset": ["marts", "t"], "key": ["k"], "batch": batch}
    path.write_text(json.dumps({"name": "marts.t", "meta": meta, "expectations": [expectation]}))
    return parse_suite(path)


def test_whole_table_with_only_the_named_columns(con, tmp_path: Path):
    batch = read_batch(con, _suite(tmp_path, {}), sample_rows=10, seed=1)
    assert list(batch.frame.columns) == ["k", "v"] and len(batch.frame) == 1000
    assert not batch.sampled and batch.description == "all 1,000 rows"


def test_sample_only_where_allowed_and_reproducible(con, tmp_path: Path):
    suite = _suite(tmp_path, {"sample_rows": True})
    first = read_batch(con, suite, sample_rows=100, seed=3)
    again = read_batch(con, suite, sample_rows=100, seed=3)
    assert len(first.frame) == 100 and first.sampled
    assert "sample of 100 of 1,000 rows (seed 3)" in first.description
    assert first.frame["k"].tolist() == again.frame["k"].tolist()
    assert not read_batch(con, suite, sample_rows=5000, seed=3).sampled


def test_aggregate_query(con, tmp_path: Path):
    suite = _suite(tmp_path, {"query": "select count(*) as n from marts.t"})
    batch = read_batch(con, suite, sample_rows=10, seed=1)
    assert batch.frame["n"].tolist() == [1000] and "aggregate" in batch.description


def test_a_missing_column_fails_the_expectation_with_the_error(con, tmp_path: Path):
    from cdp.quality.validate import validate_suite

    suite = _suite(tmp_path, {})
    frame = read_batch(con, suite, sample_rows=10, seed=1).frame.drop(columns=["v"])
    batch = read_batch(con, suite, sample_rows=10, seed=1)
    batch = type(batch)(frame, batch.table_rows, batch.description)
    outcome = validate_suite(suite, batch, {}, quality_dir=tmp_path / "q", failing_rows=3)
    (only,) = outcome.outcomes
    assert not only.success and only.error and "v" in only.error
    assert outcome.docs_page and outcome.docs_page.startswith("file://")
