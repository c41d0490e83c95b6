"""The notebooks' helper: the snapshot the environment names, read-only, as Polars frames;
a clear error before `make demo`; charts refused without a title or axis labels."""

from collections.abc import Iterator
from pathlib import Path

import duckdb
import matplotlib.pyplot as plt
import pytest

from cdp import notebook
from cdp.notebook import open_snapshot, show, sql
from cdp.warehouse import WarehouseNotFoundError


@pytest.fixture(autouse=True)
def _closed() -> Iterator[None]:
    yield
    while notebook._snapshot:
        notebook._snapshot.pop().close()
    plt.close("all")


@pytest.fixture
def snapshot(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "published" / "cdp.duckdb"
    path.parent.mkdir()
    with duckdb.connect(str(path)) as con:
        con.execute("create schema marts; create table marts.t as select range as i from range(3)")
    monkeypatch.delenv("CDP_DATA_DIR", raising=False)
    monkeypatch.setenv("CDP_PUBLISHED_WAREHOUSE", str(path))
    return path


def test_sql_reads_the_snapshot_the_environment_names_read_only(snapshot: Path) -> None:
    con = open_snapshot()
    assert sql("select sum(i) as total from marts.t where i > ?", [0]).to_dicts() == [{"total": 3}]
    with pytest.raises(duckdb.Error, match="read-only"):
        con.execute("create table marts.u as select 1")


def test_reopening_closes_the_previous_connection(snapshot: Path) -> None:
    first = open_snapshot()
    open_snapshot(snapshot)
    assert len(notebook._snapshot) == 1 and notebook._snapshot[0] is not first
    with pytest.raises(duckdb.Error):
        first.execute("select 1")


def test_no_snapshot_says_to_run_make_demo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CDP_PUBLISHED_WAREHOUSE", str(tmp_path / "none.duckdb"))
    with pytest.raises(WarehouseNotFoundError, match="run `make demo` first"):
        open_snapshot()
    with pytest.raises(RuntimeError, match="open_snapshot"):
        sql("select 1")


def test_show_refuses_a_chart_without_title_or_axis_labels() -> None:
    fig, (left, right) = plt.subplots(1, 2, sharey=True)
    left.set(title="left", xlabel="x", ylabel="y")  # right shares left's y label
    right.set(title="right")
    with pytest.raises(ValueError, match="'right'"):
        show(fig)
    right.set_xlabel("x")
    fig.colorbar(left.imshow([[0, 1]]), ax=left)  # a colour bar needs no labels
    show(fig)
