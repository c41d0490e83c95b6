import duckdb
import pytest

from cdp.contracts import SOURCES
from cdp.ingest import FileRejectedError
from cdp.ingest.columns import map_columns, typed_projection
from cdp.ingest.csv_header import read_csv_header

CALLS = SOURCES["callcenter_calls"]


def test_headers_match_by_alias_ignoring_case_space_and_bom():
    headers = ["\ufeffCALL_ID", " Caller_Number ", "started_at", "extra"]
    mapping = map_columns(CALLS, headers, "f.jsonl", strict=False)
    assert mapping.found["call_id"] == "\ufeffCALL_ID"
    assert mapping.found["phone"] == " Caller_Number "
    assert mapping.renamed == {"phone": " Caller_Number "}  # case and BOM are not renames
    assert mapping.extra == ["extra"]
    assert "duration_seconds" in mapping.missing_optional


def test_missing_required_column_error_names_file_and_column():
    with pytest.raises(FileRejectedError) as err:
        map_columns(CALLS, ["call_id"], "calls/x.csv")
    assert err.value.column == "phone"
    assert str(err.value).startswith("calls/x.csv: column 'phone': required column missing")


def test_projection_reports_first_bad_column_of_each_row():
    mapping = map_columns(SOURCES["marketing_spend"], ["spend_date", "channel", "campaign_id",
                          "spend", "impressions", "clicks"], "m.csv")  # fmt: skip
    sql = typed_projection(SOURCES["marketing_spend"], mapping, lambda h, _c: f'"{h}"')
    rows = duckdb.sql(
        f"select _error_column, _error_reason from (select {sql} from (values "
        "('2025-01-01', 'email', 'c1', '1.5', '10', '1'),"
        "('2025-13-01', 'email', 'c1', 'x', '10', '1'),"
        "('2025-01-01', null, 'c1', '2', 'many', '1')"
        ') t("spend_date", "channel", "campaign_id", "spend", "impressions", "clicks"))'
    ).fetchall()
    assert rows[0] == (None, None)
    assert rows[1] == ("spend_date", "could not convert '2025-13-01' to DATE")
    assert rows[2] == ("channel", "required value is empty")


def test_csv_header_delimiter_and_empty_file(tmp_path):
    path = tmp_path / "a.csv"
    path.write_text('a;b;"c;d"\n1;2;3\n')
    assert read_csv_header(path, "a.csv") == (";", ["a", "b", "c;d"])
    path.write_text("\n")
    assert read_csv_header(path, "a.csv") is None  # empty: loads as zero rows
    path.write_text("a,,c,\n1,2,3,\n")  # blank names: unnamed, by position
    assert read_csv_header(path, "a.csv") == (",", ["a", "_unnamed_2", "c", "_unnamed_4"])
    path.write_text("\rid,x\n1,2\n")
    with pytest.raises(FileRejectedError, match=r"a\.csv:1: header is not valid CSV"):
        read_csv_header(path, "a.csv")
