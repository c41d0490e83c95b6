"""One ingest asset per declared source: landing files → ``raw.<source>``."""

import dagster as dg

from cdp.contracts import SOURCES, SourceContract
from cdp.ingest import ingest_source
from pipelines.defs.ingest.metadata import (
    reconciliation_check,
    rejected_files_check,
    report_metadata,
)
from pipelines.defs.resources import WAREHOUSE_WRITER_POOL, WarehouseResource

INGEST_GROUP = "ingest"


def ingest_asset_key(contract: SourceContract) -> dg.AssetKey:
    """Matches the key dagster-dbt gives the dbt source ``raw.<name>``."""
    return dg.AssetKey(["raw", contract.name])


def build_ingest_asset(contract: SourceContract) -> dg.AssetsDefinition:
    key = ingest_asset_key(contract)

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
        ],
        metadata={"primary_key": list(contract.primary_key), "format": contract.format},
    )
    def _ingest(context: dg.AssetExecutionContext, warehouse: WarehouseResource):
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
        yield dg.MaterializeResult(metadata=report_metadata(report))
        yield reconciled
        yield rejected_files_check(rejected)

    return _ingest


ingest_assets = [build_ingest_asset(contract) for contract in SOURCES.values()]
