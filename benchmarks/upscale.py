"""A marts layer at benchmark scale, made by copying a real one.

The analytics stage reads only ``marts``, the CCPR models ``marts`` and the campaign
spends. Building marts for a million customers through ingest, identity and dbt takes
most of an hour and ~50 GB of disk (see :mod:`benchmarks.identity`), so the analytics
and CCPR benchmarks copy the marts of the default sample (built by the real pipeline)
until there are enough customers. Each copy of a customer gets its own key and its whole
history shifted back by a random 0-59 days, so copies differ in recency and tenure (as
different customers do) while every column, category mix and correlation stays that of
the real pipeline's output. ``staging.stg_marketing__spends`` is copied once, as is.
"""

from __future__ import annotations

import math
from pathlib import Path

import duckdb

SHIFT_DAYS = 60
# Per table: the customer key column, and the timestamp columns to shift.
TABLES: dict[str, tuple[str, ...]] = {
    "dim_customers": ("first_seen_at", "last_seen_at", "first_order_at", "last_order_at",
                      "last_contact_at", "last_inbound_at", "last_unsubscribed_at"),
    "fct_orders": ("ordered_at",),
    "fct_touchpoints": ("occurred_at",),
    "fct_contacts": ("contacted_at", "resolved_at"),
}  # fmt: skip
IDS = ("order_id", "touchpoint_id", "contact_id", "record_id")  # suffixed per copy


def upscale_marts(source: Path, target: Path, customers: int) -> int:
    """Write ``target`` with the marts of ``source`` copied to at least ``customers``.

    Returns the number of customers written. Keys become ``<key>-<copy>``; ids of orders,
    touchpoints and contacts get the same suffix so that they stay unique.
    """
    target.unlink(missing_ok=True)
    con = duckdb.connect(str(target))
    try:
        con.execute("set preserve_insertion_order = false")
        con.execute("set enable_progress_bar = false")
        con.execute(f"attach '{source}' as src (read_only)")
        (base,) = con.execute("select count(*) from src.marts.dim_customers").fetchall()[0]
        copies = math.ceil(customers / base)
        con.execute("create schema marts")
        con.execute(f"""
            create temp table shifts as
            select customer_key, copy,
                   (hash(customer_key, copy) % {SHIFT_DAYS})::int as shift
            from src.marts.dim_customers, range({copies}) as t(copy)
        """)  # fmt: skip
        for table, stamps in TABLES.items():
            columns = _columns(con, table)
            present = [c for c in stamps if c in columns]
            replace = [f"{c} - to_days(s.shift) as {c}" for c in present]
            replace.append("t.customer_key || '-' || s.copy as customer_key")
            for id_column in IDS:
                if id_column in columns:
                    replace.append(f"{id_column} || '-' || s.copy as {id_column}")
            con.execute(f"""
                create table marts.{table} as
                select t.* replace ({", ".join(replace)})
                from src.marts.{table} t join shifts s using (customer_key)
            """)  # fmt: skip
        # Campaign spend is not per customer: copied once, as is. (Copied contacts keep
        # their cost, and CAC divides the sample's spend among many more customers: the
        # figures are times, not values.)
        con.execute("create schema staging")
        con.execute(
            "create table staging.stg_marketing__spends as "
            "select * from src.staging.stg_marketing__spends"
        )
        return base * copies
    finally:
        con.close()


def _columns(con: duckdb.DuckDBPyConnection, table: str) -> set[str]:
    rows = con.execute(
        "select column_name from duckdb_columns() where database_name = 'src' "
        "and schema_name = 'marts' and table_name = ?",
        [table],
    ).fetchall()
    return {r[0] for r in rows}
