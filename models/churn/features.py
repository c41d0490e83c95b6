"""Features of every buyer at a cutoff, in one DuckDB query (no Python row loops).

Only rows on or before the cutoff ``c`` are read (orders by ``ordered_at``, touchpoints
by ``occurred_at``, scores by when they were measured); ``dim_customers`` describes
*now* and is never used. Order touchpoints are left out of the activity counts (orders
have their own features). Windows such as "90d" are the days ``c - 89 .. c``.
"""

from __future__ import annotations

from datetime import date

import duckdb
import polars as pl

from models.churn.service import SERVICE_SQL, contacts_cte

ORDERS = "marts.fct_orders"
TOUCHPOINTS = "marts.fct_touchpoints"

FEATURES: dict[str, str] = {
    "recency_days": "days since the last completed order",
    "tenure_days": "days since the first completed order",
    "orders": "completed orders",
    "mean_order_value": "mean amount of a completed order",
    "orders_90d": "completed orders in the last 90 days",
    "order_trend": "completed orders in the last 90 days minus the 90 before",
    "mean_gap_days": "mean days between purchase days (null with one purchase day)",
    "overdue_ratio": "recency_days / mean_gap_days",
    "returned_share": "share of orders returned",
    "discount_share": "discount / (amount + discount) of completed orders",
    "store_order_share": "share of completed orders in store",
    "app_order_share": "share of completed orders in the app",
    "inbound_30d": "inbound touchpoints (not orders) in the last 30 days",
    "activity_trend": "inbound touchpoints a day: last 30 days minus the 60 before",
    "active_days_30d": "days with an inbound touchpoint in the last 30 days",
    "days_since_inbound": "days since the last inbound touchpoint (null: none)",
    "cart_events_90d": "add-to-cart and checkout events in the last 90 days",
    "email_open_rate_90d": "email opens / deliveries in the last 90 days",
    "email_clicks_90d": "email clicks in the last 90 days",
    "unsubscribed": "1 when the customer unsubscribed from email",
    "web_share": "share of inbound touchpoints (last 180 days) on the web",
    "app_share": "share of inbound touchpoints (last 180 days) in the app",
    "email_share": "share of inbound touchpoints (last 180 days) by email",
    "social_share": "share of inbound touchpoints (last 180 days) on social media",
    "calls_resolved": "calls ending resolved or in a sale",
    "calls_unresolved": "calls ending otherwise (escalated, callback, complaint, no answer)",
    "tickets_resolved": "support tickets resolved by the cutoff",
    "tickets_unresolved": "support tickets not resolved by the cutoff",
    "complaints": "complaints: flagged tickets, calls about or ending in a complaint",
    "complaints_90d": "complaints in the last 90 days",
    "service_contacts_90d": "calls and tickets in the last 90 days",
    "average_csat": "mean CSAT (1-5) measured by the cutoff (null: none)",
    "latest_nps": "the last NPS score (0-10) by the cutoff (null: none)",
}

