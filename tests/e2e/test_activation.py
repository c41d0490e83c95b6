"""Segments, exports, consent, erasure and reads during writes, through the CLI, on the
default sample materialized by the real stack (DuckDB, dbt, Dagster)."""

import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

import duckdb
import polars as pl
import pytest
from typer.testing import CliRunner

from cdp.activation.files import list_exports, read_manifest, verify_export
from cdp.cli import app
from cdp.config import Settings
from cdp.contracts import SOURCES
from cdp.privacy.audit import read_audit
from cdp.publish import connect_published
from cdp.warehouse import LOCK_ERROR_MARKER

# One xdist group: these modules share the session's default_sample build (make test runs
# two workers; a group stays on one, so the sample is built once).
pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("default_sample")]
SCHEDULED = {"high_value_at_risk", "win_back", "complainers_at_risk"}


def _env(settings: Settings) -> dict[str, str]:
    return {"CDP_DATA_DIR": str(settings.data_dir), "DAGSTER_HOME": str(settings.dagster_home),
            "COLUMNS": "200", "DO_NOT_TRACK": "1"}  # fmt: skip


def _cli(settings: Settings, *args: str) -> str:
    result = CliRunner().invoke(app, list(args), env=_env(settings))
    assert result.exit_code == 0, result.output
    return result.output


def _published(settings: Settings, sql: str, params: list | None = None) -> list[tuple]:
    con = connect_published(settings.published_path)
    try:
        return con.execute(sql, params or []).fetchall()
    finally:
        con.close()


