"""The quality gates' settings as a Dagster resource."""

from dataclasses import asdict
from pathlib import Path

import dagster as dg

from cdp.config import Settings
from cdp.quality.settings import QualitySettings


class QualityResource(dg.ConfigurableResource):
    """:class:`cdp.quality.settings.QualitySettings`, plus where GX keeps its results."""

    quality_dir: str
    sample_rows: int
    sample_seed: int
    failing_rows: int
    source_max_file_age_hours: float
    mart_max_age_hours: float
    churn_calibration_band: float

    @classmethod
    def from_settings(cls, settings: Settings) -> "QualityResource":
        return cls(quality_dir=str(settings.quality_dir), **asdict(settings.quality))

    @property
    def settings(self) -> QualitySettings:
        values = self.model_dump(exclude={"quality_dir"})
        return QualitySettings(**values)

    @property
    def directory(self) -> Path:
        return Path(self.quality_dir)
