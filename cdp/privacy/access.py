"""What a query reads, and whether the masked access mode allows it.

``cdp query`` reads ``analyst.*`` by default, where personal columns are masked. The
check uses DuckDB's own parser (``json_serialize_sql``): every table a query names,
in joins, subqueries and CTEs alike, must be an ``analyst`` relation (or a CTE), and
no table function may read files. Only SELECT statements pass. Reading the marts'
personal values takes ``--pii raw``, which the audit log records.
"""

from __future__ import annotations

import json

import duckdb

from cdp.privacy.analyst_views import ANALYST_SCHEMA


class AccessDeniedError(PermissionError):
    """A masked-mode query that names something outside the analyst schema."""


def _parse(sql: str) -> dict:
    (parsed,) = duckdb.execute("select json_serialize_sql(?)", [sql]).fetchall()[0]
    return json.loads(parsed)


def referenced_relations(sql: str) -> tuple[set[str], set[tuple[str, str]], set[str]]:
    """(CTE names, (schema, table) pairs, table functions) a SELECT names.

    Raises
    ------
    AccessDeniedError
        When ``sql`` is not a SELECT DuckDB can parse.
    """
    tree = _parse(sql)
    if tree.get("error"):
        message = tree["error_message"]
        if "syntax error" in message.lower():
            raise AccessDeniedError(f"the query does not parse: {message}")
        raise AccessDeniedError(f"only SELECT queries run in masked mode ({message})")
    ctes: set[str] = set()
    tables: set[tuple[str, str]] = set()
    functions: set[str] = set()

    def walk(node: object) -> None:
        if isinstance(node, dict):
            kind = node.get("type")
            if kind == "BASE_TABLE":
                tables.add((node.get("schema_name") or "", node["table_name"]))
            elif kind == "TABLE_FUNCTION":
                functions.add(node.get("function", {}).get("function_name", "?"))
            for entry in (node.get("cte_map") or {}).get("map", []):
                ctes.add(entry["key"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(tree["statements"])
    return ctes, tables, functions


def check_masked(sql: str) -> None:
    """Refuse a query that would read anything but ``analyst.*`` (and its own CTEs)."""
    _, tables, functions = referenced_relations(sql)
    if functions:
        raise AccessDeniedError(
            f"table functions ({', '.join(sorted(functions))}) are not available in masked mode"
        )
    for schema, table in sorted(tables):
        if schema == ANALYST_SCHEMA or not schema:  # unqualified: a CTE or analyst.*
            continue
        raise AccessDeniedError(
            f"{schema}.{table} is outside the masked analyst schema: read "
            f"{ANALYST_SCHEMA}.{table} (personal columns masked), or pass --pii raw"
        )
