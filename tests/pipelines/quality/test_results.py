"""Suite outcomes become check results with severity and the evidence to act on."""

from datetime import UTC, datetime
from pathlib import Path

import dagster as dg

from cdp.quality.freshness import NewestFile
from cdp.quality.suites import Expectation, Suite
from cdp.quality.validate import ExpectationOutcome, SuiteOutcome
from pipelines.defs.ingest.metadata import freshness_check
from pipelines.defs.quality.results import check_results, failing_rows_markdown

CSAT = Expectation("csat__be_between", "expect_column_values_to_be_between",
                   {"column": "csat", "min_value": 1, "max_value": 5}, "critical", "")  # fmt: skip
SHARE = Expectation("table__row_count_to_be_between", "expect_table_row_count_to_be_between",
                    {"min_value": 1}, "warning", "Some rows.")  # fmt: skip
SUITE = Suite(
    path=Path(__file__), name="marts.fct_contacts", asset=("marts", "fct_contacts"),
    key=("contact_id",), batch={}, expectations=(CSAT, SHARE), definition={}, sha="abc",
)  # fmt: skip


def _outcome(*outcomes: ExpectationOutcome) -> SuiteOutcome:
    return SuiteOutcome(SUITE, "all 3 rows", list(outcomes), "file:///docs/page.html")


def test_failed_critical_is_error_with_failing_rows():
    rows = [{"contact_id": "c1", "csat": 7}]
    failed = ExpectationOutcome(CSAT, False, {"unexpected_count": 1}, rows)
    passed = ExpectationOutcome(SHARE, True, {"observed_value": 3}, [])
    results = {r.check_name: r for r in check_results(_outcome(failed, passed))}
    csat = results["csat__be_between"]
    assert not csat.passed and csat.severity == dg.AssetCheckSeverity.ERROR
    assert csat.asset_key == dg.AssetKey(["marts", "fct_contacts"])
    assert "| c1 | 7 |" in csat.metadata["failing_rows"].value
    assert csat.metadata["data_docs"].value == "file:///docs/page.html"
    assert results["table__row_count_to_be_between"].passed
    assert results["table__row_count_to_be_between"].severity == dg.AssetCheckSeverity.WARN


def test_an_expectation_that_raised_fails_and_says_why():
    broken = ExpectationOutcome(CSAT, True, {}, [], error="column csat not found")
    (result,) = check_results(_outcome(broken))
    assert not result.passed and result.metadata["error"].value == "column csat not found"


def test_only_selected_checks_are_reported():
    both = (ExpectationOutcome(CSAT, True, {}, []), ExpectationOutcome(SHARE, True, {}, []))
    outcomes = _outcome(*both)
    assert [r.check_name for r in check_results(outcomes, {"csat__be_between"})] == [
        "csat__be_between"
    ]


def test_failing_rows_markdown_escapes_pipes_and_marks_nulls():
    text = failing_rows_markdown([{"a": "x|y", "b": None}])
    assert text.splitlines()[-1] == "| x\\|y | - |"


def test_stale_source_warns_and_missing_source_fails():
    old = NewestFile("crm/a.csv", datetime(2026, 1, 1, tzinfo=UTC), age_hours=72.0)
    stale = freshness_check(old, max_age_hours=36)
    assert not stale.passed and stale.severity == dg.AssetCheckSeverity.WARN
    assert stale.metadata["newest_file"].value == "crm/a.csv"
    assert freshness_check(NewestFile("a", old.modified_at, 1.0), 36).passed
    assert not freshness_check(None, 36).passed
