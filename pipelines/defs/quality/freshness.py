"""Freshness of the marts and analytics tables: rebuilt within the configured hours.

Dagster's last-update freshness checks read the materialization history, so they can
flag a mart that the daily job has not rebuilt even when that job never starts; their
sensor evaluates them between runs (``cdp ui`` starts the daemon that runs it). Raw
sources have their own freshness check, on the age of the newest landing file
(:func:`pipelines.defs.ingest.metadata.freshness_check`).
"""

import warnings
from collections.abc import Sequence
from datetime import timedelta

import dagster as dg

WATCHED_LAYERS = ("marts", "analytics")


def watched_keys(assets: Sequence[dg.AssetsDefinition]) -> list[dg.AssetKey]:
    """The keys of ``assets`` in the layers people read: marts and analytics."""
    keys = {k for a in assets for k in a.keys if k.path[0] in WATCHED_LAYERS}
    return sorted(keys, key=lambda k: k.to_user_string())


def freshness_checks(
    assets: Sequence[dg.AssetsDefinition], max_age_hours: float
) -> tuple[list[dg.AssetChecksDefinition], dg.SensorDefinition]:
    """The WARN freshness checks of every watched asset, and the sensor that runs them."""
    with warnings.catch_warnings():
        # Superseded by FreshnessPolicy, which is not an asset check: we want checks,
        # listed beside the others and read by `cdp quality`.
        warnings.simplefilter("ignore")
        checks = list(
            dg.build_last_update_freshness_checks(
                assets=watched_keys(assets),
                lower_bound_delta=timedelta(hours=max_age_hours),
                severity=dg.AssetCheckSeverity.WARN,
            )
        )
        sensor = dg.build_sensor_for_freshness_checks(
            freshness_checks=checks,
            name="cdp_freshness_checks",
            default_status=dg.DefaultSensorStatus.RUNNING,
        )
    return checks, sensor
