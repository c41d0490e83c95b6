"""Ingest of hand-made files into a real DuckDB file: ledger, quarantine, idempotency."""

import gzip
import os
from pathlib import Path

import duckdb
import polars as pl

from cdp.contracts import SOURCES
from cdp.ingest import ingest_source
from cdp.ingest.batch import is_data_error
from cdp.ingest.ledger import ensure_tables
from cdp.warehouse import scalar

SURVEYS = SOURCES["survey_responses"]
WEB = SOURCES["web_events"]
ORDERS = SOURCES["shop_orders"]

SURVEY_CSV = (
    "response_id,email,survey_type,touchpoint,score,submitted_at\n"
    "r1, A@B.com ,nps,relationship,9,2025-01-02 10:00:00\n"
    "r2,c@d.com,nps,relationship,notanumber,2025-01-02 11:00:00\n"
    'r3,e@f.com,csat,"post\npurchase",4,2025-01-02 11:00:00\n'
    "r4,,nps,relationship,,2025-01-02 12:00:00\n"
    "r5,g@h.com,nps,relationship,7,2025-01-03 10:00:00,extra\n"
    "r6,i@j.com,nps,relationship,8,2025-01-03 10:00:00\n"
)


def quarantine(con: duckdb.DuckDBPyConnection) -> list[tuple]:
    return con.execute(
        "select line_number, column_name, reason from ingest.quarantine order by line_number"
    ).fetchall()


def test_csv_rows_load_or_quarantine_with_line_and_column(con, landing, write):
    write("survey_responses", "s_2025-01-02.csv", SURVEY_CSV)
    report = ingest_source(con, SURVEYS, landing)

    (outcome,) = report.outcomes
    assert outcome.status == "partially_loaded"
    assert (outcome.rows_read, outcome.rows_loaded, outcome.rows_quarantined) == (6, 3, 3)
    loaded = con.execute(
        "select response_id, _row_number from raw.survey_responses order by 2"
    ).fetchall()
    # r3's quoted newline is one record; numbering is by record, header = line 1.
    assert loaded == [("r1", 2), ("r3", 4), ("r6", 7)]
    rows = quarantine(con)
    assert [(line, col) for line, col, _ in rows] == [(3, "score"), (5, "score"), (6, None)]
    assert "notanumber" in rows[0][2]
    assert rows[1][2] == "required value is empty"
    assert "Expected Number of Columns" in rows[2][2]


def test_same_file_twice_adds_nothing(con, landing, write):
    write("survey_responses", "s_2025-01-02.csv", SURVEY_CSV)
    ingest_source(con, SURVEYS, landing)
    again = ingest_source(con, SURVEYS, landing)
    assert again.outcomes == []
    assert scalar(con, "select count(*) from raw.survey_responses") == 3
    assert scalar(con, "select count(*) from ingest.quarantine") == 3


def test_same_content_under_another_name_is_recorded_duplicate(con, landing, write):
    write("survey_responses", "a.csv", SURVEY_CSV)
    write("survey_responses", "b.csv", SURVEY_CSV)
    report = ingest_source(con, SURVEYS, landing)
    assert [o.status for o in report.outcomes] == ["partially_loaded", "duplicate"]
    assert scalar(con, "select count(*) from raw.survey_responses") == 3


def test_touched_file_is_not_reloaded(con, landing, write):
    path = write("survey_responses", "a.csv", SURVEY_CSV)
    ingest_source(con, SURVEYS, landing)
    os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns + 10**9))
    assert ingest_source(con, SURVEYS, landing).outcomes == []
    assert scalar(con, "select count(*) from raw.survey_responses") == 3


def test_changed_file_replaces_its_old_rows(con, landing, write):
    path = write("survey_responses", "a.csv", SURVEY_CSV)
    ingest_source(con, SURVEYS, landing)
    path.write_text(SURVEY_CSV.split("r2")[0])  # header + r1 only
    report = ingest_source(con, SURVEYS, landing)
    assert [o.status for o in report.outcomes] == ["loaded"]
    assert con.execute("select response_id from raw.survey_responses").fetchall() == [("r1",)]
    statuses = con.execute("select status from ingest.file_ledger order by loaded_at").fetchall()
    assert statuses == [("superseded",), ("loaded",)]


