"""Render the dbt files derived from the declared contracts.

- ``dbt_project/models/staging/_sources.yml``: the raw sources, so dbt sees exactly the
  columns the ingest layer writes (the lineage columns described by reference to the
  doc blocks of ``dbt_project/models/_docs.md``, which the staging models share);
- ``dbt_project/macros/source_keys.sql``: each source's primary key as a macro, for the
  ``record_id()`` macro. The sources' meta holds the same keys, but it is read through
  dbt's ``graph``, which dbt unit tests do not have: a plain macro works everywhere.

Both are generated, committed, and checked against these renderers by a test.
Regenerate them with ``cdp contracts sync-dbt``.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from cdp.contracts import LINEAGE, SOURCES, SourceContract

HEADER = "# Generated from cdp/contracts by `cdp contracts sync-dbt`; do not edit by hand.\n"


def lineage_doc(column: str) -> str:
    """The dbt doc block describing a lineage column, as a description referencing it.

    Every raw table and every staging model carries the same four lineage columns: their
    dbt docs live once, in ``dbt_project/models/_docs.md`` (``lineage_<column>`` blocks).
    """
    return f'{{{{ doc("lineage_{column}") }}}}'


def _column_entries(contract: SourceContract) -> list[dict]:
    # No dbt tests on sources: the ingest layer enforces the contract (required values,
    # types) and checks its own reconciliation as Dagster asset checks on raw.<source>.
    # Vocabularies travel as column meta, which the staging test `contract_values` reads.
    entries = []
    for col in (*contract.columns, *LINEAGE):
        description = lineage_doc(col.name) if col in LINEAGE else col.description
        entry: dict = {"name": col.name, "description": description,
                       "data_type": col.type.lower()}  # fmt: skip
        if col.values:
            entry["meta"] = {"values": list(col.values)}
        if col.between:
            entry.setdefault("meta", {})["between"] = list(col.between)
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


def render_keys_macro() -> str:
    """The full text of the macro file with every source's primary key."""
    keys = {contract.name: list(contract.primary_key) for contract in SOURCES.values()}
    entries = "\n".join(f"        {name!r}: {key!r}," for name, key in keys.items())
    return (
        "{#- " + HEADER.removeprefix("# ").strip() + " -#}\n"
        "{#- The primary key columns of a raw source table (see record_id()). -#}\n"
        "{% macro raw_source_primary_key(source_name) -%}\n"
        "    {%- set keys = {\n" + entries + "\n    } -%}\n"
        "    {%- if source_name not in keys -%}\n"
        "        {{ exceptions.raise_compiler_error(\n"
        '            "no raw source table named \'" ~ source_name ~ "\'"\n'
        "        ) }}\n"
        "    {%- endif -%}\n"
        "    {{ return(keys[source_name]) }}\n"
        "{%- endmacro %}\n"
    )


def derived_files(dbt_project_dir: Path) -> dict[Path, str]:
    """Every generated dbt file: its path and the text it must hold."""
    return {
        dbt_project_dir / "models" / "staging" / "_sources.yml": render_sources_yaml(),
        dbt_project_dir / "macros" / "source_keys.sql": render_keys_macro(),
    }
