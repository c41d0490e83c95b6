"""Pure helpers turning an ingest report and the ledger into Dagster metadata and checks."""

from __future__ import annotations

import dagster as dg
import duckdb

from cdp.ingest import SourceReport
from cdp.ingest.ledger import unreconciled_files
from cdp.quality.freshness import NewestFile


def report_metadata(report: SourceReport) -> dict[str, dg.MetadataValue | int | str]:
    """Asset metadata for one source's ingest run."""
    meta: dict[str, dg.MetadataValue | int | str] = {
        "files_seen": report.files_seen,
        "files_processed": len(report.outcomes),
        "files_loaded": len(report.with_status("loaded", "partially_loaded")),
        "files_rejected": len(report.with_status("rejected")),
        "files_duplicate": len(report.with_status("duplicate")),
        "rows_read": report.count("rows_read"),
        "rows_loaded": report.count("rows_loaded"),
        "rows_quarantined": report.count("rows_quarantined"),
        "dagster/row_count": report.raw_rows,
    }
    problems = report.with_status("rejected", "partially_loaded")
    if problems:
        lines = ["| file | status | quarantined | error |", "|---|---|---|---|"]
        lines += [
            f"| {o.file_path} | {o.status} | {o.rows_quarantined} | {o.error or ''} |"
            for o in problems[:50]
        ]
        meta["files_with_problems"] = dg.MetadataValue.md("\n".join(lines))
    return meta


def reconciliation_check(con: duckdb.DuckDBPyConnection, source: str) -> dg.AssetCheckResult:
    """Every loaded file: read = loaded + quarantined, and raw/quarantine hold exactly that."""
    bad = unreconciled_files(con, source)
    meta: dict = {"files_not_reconciling": len(bad)}
    if bad:
        meta["examples"] = dg.MetadataValue.json([list(map(str, row)) for row in bad[:10]])
    return dg.AssetCheckResult(check_name="rows_reconcile", passed=not bad, metadata=meta)


def rejected_files_check(current_rejected: list[tuple[str, str]]) -> dg.AssetCheckResult:
    """Warns while any file of the source stands rejected in the ledger."""
    return dg.AssetCheckResult(
        check_name="no_rejected_files",
        passed=not current_rejected,
        severity=dg.AssetCheckSeverity.WARN,
        metadata={
            "rejected_files": len(current_rejected),
            "errors": dg.MetadataValue.json(
                [{"file": f, "error": e} for f, e in current_rejected[:20]]
            ),
        },
    )


def freshness_check(newest: NewestFile | None, max_age_hours: float) -> dg.AssetCheckResult:
    """Warns when the source's newest landing file is older than ``max_age_hours``.

    Stale data is not wrong data, so this never blocks: the run goes on with what the
    warehouse holds, and the check says which export system stopped delivering.
    """
    meta: dict = {"max_age_hours": max_age_hours}
    if newest is not None:
        meta |= {
            "newest_file": newest.path,
            "newest_file_modified_at": newest.modified_at.isoformat(timespec="seconds"),
            "age_hours": round(newest.age_hours, 1),
        }
    return dg.AssetCheckResult(
        check_name="newest_file_fresh",
        passed=newest is not None and newest.age_hours <= max_age_hours,
        severity=dg.AssetCheckSeverity.WARN,
        description=None if newest else "no file of this source has been delivered",
        metadata=meta,
    )