def test_missing_required_column_rejects_only_that_file(con, landing, write):
    write("survey_responses", "good.csv", SURVEY_CSV)
    write("survey_responses", "bad.csv", "response_id,email\nr9,x@y.com\n")
    report = ingest_source(con, SURVEYS, landing)
    by_file = {o.file_path: o for o in report.outcomes}
    bad = by_file["survey_responses/bad.csv"]
    assert bad.status == "rejected"
    assert "survey_responses/bad.csv" in bad.error
    assert "'survey_type'" in bad.error
    assert by_file["survey_responses/good.csv"].rows_loaded == 3


def test_renamed_column_alias_semicolon_delimiter_and_bom(con, landing, write):
    text = (
        "\ufeffevent_id;campaign_id;Recipient;event_type;occurred_at\n"
        "e1;c1;A@b.com;open;2025-01-01 10:00:00\n"
    )
    write("esp_email_events", "e.csv", text.encode("utf-8"))
    report = ingest_source(con, SOURCES["esp_email_events"], landing)
    assert report.outcomes[0].status == "loaded"
    assert con.execute("select event_id, email from raw.esp_email_events").fetchall() == [
        ("e1", "A@b.com")
    ]


def test_jsonl_garbage_lines_bad_values_and_nested_struct(con, landing, write):
    lines = [
        '{"event_id":"e1","occurred_at":"2025-01-01 10:00:00","cookie_id":"c1",'
        '"event_type":"login","email":"X@Y.com","utm":{"source":"g","medium":"cpc","campaign":"k"}}',
        "garbage",
        "",
        '{"event_id":"e2","occurred_at":"not a time","cookie_id":"c2"}',
        '{"event_id":"e3","occurred_at":"2025-01-01 11:00:00","cookie_id":"c3","utm":null}',
        '{"occurred_at":"2025-01-01 12:00:00","cookie_id":"c4"}',
    ]
    write("web_events", "w.jsonl", "\n".join(lines) + "\n")
    (outcome,) = ingest_source(con, WEB, landing).outcomes
    assert (outcome.rows_read, outcome.rows_loaded, outcome.rows_quarantined) == (5, 2, 3)
    assert con.execute(
        "select event_id, utm.campaign, _row_number from raw.web_events order by 1"
    ).fetchall() == [("e1", "k", 1), ("e3", None, 5)]
    assert [(line, col) for line, col, _ in quarantine(con)] == [
        (2, None),
        (4, "occurred_at"),
        (6, "event_id"),
    ]


def test_parquet_is_cast_to_the_contract(con, landing: Path):
    frame = pl.DataFrame(
        {
            "order_id": ["o1", "o2"],
            "account_id": ["a1", None],
            "email": ["a@b.com", "c@d.com"],
            "ordered_at": ["2025-01-01 10:00:00", "2025-01-02 10:00:00"],
            "order_total": [10.5, None],
            "discount": [0.0, 1.0],
            "currency": ["GBP", "GBP"],
            "item_count": [1, 2],
            "device": ["web", "app"],
            "status": ["completed", "completed"],
        }
    )
    path = landing / "shop_orders" / "o.parquet"
    path.parent.mkdir()
    frame.write_parquet(path)
    (outcome,) = ingest_source(con, ORDERS, landing).outcomes
    assert (outcome.rows_loaded, outcome.rows_quarantined) == (1, 1)
    row = con.execute("select order_total, ordered_at::varchar from raw.shop_orders").fetchall()
    assert row == [(10.5, "2025-01-01 10:00:00")]
    assert quarantine(con) == [(2, "order_total", "required value is empty")]


