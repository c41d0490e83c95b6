"""Why a customer_key holds what it holds: the cluster of one identifier, explained.

Answers ``cdp identity explain <identifier>``: the identifier's customer_key, every
identifier in that cluster, the edges that joined them (which sources saw them
together, on how many records), the identifiers seen on the same records that the
over-merge guards refused, with the rule that refused them, and the links source trust
refused (a contested identifier's links from less trusted sources).
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb


@dataclass(frozen=True)
class Explanation:
    """One identifier's cluster: rows are (column, value) tuples, ready to print."""

    identifier_id: str
    customer_key: str | None
    exclusion_reason: str | None
    members: list[tuple]
    edges: list[tuple]
    refused: list[tuple]

    MEMBER_COLUMNS = ("identifier_id", "records", "sources", "first_seen_at", "last_seen_at")
    EDGE_COLUMNS = ("identifier_id", "linked_identifier_id", "records", "sources")
    REFUSED_COLUMNS = ("identifier_id", "records", "reason")


def find_identifier(con: duckdb.DuckDBPyConnection, text: str) -> list[str]:
    """Identifier ids matching ``text``: an exact ``kind:value`` id, or a value of any kind.

    Values are compared the way staging normalises the common kinds (trimmed, lower
    case; phones by their digits), so a pasted raw value is found too.
    """
    return [row[0] for row in con.execute("""
        select identifier_id from intermediate.int_identifiers_guarded
        where identifier_id = $t
           or lower(identifier_value) = lower(trim($t))
           or (identifier_kind = 'phone' and length(regexp_replace($t, '[^0-9]', '', 'g')) >= 9
               and right(regexp_replace(identifier_value, '[^0-9]', '', 'g'), 9)
                   = right(regexp_replace($t, '[^0-9]', '', 'g'), 9))
        order by identifier_id
    """, {"t": text}).fetchall()]  # fmt: skip


def explain_identifier(con: duckdb.DuckDBPyConnection, identifier_id: str) -> Explanation:
    """The cluster of ``identifier_id`` (an id from :func:`find_identifier`)."""
    key, reason = con.execute("""
        select k.customer_key, g.exclusion_reason
        from intermediate.int_identifiers_guarded g
        left join intermediate.int_customer_keys k using (identifier_id)
        where g.identifier_id = ?
    """, [identifier_id]).fetchone()  # fmt: skip
    members = con.execute("""
        select identifier_id, record_count, source_count, first_seen_at, last_seen_at
        from intermediate.int_customer_keys where customer_key = ? order by identifier_id
    """, [key]).fetchall() if key else []  # fmt: skip
    # The sources behind each edge come from the identifier sets holding both ends.
    edges = con.execute("""
        with member_sets as (
            select s.source, list_transform(s.identifiers, lambda i: i.id) as ids
            from intermediate.int_identifier_sets s
            where len(list_intersect(list_transform(s.identifiers, lambda i: i.id), $ids)) > 1
        )
        select e.identifier_id, e.linked_identifier_id, e.record_count,
               list_sort(list_distinct(list(m.source))) as sources
        from intermediate.int_identity_edges e
        left join member_sets m
          on list_contains(m.ids, e.identifier_id) and list_contains(m.ids, e.linked_identifier_id)
        where list_contains($ids, e.identifier_id) and e.identifier_id < e.linked_identifier_id
        group by all order by all
    """, {"ids": [m[0] for m in members]}).fetchall() if key else []  # fmt: skip
    # Refused: identifiers seen on the cluster's records (or with the asked one, when it
    # is itself refused) that the guards excluded.
    anchor, value = ("k.customer_key", key) if key else ("p.identifier_id", identifier_id)
    refused = con.execute(f"""
        with pairs as (
            select unnest(flatten(list_transform(identifiers, lambda i: list_transform(
                identifiers, lambda j: {{'identifier_id': i.id, 'linked_identifier_id': j.id}}
            ))), recursive := true)
            from intermediate.int_identifier_sets
        )
        select g.identifier_id, g.record_count, g.exclusion_reason
        from pairs p
        left join intermediate.int_customer_keys k using (identifier_id)
        join intermediate.int_identifiers_guarded g on g.identifier_id = p.linked_identifier_id
        where {anchor} = $anchor and not g.is_usable
        group by all order by all
    """, {"anchor": value}).fetchall()  # fmt: skip
    ids = [m[0] for m in members] or [identifier_id]
    refused_links = con.execute("""
        select l.anchor_identifier_id, l.record_count,
               'link from ' || l.identifier_id || ' refused: trust rank ' || l.trust_rank
               || ', its most trusted source has rank ' || min(l.trust_rank) over w
        from intermediate.int_identifier_anchor_links l
        join intermediate.int_identifiers_guarded g using (identifier_id)
        where g.is_contested and list_contains($ids, l.identifier_id)
        window w as (partition by l.identifier_id, l.anchor_kind)
        qualify not l.is_trusted
        order by all
    """, {"ids": ids}).fetchall()  # fmt: skip
    return Explanation(identifier_id, key, reason, members, edges, refused + refused_links)
