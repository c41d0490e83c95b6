"""The CLI as a user runs it: ingest status and rejects, query errors, contracts check."""

from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from cdp.cli import app
from cdp.cli.common import console
from cdp.contracts import SOURCES
from cdp.ingest import ingest_source

runner = CliRunner()


@pytest.fixture(autouse=True)
def wide_console(monkeypatch: pytest.MonkeyPatch) -> None:
    """Rich sizes output to the terminal; give tables room so cells are not elided."""
    monkeypatch.setattr(console, "width", 250)


@pytest.fixture
def warehouse(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    landing = tmp_path / "landing" / "survey_responses"
    landing.mkdir(parents=True)
    (landing / "s.csv").write_text(
        "response_id,email,survey_type,touchpoint,score,submitted_at\n"
        "r1,a@b.com,nps,relationship,9,2025-01-02 10:00:00\n"
        "r2,a@b.com,nps,relationship,oops,2025-01-02 10:00:00\n"
    )
    (landing / "bad.csv").write_text("response_id\nr3\n")
    path = tmp_path / "w.duckdb"
    with duckdb.connect(str(path)) as con:
        ingest_source(con, SOURCES["survey_responses"], tmp_path / "landing")
    monkeypatch.setenv("CDP_WAREHOUSE", str(path))
    return path


def test_ingest_status_shows_files_rows_and_last_error(warehouse):
    result = runner.invoke(app, ["ingest", "status"])
    assert result.exit_code == 0, result.output
    row = next(line for line in result.output.splitlines() if "survey_responses" in line)
    cells = [c.strip() for c in row.split("│") if c.strip()]
    # source, files, loaded, partial, rejected, duplicate, rows loaded, rows quarantined
    assert cells[:8] == ["survey_responses", "2", "0", "1", "1", "0", "1", "1"]
    assert "required column missing" in result.output


def test_ingest_rejects_lists_line_column_and_reason(warehouse):
    result = runner.invoke(app, ["ingest", "rejects", "--source", "survey_responses"])
    assert result.exit_code == 0, result.output
    assert "score" in result.output
    assert "oops" in result.output


def test_query_without_a_warehouse_is_one_clear_line(tmp_path, monkeypatch):
    monkeypatch.setenv("CDP_WAREHOUSE", str(tmp_path / "none.duckdb"))
    monkeypatch.setenv("CDP_PUBLISHED_WAREHOUSE", str(tmp_path / "none-published.duckdb"))
    result = runner.invoke(app, ["query", "select 1"])
    assert result.exit_code == 1
    assert "no published snapshot at" in result.output
    live = runner.invoke(app, ["query", "--live", "select 1"])
    assert live.exit_code == 1 and "no warehouse at" in live.output
    assert "Traceback" not in result.output + live.output


def test_query_with_bad_sql_is_one_clear_line(warehouse):
    result = runner.invoke(
        app, ["query", "--live", "--pii", "raw", "select nope from raw.survey_responses"]
    )
    assert result.exit_code == 1
    assert result.output.startswith("error:") and "nope" in result.output
    assert "Traceback" not in result.output


def test_contracts_check_passes_on_the_committed_sources_file():
    result = runner.invoke(app, ["contracts", "sync-dbt", "--check"])
    assert result.exit_code == 0, result.output
    assert "is current" in result.output