def test_a_csv_row_with_bad_bytes_is_quarantined_not_the_file(con, landing, write):
    header = "response_id,email,survey_type,touchpoint,score,submitted_at\n"
    good = header + "r1,a@b.com,nps,relationship,9,2025-01-02 10:00:00\n"
    write("survey_responses", "a.csv", good.encode() + b"r2,\xff@b.com,nps,relationship,9,x\n")
    (outcome,) = ingest_source(con, SURVEYS, landing).outcomes
    assert (outcome.status, outcome.rows_loaded, outcome.rows_quarantined) == (
        "partially_loaded", 1, 1)  # fmt: skip
    assert quarantine(con)[0][0] == 3


def _orders(ids: list[str]) -> pl.DataFrame:
    n = len(ids)
    return pl.DataFrame({
        "order_id": ids, "account_id": ["a"] * n, "email": ["a@b.com"] * n,
        "ordered_at": ["2025-01-01 10:00:00"] * n, "order_total": [10.0] * n,
        "discount": [0.0] * n, "currency": ["GBP"] * n, "item_count": [1] * n,
        "device": ["web"] * n, "status": ["completed"] * n,
    })  # fmt: skip


def test_a_corrupt_file_in_a_batch_is_rejected_alone(con, landing: Path):
    folder = landing / "shop_orders"
    folder.mkdir()
    for name, ids in (("a", ["o1"]), ("b", [f"b{i}" for i in range(3000)]), ("c", ["o3"])):
        _orders(ids).write_parquet(folder / f"{name}.parquet", compression="zstd")
    data = bytearray((folder / "b.parquet").read_bytes())
    for i in range(4, len(data) - 2000):  # scramble the pages, keep the footer readable
        data[i] = (data[i] * 7 + 3) % 256
    (folder / "b.parquet").write_bytes(bytes(data))
    report = ingest_source(con, ORDERS, landing)
    statuses = {o.file_path.split("/")[-1]: o.status for o in report.outcomes}
    assert statuses == {"a.parquet": "loaded", "b.parquet": "rejected", "c.parquet": "loaded"}
    (rejected,) = report.with_status("rejected")
    assert rejected.error.startswith("shop_orders/b.parquet: ")
    ids = con.execute("select order_id from raw.shop_orders order by 1").fetchall()
    assert ids == [("o1",), ("o3",)]


def test_legacy_encodings_and_gzip_are_read_and_recorded(con, landing, write):
    header = "response_id,email,survey_type,touchpoint,score,submitted_at,comment\n"
    row = "r{n},a@b.com,nps,relationship,9,2025-01-02 10:00:00,{comment}\n"
    write("survey_responses", "cp.csv", (header + row.format(n=1, comment="café €5")
                                         ).encode("cp1252"))  # fmt: skip
    write("survey_responses", "utf.csv.gz",
          gzip.compress((header + row.format(n=2, comment="naïve")).encode()))  # fmt: skip
    line = '{"event_id":"e1","occurred_at":"2025-01-01 10:00:00","cookie_id":"ç1"}\n'
    write("web_events", "w.jsonl.gz", gzip.compress(line.encode("latin-1")))
    ingest_source(con, SURVEYS, landing)
    ingest_source(con, WEB, landing)
    assert con.execute(
        "select response_id, comment from raw.survey_responses order by 1"
    ).fetchall() == [("r1", "café €5"), ("r2", "naïve")]
    assert con.execute("select cookie_id from raw.web_events").fetchall() == [("ç1",)]
    transforms = con.execute(
        "select file_path, transform from ingest.file_ledger order by 1"
    ).fetchall()
    assert transforms == [
        ("survey_responses/cp.csv", "cp1252->utf-8"),
        ("survey_responses/utf.csv.gz", None),
        ("web_events/w.jsonl.gz", "gunzip+cp1252->utf-8"),
    ]


def test_empty_and_header_only_files_load_as_zero_rows(con, landing, write):
    write("survey_responses", "empty.csv", "")
    write("survey_responses", "header.csv",
          "response_id,email,survey_type,touchpoint,score,submitted_at\n")  # fmt: skip
    write("web_events", "empty.jsonl", "")
    reports = [ingest_source(con, SURVEYS, landing), ingest_source(con, WEB, landing)]
    outcomes = [(o.status, o.rows_read) for r in reports for o in r.outcomes]
    assert outcomes == [("loaded", 0)] * 3


