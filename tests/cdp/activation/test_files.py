import csv
import hashlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pyarrow.parquet as pq
import pytest

from cdp.activation.files import (
    DATA_FILE,
    MANIFEST,
    list_exports,
    read_manifest,
    recover,
    remove_rows,
    verify_export,
    write_export,
)

ROOT = Path(__file__).resolve().parents[3]
MEMBERS = """
    select i as customer_key, 'n' || i as name, [i, i + 1] as tags,
        case when i % 3 = 0 then null else 'x' end as maybe
    from range({n}) t(i)
"""
# Values a CSV must give back exactly: quotes, delimiters, line breaks, NULL-looking
# text, an empty string next to a NULL, padding, non-ASCII.
TRICKY = ['a"b,c', "", None, "  007 ", "é\nx", "NULL", "\\N", "a\r\nb", ";", " "]


@pytest.fixture
def con():
    with duckdb.connect() as c:
        yield c


def dot_dirs(parent: Path) -> list[str]:
    return sorted(p.name for p in parent.iterdir() if p.name.startswith("."))


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def csv_rows(path: Path) -> list[list[str]]:
    with path.open(newline="", encoding="utf-8") as fh:
        return list(csv.reader(fh))


def tricky_sql() -> str:
    values = ", ".join(
        f"({i}, {'null' if v is None else duckdb_literal(v)})" for i, v in enumerate(TRICKY)
    )
    return f"select k::varchar as k, v from (values {values}) t(k, v) order by k::int"


def duckdb_literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def test_parquet_round_trip_with_manifest_and_progress(con, tmp_path):
    dest = tmp_path / "vip" / "2025-01-31"
    seen: list[int] = []
    written = write_export(
        con, MEMBERS.format(n=1000), dest, "parquet", {"segment": "vip", "members": 1000},
        on_rows=seen.append, batch_rows=100,
    )  # fmt: skip
    data = dest / "members.parquet"
    table = pq.read_table(data)
    assert table.num_rows == 1000 and sum(seen) == 1000 and len(seen) > 1
    assert table.column("tags").to_pylist()[:2] == [[0, 1], [1, 2]]
    assert table.column("maybe").to_pylist()[:3] == [None, "x", "x"]
    assert pq.ParquetFile(data).metadata.row_group(0).column(0).compression == "ZSTD"
    assert written == read_manifest(dest)
    assert written["segment"] == "vip" and written["members"] == 1000  # caller's fields kept
    assert written["format"] == "parquet" and written["rows"] == 1000
    assert written["files"] == [{
        "name": "members.parquet", "rows": 1000, "bytes": data.stat().st_size,
        "sha256": sha256(data),
    }]  # fmt: skip
    assert written["written_at"].endswith("+00:00")
    assert (dest / MANIFEST).read_text().startswith('{\n  "files"')  # sorted, indent 2
    assert verify_export(dest) == []
    assert dot_dirs(dest.parent) == []


def test_csv_round_trip_joins_lists_and_keeps_text(con, tmp_path):
    dest = tmp_path / "vip" / "2025-01-31"
    sql = "select 1 as id, [1, null, 3] as l, ['x', 'y'] as s, null::int[] as n, []::int[] as e"
    written = write_export(con, sql, dest, "csv", {"segment": "vip"})
    data = dest / "members.csv"
    # A NULL list is an empty field, an empty list an empty string, a NULL item an empty item.
    assert data.read_bytes() == b'"id","l","s","n","e"\n1,"1;;3","x;y",,""\n'
    assert written["rows"] == 1 and written["files"][0]["name"] == "members.csv"
    assert written["files"][0]["sha256"] == sha256(data)

    seen: list[int] = []
    write_export(con, tricky_sql(), dest, "csv", {}, on_rows=seen.append, batch_rows=3)
    assert sum(seen) == len(TRICKY)
    got = con.sql(f"select v from read_csv('{dest / 'members.csv'}', header=true, "
                  "all_varchar=true, allow_quoted_nulls=false)").fetchall()  # fmt: skip
    assert [v for (v,) in got] == TRICKY
    assert verify_export(dest) == []


def test_csv_refuses_struct_column_before_writing(con, tmp_path):
    dest = tmp_path / "vip" / "d"
    with pytest.raises(ValueError, match=r"column 's' .*CSV"):
        write_export(con, "select {'a': 1} as s", dest, "csv", {})
    assert list((tmp_path / "vip").iterdir()) == []


def test_reexport_replaces_previous_and_leaves_no_dot_dirs(con, tmp_path):
    dest = tmp_path / "vip" / "2025-01-31"
    write_export(con, MEMBERS.format(n=10), dest, "parquet", {"v": 1})
    written = write_export(con, MEMBERS.format(n=5), dest, "parquet", {"v": 2})
    assert written["rows"] == 5 and read_manifest(dest)["v"] == 2
    assert pq.read_table(dest / "members.parquet").num_rows == 5
    assert sorted(p.name for p in dest.parent.iterdir()) == ["2025-01-31"]
    assert list_exports(tmp_path) == [dest]


