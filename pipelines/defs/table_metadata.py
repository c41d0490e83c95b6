"""A warehouse table as Dagster metadata: row count, typed and described columns, preview.

Shared by every asset that writes a table (ingest's raw tables, the dbt models), so the
UI shows each the same way.
"""

from collections.abc import Mapping
from typing import Any

import dagster as dg

from cdp.preview import TableProfile
from models.analytics.markdown import markdown_table


def profile_metadata(profile: TableProfile, descriptions: Mapping[str, str]) -> dict[str, Any]:
    """Dagster metadata for one relation: row count, typed and described columns, preview."""
    columns = [
        dg.TableColumn(name, type=kind.lower(), description=descriptions.get(name) or None)
        for name, kind in profile.columns
    ]
    header = [name for name, _ in profile.columns]
    preview = markdown_table(header, profile.preview)
    return {
        "dagster/row_count": profile.row_count,
        "dagster/table_name": profile.relation,
        "dagster/column_schema": dg.TableSchema(columns=columns),
        "preview": dg.MetadataValue.md(
            "\n".join([f"First {len(profile.preview)} rows (PII masked):", "", *preview])
        ),
    }
