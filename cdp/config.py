"""One place for the platform's configuration.

Every path and tunable lives in :class:`Settings`. Defaults make the demo work from the
project root; environment variables are read only by :meth:`Settings.from_env`, which is
called at the edges (the CLI and ``pipelines/definitions.py``), never inside assets.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

from cdp.analytics_settings import AnalyticsSettings
from cdp.quality.settings import QualitySettings

PROJECT_ROOT = Path(__file__).resolve().parent.parent

# Environment variables understood at the edge, and the Settings field each one sets.
ENV_VARS: dict[str, str] = {
    "CDP_WAREHOUSE": "warehouse_path",
    "CDP_LANDING_DIR": "landing_dir",
    "CDP_TRUTH_DIR": "truth_dir",
    "CDP_EXPORTS_DIR": "exports_dir",
    "CDP_REPORTS_DIR": "reports_dir",
    "CDP_QUALITY_DIR": "quality_dir",
    "CDP_PUBLISHED_WAREHOUSE": "published_path",
    "CDP_PRIVACY_DIR": "privacy_dir",
    "CDP_SEGMENTS_DIR": "segments_dir",
    "DAGSTER_HOME": "dagster_home",
}


@dataclass(frozen=True)
class Settings:
    """Paths and knobs of one platform installation.

    Parameters
    ----------
    data_dir
        Root of everything the platform reads and writes.
    landing_dir
        Where channel exports are dropped, one folder per source.
    truth_dir
        Ground truth written by the sample generator. The pipeline never reads it; only
        scoring code and tests do.
    warehouse_path
        The DuckDB file.
    published_path
        The published snapshot: a copy of the schemas people read (marts, analytics,
        segments, analyst, reference), replaced atomically at the end of every run.
        ``cdp query`` and exports read it, so they work while a run holds the writer.
    exports_dir
        Where segment exports are published (``<segment>/<run date>/``).
    privacy_dir
        The privacy audit log (raw exports, raw queries, erasures).
    segments_dir
        The segment registry: versioned YAML definitions.
    reports_dir
        Where model cards and other reports for people are written.
    quality_dir
        Great Expectations' store of validation results and the data docs site
        (``docs/index.html``), rebuilt by every run's quality checks.
    dbt_project_dir
        The dbt project (models, tests, profiles.yml).
    dagster_home
        The local Dagster instance (run history, event logs, schedules).
    identity_min_precision, identity_min_recall
        The identity accuracy check fails below these (scored only where a truth
        folder exists: generated samples).
    identity_probabilistic
        Run the probabilistic stage (splink): till receipts with no usable identifier
        are linked to CRM customers on name and postcode. Off, ``identity.record_links``
        is left empty and such receipts stay anonymous.
    identity_match_threshold, identity_match_margin
        A receipt is linked to its best CRM customer when the match probability is at
        least the threshold and its match weight (log2 Bayes factor) beats the
        runner-up's by the margin.
    analytics
        Observation date and the thresholds of RFM, CLV, churn, lifecycle and clusters.
    quality
        Sampling, freshness limits and bands of the quality checks.
    """

    data_dir: Path = PROJECT_ROOT / "data"
    landing_dir: Path = field(default=PROJECT_ROOT / "data" / "landing")
    truth_dir: Path = field(default=PROJECT_ROOT / "data" / "truth")
    warehouse_path: Path = field(default=PROJECT_ROOT / "data" / "warehouse" / "cdp.duckdb")
    published_path: Path = field(default=PROJECT_ROOT / "data" / "published" / "cdp.duckdb")
    exports_dir: Path = field(default=PROJECT_ROOT / "data" / "exports")
    privacy_dir: Path = field(default=PROJECT_ROOT / "data" / "privacy")
    segments_dir: Path = PROJECT_ROOT / "segments"
    reports_dir: Path = field(default=PROJECT_ROOT / "data" / "reports")
    quality_dir: Path = field(default=PROJECT_ROOT / "data" / "quality")
    dbt_project_dir: Path = PROJECT_ROOT / "dbt_project"
    dagster_home: Path = PROJECT_ROOT / ".dagster"
    identity_min_precision: float = 0.995
    identity_min_recall: float = 0.98
    identity_probabilistic: bool = True
    identity_match_threshold: float = 0.99
    identity_match_margin: float = 6.0
    analytics: AnalyticsSettings = field(default_factory=AnalyticsSettings)
    quality: QualitySettings = field(default_factory=QualitySettings)

    @classmethod
    def for_data_dir(cls, data_dir: Path) -> Settings:
        """Settings with every data path under ``data_dir`` (tests, other installs)."""
        data_dir = Path(data_dir).resolve()
        return cls(
            data_dir=data_dir,
            landing_dir=data_dir / "landing",
            truth_dir=data_dir / "truth",
            warehouse_path=data_dir / "warehouse" / "cdp.duckdb",
            published_path=data_dir / "published" / "cdp.duckdb",
            exports_dir=data_dir / "exports",
            privacy_dir=data_dir / "privacy",
            reports_dir=data_dir / "reports",
            quality_dir=data_dir / "quality",
        )

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        """Defaults, then ``CDP_DATA_DIR``, the single-path overrides in ENV_VARS, and
        ``CDP_OBSERVATION_DATE``."""
        env = os.environ if environ is None else environ
        settings = cls.for_data_dir(Path(env["CDP_DATA_DIR"])) if "CDP_DATA_DIR" in env else cls()
        overrides = {fld: Path(env[var]).resolve() for var, fld in ENV_VARS.items() if env.get(var)}
        if env.get("CDP_OBSERVATION_DATE"):  # the "today" of every score (ISO date)
            observed = date.fromisoformat(env["CDP_OBSERVATION_DATE"])
            overrides["analytics"] = replace(settings.analytics, observation_date=observed)
        return replace(settings, **overrides)

    def ensure_dirs(self) -> None:
        """Create the folders the platform writes to."""
        for path in (
            self.landing_dir,
            self.warehouse_path.parent,
            self.published_path.parent,
            self.exports_dir,
            self.privacy_dir,
            self.reports_dir,
            self.quality_dir,
        ):
            path.mkdir(parents=True, exist_ok=True)
