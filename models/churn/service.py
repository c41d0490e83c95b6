"""Service contacts and satisfaction at a cutoff, as SQL for :mod:`models.churn.features`.

Everything is read from ``marts.fct_contacts`` (one row per contact), only for buyers
and only contacts made on or before the cutoff ``c`` (``contacted_at``: a call's start,
a ticket's opening, a survey's submission). Nothing known only after ``c`` is used:

- a call counts as resolved when it has a ``resolved_at`` (it ended resolved or in a
  sale: the resolution is known at the call itself), else as unresolved;
- a ticket counts as resolved only when its ``resolved_at`` is on or before ``c``; a
  ticket resolved later, or not yet, was unresolved at ``c``;
- complaints are contacts with ``is_complaint``: tickets flagged complaint and calls
  whose outcome *or reason* is complaint (before ``fct_contacts``, a call's reason was
  not read, so a call about a complaint that ended otherwise was not counted);
- scores count when measured on or before ``c``: call CSAT at the call, ticket CSAT at
  the ticket's resolution (as in ``dim_customers``), CSAT and NPS surveys when submitted.

A warehouse without ``marts.fct_contacts`` reads as empty (the features are then 0 or
null), so the model still trains on orders and touchpoints alone.
"""

from __future__ import annotations

import duckdb

CONTACTS = "marts.fct_contacts"

_COLUMNS = "customer_key, source, contacted_at, is_complaint, csat, nps, resolved_at"
_EMPTY = (
    "select null::varchar as customer_key, null::varchar as source, "
    "null::timestamp as contacted_at, null::boolean as is_complaint, null::integer as csat, "
    "null::integer as nps, null::timestamp as resolved_at where false"
)


def _exists(con: duckdb.DuckDBPyConnection, table: str) -> bool:
    schema, name = table.split(".")
    rows = con.execute(
        "select count(*) from information_schema.tables where table_schema = ? and table_name = ?",
        [schema, name],
    ).fetchall()
    return rows[0][0] > 0


def contacts_cte(con: duckdb.DuckDBPyConnection, table: str = CONTACTS) -> str:
    """CTE ``contacts``: the contacts of buyers made on or before ``$cutoff``.

    Parameters
    ----------
    con : duckdb.DuckDBPyConnection
        The warehouse, asked only whether ``table`` exists.
    table : str
        The contacts mart, ``schema.name``.

    Returns
    -------
    str
        ``contacts as (...)`` with a ``day`` column (the contact's date); it needs the
        CTE ``buyers`` and reads as an empty relation when ``table`` does not exist.
    """
    if not _exists(con, table):
        return f"contacts as (select *, null::date as day from ({_EMPTY}))"
    # Filtered here, not in SERVICE_SQL: later contacts must never reach an aggregate.
    return f"""contacts as (
        select {_COLUMNS}, cast(contacted_at as date) as day
        from {table}
        where cast(contacted_at as date) <= $cutoff
          and customer_key in (select customer_key from buyers)
    )"""


# Needs the CTE of :func:`contacts_cte`. One row per customer with a call or ticket.
SERVICE_SQL = """
    service as (
        select customer_key,
            count(*) filter (where source = 'callcenter_calls' and resolved_at is not null)
                as calls_resolved,
            count(*) filter (where source = 'callcenter_calls' and resolved_at is null)
                as calls_unresolved,
            count(*) filter (where source = 'support_tickets'
                and cast(resolved_at as date) <= $cutoff) as tickets_resolved,
            count(*) filter (where source = 'support_tickets'
                and (resolved_at is null or cast(resolved_at as date) > $cutoff))
                as tickets_unresolved,
            count(*) filter (where is_complaint) as complaints,
            count(*) filter (where is_complaint and day > $cutoff - 90) as complaints_90d,
            count(*) filter (where day > $cutoff - 90) as service_contacts_90d
        from contacts
        where source in ('callcenter_calls', 'support_tickets')
        group by customer_key
    ),
    scores as (
        -- a ticket's CSAT is given once it is resolved; other scores at the contact
        select customer_key, 'csat' as measure, csat as score,
            case when source = 'support_tickets' then resolved_at else contacted_at end
                as measured_at
        from contacts
        where csat is not null
            and source in ('callcenter_calls', 'support_tickets', 'survey_responses')
        union all
        select customer_key, 'nps', nps, contacted_at
        from contacts
        where nps is not null and source = 'survey_responses'
    ),
    satisfaction as (
        select customer_key,
            avg(score) filter (where measure = 'csat') as average_csat,
            count(*) filter (where measure = 'csat') as csat_responses,
            arg_max(score, measured_at) filter (where measure = 'nps') as latest_nps
        from scores
        where measured_at is not null and cast(measured_at as date) <= $cutoff
        group by customer_key
    )
"""