def test_line_numbers_stay_per_file_in_a_batch(con, landing, write):
    header = "response_id,email,survey_type,touchpoint,score,submitted_at\n"
    row = "{id},a@b.com,nps,relationship,{score},2025-01-02 10:00:00\n"
    write("survey_responses", "a.csv", header + row.format(id="a1", score="x")
          + row.format(id="a2", score=1))  # fmt: skip
    write("survey_responses", "b.csv", header + row.format(id="b1", score=2)
          + row.format(id="b2", score="y") + row.format(id="b3", score=3))  # fmt: skip
    ingest_source(con, SURVEYS, landing)
    loaded = con.execute(
        "select response_id, _row_number from raw.survey_responses order by 1"
    ).fetchall()
    assert loaded == [("a2", 3), ("b1", 2), ("b3", 4)]
    rejected = con.execute(
        "select file_path, line_number from ingest.quarantine order by 1"
    ).fetchall()
    assert rejected == [("survey_responses/a.csv", 2), ("survey_responses/b.csv", 3)]


def test_only_file_errors_blame_the_file():
    assert is_data_error(duckdb.InvalidInputException("Malformed JSON"))
    assert is_data_error(duckdb.ConversionException("Could not convert"))
    assert is_data_error(duckdb.Error("don't know what type"))  # corrupt Parquet page
    assert not is_data_error(duckdb.BinderException("Referenced column not found"))
    assert not is_data_error(duckdb.IOException('Could not set lock on file "w.duckdb"'))
    assert not is_data_error(ValueError("a bug"))


def test_a_late_file_for_a_past_day_is_picked_up(con, landing, write):
    header = "response_id,email,survey_type,touchpoint,score,submitted_at\n"
    write("survey_responses", "survey_responses_2025-01-05.csv",
          header + "r5,a@b.com,nps,relationship,9,2025-01-05 10:00:00\n")  # fmt: skip
    ingest_source(con, SURVEYS, landing)
    write("survey_responses", "survey_responses_2025-01-02.csv",
          header + "r2,a@b.com,nps,relationship,7,2025-01-02 10:00:00\n")  # fmt: skip
    report = ingest_source(con, SURVEYS, landing)
    assert [o.file_path for o in report.outcomes] == [
        "survey_responses/survey_responses_2025-01-02.csv"
    ]
    ids = con.execute("select response_id from raw.survey_responses order by 1").fetchall()
    assert ids == [("r2",), ("r5",)]


def test_a_broken_new_version_keeps_the_previous_good_rows(con, landing, write):
    path = write("survey_responses", "a.csv", SURVEY_CSV)
    ingest_source(con, SURVEYS, landing)
    path.write_text("response_id,email\nr9,x@y.com\n")  # re-exported without most columns
    (outcome,) = ingest_source(con, SURVEYS, landing).outcomes
    assert outcome.status == "rejected"
    assert "'survey_type'" in outcome.error
    ids = con.execute("select response_id from raw.survey_responses order by 1").fetchall()
    assert ids == [("r1",), ("r3",), ("r6",)]


def test_a_raw_table_from_an_older_contract_gains_the_new_columns(con, landing, write):
    # A warehouse built before the contract gained its last column (e.g. POS gaining
    # customer_name and postcode) keeps its rows; the new column is added, null for them.
    ensure_tables(con, SURVEYS)
    con.execute("alter table raw.survey_responses drop column score")
    con.execute("insert into raw.survey_responses (response_id) values ('old')")
    write("survey_responses", "s_2025-01-02.csv", SURVEY_CSV)
    ingest_source(con, SURVEYS, landing)
    columns = [r[0] for r in con.execute("describe raw.survey_responses").fetchall()]
    assert set(columns) >= set(SURVEYS.column_names)
    rows = con.execute("select response_id, score from raw.survey_responses order by 1")
    assert rows.fetchall() == [("old", None), ("r1", 9), ("r3", 4), ("r6", 8)]