def test_failure_mid_stream_keeps_previous_export(con, tmp_path):
    dest = tmp_path / "vip" / "2025-01-31"
    write_export(con, MEMBERS.format(n=10), dest, "parquet", {})
    before = {p.name: p.read_bytes() for p in dest.iterdir()}
    seen: list[int] = []
    # One thread, so the rows before the error arrive first; with several, a thread that
    # reaches the error may end the query before any batch is handed over.
    con.execute("set threads = 1")
    failing = "select i, case when i > 150000 then error('boom') end as x from range(300000) t(i)"
    with pytest.raises(Exception, match="boom"):
        write_export(con, failing, dest, "parquet", {}, on_rows=seen.append, batch_rows=10_000)
    assert sum(seen) > 0  # it failed mid-way, after batches were written
    assert {p.name: p.read_bytes() for p in dest.iterdir()} == before
    assert dot_dirs(dest.parent) == [] and verify_export(dest) == []
    assert con.sql("select 42").fetchall() == [(42,)]  # the reader let go of the connection

    def stop(_rows: int) -> None:
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        write_export(con, MEMBERS.format(n=1000), dest, "csv", {}, on_rows=stop, batch_rows=10)
    assert {p.name: p.read_bytes() for p in dest.iterdir()} == before
    assert dot_dirs(dest.parent) == []


KILLED_WRITER = """
import sys, time
from pathlib import Path
import duckdb
from cdp.activation.files import write_export

marker = Path(sys.argv[1])

def on_rows(rows):
    if not marker.exists():
        marker.touch()
        time.sleep(60)

sql = "select i as customer_key, 'n' || i as name from range(3000000) t(i)"
write_export(duckdb.connect(), sql, Path(sys.argv[2]), "parquet", {}, on_rows, 50_000)
"""


@pytest.mark.parametrize("cleanup", ["recover", "write_export"])
def test_killed_writer_leaves_previous_export_and_a_temp_dir_recover_removes(
    con, tmp_path, cleanup
):
    dest = tmp_path / "vip" / "2025-01-31"
    write_export(con, MEMBERS.format(n=10), dest, "parquet", {"v": 1})
    before = {p.name: p.read_bytes() for p in dest.iterdir()}
    marker = tmp_path / "first-batch-written"
    env = {**os.environ, "PYTHONPATH": str(ROOT), "DO_NOT_TRACK": "1"}
    proc = subprocess.Popen([sys.executable, "-c", KILLED_WRITER, str(marker), str(dest)],
                            cwd=ROOT, env=env)  # fmt: skip
    try:
        deadline = time.monotonic() + 30
        while not marker.exists():
            assert proc.poll() is None, "the writer exited before its first batch"
            assert time.monotonic() < deadline, "no first batch within 30 s"
            time.sleep(0.02)
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait()
    assert proc.returncode == -signal.SIGKILL

    [leftover] = dot_dirs(dest.parent)
    assert leftover.startswith(f".2025-01-31.tmp-{proc.pid}-")
    assert (dest.parent / leftover / "members.parquet").exists()
    assert {p.name: p.read_bytes() for p in dest.iterdir()} == before
    assert verify_export(dest) == [] and list_exports(tmp_path) == [dest]

    if cleanup == "recover":
        recover(dest.parent)
        assert read_manifest(dest)["v"] == 1
    else:
        write_export(con, MEMBERS.format(n=3), dest, "parquet", {"v": 2})
        assert read_manifest(dest)["v"] == 2
    assert dot_dirs(dest.parent) == []
    assert verify_export(dest) == []


def test_recover_puts_back_an_export_killed_between_the_renames(con, tmp_path):
    dest = tmp_path / "vip" / "2025-01-31"
    write_export(con, MEMBERS.format(n=10), dest, "parquet", {})
    dest.rename(dest.parent / ".2025-01-31.old-x")
    recover(dest.parent)
    assert dot_dirs(dest.parent) == [] and verify_export(dest) == []


def test_recover_removes_dead_leftovers_and_spares_a_live_writer(con, tmp_path):
    dest = tmp_path / "vip" / "2025-01-31"
    write_export(con, MEMBERS.format(n=10), dest, "parquet", {})
    live = f".2025-01-31.tmp-{os.getpid()}-abc"
    for name in (".2025-01-31.old-x", ".2025-01-31.tmp-notapid-abc", ".2025-01-31.tmp-0-abc",
                 live, ".unrelated"):  # fmt: skip
        (dest.parent / name).mkdir()
    recover(dest.parent)
    assert dot_dirs(dest.parent) == [live, ".unrelated"]
    assert verify_export(dest) == []


