"""Service contacts and satisfaction at a cutoff, as SQL for :mod:`models.churn.features`.

Calls, tickets and surveys are touchpoints of ``marts.fct_touchpoints``; what the marts
do not keep comes from staging, joined on the touchpoint's ``record_id``:

- a ticket's ``outcome`` is its status *now*, so a ticket counts as resolved at ``c``
  only when ``stg_support__tickets.resolved_at`` is on or before ``c`` (a ticket
  resolved later was unresolved at ``c``);
- scores (post-call and ticket CSAT, CSAT and NPS surveys) count when measured on or
  before ``c`` (ticket CSAT at its resolution, as in ``dim_customers``).

A staging table that does not exist reads as empty (its features are then 0 or null).
"""

from __future__ import annotations

import duckdb

TICKETS = "staging.stg_support__tickets"
CALLS = "staging.stg_callcenter__calls"
SURVEYS = "staging.stg_surveys__responses"

_EMPTY = {
    TICKETS: "select null::varchar as ticket_id, null::timestamp as resolved_at, "
    "null::integer as csat where false",
    CALLS: "select null::varchar as call_id, null::timestamp as started_at, "
    "null::integer as csat where false",
    SURVEYS: "select null::varchar as response_id, null::varchar as survey_type, "
    "null::integer as score, null::timestamp as submitted_at where false",
}
_COLUMNS = {
    TICKETS: "ticket_id, resolved_at, csat",
    CALLS: "call_id, started_at, csat",
    SURVEYS: "response_id, survey_type, score, submitted_at",
}

RESOLVED_CALL_OUTCOMES = ("resolved", "sale")


def _exists(con: duckdb.DuckDBPyConnection, table: str) -> bool:
    schema, name = table.split(".")
    rows = con.execute(
        "select count(*) from information_schema.tables where table_schema = ? and table_name = ?",
        [schema, name],
    ).fetchall()
    return rows[0][0] > 0


def staging_ctes(con: duckdb.DuckDBPyConnection) -> str:
    """CTEs ``tickets``, ``calls``, ``surveys``: the staging rows, or empty relations."""
    parts = []
    for cte, table in (("tickets", TICKETS), ("calls", CALLS), ("surveys", SURVEYS)):
        body = f"select {_COLUMNS[table]} from {table}" if _exists(con, table) else _EMPTY[table]
        parts.append(f"{cte} as ({body})")
    return ",\n".join(parts)


# Needs CTEs ``touches`` (touchpoints of buyers on or before $cutoff, with ``ts``,
# ``day``) and those of :func:`staging_ctes`. One row per customer with a contact.
SERVICE_SQL = """
    service as (
        select t.customer_key,
            count(*) filter (where t.channel = 'call_centre'
                and t.outcome in {resolved_calls}) as calls_resolved,
            count(*) filter (where t.channel = 'call_centre'
                and t.outcome not in {resolved_calls}) as calls_unresolved,
            count(*) filter (where t.channel = 'support'
                and k.resolved_at is not null and cast(k.resolved_at as date) <= $cutoff)
                as tickets_resolved,
            count(*) filter (where t.channel = 'support'
                and (k.resolved_at is null or cast(k.resolved_at as date) > $cutoff))
                as tickets_unresolved,
            count(*) filter (where t.touchpoint_type = 'complaint'
                or (t.channel = 'call_centre' and t.outcome = 'complaint')) as complaints,
            count(*) filter (where (t.touchpoint_type = 'complaint'
                or (t.channel = 'call_centre' and t.outcome = 'complaint'))
                and t.day > $cutoff - 90) as complaints_90d,
            count(*) filter (where t.channel in ('call_centre', 'support')
                and t.day > $cutoff - 90) as service_contacts_90d
        from touches t
        left join tickets k on t.source = 'support_tickets' and t.record_id = k.ticket_id
        where t.channel in ('call_centre', 'support')
        group by t.customer_key
    ),
    scores as (
        select t.customer_key, 'csat' as measure, c.csat as score, c.started_at as measured_at
        from touches t join calls c on t.source = 'callcenter_calls' and t.record_id = c.call_id
        where c.csat is not null
        union all
        select t.customer_key, 'csat', k.csat, k.resolved_at
        from touches t
        join tickets k on t.source = 'support_tickets' and t.record_id = k.ticket_id
        where k.csat is not null
        union all
        select t.customer_key, s.survey_type, s.score, s.submitted_at
        from touches t
        join surveys s on t.source = 'survey_responses' and t.record_id = s.response_id
        where s.survey_type in ('csat', 'nps') and s.score is not null
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
""".replace("{resolved_calls}", str(RESOLVED_CALL_OUTCOMES))
