from pathlib import Path

import pytest

from cdp.warehouse import WarehouseNotFoundError, connect, connect_read_only, scalar


def test_writer_creates_the_file_and_readers_see_its_commits(tmp_path: Path):
    path = tmp_path / "sub" / "w.duckdb"
    with connect(path) as con:
        con.execute("create table t as select 42 as x")
    with connect_read_only(path) as con:
        assert scalar(con, "select x from t") == 42


def test_reader_of_a_missing_warehouse_says_how_to_build_it(tmp_path: Path):
    with (
        pytest.raises(WarehouseNotFoundError, match="cdp run"),
        connect_read_only(tmp_path / "none.duckdb"),
    ):
        pass
