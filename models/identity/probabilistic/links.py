"""Which scored pair each receipt keeps, and the table the kept ones are written to."""

from __future__ import annotations

import duckdb
import pyarrow as pa

RECORD_LINKS_TABLE = "identity.record_links"
SOURCE = "pos_transactions"

_DECIDE = """
    with ranked as (
        select *, row_number() over w as rank, lead(match_weight) over w as runner_up
        from {pairs}
        window w as (partition by receipt_id order by match_weight desc, identifier_id)
    )
    select receipt_id, identifier_id, match_probability, match_weight,
           coalesce(match_weight - runner_up >= $margin, true) as is_clear
    from ranked
    where rank = 1 and match_probability >= $threshold
    order by receipt_id
"""


def decide(
    scratch: duckdb.DuckDBPyConnection, pairs: str, *, threshold: float, margin: float
) -> pa.Table:
    """Each receipt's best customer, where its match probability reaches ``threshold``.

    ``pairs`` names a table of scored pairs in ``scratch``. ``is_clear`` says whether the
    best one's match weight beats the runner-up's (if any) by ``margin`` or more.
    """
    params = {"threshold": threshold, "margin": margin}
    return scratch.sql(_DECIDE.format(pairs=pairs), params=params).to_arrow_table()


def write_links(con: duckdb.DuckDBPyConnection, links: pa.Table) -> None:
    """Replace ``identity.record_links`` with ``links`` in one transaction."""
    con.register("_record_links_new", links)
    try:
        _replace(con, f"""
            select '{SOURCE}', receipt_id, identifier_id, match_probability, match_weight
            from _record_links_new
        """)  # fmt: skip
    finally:
        con.unregister("_record_links_new")


def clear_links(con: duckdb.DuckDBPyConnection) -> None:
    """Leave ``identity.record_links`` empty (the stage is switched off)."""
    _replace(con, None)


def _replace(con: duckdb.DuckDBPyConnection, rows_sql: str | None) -> None:
    con.execute("begin transaction")
    try:
        con.execute(f"""
            create schema if not exists identity;
            create or replace table {RECORD_LINKS_TABLE} (
                source varchar not null, record_id varchar not null,
                identifier_id varchar not null, match_probability double not null,
                match_weight double not null);
        """)  # fmt: skip
        if rows_sql:
            con.execute(f"insert into {RECORD_LINKS_TABLE} {rows_sql}")
        con.execute("commit")
    except BaseException:
        con.execute("rollback")
        raise
