"""Turn a suite's outcomes into Dagster check results (pure; tested directly)."""

from collections.abc import Iterator

import dagster as dg

from cdp.quality.validate import ExpectationOutcome, SuiteOutcome
from models.analytics.markdown import markdown_table


def severity(outcome: ExpectationOutcome) -> dg.AssetCheckSeverity:
    """``critical`` expectations fail as ERROR (and block), the rest as WARN."""
    blocking = outcome.expectation.blocking
    return dg.AssetCheckSeverity.ERROR if blocking else dg.AssetCheckSeverity.WARN


def failing_rows_markdown(rows: list[dict]) -> str:
    """A few failing rows as a markdown table (key columns and the failing value)."""
    columns = list(dict.fromkeys(c for row in rows for c in row))
    lines = markdown_table(columns, [[row.get(c) for c in columns] for row in rows], 6)
    return "\n".join(lines).strip()


def check_metadata(outcome: ExpectationOutcome, suite: SuiteOutcome) -> dict:
    """What a data engineer needs to see why a check failed, without leaving Dagster."""
    metadata: dict = {
        "expectation": dg.MetadataValue.text(outcome.expectation.describe()),
        "observed": dg.MetadataValue.json(outcome.result),
        "batch": dg.MetadataValue.text(suite.batch),
        "suite": dg.MetadataValue.text(f"{suite.suite.relative_path()} @ {suite.suite.sha}"),
    }
    if outcome.failing_rows:
        metadata["failing_rows"] = dg.MetadataValue.md(failing_rows_markdown(outcome.failing_rows))
    if outcome.error:
        metadata["error"] = dg.MetadataValue.text(outcome.error)
    if suite.docs_page:
        metadata["data_docs"] = dg.MetadataValue.url(suite.docs_page)
    return metadata


def check_results(
    suite: SuiteOutcome, selected: set[str] | None = None
) -> Iterator[dg.AssetCheckResult]:
    """One result per expectation (only the ``selected`` check names, when given)."""
    key = dg.AssetKey(list(suite.suite.asset))
    for outcome in suite.outcomes:
        name = outcome.expectation.check_name
        if selected is not None and name not in selected:
            continue
        yield dg.AssetCheckResult(
            asset_key=key,
            check_name=name,
            passed=outcome.success and outcome.error is None,
            severity=severity(outcome),
            metadata=check_metadata(outcome, suite),
        )
