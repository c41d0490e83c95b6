"""Property: every CSV record keeps its own line number, wherever the bad records fall.

Accepted records are numbered from the scan order and shifted past the rejected ones
(:func:`cdp.ingest.readers.csv._number_lines`), so this checks the arithmetic against
the obvious answer for random mixes of good, unparseable and invalid records in
several files of one batch.
"""

import tempfile
from pathlib import Path

import duckdb
from hypothesis import given, settings
from hypothesis import strategies as st

from cdp.contracts import SOURCES
from cdp.ingest import ingest_source

SURVEYS = SOURCES["survey_responses"]
HEADER = "response_id,email,survey_type,touchpoint,score,submitted_at\n"
RECORDS = {
    "good": "{id},a@b.com,nps,relationship,7,2025-01-02 10:00:00\n",
    "multiline": '{id},a@b.com,csat,"post\npurchase",4,2025-01-02 10:00:00\n',
    "unparseable": "{id},a@b.com,nps,relationship,notanumber,2025-01-02 10:00:00\n",
    "extra_field": "{id},a@b.com,nps,relationship,7,2025-01-02 10:00:00,extra\n",
    "empty_required": "{id},a@b.com,nps,relationship,7,\n",
}
files = st.lists(st.lists(st.sampled_from(sorted(RECORDS)), max_size=12), min_size=1, max_size=4)


@settings(max_examples=60, deadline=None)
@given(files)
def test_every_record_is_numbered_by_its_place_in_its_file(kinds_per_file):
    with tempfile.TemporaryDirectory() as tmp:
        landing = Path(tmp) / "landing"
        (landing / SURVEYS.name).mkdir(parents=True)
        expected = {}
        for f, kinds in enumerate(kinds_per_file):
            body = "".join(RECORDS[k].format(id=f"f{f}r{i}") for i, k in enumerate(kinds))
            (landing / SURVEYS.name / f"part-{f}.csv").write_text(HEADER + body)
            for i, kind in enumerate(kinds):  # DuckDB numbers records; header is 1
                expected[f"f{f}r{i}"] = (kind, i + 2)
        with duckdb.connect(str(Path(tmp) / "w.duckdb")) as con:
            ingest_source(con, SURVEYS, landing)
            loaded = dict(
                con.execute("select response_id, _row_number from raw.survey_responses").fetchall()
            )
            quarantined = con.execute(
                "select file_path, line_number from ingest.quarantine"
            ).fetchall()
    good = {"good", "multiline"}
    assert loaded == {rid: line for rid, (kind, line) in expected.items() if kind in good}
    bad = sorted(
        (f"{SURVEYS.name}/part-{rid[1:].split('r')[0]}.csv", line)
        for rid, (kind, line) in expected.items()
        if kind not in good
    )
    assert sorted(quarantined) == bad
