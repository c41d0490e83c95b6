"""The last run and every asset's latest materialization, read from the Dagster instance.

``cdp status`` prints this: per asset, when it was last materialized, by which run, how
many rows it holds and how its checks came out, without opening the UI.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime

import dagster as dg

from cdp.config import Settings
from pipelines.instance import get_instance
from pipelines.quality_status import latest_check_statuses


@dataclass(frozen=True)
class RunSummary:
    """One run of the instance: its id, status and times."""

    run_id: str
    status: str
    started_at: datetime | None
    ended_at: datetime | None

    @property
    def seconds(self) -> float | None:
        if self.started_at is None or self.ended_at is None:
            return None
        return (self.ended_at - self.started_at).total_seconds()


@dataclass(frozen=True)
class AssetStatus:
    """An asset's latest materialization and its checks' latest results."""

    asset: str
    group: str
    materialized_at: datetime | None
    run_id: str | None
    rows: int | None
    checks: Counter[str] = field(default_factory=Counter)


def _when(timestamp: float | None) -> datetime | None:
    return datetime.fromtimestamp(timestamp, UTC) if timestamp else None


def last_run(settings: Settings) -> RunSummary | None:
    """The most recent run on the instance, whatever launched it, or None."""
    records = get_instance(settings.dagster_home).get_run_records(limit=1)
    if not records:
        return None
    record = records[0]
    return RunSummary(
        run_id=record.dagster_run.run_id,
        status=record.dagster_run.status.value,
        started_at=_when(record.start_time),
        ended_at=_when(record.end_time),
    )


def _rows(entry) -> int | None:
    value = entry.asset_materialization.metadata.get("dagster/row_count")
    return None if value is None else int(getattr(value, "value", value))


def asset_statuses(settings: Settings) -> list[AssetStatus]:
    """Every materializable asset of the code location, in graph order (ingest first)."""
    from pipelines.definitions import build_definitions

    graph = build_definitions(settings).resolve_asset_graph()
    keys = list(graph.toposorted_asset_keys)
    checks: dict[str, Counter[str]] = {}
    for check in latest_check_statuses(settings, list(graph.asset_check_keys)):
        checks.setdefault(check.asset, Counter())[check.status] += 1
    latest = get_instance(settings.dagster_home).get_latest_materialization_events(keys)
    statuses = []
    for key in keys:
        if not graph.get(key).is_materializable:
            continue
        entry = latest.get(key)
        name = key.to_user_string()
        statuses.append(
            AssetStatus(
                asset=name,
                group=graph.get(key).group_name or dg.DEFAULT_GROUP_NAME,
                materialized_at=_when(entry.timestamp) if entry else None,
                run_id=entry.run_id if entry else None,
                rows=_rows(entry) if entry else None,
                checks=checks.get(name, Counter()),
            )
        )
    return statuses