_SQL = """
    with
    orders as (
        select customer_key, cast(ordered_at as date) as day, status, channel,
               cast(amount as double) as amount, coalesce(cast(discount as double), 0) as discount
        from {orders}
        where not is_anonymous_customer and cast(ordered_at as date) <= $cutoff
    ),
    buyers as (
        select customer_key,
            min(day) filter (where status = 'completed') as first_day,
            max(day) filter (where status = 'completed') as last_day,
            count(*) filter (where status = 'completed') as orders,
            count(distinct day) filter (where status = 'completed') as purchase_days,
            avg(amount) filter (where status = 'completed') as mean_order_value,
            count(*) filter (where status = 'completed' and day > $cutoff - 90) as orders_90d,
            count(*) filter (where status = 'completed' and day > $cutoff - 180
                             and day <= $cutoff - 90) as orders_prev_90d,
            avg((status = 'returned')::int) as returned_share,
            sum(discount) filter (where status = 'completed')
                / nullif(sum(amount + discount) filter (where status = 'completed'), 0)
                as discount_share,
            avg((channel = 'store')::int) filter (where status = 'completed') as store_share,
            avg((channel = 'online_app')::int) filter (where status = 'completed') as app_share
        from orders
        group by customer_key
        having count(*) filter (where status = 'completed') > 0
    ),
    touches as (
        select customer_key, source, record_id, channel, touchpoint_type, direction, outcome,
               cast(occurred_at as date) as day
        from {touchpoints}
        where cast(occurred_at as date) <= $cutoff and touchpoint_type <> 'order'
          and customer_key in (select customer_key from buyers)
    ),
    {contacts},
    activity as (
        select customer_key,
            count(*) filter (where day > $cutoff - 30) as inbound_30d,
            count(*) filter (where day > $cutoff - 90 and day <= $cutoff - 30) as inbound_prev_60d,
            max(day) as last_inbound_day,
            count(*) filter (where touchpoint_type in ('add_to_cart', 'checkout')
                             and day > $cutoff - 90) as cart_events_90d,
            count(*) filter (where touchpoint_type = 'open' and day > $cutoff - 90) as opens_90d,
            count(*) filter (where touchpoint_type = 'click' and day > $cutoff - 90)
                as email_clicks_90d,
            max((touchpoint_type = 'unsubscribe')::int) as unsubscribed,
            count(*) filter (where day > $cutoff - 180) as recent,
            count(*) filter (where day > $cutoff - 180 and channel = 'web') as web,
            count(*) filter (where day > $cutoff - 180 and channel = 'app') as app,
            count(*) filter (where day > $cutoff - 180 and channel = 'email') as email,
            count(*) filter (where day > $cutoff - 180 and channel = 'social') as social
        from touches where direction = 'inbound' group by customer_key
    ),
    -- Apart: a distinct count over a month of rows, not inside the aggregate over all
    -- of them (DuckDB's filtered distinct aggregates scan everything; 3x at 1M).
    active_days as (
        select customer_key, count(distinct day) as active_days_30d from touches
        where direction = 'inbound' and day > $cutoff - 30 group by customer_key
    ),
    deliveries as (
        select customer_key, count(*) as delivered_90d from touches
        where touchpoint_type = 'delivered' and day > $cutoff - 90 group by customer_key
    ),
    {service}
    select b.customer_key,
        date_diff('day', b.last_day, $cutoff) as recency_days,
        date_diff('day', b.first_day, $cutoff) as tenure_days,
        b.orders, b.mean_order_value, b.orders_90d,
        b.orders_90d - b.orders_prev_90d as order_trend,
        date_diff('day', b.first_day, b.last_day) / nullif(b.purchase_days - 1, 0)
            as mean_gap_days,
        date_diff('day', b.last_day, $cutoff)
            / nullif(date_diff('day', b.first_day, b.last_day) / nullif(b.purchase_days - 1, 0), 0)
            as overdue_ratio,
        b.returned_share, coalesce(b.discount_share, 0) as discount_share,
        b.store_share as store_order_share, b.app_share as app_order_share,
        coalesce(a.inbound_30d, 0) as inbound_30d,
        coalesce(a.inbound_30d / 30 - a.inbound_prev_60d / 60, 0) as activity_trend,
        coalesce(ad.active_days_30d, 0) as active_days_30d,
        date_diff('day', a.last_inbound_day, $cutoff) as days_since_inbound,
        coalesce(a.cart_events_90d, 0) as cart_events_90d,
        a.opens_90d / nullif(d.delivered_90d, 0) as email_open_rate_90d,
        coalesce(a.email_clicks_90d, 0) as email_clicks_90d,
        coalesce(a.unsubscribed, 0) as unsubscribed,
        a.web / nullif(a.recent, 0) as web_share, a.app / nullif(a.recent, 0) as app_share,
        a.email / nullif(a.recent, 0) as email_share,
        a.social / nullif(a.recent, 0) as social_share,
        coalesce(s.calls_resolved, 0) as calls_resolved,
        coalesce(s.calls_unresolved, 0) as calls_unresolved,
        coalesce(s.tickets_resolved, 0) as tickets_resolved,
        coalesce(s.tickets_unresolved, 0) as tickets_unresolved,
        coalesce(s.complaints, 0) as complaints, coalesce(s.complaints_90d, 0) as complaints_90d,
        coalesce(s.service_contacts_90d, 0) as service_contacts_90d,
        f.average_csat, f.latest_nps
    from buyers b
    left join activity a using (customer_key)
    left join active_days ad using (customer_key)
    left join deliveries d using (customer_key)
    left join service s using (customer_key)
    left join satisfaction f using (customer_key)
    order by b.customer_key
"""


def churn_features(
    con: duckdb.DuckDBPyConnection,
    cutoff: date,
    *,
    orders: str = ORDERS,
    touchpoints: str = TOUCHPOINTS,
) -> pl.DataFrame:
    """``customer_key`` and the :data:`FEATURES` (as Float64) of every buyer at ``cutoff``.

    Buyers are known customers with a completed order on or before ``cutoff``; shares
    and rates without a denominator are null (the classifier handles missing values).
    """
    sql = _SQL.format(
        orders=orders, touchpoints=touchpoints, contacts=contacts_cte(con), service=SERVICE_SQL
    )
    frame = con.sql(sql, params={"cutoff": cutoff}).pl()
    return frame.select("customer_key", *(pl.col(f).cast(pl.Float64) for f in FEATURES))
