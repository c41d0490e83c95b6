"""The activation assets, after the scores and the customer-360 views.

``segment_membership`` records who is in each registered segment on the run date;
``analyst_views`` regenerates the masked ``analyst`` schema over every mart and score;
``published_snapshot`` copies what people read into the snapshot file readers open
while later runs write; ``segment_exports`` writes the scheduled segments' files from
that snapshot. The first three write the warehouse (writer pool); exports only read the
snapshot, so they hold no lock. A blocking check upstream (the scores' GX suites) stops
all four: nothing is exported from data that failed its checks.
"""

import dagster as dg

from cdp.activation.base import load_segments
from cdp.activation.exports import ExportRequest, export_segment
from cdp.activation.membership import record_membership
from cdp.activation.registry import read_files
from cdp.privacy.analyst_views import create_analyst_views
from cdp.publish import connect_published, publish
from models.analytics.markdown import markdown_table
from pipelines.defs.activation.resources import ActivationResource
from pipelines.defs.analytics import ANALYTICS_ASSETS
from pipelines.defs.analytics.resources import AnalyticsResource
from pipelines.defs.dbt.assets import cdp_dbt_analytics_views, cdp_dbt_models
from pipelines.defs.resources import WAREHOUSE_WRITER_POOL, WarehouseResource

SCORES = [*ANALYTICS_ASSETS, dg.AssetKey(["analytics", "customer_360"])]


@dg.asset(
    key=["segments", "segment_membership"],
    group_name="activation",
    pool=WAREHOUSE_WRITER_POOL,
    kinds={"duckdb", "python"},
    deps=SCORES,
)
def segment_membership(
    warehouse: WarehouseResource, analytics: AnalyticsResource, activation: ActivationResource
) -> dg.MaterializeResult:
    """Members of every segment in segments/*.yml on the run date (the observation date),
    as stays with entered and exited dates (segments.segment_membership)."""
    files = read_files(activation.path("segments_dir"))
    with warehouse.connect() as con:
        segments = load_segments(files, con)
        run_date = analytics.as_of(con)
        con.execute("begin transaction")
        rows = record_membership(con, segments, run_date)
        con.execute("commit")
    header = ("segment", "version", "members", "entered", "exited")
    return dg.MaterializeResult(
        metadata={
            "run_date": str(run_date),
            "segments": len(rows),
            "members": sum(r[2] for r in rows),
            "dagster/row_count": sum(r[2] for r in rows),
            "membership": dg.MetadataValue.md("\n".join(markdown_table(header, sorted(rows)))),
        }
    )


@dg.asset(
    key=["analyst", "analyst_views"],
    group_name="activation",
    pool=WAREHOUSE_WRITER_POOL,
    kinds={"duckdb"},
    deps=[segment_membership, cdp_dbt_models, *SCORES],
)
def analyst_views(warehouse: WarehouseResource) -> dg.MaterializeResult:
    """The schema analysts read: a view per mart, score and segment table with the
    personal columns masked (cdp/privacy/policy.py declares which they are)."""
    with warehouse.connect() as con:
        con.execute("begin transaction")
        views = create_analyst_views(con)
        con.execute("commit")
    return dg.MaterializeResult(
        metadata={"views": len(views), "names": dg.MetadataValue.text(", ".join(views))}
    )


@dg.asset(
    key=["published", "snapshot"],
    group_name="activation",
    pool=WAREHOUSE_WRITER_POOL,
    kinds={"duckdb"},
    deps=[analyst_views, segment_membership, cdp_dbt_analytics_views],
)
def published_snapshot(
    warehouse: WarehouseResource, activation: ActivationResource
) -> dg.MaterializeResult:
    """Copy of the schemas people read (marts, analytics, segments, analyst, reference),
    swapped in atomically: cdp query, exports and notebooks read it during later runs."""
    with warehouse.connect() as con:
        report = publish(con, activation.path("published_path"))
    return dg.MaterializeResult(
        metadata={
            "path": dg.MetadataValue.path(str(report.path)),
            "tables": report.tables,
            "rows": report.rows,
            "dagster/row_count": report.rows,
            "megabytes": round(report.bytes / 2**20, 1),
        }
    )


@dg.asset(
    key=["exports", "segment_exports"],
    group_name="activation",
    kinds={"parquet", "csv"},
    deps=[published_snapshot],
)
def segment_exports(activation: ActivationResource) -> dg.MaterializeResult:
    """The files of every segment with an `export:` block in its YAML, from the snapshot:
    data/exports/<segment>/<run date>/, consenting members only, PII as declared."""
    con = connect_published(activation.path("published_path"))
    try:
        scheduled = con.execute("""
            select segment, export_format, export_pii from segments.segment_definitions
            where export_format is not null and (segment, definition_hash) in (
                select segment, arg_max(definition_hash, run_date) from segments.segment_runs
                group by 1)
            order by 1""").fetchall()
        rows = []
        for segment, fmt, pii in scheduled:
            export = export_segment(
                con,
                ExportRequest(segment, fmt, pii),
                activation.path("exports_dir"),
                activation.path("privacy_dir"),
            )
            manifest = export.manifest
            rows.append(
                (
                    segment,
                    manifest["rows"],
                    manifest["excluded_without_consent"],
                    pii,
                    str(export.path),
                )
            )
    finally:
        con.close()
    return dg.MaterializeResult(
        metadata={
            "exports": len(rows),
            "rows": sum(r[1] for r in rows),
            "dagster/row_count": sum(r[1] for r in rows),
            "files": dg.MetadataValue.md(
                "\n".join(
                    markdown_table(
                        ("segment", "rows", "excluded_without_consent", "pii", "path"), rows
                    )
                )
            ),
        }
    )
