"""The analytics stage's settings as a Dagster resource (editable in the launchpad)."""

from dataclasses import asdict, fields
from datetime import date
from pathlib import Path

import dagster as dg
import duckdb

from cdp.analytics_settings import AnalyticsSettings
from cdp.config import Settings
from models.analytics import observation_date


class AnalyticsResource(dg.ConfigurableResource):
    """:class:`cdp.analytics_settings.AnalyticsSettings`, plus where truth and reports are.

    ``observation_date`` is an ISO date or empty (the last day with data), so that a run
    can be scored "as of" another day from the launchpad without touching code.
    """

    observation_date: str = ""
    period_days: int
    purchase_model: str
    clv_horizon_months: int
    clv_annual_discount_rate: float
    clv_holdout_days: int
    churn_horizon_days: int
    churn_medium_risk: float
    churn_high_risk: float
    lifecycle_new_days: int
    lifecycle_active_days: int
    lifecycle_lapsed_days: int
    lifecycle_churned_days: int
    lifecycle_history_months: int
    cluster_k_min: int
    cluster_k_max: int
    random_seed: int
    truth_dir: str
    reports_dir: str

    @classmethod
    def from_settings(cls, settings: Settings) -> "AnalyticsResource":
        values = asdict(settings.analytics)
        observed = values.pop("observation_date")
        return cls(
            observation_date=observed.isoformat() if observed else "",
            truth_dir=str(settings.truth_dir),
            reports_dir=str(settings.reports_dir),
            **values,
        )

    @property
    def settings(self) -> AnalyticsSettings:
        names = {f.name for f in fields(AnalyticsSettings)} - {"observation_date"}
        configured = date.fromisoformat(self.observation_date) if self.observation_date else None
        return AnalyticsSettings(
            observation_date=configured, **{n: getattr(self, n) for n in names}
        )

    def as_of(self, con: duckdb.DuckDBPyConnection) -> date:
        """The observation date of this run (configured, or the last day with data)."""
        return observation_date(con, self.settings.observation_date)

    @property
    def truth(self) -> Path | None:
        """The generator's truth folder, when there is one (generated samples only)."""
        truth = Path(self.truth_dir)
        return truth if (truth / "persons.parquet").is_file() else None
