"""A person's footprint in the warehouse, found through the identity graph.

Given one identifier (an email, a phone in any format, a CRM, loyalty or account id, a
device, cookie or social handle, or a ``customer_key``), the graph gives the customer,
every identifier the graph attributes to them and every source record keyed to them
(probabilistic till-receipt links included). Erasure removes exactly that.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import get_args

import duckdb

from cdp.contracts import SourceContract
from cdp.contracts.model import IdentifierKind

KINDS: tuple[str, ...] = get_args(IdentifierKind)
# Tombstone kind of an erased source record: 'record:<source>' (identifiers use their kind).
RECORD_KIND_PREFIX = "record:"


class PersonNotFoundError(LookupError):
    """No customer in the identity graph carries the identifier."""


def record_id_sql(contract: SourceContract, relation: str | None = None) -> str:
    """A record's id from its primary key, exactly as dbt's ``record_id()`` macro renders
    it (the key values cast to text, joined with '|')."""
    prefix = f"{relation}." if relation else ""
    parts = [f'cast({prefix}"{c}" as varchar)' for c in contract.primary_key]
    return parts[0] if len(parts) == 1 else f"concat_ws('|', {', '.join(parts)})"


def sha256_hex(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()


@dataclass(frozen=True)
class Footprint:
    """What the warehouse knows of one person."""

    customers: tuple[str, ...]
    identifiers: tuple[tuple[str, str], ...]  # (kind, normalised value)
    records: tuple[tuple[str, str], ...]  # (source, record_id)

    @property
    def identifier_ids(self) -> list[str]:
        """Graph node ids, ``<kind>:<value>``."""
        return [f"{kind}:{value}" for kind, value in self.identifiers]


def find_person(con: duckdb.DuckDBPyConnection, identifier: str) -> Footprint:
    """The footprint of the person behind ``identifier``.

    Raises
    ------
    PersonNotFoundError
        When no customer carries it (after staging's normalisation of each kind).
    """
    customers = [
        r[0]
        for r in con.execute(
            """
        with candidates as (
            select kind || ':' || privacy.normalize_identifier(kind, $v) as identifier_id
            from (select unnest($kinds::varchar[]) as kind)
        )
        select distinct customer_key from identity.customer_keys
        where identifier_id in (select identifier_id from candidates)
            or customer_key = trim($v)
        order by 1
    """,
            {"v": identifier, "kinds": list(KINDS)},
        ).fetchall()
    ]
    if not customers:
        raise PersonNotFoundError(
            f"no customer carries {identifier!r} (tried every identifier kind and "
            "customer_key after normalisation)"
        )
    params = {"c": customers}
    ids = con.execute(
        """
        select distinct identifier_id from identity.customer_keys
        where customer_key in (select unnest($c::varchar[])) order by 1
    """,
        params,
    ).fetchall()
    records = con.execute(
        """
        select distinct source, record_id from intermediate.int_records_keyed
        where customer_key in (select unnest($c::varchar[]))
        order by 1, 2
    """,
        params,
    ).fetchall()
    identifiers = tuple(tuple(i.split(":", 1)) for (i,) in ids)
    return Footprint(tuple(customers), identifiers, tuple(records))  # type: ignore[arg-type]
