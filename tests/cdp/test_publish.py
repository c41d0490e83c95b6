"""The published snapshot: the read schemas copied, swapped in whole, readers undisturbed."""

from pathlib import Path

import duckdb
import pytest

from cdp.publish import connect_published, publish
from cdp.warehouse import WarehouseNotFoundError, connect


def _warehouse(path: Path, rows: int) -> None:
    with connect(path) as con:
        con.execute("create schema if not exists marts; create schema if not exists raw")
        con.execute(f"create or replace table marts.t as select range as i from range({rows})")
        con.execute("create or replace view marts.v as select count(*) as n from marts.t")
        con.execute("create or replace table raw.secret as select 'x@y.z' as email")


def test_publish_copies_read_schemas_and_materialises_views(tmp_path: Path) -> None:
    warehouse, target = tmp_path / "w.duckdb", tmp_path / "pub" / "cdp.duckdb"
    _warehouse(warehouse, 10)
    with connect(warehouse) as con:
        report = publish(con, target)
    assert (report.tables, report.rows) == (2, 11)
    con = connect_published(target)
    kinds = con.execute(
        "select table_schema, table_name, table_type from information_schema.tables order by 1, 2"
    ).fetchall()
    assert kinds == [("main", "published_snapshot", "BASE TABLE"),
                     ("marts", "t", "BASE TABLE"), ("marts", "v", "BASE TABLE")]  # fmt: skip
    con.close()


def test_a_reader_keeps_its_snapshot_while_a_new_one_is_published(tmp_path: Path) -> None:
    warehouse, target = tmp_path / "w.duckdb", tmp_path / "cdp.duckdb"
    _warehouse(warehouse, 10)
    with connect(warehouse) as con:
        publish(con, target)
    reader = connect_published(target)
    _warehouse(warehouse, 20)
    with connect(warehouse) as con:  # the writer holds the warehouse; the reader is unaffected
        publish(con, target)
        assert reader.execute("select n from marts.v").fetchall() == [(10,)]
        # DuckDB shares one database instance per path within a process: a new reader
        # here sees the new file once the old one is closed (other processes at once).
        reader.close()
        with connect_published(target) as fresh:
            assert fresh.execute("select n from marts.v").fetchall() == [(20,)]
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_a_failed_publish_keeps_the_previous_snapshot(tmp_path: Path) -> None:
    warehouse, target = tmp_path / "w.duckdb", tmp_path / "cdp.duckdb"
    _warehouse(warehouse, 10)
    with connect(warehouse) as con:
        publish(con, target)
        before = target.read_bytes()
        con.execute("create or replace view marts.broken as select 1 / 0 as x from marts.t "
                    "where error('boom') is null")  # fmt: skip
        with pytest.raises(duckdb.Error, match="boom"):
            publish(con, target)
    assert target.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_no_snapshot_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(WarehouseNotFoundError, match="run `cdp run`"):
        connect_published(tmp_path / "none.duckdb")
