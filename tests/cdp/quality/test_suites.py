"""Suite files: parsing, severity and batch rules, check names, generated raw suites."""

import json
from pathlib import Path

import pytest

from cdp.contracts import SOURCES
from cdp.quality.raw_suites import raw_suite, raw_suite_files
from cdp.quality.suites import SuiteError, check_name, load_suites, parse_suite


def _write(tmp_path: Path, expectations: list[dict], **meta) -> Path:
    path = tmp_path / "suite.json"
    suite = {"name": "marts.t", "meta": {"asset": ["marts", "t"], **meta}}
    path.write_text(json.dumps({**suite, "expectations": expectations}))
    return path


NOT_NULL = {"type": "expect_column_values_to_not_be_null", "kwargs": {"column": "k"}}


@pytest.mark.parametrize(
    ("type_", "kwargs", "meta", "expected"),
    [
        ("expect_column_values_to_be_between", {"column": "csat"}, {}, "csat__be_between"),
        ("expect_column_values_to_not_be_null", {"column": "k"}, {}, "k__not_be_null"),
        ("expect_column_mean_to_be_between", {"column": "p"}, {}, "p__mean_to_be_between"),
        ("expect_table_row_count_to_equal", {}, {}, "table__row_count_to_equal"),
        ("expect_compound_columns_to_be_unique", {"column_list": ["a", "b"]}, {}, "a_b__be_unique"),
        ("expect_column_values_to_be_between", {"column": "x"}, {"check": "mine"}, "mine"),
    ],
)
def test_check_names_say_column_and_verb(type_, kwargs, meta, expected):
    assert check_name(type_, kwargs, meta) == expected


def test_severity_maps_to_blocking(tmp_path: Path):
    suite = parse_suite(
        _write(
            tmp_path,
            [
                {**NOT_NULL, "severity": "critical"},
                {
                    "type": "expect_column_values_to_be_unique",
                    "kwargs": {"column": "k"},
                    "severity": "warning",
                },
            ],
            key=["k"],
        )
    )
    assert [e.blocking for e in suite.expectations] == [True, False]
    assert suite.columns == ["k"] and suite.table == "marts.t"


@pytest.mark.parametrize(
    ("expectations", "meta", "message"),
    [
        ([NOT_NULL], {}, "needs a severity"),
        ([{**NOT_NULL, "severity": "fatal"}], {}, "needs a severity"),
        ([{**NOT_NULL, "severity": "critical"}] * 2, {}, "share a check name"),
        (
            [
                {
                    "type": "expect_table_row_count_to_be_between",
                    "kwargs": {"min_value": 1},
                    "severity": "critical",
                }
            ],
            {"batch": {"sample_rows": True}},
            "needs the whole table",
        ),
    ],
)
def test_bad_suites_are_refused_naming_the_file(tmp_path: Path, expectations, meta, message):
    path = _write(tmp_path, expectations, **meta)
    with pytest.raises(SuiteError, match=message) as caught:
        parse_suite(path)
    assert str(path) in str(caught.value)


def test_a_suite_without_an_asset_is_refused(tmp_path: Path):
    path = tmp_path / "s.json"
    path.write_text(json.dumps({"name": "x", "expectations": []}))
    with pytest.raises(SuiteError, match=r"meta\.asset"):
        parse_suite(path)


def test_committed_suites_load_and_cover_every_layer():
    suites = load_suites()
    assets = {s.asset for s in suites}
    assert {("raw", name) for name in SOURCES} <= assets
    for needed in ("dim_customers", "fct_orders", "fct_contacts"):
        assert ("marts", needed) in assets
    for needed in ("customer_rfm", "customer_clv", "customer_churn", "customer_lifecycle"):
        assert ("analytics", needed) in assets


def test_raw_suites_are_current_with_the_contracts():
    for path, text in raw_suite_files().items():
        assert path.read_text() == text, f"{path} is stale: run cdp contracts sync-expectations"


def test_raw_suite_follows_the_contract():
    suite = raw_suite(SOURCES["callcenter_calls"])
    by_column = {(e["kwargs"].get("column"), e["type"]): e for e in suite["expectations"]}
    csat = by_column[("csat", "expect_column_values_to_be_between")]
    assert (csat["kwargs"]["min_value"], csat["kwargs"]["max_value"], csat["severity"]) == (
        1, 5, "critical",
    )  # fmt: skip
    assert by_column[("call_id", "expect_column_values_to_not_be_null")]["severity"] == "critical"
    assert by_column[("outcome", "expect_column_values_to_be_in_set")]["severity"] == "warning"
    assert suite["meta"]["key"][-2:] == ["_source_file", "_row_number"]


def test_columns_include_pairs_and_row_conditions(tmp_path: Path):
    condition = {"type": "nullity", "column": {"name": "null_reason"}, "is_null": True}
    pair = {"type": "expect_column_pair_values_a_to_be_greater_than_b",
            "kwargs": {"column_A": "b", "column_B": "c", "row_condition": condition},
            "severity": "warning"}  # fmt: skip
    suite = parse_suite(_write(tmp_path, [pair], key=["k"]))
    assert suite.columns == ["k", "b", "c", "null_reason"]
