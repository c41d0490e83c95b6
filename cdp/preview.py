"""What a person sees of a warehouse table at a glance: its size, columns and first rows.

Dagster shows this beside every table asset. The event log is read by everyone who can
open the UI, so the preview rows go through the PII policy: declared personal columns
are masked as in the analyst schema, and any other column whose name looks personal
(free text such as survey comments, POS names) is blanked out entirely.
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb

from cdp.privacy.policy import PII_COLUMNS, looks_personal, quote_identifier, select_list


@dataclass(frozen=True)
class TableProfile:
    """A table's row count, its (column, type) pairs and a few masked rows."""

    relation: str
    row_count: int
    columns: list[tuple[str, str]]
    preview: list[tuple]


def preview_select(columns: list[str]) -> list[str]:
    """Select items showing ``columns`` safely: masked PII, undeclared personal text blanked."""
    items = []
    for column, item in zip(columns, select_list(columns, "masked"), strict=True):
        if column not in PII_COLUMNS and looks_personal(column):
            quoted = quote_identifier(column)
            item = f"case when {quoted} is not null then '***' end as {quoted}"
        items.append(item)
    return items


def profile_table(
    con: duckdb.DuckDBPyConnection, schema: str, name: str, rows: int = 5
) -> TableProfile | None:
    """The profile of ``schema.name``, or None when no such table or view exists."""
    described = con.execute(
        "select column_name, data_type from information_schema.columns "
        "where table_schema = ? and table_name = ? order by ordinal_position",
        [schema, name],
    ).fetchall()
    if not described:
        return None
    relation = f"{quote_identifier(schema)}.{quote_identifier(name)}"
    count = con.execute(f"select count(*) from {relation}").fetchall()[0][0]
    items = ", ".join(preview_select([c for c, _ in described]))
    preview = con.execute(f"select {items} from {relation} limit {int(rows)}").fetchall()
    return TableProfile(f"{schema}.{name}", count, [(c, t) for c, t in described], preview)
