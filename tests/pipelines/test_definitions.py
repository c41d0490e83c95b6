"""The code location loads, wires ingest into dbt, and its automation behaves."""

from pathlib import Path

import dagster as dg

from cdp.config import Settings
from cdp.contracts import SOURCES
from pipelines.definitions import build_definitions, defs
from pipelines.defs.automation import MAIN_JOB, landing_files_sensor
from pipelines.defs.resources import WAREHOUSE_WRITER_POOL, WarehouseResource


def test_definitions_are_loadable():
    dg.Definitions.validate_loadable(defs)
    assert defs.resolve_job_def(MAIN_JOB) is not None
    assert defs.resolve_schedule_def("cdp_daily").cron_schedule == "0 6 * * *"


def test_every_dbt_source_is_fed_by_an_ingest_asset():
    graph = defs.resolve_asset_graph()
    ingest_keys = {dg.AssetKey(["raw", name]) for name in SOURCES}
    materializable = {k for k in graph.get_all_asset_keys() if graph.get(k).is_materializable}
    assert ingest_keys <= materializable
    for contract in SOURCES.values():
        # the model at the source's grain reads the raw table; the staging model reads
        # it (or is it)
        grain = dg.AssetKey(["staging", contract.identity_model])
        staging = dg.AssetKey(["staging", contract.staging_model])
        assert grain in materializable and staging in materializable, contract.name
        assert dg.AssetKey(["raw", contract.name]) in graph.get(grain).parent_keys, grain
        assert staging == grain or grain in graph.get(staging).parent_keys, staging


def test_every_step_that_opens_the_warehouse_is_in_the_pool():
    # Readers too (the GX suites): a DuckDB file being written cannot be opened at all.
    # Only Dagster's freshness checks, which read the instance, and the segment exports,
    # which read the published snapshot, stay out.
    for node in defs.resolve_job_def(MAIN_JOB).graph.node_defs:
        if node.name.startswith("freshness_check") or node.name == "exports__segment_exports":
            assert "warehouse" not in node.required_resource_keys, node.name
            continue
        assert node.pool == WAREHOUSE_WRITER_POOL, node.name


def test_suite_checks_block_only_on_critical_expectations():
    graph = defs.resolve_asset_graph()
    fct_orders = dg.AssetKey(["marts", "fct_orders"])
    checks = {k.name: graph.get_check_spec(k) for k in graph.asset_check_keys
              if k.asset_key == fct_orders}  # fmt: skip
    assert checks["amount__be_between"].blocking
    csat = graph.get_check_spec(dg.AssetCheckKey(dg.AssetKey(["raw", "callcenter_calls"]),
                                                 "csat__be_between"))  # fmt: skip
    assert csat.blocking
    fresh = dg.AssetCheckKey(dg.AssetKey(["raw", "callcenter_calls"]), "newest_file_fresh")
    assert not graph.get_check_spec(fresh).blocking
    assert any(k.asset_key == dg.AssetKey(["marts", "dim_customers"])
               and k.name.startswith("freshness") for k in graph.asset_check_keys)  # fmt: skip


def test_sensor_requests_a_run_only_when_landing_files_change(tmp_path: Path):
    settings = Settings.for_data_dir(tmp_path)
    folder = settings.landing_dir / "web_events"
    folder.mkdir(parents=True)
    (folder / "web_events_2025-01-01.jsonl").write_text('{"event_id": "e1"}\n')
    resources = {"warehouse": WarehouseResource.from_settings(settings)}

    first = landing_files_sensor(dg.build_sensor_context(cursor=None, resources=resources))
    assert isinstance(first, dg.RunRequest)
    cursor = first.run_key

    same = landing_files_sensor(dg.build_sensor_context(cursor=cursor, resources=resources))
    assert isinstance(same, dg.SkipReason)

    (folder / "web_events_2025-01-02.jsonl").write_text('{"event_id": "e2"}\n')
    late = landing_files_sensor(dg.build_sensor_context(cursor=cursor, resources=resources))
    assert isinstance(late, dg.RunRequest)
    assert late.run_key != cursor


def test_build_definitions_points_resources_at_the_settings(tmp_path: Path):
    settings = Settings.for_data_dir(tmp_path)
    built = build_definitions(settings)
    warehouse = built.resources["warehouse"]
    assert Path(warehouse.warehouse_path) == settings.warehouse_path


def test_stable_keys_sit_between_the_two_dbt_phases():
    graph = defs.resolve_asset_graph()
    keys = dg.AssetKey(["identity", "customer_keys"])
    components = dg.AssetKey(["intermediate", "int_identity_components"])
    customer_keys_model = dg.AssetKey(["intermediate", "int_customer_keys"])
    assert components in graph.get(keys).parent_keys
    assert keys in graph.get(customer_keys_model).parent_keys  # the dbt source
    assert (
        dg.AssetKey(["intermediate", "int_records_keyed"])
        in graph.get(dg.AssetKey(["analytics", "identity_accuracy"])).parent_keys
    )


def test_probabilistic_links_sit_between_the_two_dbt_phases():
    graph = defs.resolve_asset_graph()
    links = dg.AssetKey(["identity", "record_links"])
    assert dg.AssetKey(["intermediate", "int_identifiers_guarded"]) in graph.get(links).parent_keys
    assert links in graph.get(dg.AssetKey(["intermediate", "int_records_keyed"])).parent_keys
