from typing import get_args

import pytest

from cdp.config import Settings
from cdp.contracts import SOURCES, Column, IdentifierKind, SourceContract, get_source
from cdp.contracts.dbt_sources import derived_files

DESIGN_SOURCES = {
    "crm_customers", "shop_orders", "pos_transactions", "web_events", "app_events",
    "esp_email_events", "callcenter_calls", "social_interactions", "support_tickets",
    "survey_responses", "marketing_spend",
}  # fmt: skip


def test_every_source_of_the_design_is_declared():
    assert set(SOURCES) == DESIGN_SOURCES
    assert {c.format for c in SOURCES.values()} == {"csv", "jsonl", "parquet"}


def test_identifier_kinds_are_known_and_every_person_source_has_one():
    kinds = set(get_args(IdentifierKind))
    for contract in SOURCES.values():
        assert set(contract.identifier_columns.values()) <= kinds
        if contract.name != "marketing_spend":
            assert contract.identifier_columns, contract.name


def test_staging_model_names_follow_the_convention():
    assert get_source("shop_orders").staging_model == "stg_shop__orders"
    assert get_source("esp_email_events").staging_model == "stg_esp__email_events"


def test_a_contract_with_an_unknown_key_column_is_refused():
    with pytest.raises(ValueError, match="'nope' is not one of its columns"):
        SourceContract(
            name="x", system="x", entity="x", format="csv", description="",
            columns=(Column("a", "VARCHAR", ""),), primary_key=("nope",),
            timestamp_column="a",
        )  # fmt: skip


def test_unknown_source_names_the_known_ones():
    with pytest.raises(KeyError, match="crm_customers"):
        get_source("crm")


def test_dbt_files_are_generated_from_the_contracts():
    files = derived_files(Settings().dbt_project_dir)
    assert {path.name for path in files} == {"_sources.yml", "source_keys.sql"}
    for path, text in files.items():
        assert path.read_text() == text, f"{path} is stale: run cdp contracts sync-dbt"