@pytest.mark.parametrize("fmt", ["parquet", "csv"])
def test_remove_rows_rewrites_export_and_records_erasure(con, tmp_path, fmt):
    dest = tmp_path / "vip" / "2025-01-31"
    write_export(con, MEMBERS.format(n=1000), dest, fmt, {"segment": "vip"}, batch_rows=100)
    data = dest / DATA_FILE[fmt]
    header = data.read_bytes().split(b"\n", 1)[0]
    gone = ["3", "500", "999", "not-there"]

    removed = remove_rows(dest, "customer_key", gone, {"at": "2025-02-01", "request": "r1"})

    assert removed == 3
    manifest = read_manifest(dest)
    assert manifest["segment"] == "vip" and manifest["format"] == fmt
    assert manifest["rows"] == 997 and manifest["files"][0]["rows"] == 997
    assert manifest["erasures"] == [{"at": "2025-02-01", "request": "r1", "rows_removed": 3}]
    assert manifest["files"][0]["sha256"] == sha256(data)
    assert verify_export(dest) == [] and dot_dirs(dest.parent) == []
    keys = [str(k) for (k,) in con.sql(f"select customer_key from '{data}'").fetchall()]
    assert keys == [str(i) for i in range(1000) if str(i) not in gone]  # order kept
    if fmt == "csv":
        assert data.read_bytes().split(b"\n", 1)[0] == header
        assert csv_rows(data)[1] == ["0", "n0", "0;1", ""]
    else:
        assert pq.read_table(data).column("tags").to_pylist()[0] == [0, 1]

    assert remove_rows(dest, "customer_key", ["4"], {"at": "2025-02-02"}) == 1
    assert [e["rows_removed"] for e in read_manifest(dest)["erasures"]] == [3, 1]


def test_remove_rows_from_csv_gives_every_other_value_back_exactly(con, tmp_path):
    dest = tmp_path / "vip" / "a"
    write_export(con, tricky_sql(), dest, "csv", {})
    assert remove_rows(dest, "k", ["0", "5"], {}) == 2
    expected = tmp_path / "vip" / "b"
    write_export(con, f"select * from ({tricky_sql()}) where k not in ('0', '5')", expected,
                 "csv", {})  # fmt: skip
    assert (dest / "members.csv").read_bytes() == (expected / "members.csv").read_bytes()


def test_remove_rows_without_a_match_leaves_export_untouched(con, tmp_path):
    dest = tmp_path / "vip" / "2025-01-31"
    write_export(con, MEMBERS.format(n=10), dest, "parquet", {})
    stats = {p.name: p.stat().st_mtime_ns for p in dest.iterdir()}
    assert remove_rows(dest, "customer_key", ["42"], {"at": "x"}) == 0
    assert remove_rows(dest, "customer_key", [], {"at": "x"}) == 0
    assert {p.name: p.stat().st_mtime_ns for p in dest.iterdir()} == stats
    assert "erasures" not in read_manifest(dest)


def test_remove_rows_refuses_a_missing_column_and_a_bare_string(con, tmp_path):
    dest = tmp_path / "vip" / "2025-01-31"
    write_export(con, MEMBERS.format(n=10), dest, "csv", {})
    with pytest.raises(ValueError, match=r"members\.csv: no column 'email'"):
        remove_rows(dest, "email", ["a@b.c"], {})
    with pytest.raises(TypeError, match="not one string"):
        remove_rows(dest, "customer_key", "123", {})


def test_verify_export_detects_tampering_and_missing_files(con, tmp_path):
    dest = tmp_path / "vip" / "2025-01-31"
    write_export(con, MEMBERS.format(n=10), dest, "csv", {})
    data = dest / "members.csv"
    data.write_bytes(data.read_bytes().replace(b'"n1"', b'"n7"'))
    [problem] = verify_export(dest)
    assert "sha256" in problem
    data.write_bytes(data.read_bytes() + b'"10","n10","10;11","x"\n')
    problems = verify_export(dest)
    assert any("11 rows, manifest says 10" in p for p in problems)
    assert any("bytes, manifest says" in p for p in problems)
    data.unlink()
    assert verify_export(dest) == [f"{data}: missing"]
    (dest / MANIFEST).unlink()
    assert "unreadable" in verify_export(dest)[0]


def test_list_exports_skips_dot_dirs_and_dirs_without_manifest(con, tmp_path):
    a = tmp_path / "vip" / "2025-01-31"
    b = tmp_path / "lapsed" / "2025-02-01"
    hidden = tmp_path / ".hidden" / "2025-01-31"
    for dest in (a, b, hidden):
        write_export(con, MEMBERS.format(n=1), dest, "parquet", {})
    (tmp_path / "vip" / ".2025-02-01.tmp-1-x").mkdir()
    (tmp_path / "vip" / "empty").mkdir()
    assert list_exports(tmp_path) == [b, a]
    assert list_exports(tmp_path / "nowhere") == []
