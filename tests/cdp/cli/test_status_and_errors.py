"""Pure parts of the CLI: how times and check counts read, and how user mistakes end."""

import sys
from datetime import UTC, datetime, timedelta

import duckdb
import pytest

from cdp.cli import _explain, main
from cdp.cli.status import ago, checks_cell

NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("delta", "suffix"),
    [
        (timedelta(seconds=20), "(just now)"),
        (timedelta(minutes=12), "(12 min ago)"),
        (timedelta(hours=5), "(5 h ago)"),
        (timedelta(days=3), "(3 days ago)"),
    ],
)
def test_ago_reads_like_a_person_would_say_it(delta: timedelta, suffix: str) -> None:
    assert ago(NOW - delta, NOW).endswith(suffix)
    assert ago(None, NOW) == "never"


def test_checks_cell_counts_each_status_and_shows_a_dot_when_none() -> None:
    assert checks_cell({"pass": 5, "warn": 1}) == "[green]5 pass[/], [yellow]1 warn[/]"
    assert checks_cell({}) == "·"


def test_user_caused_failures_are_explained_and_bugs_are_not() -> None:
    denied = PermissionError(13, "Permission denied", "/srv/cdp")
    assert _explain(denied) == (
        "Permission denied: /srv/cdp",
        "check the path, or point CDP_DATA_DIR elsewhere",
    )
    locked = duckdb.IOException('IO Error: Could not set lock on file "cdp.duckdb"')
    assert "held by another process" in _explain(locked)[0]
    assert _explain(duckdb.IOException("disk I/O error")) is None
    assert _explain(ValueError("a bug")) is None


def test_main_ends_a_bad_path_with_one_line_and_exit_1(tmp_path, monkeypatch, capsys) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    args = ["cdp", "generate", "--customers", "5", "--days", "30", "--out", str(blocker / "x")]
    monkeypatch.setattr(sys, "argv", args)
    with pytest.raises(SystemExit) as exited:
        main()
    assert exited.value.code == 1
    out = capsys.readouterr().out
    assert "error:" in out and "Traceback" not in out and str(blocker) in out
