"""Behaviour features of every customer as of a date, computed in DuckDB SQL.

One row per ``marts.dim_customers`` row; nothing dated after ``as_of`` (that day
included) is read. Per known customer (not an anonymous record) first seen by ``as_of``:

- ``orders``: completed orders;
- ``average_order_value``: revenue / orders (revenue: amounts of the completed orders);
- ``days_since_last_activity``: days from the last inbound touchpoint or order to
  ``as_of``; without any, the tenure (inactive for as long as the customer is known);
- ``tenure_days``: days from ``dim_customers.first_seen_at`` to ``as_of``;
- ``store_share``: share of the completed orders placed in a store;
- ``discount_share``: share of the completed online orders with a discount (the tills
  record none, so store receipts are left out);
- ``return_rate``: returned / (completed + returned) orders;
- ``web_events_180d``, ``app_events_180d``, ``email_engagements_180d``: inbound web
  events, app events and email events (opens, clicks...) in the last 180 days;
- ``service_contacts_180d``: inbound calls and support tickets in the last 180 days.

Ratios over orders are null (undefined) without orders of their kind; see
:func:`models.clusters.kmeans.standardise` for how they are imputed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import duckdb
import polars as pl

from models.analytics.reasons import ANONYMOUS_REASON

WINDOW_DAYS = 180
NOT_YET_SEEN_REASON = "not yet seen on as_of: first record after it"


@dataclass(frozen=True)
class Feature:
    """One clustering feature: its column, whether it is log1p-ed, and label words."""

    name: str
    log: bool
    high: str
    low: str


FEATURES: tuple[Feature, ...] = (
    Feature("orders", True, "many orders", "few orders"),
    Feature("average_order_value", True, "high order value", "low order value"),
    Feature("days_since_last_activity", True, "long inactive", "recently active"),
    Feature("tenure_days", False, "long-standing", "recently joined"),
    Feature("store_share", False, "store shoppers", "online shoppers"),
    Feature("discount_share", False, "discount-driven", "rarely discounted"),
    Feature("return_rate", False, "frequent returns", "rare returns"),
    Feature("web_events_180d", True, "heavy web browsing", "little web browsing"),
    Feature("app_events_180d", True, "high app activity", "low app activity"),
    Feature("email_engagements_180d", True, "email-engaged", "email-unengaged"),
    Feature("service_contacts_180d", True, "frequent service contacts", "few service contacts"),
)
FEATURE_NAMES: tuple[str, ...] = tuple(feature.name for feature in FEATURES)

_FEATURES_SQL = """
    with orders as (
        select customer_key, channel, amount, discount, status,
               cast(ordered_at as date) as day
        from marts.fct_orders
        where not is_anonymous_customer and cast(ordered_at as date) <= $as_of
    ),
    order_metrics as (
        select customer_key,
               count(*) filter (where status = 'completed') as orders,
               coalesce(sum(amount) filter (where status = 'completed'), 0) as revenue,
               count(*) filter (where status = 'completed' and channel = 'store')
                   as store_orders,
               count(*) filter (where status = 'completed' and channel <> 'store')
                   as online_orders,
               count(*) filter (where status = 'completed' and channel <> 'store'
                                  and coalesce(discount, 0) > 0) as discounted_orders,
               count(*) filter (where status = 'returned') as returned_orders,
               max(day) as last_order_day
        from orders group by customer_key
    ),
    touchpoints as (
        select customer_key, channel, cast(occurred_at as date) as day
        from marts.fct_touchpoints
        where direction = 'inbound' and cast(occurred_at as date) <= $as_of
    ),
    touchpoint_metrics as (
        select customer_key,
               max(day) as last_inbound_day,
               count(*) filter (where day > $window_start and channel = 'web') as web,
               count(*) filter (where day > $window_start and channel = 'app') as app,
               count(*) filter (where day > $window_start and channel = 'email') as email,
               count(*) filter (where day > $window_start
                                  and channel in ('call_centre', 'support')) as service
        from touchpoints group by customer_key
    ),
    customers as (
        select c.customer_key,
               case when c.is_anonymous then $anonymous
                    when cast(c.first_seen_at as date) <= $as_of then null
                    else $not_yet_seen end as null_reason,
               date_diff('day', cast(c.first_seen_at as date), $as_of) as tenure_days,
               greatest(o.last_order_day, t.last_inbound_day) as last_activity_day,
               o.* exclude (customer_key), t.* exclude (customer_key)
        from marts.dim_customers c
        left join order_metrics o on o.customer_key = c.customer_key
        left join touchpoint_metrics t on t.customer_key = c.customer_key
    )
    select customer_key, null_reason,
           case when null_reason is null then coalesce(revenue, 0) end::double as revenue,
           case when null_reason is null then coalesce(orders, 0) end::double as orders,
           case when null_reason is null then revenue / nullif(orders, 0) end::double
               as average_order_value,
           case when null_reason is null then coalesce(
               date_diff('day', last_activity_day, $as_of), tenure_days) end::double
               as days_since_last_activity,
           case when null_reason is null then tenure_days end::double as tenure_days,
           case when null_reason is null then store_orders / nullif(orders, 0) end::double
               as store_share,
           case when null_reason is null then discounted_orders / nullif(online_orders, 0)
               end::double as discount_share,
           case when null_reason is null then returned_orders / nullif(orders + returned_orders, 0)
               end::double as return_rate,
           case when null_reason is null then coalesce(web, 0) end::double as web_events_180d,
           case when null_reason is null then coalesce(app, 0) end::double as app_events_180d,
           case when null_reason is null then coalesce(email, 0) end::double
               as email_engagements_180d,
           case when null_reason is null then coalesce(service, 0) end::double
               as service_contacts_180d
    from customers
    order by customer_key
"""


def customer_features(con: duckdb.DuckDBPyConnection, *, as_of: date) -> pl.DataFrame:
    """Every ``dim_customers`` row, ordered by key: ``customer_key``, ``null_reason``
    (null: to be clustered), ``revenue`` and the :data:`FEATURES` (null where undefined,
    and for every feature of the rows that are not clustered)."""
    params = {
        "as_of": as_of,
        "window_start": date.fromordinal(as_of.toordinal() - WINDOW_DAYS),
        "anonymous": ANONYMOUS_REASON,
        "not_yet_seen": NOT_YET_SEEN_REASON,
    }
    return con.sql(_FEATURES_SQL, params=params).pl()