def _sha(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()


def test_the_run_records_membership_and_writes_the_scheduled_exports(default_sample) -> None:
    runs = _published(default_sample, "select segment, members from segments.segment_runs")
    assert len(runs) >= 27 and {s for s, _ in runs} >= SCHEDULED
    exports = {p.parent.name: p for p in list_exports(default_sample.exports_dir)}
    assert set(exports) == SCHEDULED
    for segment, path in exports.items():
        manifest = read_manifest(path)
        assert verify_export(path) == [] and manifest["pii_mode"] == "hashed"
        assert manifest["members"] == dict(runs)[segment] > manifest["rows"] > 0


def test_an_export_holds_exactly_the_consenting_members_hashed(default_sample, tmp_path) -> None:
    out = _cli(default_sample, "export", "win_back", "--format", "csv", "--out", str(tmp_path))
    assert "without consent left out" in out
    (path,) = list_exports(tmp_path)
    exported = pl.read_csv(path / "members.csv", infer_schema=False)
    expected = _published(default_sample, """
        select d.customer_key, d.email, d.phone from segments.segment_members as m
        join marts.dim_customers as d using (customer_key)
        where m.segment = 'win_back' and d.marketing_consent""")  # fmt: skip
    assert sorted(exported["customer_key"]) == sorted(k for k, _, _ in expected)
    hashes = dict(zip(exported["customer_key"], exported["email_sha256"], strict=True))
    phones = dict(zip(exported["customer_key"], exported["phone_sha256"], strict=True))
    for key, email, phone in expected:
        assert hashes[key] == (_sha(email.strip().lower()) if email else None)
        assert phones[key] == (_sha(phone) if phone else None)
    text = (path / "members.csv").read_text()
    people = _published(default_sample, "select email, phone, first_name from marts.dim_customers")
    leaked = [v for row in people for v in row[:2] if v and v in text]
    assert leaked == [], "a raw email or phone in a default export"
    assert {"email", "phone", "first_name"}.isdisjoint(exported.columns)


def test_raw_and_masked_exports_and_the_audit_log(default_sample, tmp_path) -> None:
    _cli(default_sample, "export", "rfm_champions", "--pii", "masked", "--out", str(tmp_path))
    masked = pl.read_parquet(next(iter(list_exports(tmp_path))) / "members.parquet")
    assert masked["email"].drop_nulls().str.contains(r"^.\*\*\*@").all()
    _cli(default_sample, "export", "win_back", "--pii", "raw", "--columns", "email,revenue",
         "--out", str(tmp_path / "raw"))  # fmt: skip
    (raw,) = list_exports(tmp_path / "raw")
    assert read_manifest(raw)["pii_mode"] == "raw"
    assert pl.read_parquet(raw / "members.parquet").columns == ["customer_key", "email", "revenue"]
    events = read_audit(default_sample.privacy_dir)
    assert any(e["event"] == "export" and e["pii_mode"] == "raw" for e in events)


def test_segments_commands_and_masked_queries(default_sample) -> None:
    listing = _cli(default_sample, "segments", "list")
    assert "high_value_at_risk" in listing and "rfm_cant_lose_them" in listing
    assert "clv_decile = 10" in _cli(default_sample, "segments", "show", "high_value_at_risk")
    out = _cli(default_sample, "query", "select email from customer_360 where email is not null")
    assert "***@" in out
    refused = CliRunner().invoke(app, ["query", "select email from marts.dim_customers"],
                                 env=_env(default_sample))  # fmt: skip
    assert refused.exit_code == 1 and "outside the masked analyst schema" in refused.output


def test_killing_an_export_mid_write_keeps_the_previous_export(default_sample, tmp_path) -> None:
    args = ["export", "lifecycle_prospect", "--format", "csv", "--include-unconsented"]
    _cli(default_sample, *args, "--out", str(tmp_path))
    (previous,) = list_exports(tmp_path)
    before = {p.name: p.read_bytes() for p in previous.iterdir()}
    marker = tmp_path / "written"
    # The real CLI in a child process; its progress callback (called after each batch is
    # in the temp file) signals, then waits to be killed before the export is published.
    script = (
        "import pathlib, time, rich.progress as rp\n"
        "def stall(self, *a, **k):\n"
        f"    pathlib.Path({str(marker)!r}).touch(); time.sleep(120)\n"
        "rp.Progress.advance = stall\n"
        "from cdp.cli import app\n"
        f"app({[*args, '--out', str(tmp_path)]!r})\n"
    )
    child = subprocess.Popen(
        [sys.executable, "-c", script], env={**os.environ, **_env(default_sample)}
    )
    deadline = time.monotonic() + 120
    while not marker.exists() and child.poll() is None and time.monotonic() < deadline:
        time.sleep(0.1)
    assert marker.exists(), "the export never reached its first batch"
    child.send_signal(signal.SIGKILL)
    child.wait()
    assert {p.name: p.read_bytes() for p in previous.iterdir()} == before
    assert verify_export(previous) == []
    assert [p for p in previous.parent.iterdir() if ".tmp-" in p.name], "no half-written export"
    _cli(default_sample, *args, "--out", str(tmp_path))  # the next export cleans up
    assert [p.name for p in previous.parent.iterdir()] == [previous.name]


def _traces(path: Path, values: list[str], skip_schemas: tuple[str, ...] = ("privacy",)) -> dict:
    """Rows of any table in the DuckDB file at ``path`` that carry one of ``values``:
    anywhere in the row's text (case-insensitive), or, in raw tables, an identifier
    column that normalises (staging's own function) to one of them."""
    con = duckdb.connect(str(path), read_only=True)
    found = {}
    try:
        tables = con.execute("""select table_schema, table_name from information_schema.tables
            where table_type = 'BASE TABLE' and table_schema not in (select unnest(?))""",
                             [list(skip_schemas)]).fetchall()  # fmt: skip
        pattern = "|".join(v.lower().replace("+", r"\+").replace(".", r"\.") for v in values)
        for schema, table in tables:
            sql = (f'select count(*) from "{schema}"."{table}" as t '
                   "where regexp_matches(lower(cast(t as varchar)), ?)")  # fmt: skip
            if n := con.execute(sql, [pattern]).fetchall()[0][0]:
                found[f"{schema}.{table}"] = n
        for source, contract in SOURCES.items():
            if (
                "raw" in skip_schemas
                or not con.execute(
                    "select count(*) from information_schema.tables where table_name = ?", [source]
                ).fetchall()[0][0]
            ):
                continue
            for column, kind in contract.identifier_columns.items():
                normalised = f'privacy.normalize_identifier(?, "{column}")'
                sql = f"select count(*) from raw.{source} where {normalised} in (select unnest(?))"
                if n := con.execute(sql, [kind, values]).fetchall()[0][0]:
                    found[f"raw.{source}.{column}"] = n
    finally:
        con.close()
    return found


def _lock_held(path: Path) -> bool:
    try:
        duckdb.connect(str(path), read_only=True).close()
    except duckdb.IOException as exc:
        return LOCK_ERROR_MARKER in str(exc)
    return False


def _resend_crm_rows(settings: Settings, crm_id: str) -> Path:
    """A new CRM export file re-sending the person's rows, as a source system would."""
    folder = settings.landing_dir / "crm_customers"
    lines = []
    for path in sorted(folder.glob("*.csv")):
        text = path.read_text(encoding="utf-8", errors="replace").splitlines()
        lines += [line for line in text[1:] if crm_id in line]
        header = text[0]
    assert lines, "the person has no CRM rows to re-send"
    resent = folder / "crm_customers_resent.csv"
    resent.write_text("\n".join([header, *lines]) + "\n", encoding="utf-8")
    return resent


def test_forget_erases_everywhere_and_reads_work_during_a_run(default_sample, tmp_path) -> None:
    settings = replace(Settings.for_data_dir(tmp_path / "data"), dagster_home=tmp_path / "dg")
    shutil.copytree(default_sample.data_dir, settings.data_dir)
    key, email, phone, crm_id = _published(settings, """
        select m.customer_key, d.email, d.phone, d.crm_id from segments.segment_members as m
        join marts.dim_customers as d using (customer_key)
        where m.segment = 'win_back' and d.marketing_consent and d.email is not null
            and d.phone is not null and d.crm_id is not null
        order by 1 limit 1""")[0]  # fmt: skip
    _cli(settings, "export", "win_back", "--format", "csv", "--pii", "raw", "--columns",
         "email,phone", "--out", str(settings.exports_dir / "raw"))  # fmt: skip
    values = [key, email, phone, crm_id]
    assert _traces(settings.warehouse_path, values)  # before: everywhere

    national = "0" + phone[3:7] + " " + phone[7:]  # as the person would type it
    out = _cli(settings, "forget", national)
    assert "Erased 1 customer(s)" in out and "marts.dim_customers" in out
    hashed = [_sha(email), _sha(phone)]
    assert _traces(settings.warehouse_path, values + hashed) == {}
    assert _traces(settings.published_path, values + hashed) == {}
    for export in list_exports(settings.exports_dir):
        assert verify_export(export) == []
        assert not any(v in p.read_text(errors="ignore") for p in export.glob("members.csv")
                       for v in [key, email, phone, *hashed])  # fmt: skip
    rewritten = read_manifest(settings.exports_dir / "raw" / "win_back" / _run_date(settings))
    assert rewritten["erasures"][0]["rows_removed"] == 1
    erasure = [e for e in read_audit(settings.privacy_dir) if e["event"] == "erasure"][-1]
    assert email not in json.dumps(erasure) and erasure["customers"] == 1

    # A source re-sends the person's rows, and a run starts: it must not bring them back,
    # and a marketer's query and export must work while it holds the writer.
    resent = _resend_crm_rows(settings, crm_id)
    cdp = str(Path(sys.executable).parent / "cdp")
    env = {**os.environ, **_env(settings)}
    run = subprocess.Popen([cdp, "run"], env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 300
    while not _lock_held(settings.warehouse_path) and run.poll() is None:
        assert time.monotonic() < deadline, "the run never took the writer lock"
        time.sleep(0.2)
    query = subprocess.run([cdp, "query", "select count(*) as n from customer_360"], env=env,
                           capture_output=True, text=True, timeout=120)  # fmt: skip
    export = subprocess.run([cdp, "export", "high_value_at_risk", "--format", "csv", "--out",
                             str(tmp_path / "during")], env=env, capture_output=True, text=True,
                            timeout=120)  # fmt: skip
    assert run.poll() is None, "the run ended before the reads: they did not overlap it"
    assert query.returncode == 0 and " n " in query.stdout, query.stdout + query.stderr
    assert export.returncode == 0, export.stdout + export.stderr
    output, _ = run.communicate(timeout=900)
    assert run.returncode == 0, output.decode()[-3000:]

    assert _traces(settings.warehouse_path, values) == {}
    assert _traces(settings.published_path, values) == {}
    con = duckdb.connect(str(settings.warehouse_path), read_only=True)
    ledger = con.execute("""select rows_read, rows_loaded, rows_erased from ingest.current_files
        where file_path = ?""", [f"crm_customers/{resent.name}"]).fetchall()  # fmt: skip
    con.close()
    assert ledger == [(ledger[0][0], 0, ledger[0][0])] and ledger[0][0] >= 1


def _run_date(settings: Settings) -> str:
    return str(_published(settings, "select max(run_date) from segments.segment_runs")[0][0])
