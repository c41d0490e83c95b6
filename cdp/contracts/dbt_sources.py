"""Render the dbt sources file from the declared contracts.

``dbt_project/models/staging/_sources.yml`` is generated, committed, and checked against
this renderer by a test, so dbt sees exactly the columns the ingest layer writes.
Regenerate it with ``cdp contracts sync-dbt``.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from cdp.contracts import LINEAGE_COLUMNS, SOURCES, SourceContract

HEADER = "# Generated from cdp/contracts by `cdp contracts sync-dbt`; do not edit by hand.\n"
LINEAGE_DESCRIPTIONS = {
    "_source_file": "Landing file the row was loaded from.",
    "_row_number": "1-based record number of the row within that file.",
    "_load_id": "Id of the load that wrote the row (one per file load).",
    "_loaded_at": "When the row was loaded.",
}


def _column_entries(contract: SourceContract) -> list[dict]:
    # No dbt tests on sources: the ingest layer enforces the contract (required values,
    # types) and checks its own reconciliation as Dagster asset checks on raw.<source>.
    columns = [(c.name, c.description, c.type) for c in contract.columns]
    columns += [(n, LINEAGE_DESCRIPTIONS[n], t) for n, t in LINEAGE_COLUMNS.items()]
    return [{"name": n, "description": d, "data_type": t.lower()} for n, d, t in columns]


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
