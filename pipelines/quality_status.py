"""The latest result of every asset check, read from the Dagster instance.

``cdp quality`` prints this; it covers every kind of check the same way: dbt tests,
Great Expectations suites, ingest reconciliation and freshness.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Literal

import dagster as dg
from dagster._core.storage.asset_check_execution_record import (
    AssetCheckExecutionRecordStatus as RecordStatus,
)

from cdp.config import Settings
from pipelines.instance import get_instance

Status = Literal["pass", "warn", "fail", "skipped", "never run"]
SUMMARY_KEYS = ("expectation", "observed", "failing_rows", "error", "data_docs", "description")


@dataclass(frozen=True)
class CheckStatus:
    """One check's latest evaluation."""

    asset: str
    check: str
    status: Status
    run_id: str | None
    evaluated_at: datetime | None
    details: dict[str, str]


def _status(record) -> Status:
    if record is None:
        return "never run"
    if record.status == RecordStatus.PLANNED:
        return "skipped"  # planned in a run that stopped before it (an upstream failed)
    evaluation = record.event.asset_check_evaluation
    if evaluation.passed:
        return "pass"
    return "fail" if evaluation.severity == dg.AssetCheckSeverity.ERROR else "warn"


def check_details(evaluation) -> dict[str, str]:
    """What a person reads of a check evaluation: its evidence, as text."""
    values = {k: str(getattr(v, "value", v)) for k, v in evaluation.metadata.items()}
    if evaluation.description:
        values["description"] = evaluation.description
    return {k: values[k] for k in SUMMARY_KEYS if k in values}


def _details(record) -> dict[str, str]:
    if record is None or record.status == RecordStatus.PLANNED:
        return {}
    return check_details(record.event.asset_check_evaluation)


def latest_check_statuses(
    settings: Settings, check_keys: list[dg.AssetCheckKey]
) -> list[CheckStatus]:
    """The latest evaluation of each check in ``check_keys``, sorted by asset and check."""
    instance = get_instance(settings.dagster_home)
    records = instance.event_log_storage.get_latest_asset_check_execution_by_key(check_keys)
    statuses = []
    for key in sorted(check_keys, key=lambda k: (k.asset_key.to_user_string(), k.name)):
        record = records.get(key)
        when = datetime.fromtimestamp(record.create_timestamp, UTC) if record else None
        statuses.append(
            CheckStatus(
                asset=key.asset_key.to_user_string(),
                check=key.name,
                status=_status(record),
                run_id=record.run_id if record else None,
                evaluated_at=when,
                details=_details(record),
            )
        )
    return statuses


def defined_check_keys(settings: Settings) -> list[dg.AssetCheckKey]:
    """Every check the code location defines (in the dbt manifest of the last parse)."""
    from pipelines.definitions import build_definitions

    return list(build_definitions(settings).resolve_asset_graph().asset_check_keys)
