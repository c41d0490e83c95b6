import datetime as dt
import hashlib
from typing import get_args

import duckdb
import pytest
import yaml

from cdp.config import PROJECT_ROOT
from cdp.contracts.model import IdentifierKind
from cdp.privacy.policy import (
    NOT_PERSONAL,
    PII_COLUMNS,
    PiiKind,
    hashed_expression,
    looks_personal,
    masked_expression,
    select_list,
)

MODEL_DIRS = [PROJECT_ROOT / "dbt_project" / "models" / d for d in ("marts", "analytics")]


def evaluate(expression: str, column: str, value, sql_type: str = "varchar"):
    """The value and DuckDB type of ``expression`` over a one-row table."""
    con = duckdb.connect()
    con.execute(f'create table t ("{column}" {sql_type})')
    con.execute("insert into t values (?)", [value])
    return con.execute(f"select {expression}, typeof({expression}) from t").fetchall()[0]


def masked(column: str, value, sql_type: str = "varchar"):
    return evaluate(masked_expression(column, PII_COLUMNS[column]), column, value, sql_type)[0]


def hashed(column: str, value):
    expression, _ = hashed_expression(column, PII_COLUMNS[column])
    return evaluate(expression, column, value)[0]


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def model_columns() -> set[str]:
    """Every column name the marts and analytics yml files describe."""
    names = set()
    for path in [p for d in MODEL_DIRS for p in sorted(d.rglob("*.yml"))]:
        for model in (yaml.safe_load(path.read_text()) or {}).get("models") or []:
            names.update(column["name"] for column in model.get("columns") or [])
    return names


@pytest.mark.parametrize(
    ("column", "value", "expected"),
    [
        ("email", "jane.doe@example.com", "j***@example.com"),
        ("email", "no-at-sign", "***"),
        ("phone", "+447700900123", "+44*******123"),
        ("phone", "+1 415 555 0100", "+1*******100"),
        ("phone", "+353 87 123 4567", "+353******567"),
        ("phone", "07700 900123", "********123"),
        ("first_name", "Jane", "J***"),
        ("last_name", " doe", "d***"),
        ("address_line", "10 Downing Street", "***"),
        ("city", "London", "***"),
        ("postcode", "SW1A 1AA", "SW1A ***"),
        ("postcode", "sw1a1aa", "SW1A ***"),
        ("postcode", "B5 4FX", "B5 ***"),
        ("crm_id", "CRM1001204", "***1204"),
        ("social_handle", "@jo", "***o"),
    ],
)
def test_masked_values_keep_what_analysts_need(column, value, expected):
    assert masked(column, value) == expected


def test_masked_birth_date_keeps_the_year_and_the_date_type():
    value, sql_type = evaluate(
        masked_expression("birth_date", "birth_date"), "birth_date", "1983-11-28", "date"
    )
    assert (value, sql_type) == (dt.date(1983, 1, 1), "DATE")


@pytest.mark.parametrize("column", sorted(PII_COLUMNS))
def test_masked_null_stays_null(column):
    sql_type = "date" if PII_COLUMNS[column] == "birth_date" else "varchar"
    assert masked(column, None, sql_type) is None


def test_hashes_match_the_documented_normalisation():
    assert hashed("email", "  Jane.Doe@Example.COM \t") == sha256("jane.doe@example.com")
    assert hashed("first_name", " Jane\n") == sha256("jane")
    assert hashed("phone", "+44 7700 900-123") == sha256("+447700900123")
    assert hashed("crm_id", "CRM1001204") == sha256("CRM1001204")
    messy = "  Jane.Doe@Example.COM "
    assert hashed("email", messy) == sha256(messy.strip().lower())


@pytest.mark.parametrize("value", [None, "", "   "])
def test_missing_values_hash_to_null(value):
    assert hashed("email", value) is None


def test_hashed_exports_rename_keep_masked_forms_or_drop():
    assert hashed_expression("email", "email")[1] == "email_sha256"
    assert hashed_expression("phone", "phone")[1] == "phone_sha256"
    assert hashed_expression("last_name", "name")[1] == "last_name_sha256"
    assert hashed_expression("loyalty_id", "identifier")[1] == "loyalty_id_sha256"
    assert hashed_expression("postcode", "postcode") == (
        masked_expression("postcode", "postcode"),
        "postcode",
    )
    assert hashed_expression("birth_date", "birth_date")[1] == "birth_date"
    assert hashed_expression("address_line", "address") is None
    assert hashed_expression("city", "address") is None


def select_names(columns: list[str], mode) -> list[str]:
    items = ", ".join(select_list(columns, mode))
    con = duckdb.connect()
    con.execute(
        "create table t (customer_key varchar, email varchar, address_line varchar, "
        "postcode varchar, revenue decimal(12, 2))"
    )
    con.execute("insert into t values ('k1', 'Jo@x.com', '1 High St', 'SW1A 1AA', 9.5)")
    return [d[0] for d in con.execute(f"select {items} from t").description]


def test_select_list_per_mode():
    columns = ["customer_key", "email", "address_line", "postcode", "revenue"]
    assert select_list(columns, "raw") == [f'"{c}"' for c in columns]
    assert select_names(columns, "raw") == columns
    assert select_names(columns, "masked") == columns
    assert select_list(columns, "masked")[0] == '"customer_key"'
    assert select_list(columns, "masked")[-1] == '"revenue"'
    assert select_names(columns, "hashed") == [
        "customer_key",
        "email_sha256",
        "postcode",
        "revenue",
    ]


def test_every_personal_looking_model_column_is_declared_or_excused():
    undeclared = {
        name
        for name in model_columns()
        if looks_personal(name) and name not in PII_COLUMNS and name not in NOT_PERSONAL
    }
    assert not undeclared, f"declare in PII_COLUMNS or NOT_PERSONAL: {sorted(undeclared)}"


def test_the_policy_names_no_stale_column():
    known = model_columns() | set(get_args(IdentifierKind))
    assert set(PII_COLUMNS) <= known, sorted(set(PII_COLUMNS) - known)
    assert set(get_args(IdentifierKind)) <= set(PII_COLUMNS)


def test_every_declared_column_looks_personal_and_kinds_are_known():
    assert all(looks_personal(name) for name in PII_COLUMNS)
    assert set(PII_COLUMNS.values()) <= set(get_args(PiiKind))
    assert not set(PII_COLUMNS) & NOT_PERSONAL


@pytest.mark.parametrize(
    "name", ["customer_email", "mobile", "ip_address", "street", "zip", "survey_comment"]
)
def test_heuristic_flags_new_personal_names(name):
    assert looks_personal(name)


@pytest.mark.parametrize(
    "name", ["email_count", "device_id_counts", "customer_key", "relationship", "country"]
)
def test_heuristic_spares_counts_keys_and_excused_names(name):
    assert not looks_personal(name)


def test_column_names_are_quoted():
    assert select_list(['we"ird'], "masked") == ['"we""ird"']
