"""Quality gates on the real stack: GX suites, dbt tests and freshness as Dagster checks.

- every check passes on the default sample, and ``cdp quality`` says so;
- injected bad data (a null key, a CSAT of 7, a negative amount) fails the matching
  suite check as ERROR, with the failing row;
- a bad export stops the run at the door (nothing downstream of raw is built) and a
  stale source warns, as ``cdp run`` and ``cdp quality`` show;
- a corrupted mart stops the analytics that read it, and the segment exports after them.
"""

import os
import shutil
from dataclasses import replace
from pathlib import Path

import dagster as dg
import pytest
from typer.testing import CliRunner

from cdp.cli import app
from cdp.config import Settings
from cdp.generate import GeneratorConfig, generate
from cdp.quality.runner import run_suite
from cdp.quality.suites import load_suites
from cdp.warehouse import connect, connect_read_only
from pipelines.instance import get_instance
from pipelines.quality_status import defined_check_keys, latest_check_statuses

# One xdist group: these modules share the session's default_sample build (make test runs
# two workers; a group stays on one, so the sample is built once).
pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("default_sample")]
BAD_CALL = (
    "call_id,phone,started_at,duration_seconds,direction,reason,outcome,csat,agent_id\n"
    "bad-1,07700 900123,2025-03-01 10:00:00,60,inbound,billing,resolved,7,a1\n"
)


def _cli(settings: Settings, *args: str):
    env = {"CDP_DATA_DIR": str(settings.data_dir), "DAGSTER_HOME": str(settings.dagster_home)}
    return CliRunner().invoke(app, list(args), env=env)


def _suite(name: str):
    return next(s for s in load_suites() if s.name == name)


def test_every_check_passes_on_the_default_sample(default_sample: Settings):
    statuses = latest_check_statuses(default_sample, defined_check_keys(default_sample))
    assert len(statuses) > 300
    assert {s.status for s in statuses} == {"pass"}, [s for s in statuses if s.status != "pass"]
    gx_checks = [s for s in statuses if s.check.endswith(("be_between", "be_in_set"))]
    assert {s.asset.split("/")[0] for s in gx_checks} == {"raw", "marts", "analytics"}
    assert (default_sample.quality_dir / "docs" / "index.html").is_file()

    result = _cli(default_sample, "quality", "--asset", "marts/fct_contacts", "--all")
    assert result.exit_code == 0, result.output
    assert "csat__be_between" in result.output and "fail" in result.output  # the header


def test_injected_bad_data_fails_the_matching_check(default_sample: Settings, tmp_path: Path):
    warehouse = tmp_path / "cdp.duckdb"
    shutil.copy(default_sample.warehouse_path, warehouse)
    with connect(warehouse) as con:
        order = con.execute("select order_id from marts.fct_orders order by 1 limit 2").fetchall()
        con.execute("update marts.fct_orders set customer_key = null where order_id = ?", order[0])
        con.execute("update marts.fct_orders set amount = -5 where order_id = ?", order[1])
        (contact,) = con.execute(
            "select contact_id from marts.fct_contacts where csat is not null order by 1 limit 1"
        ).fetchall()
        con.execute("update marts.fct_contacts set csat = 7 where contact_id = ?", contact)
    expected = {
        "marts.fct_orders": {"customer_key__not_be_null": order[0][0],
                             "amount__be_between": order[1][0]},
        "marts.fct_contacts": {"csat__be_between": contact[0]},
    }  # fmt: skip
    with connect_read_only(warehouse) as con:
        for suite_name, failing in expected.items():
            outcome = run_suite(
                con, _suite(suite_name), default_sample.quality, quality_dir=tmp_path / "q"
            )
            failed = {o.expectation.check_name: o for o in outcome.outcomes if not o.success}
            assert set(failed) == set(failing), suite_name
            for name, key in failing.items():
                assert failed[name].expectation.blocking  # critical: an ERROR check
                assert key in str(failed[name].failing_rows), failed[name].failing_rows


