"""Validate a suite with Great Expectations and keep the data docs up to date.

A file-backed GX context lives in the quality folder (``data/quality/gx``): every run's
validation results are stored there and the data docs site (``data/quality/docs``) is
updated by the checkpoint, so its index lists the history of every suite. GX is imported
here only, when a suite actually runs: it takes seconds to import.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cdp.quality.batches import Batch
from cdp.quality.suites import Expectation, Suite, check_name

DOCS_SITE = "quality_docs"
RESULT_KEYS = ("observed_value", "unexpected_count", "unexpected_percent", "element_count")


@dataclass(frozen=True)
class ExpectationOutcome:
    """The result of one expectation, in plain Python values."""

    expectation: Expectation
    success: bool
    result: dict[str, Any]
    failing_rows: list[dict[str, Any]]
    error: str | None = None


@dataclass(frozen=True)
class SuiteOutcome:
    """Every expectation's outcome, the batch it saw and its data docs page."""

    suite: Suite
    batch: str
    outcomes: list[ExpectationOutcome]
    docs_page: str | None


def plain(value: Any) -> Any:
    """numpy / pandas scalars and containers as JSON-friendly Python values."""
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    if hasattr(value, "item") and callable(value.item):
        value = value.item()
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, float):
        return None if value != value else value  # NaN: a missing value
    return str(value)


def _error(info: dict) -> str | None:
    """The message of an expectation that raised; GX keys it by metric when a metric
    failed (a missing column), else puts it at the top level."""
    if "raised_exception" in info:
        return info.get("exception_message") if info["raised_exception"] else None
    raised = [v for v in info.values() if isinstance(v, dict) and v.get("raised_exception")]
    return "; ".join(str(v.get("exception_message")) for v in raised) or None


def docs_dir(quality_dir: Path) -> Path:
    return quality_dir / "docs"


def _context(quality_dir: Path) -> Any:
    import great_expectations as gx
    from great_expectations.data_context.types.base import ProgressBarsConfig

    context = gx.get_context(mode="file", project_root_dir=str(quality_dir))
    context.variables.progress_bars = ProgressBarsConfig(globally=False)
    if DOCS_SITE not in context.get_site_names():
        site = {
            "class_name": "SiteBuilder",
            "store_backend": {
                "class_name": "TupleFilesystemStoreBackend",
                "base_directory": str(docs_dir(quality_dir).resolve()),
            },
            "site_index_builder": {"class_name": "DefaultSiteIndexBuilder"},
        }
        context.add_data_docs_site(site_name=DOCS_SITE, site_config=site)
    return context


def _checkpoint(context: Any, suite: Suite, result_format: dict) -> Any:
    import great_expectations as gx

    gx_suite = context.suites.add_or_update(
        gx.ExpectationSuite(**{k: v for k, v in suite.definition.items() if k != "notes"})
    )
    source = context.data_sources.add_or_update_pandas("warehouse")
    names = {a.name for a in source.assets}
    asset = source.get_asset(suite.name) if suite.name in names else (
        source.add_dataframe_asset(suite.name)
    )  # fmt: skip
    definitions = {d.name for d in asset.batch_definitions}
    batch_def = asset.get_batch_definition("frame") if "frame" in definitions else (
        asset.add_batch_definition_whole_dataframe("frame")
    )  # fmt: skip
    validation = context.validation_definitions.add_or_update(
        gx.ValidationDefinition(name=suite.name, data=batch_def, suite=gx_suite)
    )
    docs = gx.checkpoint.UpdateDataDocsAction(name="data_docs", site_names=[DOCS_SITE])
    return context.checkpoints.add_or_update(
        gx.Checkpoint(
            name=suite.name,
            validation_definitions=[validation],
            actions=[docs],
            result_format=result_format,
        )
    )


def validate_suite(
    suite: Suite,
    batch: Batch,
    parameters: dict[str, Any],
    *,
    quality_dir: Path,
    failing_rows: int,
) -> SuiteOutcome:
    """Run ``suite`` on ``batch`` through a GX checkpoint; update the data docs."""
    context = _context(quality_dir)
    key = [c for c in suite.key if c in batch.frame.columns]
    result_format: dict[str, Any] = {
        "result_format": "SUMMARY",
        "partial_unexpected_count": failing_rows,
    }
    if key:
        result_format["unexpected_index_column_names"] = key
    checkpoint = _checkpoint(context, suite, result_format)
    run = checkpoint.run(
        batch_parameters={"dataframe": batch.frame}, expectation_parameters=parameters
    )
    (identifier, validation), *_ = run.run_results.items()
    by_name = {e.check_name: e for e in suite.expectations}
    outcomes = []
    for r in validation.results:
        config = r.expectation_config
        name = check_name(config.type, config.kwargs, config.meta or {})
        error = _error(r.exception_info or {})
        outcomes.append(
            ExpectationOutcome(
                expectation=by_name[name],
                success=bool(r.success),
                result=plain({k: r.result[k] for k in RESULT_KEYS if k in r.result}),
                failing_rows=plain(r.result.get("partial_unexpected_index_list") or []),
                error=error,
            )
        )
    urls = context.get_docs_sites_urls(resource_identifier=identifier, site_name=DOCS_SITE)
    page = urls[0]["site_url"] if urls else None
    return SuiteOutcome(suite, batch.description, outcomes, page)
