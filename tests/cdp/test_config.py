from datetime import date
from pathlib import Path

from cdp.config import PROJECT_ROOT, Settings


def test_defaults_live_under_the_project_data_folder():
    settings = Settings()
    assert settings.warehouse_path == PROJECT_ROOT / "data" / "warehouse" / "cdp.duckdb"
    assert settings.landing_dir == PROJECT_ROOT / "data" / "landing"


def test_cdp_warehouse_overrides_only_the_warehouse(tmp_path: Path):
    settings = Settings.from_env({"CDP_WAREHOUSE": str(tmp_path / "w.duckdb")})
    assert settings.warehouse_path == tmp_path / "w.duckdb"
    assert settings.landing_dir == Settings().landing_dir


def test_cdp_data_dir_moves_every_data_path(tmp_path: Path):
    settings = Settings.from_env({"CDP_DATA_DIR": str(tmp_path)})
    assert settings.landing_dir == tmp_path / "landing"
    assert settings.truth_dir == tmp_path / "truth"
    assert settings.warehouse_path == tmp_path / "warehouse" / "cdp.duckdb"


def test_dagster_home_is_honoured(tmp_path: Path):
    assert Settings.from_env({"DAGSTER_HOME": str(tmp_path)}).dagster_home == tmp_path


def test_the_observation_date_can_be_set_at_the_edge():
    assert Settings.from_env({}).analytics.observation_date is None
    settings = Settings.from_env({"CDP_OBSERVATION_DATE": "2026-01-31"})
    assert settings.analytics.observation_date == date(2026, 1, 31)
