"""Masked analyst views: the schema analysts read instead of the marts.

The access model: analysts read ``analyst.*``, one view per table or view of the marts,
analytics and segments schemas, under the same name, with every column in order and each
personal column of :data:`cdp.privacy.policy.PII_COLUMNS` replaced by its masked form
under the same name (``j***@example.com``, ``SW1A ***``, the birth year). The marts keep
the real values, for the exports that need them (customer-match uploads hash them) and
for erasure, which must find a person by their identifiers; only the pipeline and those
exports read them.

``customer_key`` is a pseudonymous surrogate key and stays as is, so analysts can join
the views. Each view lists its columns, so a column added to a mart later is not exposed
until the views are generated again, and checked against the policy.
"""

from __future__ import annotations

from collections.abc import Sequence

import duckdb

from cdp.privacy.policy import quote_identifier, select_list

ANALYST_SCHEMA = "analyst"


def create_analyst_views(
    con: duckdb.DuckDBPyConnection,
    schemas: Sequence[str] = ("marts", "analytics", "segments"),
) -> list[str]:
    """Recreate the ``analyst`` schema with a masked view of every table and view.

    The caller owns the transaction: nothing here begins or commits one.

    Parameters
    ----------
    con
        A read-write connection to the warehouse.
    schemas
        The schemas to expose, in the current database; those that do not exist are
        skipped.

    Returns
    -------
    list[str]
        The views created, as ``analyst.<name>``, sorted.

    Raises
    ------
    ValueError
        When two of the schemas hold a table or view of the same name, since both would
        be ``analyst.<name>``.
    """
    relations = con.execute(
        "select c.table_schema, c.table_name, list(c.column_name order by c.ordinal_position) "
        "from information_schema.columns c join information_schema.tables t "
        "using (table_catalog, table_schema, table_name) "
        "where c.table_catalog = current_database() and c.table_schema in (select unnest(?)) "
        "and t.table_type in ('BASE TABLE', 'VIEW') "
        "group by all order by c.table_name, c.table_schema",
        [[schema for schema in schemas if schema != ANALYST_SCHEMA]],
    ).fetchall()
    seen: dict[str, str] = {}
    for schema, name, _ in relations:
        if name in seen:
            raise ValueError(
                f"{seen[name]}.{name} and {schema}.{name} would both be "
                f"{ANALYST_SCHEMA}.{name}; rename one of them"
            )
        seen[name] = schema

    con.execute(f"drop schema if exists {quote_identifier(ANALYST_SCHEMA)} cascade")
    con.execute(f"create schema {quote_identifier(ANALYST_SCHEMA)}")
    for schema, name, columns in relations:
        con.execute(
            f"create view {quote_identifier(ANALYST_SCHEMA)}.{quote_identifier(name)} as "
            f"select {', '.join(select_list(columns, 'masked'))} "
            f"from {quote_identifier(schema)}.{quote_identifier(name)}"
        )
    return sorted(f"{ANALYST_SCHEMA}.{name}" for _, name, _ in relations)
