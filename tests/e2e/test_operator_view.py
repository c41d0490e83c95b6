"""What a data engineer sees of the default sample's run: `cdp status` and the metadata
the Dagster UI shows beside each asset (row counts, schemas, masked previews, charts)."""

import re

import dagster as dg
import pytest
from typer.testing import CliRunner

from cdp.cli import app
from cdp.cli.common import console
from cdp.config import Settings
from cdp.publish import connect_published
from pipelines.instance import get_instance

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("default_sample")]
EMAIL = re.compile(r"[A-Za-z0-9._%+-]{2,}@[A-Za-z0-9.-]+\.[a-z]{2,}")


def _latest(settings: Settings, *path: str) -> dict:
    event = get_instance(settings.dagster_home).get_latest_materialization_event(dg.AssetKey(path))
    assert event is not None, path
    return event.asset_materialization.metadata


def test_cdp_status_lists_every_asset_with_rows_and_checks(default_sample, monkeypatch) -> None:
    monkeypatch.setattr(console, "width", 250)  # rich sizes tables to the terminal
    env = {"CDP_DATA_DIR": str(default_sample.data_dir), "COLUMNS": "250",
           "DAGSTER_HOME": str(default_sample.dagster_home), "DO_NOT_TRACK": "1"}  # fmt: skip
    result = CliRunner().invoke(app, ["status"], env=env)
    assert result.exit_code == 0, result.output
    assert "SUCCESS" in result.output.splitlines()[0]
    lines = {line.split()[1]: line for line in result.output.splitlines() if "│" in line[:2]}
    for asset in ("raw/shop_orders", "marts/dim_customers", "analytics/customer_360",
                  "analytics/customer_churn", "published/snapshot"):  # fmt: skip
        assert asset in lines, asset
    assert "never" not in result.output and "(earlier)" not in result.output
    assert re.search(r"\d[\d,]* +│ +\d+ pass", lines["marts/dim_customers"])
    only = CliRunner().invoke(app, ["status", "--group", "ingest"], env=env)
    assert "raw/web_events" in only.output and "marts/" not in only.output


def test_dbt_models_carry_row_counts_described_columns_and_masked_previews(default_sample):
    metadata = _latest(default_sample, "marts", "dim_customers")
    con = connect_published(default_sample.published_path)
    try:
        rows = con.execute("select count(*) from marts.dim_customers").fetchall()[0][0]
    finally:
        con.close()
    assert metadata["dagster/row_count"].value == rows > 0
    columns = {c.name: c for c in metadata["dagster/column_schema"].schema.columns}
    assert {"customer_key", "email"} <= set(columns)
    assert columns["customer_key"].description
    preview = metadata["preview"].value
    assert "***" in preview and not EMAIL.search(preview), preview[:400]
    raw = _latest(default_sample, "raw", "crm_customers")
    assert raw["dagster/row_count"].value > 0 and not EMAIL.search(raw["preview"].value)


def test_analytics_assets_show_their_chart(default_sample) -> None:
    charts = {"customer_rfm": "chart", "customer_clv": "chart", "customer_lifecycle": "chart",
              "customer_churn": "calibration"}  # fmt: skip
    for name, key in charts.items():
        value = _latest(default_sample, "analytics", name)[key].value
        assert value.startswith("![") and "data:image/png;base64," in value, name