@pytest.fixture
def small_settings(tmp_path: Path) -> Settings:
    settings = replace(Settings.for_data_dir(tmp_path / "data"), dagster_home=tmp_path / "dg")
    generate(GeneratorConfig(customers=200, days=120, seed=5), settings.data_dir)
    return settings


def test_a_bad_export_stops_the_run_at_the_door(small_settings: Settings):
    calls = small_settings.landing_dir / "callcenter_calls"
    (calls / "callcenter_calls_late_fix.csv").write_text(BAD_CALL)
    # A stale source: social's exports stopped three days ago.
    three_days_ago = (calls / "callcenter_calls_late_fix.csv").stat().st_mtime - 3 * 86400
    for path in (small_settings.landing_dir / "social_interactions").iterdir():
        os.utime(path, (three_days_ago, three_days_ago))

    result = _cli(small_settings, "run")
    assert result.exit_code == 1, result.output
    assert "ERROR raw/callcenter_calls :: csat__be_between" in result.output
    assert "callcenter_calls_late_fix.csv" in result.output  # the failing row's file
    assert "WARN raw/social_interactions :: newest_file_fresh" in result.output
    assert "stopped downstream" in result.output

    instance = get_instance(small_settings.dagster_home)
    assert instance.get_latest_materialization_event(dg.AssetKey(["raw", "callcenter_calls"]))
    for never_built in (["staging", "stg_callcenter__calls"], ["marts", "fct_orders"]):
        assert instance.get_latest_materialization_event(dg.AssetKey(never_built)) is None

    status = _cli(small_settings, "quality", "--asset", "raw/")
    assert status.exit_code == 1
    assert "raw/callcenter_calls :: csat__be_between" in status.output


def test_a_corrupted_mart_stops_the_analytics(default_sample: Settings, tmp_path: Path):
    settings = replace(Settings.for_data_dir(tmp_path / "data"), dagster_home=tmp_path / "dg",
                       analytics=default_sample.analytics)  # fmt: skip
    settings.ensure_dirs()
    shutil.copy(default_sample.warehouse_path, settings.warehouse_path)
    with connect(settings.warehouse_path) as con:
        con.execute("update marts.fct_orders set amount = -amount where amount > 100")
    from pipelines.definitions import build_definitions
    from pipelines.defs.activation import ACTIVATION_ASSETS
    from pipelines.defs.analytics import ANALYTICS_ASSETS

    fct_orders = dg.AssetKey(["marts", "fct_orders"])
    gx_checks = [dg.AssetCheckKey(fct_orders, e.check_name)
                 for e in _suite("marts.fct_orders").expectations]  # fmt: skip
    # The scores and everything after them, down to the segment exports.
    analytics = [key for asset in (*ANALYTICS_ASSETS, *ACTIVATION_ASSETS) for key in asset.keys]
    job = dg.define_asset_job(
        "orders_then_analytics",
        selection=dg.AssetSelection.checks(*gx_checks) | dg.AssetSelection.assets(*analytics),
        executor_def=dg.in_process_executor,
    )
    defs = build_definitions(settings)
    defs = dg.Definitions.merge(defs, dg.Definitions(jobs=[job]))
    instance = get_instance(settings.dagster_home)
    result = defs.resolve_job_def(job.name).execute_in_process(
        instance=instance, raise_on_error=False
    )
    assert not result.success
    failed = [e.asset_check_evaluation_data for e in result.all_events
              if e.event_type == dg.DagsterEventType.ASSET_CHECK_EVALUATION
              and not e.asset_check_evaluation_data.passed]  # fmt: skip
    assert [(f.check_name, f.severity) for f in failed] == [
        ("amount__be_between", dg.AssetCheckSeverity.ERROR)
    ]
    assert "failing_rows" in failed[0].metadata
    for key in analytics:
        assert instance.get_latest_materialization_event(key) is None, key
    assert not any(settings.exports_dir.iterdir()), "nothing is exported from failed data"
