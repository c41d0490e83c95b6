"""Stable customer keys: a person keeps their ``customer_key`` from run to run.

dbt finds the identity graph's components afresh on every run (``int_identity_components``:
identifier → component). This step gives each component a key, reusing the keys its
identifiers had in the previous run (``identity.customer_keys``), and logs every merge
and split in ``identity.key_changes``.

Rules, applied to the previous keys a component's identifiers carry:

- a previous key goes to the component holding most of its identifiers (ties: the
  smallest component id); when the other components holding some of them get other
  keys, that is a **split**, logged per component;
- a component awarded one previous key keeps it; awarded several, it keeps the one of
  the biggest previous cluster (ties: the smallest key) and the others are **merged**
  into it, logged per absorbed key;
- a component awarded none gets a new key: the md5 of its smallest identifier, unless a
  key of that value was ever used, then salted with the run id.

Nothing else changes a key, so re-running on the same data gives identical keys and new
data only adds keys or logs the merges and splits it causes.
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb

KEYS_TABLE = "identity.customer_keys"
CHANGES_TABLE = "identity.key_changes"
COMPONENTS = "intermediate.int_identity_components"


@dataclass(frozen=True)
class KeyAssignment:
    """What one assignment did."""

    identifiers: int
    customer_keys: int
    kept: int
    new: int
    merges: int
    splits: int


def _ensure_tables(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(f"""
        create schema if not exists identity;
        create table if not exists {KEYS_TABLE} (
            identifier_id varchar not null, customer_key varchar not null,
            component_id varchar not null, assigned_at timestamp not null);
        create table if not exists {CHANGES_TABLE} (
            changed_at timestamp not null, run_id varchar not null, change varchar not null,
            customer_key varchar not null, other_key varchar not null,
            identifiers bigint not null)
    """)  # fmt: skip


def assign_stable_keys(con: duckdb.DuckDBPyConnection, run_id: str) -> KeyAssignment:
    """Replace ``identity.customer_keys`` from the current components; log the changes.

    One transaction: a failure leaves the previous keys and log as they were.
    """
    _ensure_tables(con)
    con.execute("begin transaction")
    try:
        result = _assign(con, run_id)
        con.execute("commit")
    except BaseException:
        con.execute("rollback")
        raise
    return result


def _assign(con: duckdb.DuckDBPyConnection, run_id: str) -> KeyAssignment:
    con.execute(f"""
        create or replace temp table _key_claims as  -- component x previous key
        select c.component_id, p.customer_key as previous_key, count(*) as held
        from {COMPONENTS} c join {KEYS_TABLE} p using (identifier_id)
        group by all;
        create or replace temp table _key_awards as  -- previous key -> its component
        select previous_key, arg_min(component_id, (-held, component_id)) as component_id,
               max(held) as held
        from _key_claims group by 1;
        create or replace temp table _key_sizes as
        select customer_key as previous_key, count(*) as size from {KEYS_TABLE} group by 1;
        create or replace temp table _key_kept as  -- component -> the key it keeps
        select a.component_id, arg_min(a.previous_key, (-s.size, a.previous_key)) as customer_key
        from _key_awards a join _key_sizes s using (previous_key) group by 1;
    """)  # fmt: skip
    con.execute(f"""
        create or replace temp table _key_new as
        with components as (select distinct component_id from {COMPONENTS}),
        used as (
            select customer_key from {KEYS_TABLE}
            union select customer_key from {CHANGES_TABLE}
            union select other_key from {CHANGES_TABLE}
        )
        select c.component_id,
               if(md5(c.component_id) in (from used), md5(c.component_id || '@' || $run),
                  md5(c.component_id)) as customer_key
        from components c anti join _key_kept k using (component_id)
    """, {"run": run_id})  # fmt: skip
    changes = con.execute(f"""
        insert into {CHANGES_TABLE}
        select now()::timestamp, $run, 'merge', k.customer_key, a.previous_key, a.held
        from _key_awards a join _key_kept k using (component_id)
        where a.previous_key <> k.customer_key
        union all
        select now()::timestamp, $run, 'split', coalesce(k.customer_key, n.customer_key),
               c.previous_key, c.held
        from _key_claims c
        join _key_awards a using (previous_key)
        left join _key_kept k on k.component_id = c.component_id
        left join _key_new n on n.component_id = c.component_id
        where c.component_id <> a.component_id
        returning change
    """, {"run": run_id}).fetchall()  # fmt: skip
    con.execute(f"""
        create or replace table {KEYS_TABLE} as
        select c.identifier_id, coalesce(k.customer_key, n.customer_key) as customer_key,
               c.component_id, now()::timestamp as assigned_at
        from {COMPONENTS} c
        left join _key_kept k using (component_id)
        left join _key_new n using (component_id)
    """)  # fmt: skip
    (identifiers, keys) = con.execute(
        f"select count(*), count(distinct customer_key) from {KEYS_TABLE}"
    ).fetchone()
    (new,) = con.execute("select count(*) from _key_new").fetchone()
    kinds = [c for (c,) in changes]
    return KeyAssignment(
        identifiers=identifiers,
        customer_keys=keys,
        kept=keys - new,
        new=new,
        merges=kinds.count("merge"),
        splits=kinds.count("split"),
    )
