"""Segment exports: a segment's consenting members as a file a campaign tool takes.

An export reads only the published snapshot (:mod:`cdp.publish`), so it runs while the
pipeline writes, and it reads membership as recorded on the run date
(``segments.segment_runs``), with the definition version of that run, not the YAML as it
may have been edited since. Personal columns leave hashed by default (the
customer-match format, :mod:`cdp.privacy.policy`); ``raw`` is recorded in the manifest
and the privacy audit log. Customers without marketing consent are left out unless the
caller says otherwise, which the manifest records too.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import duckdb

from cdp.activation.base import BASE_TABLE, create_base
from cdp.activation.files import write_export
from cdp.activation.registry import ExportFormat, PiiMode, SegmentError
from cdp.privacy.audit import audit
from cdp.privacy.policy import select_list

KEY = "customer_key"
CONSENT = "marketing_consent"


@dataclass(frozen=True)
class ExportRequest:
    """What a marketer asked for. ``columns`` None: the segment's own list."""

    segment: str
    fmt: ExportFormat = "parquet"
    pii: PiiMode = "hashed"
    columns: tuple[str, ...] | None = None
    include_unconsented: bool = False
    as_of: date | None = None


@dataclass(frozen=True)
class Export:
    path: Path
    manifest: dict


def recorded_definition(con: duckdb.DuckDBPyConnection, segment: str, as_of: date | None) -> dict:
    """The segment as recorded on its latest run date (or the last run on or before
    ``as_of``): run date, version, hash, predicate, columns, counts."""
    rows = con.execute(
        """
        select r.run_date, r.version, r.definition_hash, r.members, d.predicate, d.columns,
               d.description, d.owner
        from segments.segment_runs as r
        join segments.segment_definitions as d
            on d.segment = r.segment and d.definition_hash = r.definition_hash
        where r.segment = $s and ($d is null or r.run_date <= $d)
        order by r.run_date desc limit 1
    """,
        {"s": segment, "d": as_of},
    ).fetchall()
    if not rows:
        known = [
            r[0]
            for r in con.execute(
                "select distinct segment from segments.segment_runs order by 1"
            ).fetchall()
        ]
        raise SegmentError(
            f"no recorded membership for segment {segment!r}"
            f"{f' on or before {as_of}' if as_of else ''}; "
            f"recorded segments: {', '.join(known) or 'none'}"
        )
    keys = (
        "run_date",
        "version",
        "definition_hash",
        "members",
        "predicate",
        "columns",
        "description",
        "owner",
    )
    return dict(zip(keys, rows[0], strict=True))


def _columns(requested: Sequence[str], available: Sequence[str], segment: str) -> list[str]:
    unknown = [c for c in requested if c not in available]
    if unknown:
        raise SegmentError(f"segment {segment}: unknown export column(s) {', '.join(unknown)}")
    return [KEY, *(c for c in requested if c != KEY)]


def export_segment(
    con: duckdb.DuckDBPyConnection,
    request: ExportRequest,
    out_dir: Path,
    privacy_dir: Path,
    on_rows: Callable[[int], None] | None = None,
    on_total: Callable[[int], None] | None = None,
) -> Export:
    """Write ``out_dir/<segment>/<run date>/`` from the snapshot ``con`` (read-only)."""
    recorded = recorded_definition(con, request.segment, request.as_of)
    available = create_base(con)
    columns = _columns(request.columns or recorded["columns"], available, request.segment)
    run_date: date = recorded["run_date"]
    # The members on the run date: a stay that began on or before it and had not ended.
    members = f"""(
        select b.* from {BASE_TABLE} as b join segments.segment_membership as m using ({KEY})
        where m.segment = '{request.segment}' and m.valid_from <= '{run_date}'
            and (m.valid_to is null or m.valid_to > '{run_date}')) as members"""
    (total, consenting) = con.execute(
        f"select count(*), count(*) filter (where {CONSENT}) from {members}"
    ).fetchall()[0]
    where = "" if request.include_unconsented else f" where {CONSENT}"
    select = ", ".join(select_list(columns, request.pii))
    sql = f"select {select} from {members}{where} order by {KEY}"
    if on_total:
        on_total(total if request.include_unconsented else consenting)
    manifest = {
        "segment": request.segment,
        "segment_version": recorded["version"],
        "definition_hash": recorded["definition_hash"],
        "predicate": recorded["predicate"],
        "run_date": str(run_date),
        "pii_mode": request.pii,
        "columns_requested": columns,
        "consent": "not required" if request.include_unconsented else "marketing_consent",
        "members": total,
        "excluded_without_consent": 0 if request.include_unconsented else total - consenting,
        "snapshot_published_at": str(
            con.execute("select max(published_at) from main.published_snapshot").fetchall()[0][0]
        ),
    }
    dest = out_dir / request.segment / str(run_date)
    written = write_export(con, sql, dest, request.fmt, manifest, on_rows=on_rows)
    if request.pii == "raw" or request.include_unconsented:
        audit(
            privacy_dir,
            "export",
            segment=request.segment,
            run_date=str(run_date),
            pii_mode=request.pii,
            consent=manifest["consent"],
            rows=written["rows"],
            path=str(dest),
        )
    return Export(dest, written)
