"""The Dagster code location: ``dagster dev`` from the project root loads ``defs``."""

from __future__ import annotations

import dagster as dg
from dagster_dbt import DbtCliResource

from cdp.config import Settings
from cdp.dbt_invocation import dbt_executable
from pipelines.defs.activation import ACTIVATION_ASSETS, ActivationResource
from pipelines.defs.analytics import ANALYTICS_ASSETS, AnalyticsResource
from pipelines.defs.automation import cdp_all_job, daily_schedule, landing_files_sensor
from pipelines.defs.dbt.assets import (
    cdp_dbt_analytics_views,
    cdp_dbt_identity_graph,
    cdp_dbt_models,
)
from pipelines.defs.dbt.project import DBT_PROJECT
from pipelines.defs.identity.assets import (
    IdentityScoringResource,
    customer_keys,
    identity_accuracy,
)
from pipelines.defs.identity.record_links import RecordLinkingResource, record_links
from pipelines.defs.ingest.assets import ingest_assets
from pipelines.defs.quality import SUITE_CHECKS, QualityResource, freshness_checks
from pipelines.defs.resources import WarehouseResource


def build_definitions(settings: Settings) -> dg.Definitions:
    """Definitions wired to ``settings`` (tests build their own; see ``defs`` below)."""
    read_by_people = [cdp_dbt_models, *ANALYTICS_ASSETS, cdp_dbt_analytics_views]
    fresh_checks, freshness_sensor = freshness_checks(
        read_by_people, settings.quality.mart_max_age_hours
    )
    return dg.Definitions(
        assets=[
            *ingest_assets,
            cdp_dbt_identity_graph,
            customer_keys,
            record_links,
            cdp_dbt_models,
            identity_accuracy,
            *ANALYTICS_ASSETS,
            cdp_dbt_analytics_views,
            *ACTIVATION_ASSETS,
        ],
        asset_checks=[*SUITE_CHECKS, *fresh_checks],
        jobs=[cdp_all_job],
        schedules=[daily_schedule],
        sensors=[landing_files_sensor, freshness_sensor],
        resources={
            "warehouse": WarehouseResource.from_settings(settings),
            "identity_scoring": IdentityScoringResource.from_settings(settings),
            "record_linking": RecordLinkingResource.from_settings(settings),
            "analytics": AnalyticsResource.from_settings(settings),
            "quality": QualityResource.from_settings(settings),
            "activation": ActivationResource.from_settings(settings),
            "dbt": DbtCliResource(project_dir=DBT_PROJECT, dbt_executable=dbt_executable()),
        },
    )


# The edge: the environment is read here, once, and nowhere below.
defs = build_definitions(Settings.from_env())
