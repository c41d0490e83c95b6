"""Run one suite end to end: read its batch, fill its parameters, validate it."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

import duckdb

from cdp.quality.batches import read_batch
from cdp.quality.parameters import ParameterContext, parameter_values, referenced
from cdp.quality.settings import QualitySettings
from cdp.quality.suites import Suite
from cdp.quality.validate import SuiteOutcome, validate_suite


def _no_date() -> date:
    raise ValueError("this suite's parameters need the observation date (as_of)")


def run_suite(
    con: duckdb.DuckDBPyConnection,
    suite: Suite,
    settings: QualitySettings,
    *,
    quality_dir: Path,
    as_of: Callable[[], date] | None = None,
    churn_horizon_days: int = 90,
) -> SuiteOutcome:
    """Validate ``suite`` against the warehouse behind ``con``.

    ``as_of`` gives the observation date, for the suites whose parameters need it.
    """
    batch = read_batch(con, suite, sample_rows=settings.sample_rows, seed=settings.sample_seed)
    context = ParameterContext(
        con, as_of or _no_date, churn_horizon_days, settings.churn_calibration_band
    )
    parameters = parameter_values(context, referenced(suite.definition["expectations"]))
    return validate_suite(
        suite, batch, parameters, quality_dir=quality_dir, failing_rows=settings.failing_rows
    )
