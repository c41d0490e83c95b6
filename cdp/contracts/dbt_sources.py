"""Render the dbt sources file from the declared contracts.

``dbt_project/models/staging/_sources.yml`` is generated, committed, and checked against
this renderer by a test, so dbt sees exactly the columns the ingest layer writes.
Regenerate it with ``cdp contracts sync-dbt``.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from cdp.contracts import LINEAGE, SOURCES, SourceContract

HEADER = "# Generated from cdp/contracts by `cdp contracts sync-dbt`; do not edit by hand.\n"


def _column_entries(contract: SourceContract) -> list[dict]:
    # No dbt tests on sources: the ingest layer enforces the contract (required values,
    # types) and checks its own reconciliation as Dagster asset checks on raw.<source>.
    # Vocabularies travel as column meta, which the staging test `contract_values` reads.
    entries = []
    for col in (*contract.columns, *LINEAGE):
        entry: dict = {"name": col.name, "description": col.description,
                       "data_type": col.type.lower()}  # fmt: skip
        if col.values:
            entry["meta"] = {"values": list(col.values)}
        entries.append(entry)
    return entries


def render_sources_yaml() -> str:
    """The full text of the dbt sources file."""
    tables = [
        {
            "name": contract.name,
            "description": contract.description,
            "meta": {
                "format": contract.format,
                "primary_key": list(contract.primary_key),
                "timestamp_column": contract.timestamp_column,
                "staging_model": contract.staging_model,
                "identity_model": contract.identity_model,
                "identifiers": dict(contract.identifier_columns),
            },
            "columns": _column_entries(contract),
        }
        for contract in SOURCES.values()
    ]
    doc = {
        "version": 2,
        "sources": [
            {
                "name": "raw",
                "schema": "raw",
                "description": "Channel exports as loaded by the Dagster ingest assets.",
                "tables": tables,
            }
        ],
    }
    return HEADER + yaml.safe_dump(doc, sort_keys=False, width=100)


def write_sources_yaml(dbt_project_dir: Path) -> Path:
    """Write the sources file into the dbt project and return its path."""
    path = dbt_project_dir / "models" / "staging" / "_sources.yml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render_sources_yaml())
    return path
