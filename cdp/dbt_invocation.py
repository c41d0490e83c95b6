"""How every dbt call is made: which dbt, and the ``--vars`` it gets.

Plain functions with no Dagster import, so the Dagster assets
(:mod:`pipelines.defs.dbt`), ``cdp docs`` and the benchmarks call dbt the same way.
"""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

from cdp.analytics_settings import AnalyticsSettings


def dbt_executable() -> str:
    """The dbt next to this interpreter (same virtualenv), else the one on PATH."""
    sibling = Path(sys.executable).parent / "dbt"
    return str(sibling) if sibling.exists() else (shutil.which("dbt") or "dbt")


def dbt_vars(warehouse_path: str, analytics: AnalyticsSettings | None = None) -> str:
    """``--vars`` for every dbt call: profiles.yml reads the warehouse path from it.

    With ``analytics``, also the settings dbt shares with the Python analytics (the
    observation date, the churn horizon), so both describe the same moment; without,
    dbt_project.yml's defaults apply (the same as AnalyticsSettings').
    """
    values: dict[str, object] = {"warehouse_path": warehouse_path}
    if analytics is not None:
        observed = analytics.observation_date
        values["observation_date"] = observed.isoformat() if observed else None
        values["churn_horizon_days"] = analytics.churn_horizon_days
    return json.dumps(values)
