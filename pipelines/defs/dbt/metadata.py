"""Row counts, column schemas and masked previews for the dbt models' materializations.

dagster-dbt reports only dbt's timing. Its ``fetch_row_counts`` queries through dbt's
adapter while the ``dbt build`` subprocess still holds DuckDB's single writer lock, so
instead a phase collects its events and, once dbt has exited, reads each built relation
with the phase's own connection and adds what a person wants to see in the UI.
"""

from collections.abc import Iterable, Iterator, Mapping
from typing import Any

import dagster as dg
import duckdb

from cdp.preview import profile_table
from pipelines.defs.table_metadata import profile_metadata


def _enriched(event: Any, con: duckdb.DuckDBPyConnection, manifest: Mapping) -> Any:
    unique_id = getattr(event, "metadata", {}).get("unique_id")
    if not isinstance(event, dg.Output | dg.AssetMaterialization) or unique_id is None:
        return event
    node = manifest["nodes"].get(getattr(unique_id, "value", unique_id))
    if node is None:
        return event
    profile = profile_table(con, node["schema"], node.get("alias") or node["name"])
    if profile is None:  # not built (failed, or skipped after an upstream failure)
        return event
    described = {name: c.get("description", "") for name, c in node["columns"].items()}
    return event.with_metadata({**event.metadata, **profile_metadata(profile, described)})


def with_table_metadata(
    events: Iterable[Any], con: duckdb.DuckDBPyConnection, manifest: Mapping
) -> Iterator[Any]:
    """``events`` in order, each model's materialization with its table's metadata added."""
    for event in events:
        yield _enriched(event, con, manifest)
