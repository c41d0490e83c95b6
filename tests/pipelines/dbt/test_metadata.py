"""dbt materializations get their table's row count, described columns and preview."""

import dagster as dg
import duckdb

from pipelines.defs.dbt.metadata import with_table_metadata

MANIFEST = {
    "nodes": {
        "model.cdp.fct_orders": {
            "schema": "marts",
            "name": "fct_orders",
            "alias": "fct_orders",
            "columns": {"order_id": {"description": "The order's id in its source."}},
        }
    }
}


def test_model_outputs_gain_table_metadata_and_other_events_pass_unchanged() -> None:
    con = duckdb.connect()
    con.execute("create schema marts")
    con.execute("create table marts.fct_orders as select range as order_id from range(7)")
    built = dg.Output(None, "marts_fct_orders", metadata={"unique_id": "model.cdp.fct_orders"})
    not_built = dg.Output(None, "other", metadata={"unique_id": "model.cdp.missing"})
    check = dg.AssetCheckResult(check_name="c", passed=True, asset_key=dg.AssetKey("x"))
    events = list(with_table_metadata([built, check, not_built], con, MANIFEST))
    assert events[1] is check and events[2] is not_built
    metadata = events[0].metadata
    assert metadata["dagster/row_count"].value == 7
    assert metadata["dagster/table_name"].value == "marts.fct_orders"
    (column,) = metadata["dagster/column_schema"].schema.columns
    assert (column.name, column.description) == ("order_id", "The order's id in its source.")
    assert "First 5 rows" in metadata["preview"].value
    assert metadata["unique_id"].value == "model.cdp.fct_orders"
