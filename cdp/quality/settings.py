"""Tunables of the quality gates (Great Expectations suites and freshness checks).

Part of :class:`cdp.config.Settings` (its ``quality`` field). The defaults make the demo's
checks meaningful; a deployment with other export cadences changes them here.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class QualitySettings:
    """Knobs of the quality gates.

    Parameters
    ----------
    sample_rows
        A suite that allows sampling (``meta.batch.sample_rows`` in its file) validates a
        reproducible reservoir sample of at most this many rows when the table is larger;
        the check's metadata says so. Smaller tables are validated whole.
    sample_seed
        Seed of that sample, so a failing sample can be read again.
    failing_rows
        How many failing rows (key, file and line where known, value) a check shows.
    source_max_file_age_hours
        A raw source whose newest landing file is older than this warns: the export
        system has stopped delivering.
    mart_max_age_hours
        A mart or analytics table not rebuilt for this long warns (the daily job has
        stopped succeeding); checked by Dagster's freshness checks and their sensor.
    churn_calibration_band
        The mean churn probability must lie within this distance of the churn rate
        observed over the last horizon.
    """

    sample_rows: int = 1_000_000
    sample_seed: int = 7
    failing_rows: int = 5
    source_max_file_age_hours: float = 36.0
    mart_max_age_hours: float = 26.0
    churn_calibration_band: float = 0.10
