"""One ingest asset per declared source: landing files → ``raw.<source>``."""

import dagster as dg

from cdp.contracts import SOURCES, SourceContract
from cdp.ingest import ingest_source
from cdp.preview import profile_table
from cdp.quality.freshness import newest_file
from pipelines.defs.ingest.metadata import (
    freshness_check,
    reconciliation_check,
    rejected_files_check,
    report_metadata,
)
from pipelines.defs.quality.resources import QualityResource
from pipelines.defs.resources import WAREHOUSE_WRITER_POOL, WarehouseResource
from pipelines.defs.table_metadata import profile_metadata

INGEST_GROUP = "ingest"


def ingest_asset_key(contract: SourceContract) -> dg.AssetKey:
    """Matches the key dagster-dbt gives the dbt source ``raw.<name>``."""
    return dg.AssetKey(["raw", contract.name])


def build_ingest_asset(contract: SourceContract) -> dg.AssetsDefinition:
    key = ingest_asset_key(contract)
    described = {column.name: column.description for column in contract.columns}

    @dg.asset(
        key=key,
        group_name=INGEST_GROUP,
        pool=WAREHOUSE_WRITER_POOL,
        kinds={"duckdb", contract.format},
        description=f"{contract.description} Loaded from data/landing/{contract.name}/.",
        check_specs=[
            dg.AssetCheckSpec(
                "rows_reconcile",
                asset=key,
                blocking=True,
                description="rows read = rows loaded + rows quarantined",
            ),
            dg.AssetCheckSpec(
                "no_rejected_files", asset=key, description="no file of this source stands rejected"
            ),
            dg.AssetCheckSpec(
                "newest_file_fresh",
                asset=key,
                description="the newest landing file is younger than the configured maximum age",
            ),
        ],
        metadata={"primary_key": list(contract.primary_key), "format": contract.format},
    )
    def _ingest(
        context: dg.AssetExecutionContext, warehouse: WarehouseResource, quality: QualityResource
    ):
        with warehouse.connect() as con:
            report = ingest_source(con, contract, warehouse.landing)
            for outcome in report.with_status("rejected"):
                context.log.error(f"rejected {outcome.error}")
            reconciled = reconciliation_check(con, contract.name)
            rejected = con.execute(
                "select file_path, error from ingest.current_files "
                "where source = ? and status = 'rejected'",
                [contract.name],
            ).fetchall()
            newest = newest_file(con, contract.name)
            profile = profile_table(con, "raw", contract.name)
        metadata = report_metadata(report)
        if profile is not None:  # None: nothing was ever loaded, so no table yet
            metadata |= profile_metadata(profile, described)
        yield dg.MaterializeResult(metadata=metadata)
        yield reconciled
        yield rejected_files_check(rejected)
        yield freshness_check(newest, quality.source_max_file_age_hours)

    return _ingest


ingest_assets = [build_ingest_asset(contract) for contract in SOURCES.values()]
