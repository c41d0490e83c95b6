"""Lifecycle stage of every customer as of an observation date, computed in DuckDB SQL.

Only completed orders dated on or before ``as_of`` are read. Day counts are between
calendar days (the day of an order, ``as_of``) and boundaries are inclusive: "within
``new_days``" means ``days <= new_days``. Per customer:

- ``first_order_at``, ``last_order_at``: the first and last completed order;
- ``days_since_last_order``: days from the day of the last order to ``as_of``;
- ``previous_gap_days``: days between the last two *purchase days* (several orders on
  one day are one purchase, as in :mod:`models.clv.summary`, so a basket split in two
  does not hide a comeback); null with fewer than two purchase days.

Stages, the first rule that matches wins:

1. null, ``null_reason`` :data:`ANONYMOUS_REASON`: an anonymous record
   (``dim_customers.is_anonymous``), a single receipt or visit nobody is known behind; its
   "lifecycle" would be a receipt's, not a person's (RFM leaves them unscored too);
2. ``prospect``: no completed order by ``as_of``, including known customers who only
   browsed, were contacted or returned / cancelled everything;
3. ``new``: first order within ``new_days``;
4. ``reactivated``: last order within ``active_days`` and ``previous_gap_days >=
   lapsed_days``: they had lapsed and came back;
5. ``active``: last order within ``active_days``;
6. ``at_risk``: last order within ``lapsed_days``;
7. ``lapsed``: last order within ``churned_days``;
8. ``churned``: last order more than ``churned_days`` ago.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import duckdb
import polars as pl

from models.analytics.reasons import ANONYMOUS_REASON

STAGES = ("prospect", "new", "reactivated", "active", "at_risk", "lapsed", "churned")

# The stage rules over a list of observation dates ($as_of_dates): one row per (as_of,
# customer). build_lifecycle reads it at one date, models.lifecycle.history at many, so
# the rules exist once.
STAGED_SQL = """
    with as_of_dates as (select unnest($as_of_dates::date[]) as as_of),
    days as (
        select customer_key, cast(ordered_at as date) as day,
               min(ordered_at) as first_at, max(ordered_at) as last_at
        from marts.fct_orders
        where status = 'completed'
          and cast(ordered_at as date) <= (select max(as_of) from as_of_dates)
        group by customer_key, cast(ordered_at as date)
    ),
    gaps as (
        select a.as_of, d.*, date_diff('day', lag(d.day) over w, d.day) as gap,
               row_number() over w_desc as from_last
        from days d join as_of_dates a on d.day <= a.as_of
        window w as (partition by a.as_of, d.customer_key order by d.day),
               w_desc as (partition by a.as_of, d.customer_key order by d.day desc)
    ),
    orders as (
        select as_of, customer_key, min(first_at) as first_order_at, max(last_at) as last_order_at,
               date_diff('day', min(day), as_of) as days_since_first,
               date_diff('day', max(day), as_of) as days_since_last_order,
               max(gap) filter (where from_last = 1) as previous_gap_days
        from gaps group by as_of, customer_key
    )
    select a.as_of, d.customer_key, d.first_seen_at,
           case when d.is_anonymous then null
                when o.customer_key is null then 'prospect'
                when o.days_since_first <= $new_days then 'new'
                when o.days_since_last_order <= $active_days
                     and o.previous_gap_days >= $lapsed_days then 'reactivated'
                when o.days_since_last_order <= $active_days then 'active'
                when o.days_since_last_order <= $lapsed_days then 'at_risk'
                when o.days_since_last_order <= $churned_days then 'lapsed'
                else 'churned' end as lifecycle_stage,
           o.first_order_at, o.last_order_at, o.days_since_last_order, o.previous_gap_days,
           case when d.is_anonymous then $anonymous end as null_reason
    from marts.dim_customers d cross join as_of_dates a
    left join orders o on o.customer_key = d.customer_key and o.as_of = a.as_of
"""

_LIFECYCLE = f"""
    select * exclude (as_of, first_seen_at) from ({STAGED_SQL}) order by customer_key
"""


def checked_thresholds(
    *, new_days: int, active_days: int, lapsed_days: int, churned_days: int
) -> dict[str, int]:
    """The stage thresholds as query parameters, once checked.

    Raises
    ------
    ValueError
        Unless ``0 < new_days`` and ``0 < active_days < lapsed_days < churned_days``.
    """
    if new_days <= 0:
        raise ValueError(f"new_days must be positive, got {new_days}")
    if not 0 < active_days < lapsed_days < churned_days:
        raise ValueError(
            "need 0 < active_days < lapsed_days < churned_days, got "
            f"{active_days}, {lapsed_days}, {churned_days}"
        )
    return {
        "new_days": new_days,
        "active_days": active_days,
        "lapsed_days": lapsed_days,
        "churned_days": churned_days,
    }


@dataclass(frozen=True)
class LifecycleResult:
    """The ``customer_lifecycle`` table and figures about it.

    Attributes
    ----------
    table
        One row per ``marts.dim_customers`` customer: customer_key, lifecycle_stage,
        first_order_at, last_order_at, days_since_last_order, previous_gap_days,
        null_reason.
    metadata
        JSON-able figures: customers per stage (and without one), the thresholds, as_of.
    """

    table: pl.DataFrame
    metadata: dict[str, int | float | str]


def build_lifecycle(
    con: duckdb.DuckDBPyConnection,
    *,
    as_of: date,
    new_days: int,
    active_days: int,
    lapsed_days: int,
    churned_days: int,
) -> LifecycleResult:
    """Stage every customer of ``marts.dim_customers`` as of ``as_of`` (module docstring).

    Parameters
    ----------
    con
        A connection to a warehouse with ``marts.fct_orders`` and ``marts.dim_customers``.
    as_of
        The observation date; orders on that day count, later ones are not read.
    new_days, active_days, lapsed_days, churned_days
        Stage thresholds in days (``cdp.analytics_settings.AnalyticsSettings.lifecycle_*``).

    Returns
    -------
    LifecycleResult
        The table and its metadata.

    Raises
    ------
    ValueError
        Unless ``0 < new_days`` and ``0 < active_days < lapsed_days < churned_days``.
    """
    thresholds = checked_thresholds(
        new_days=new_days, active_days=active_days, lapsed_days=lapsed_days,
        churned_days=churned_days,
    )  # fmt: skip
    params = {"as_of_dates": [as_of], "anonymous": ANONYMOUS_REASON, **thresholds}
    table = con.sql(_LIFECYCLE, params=params).pl()
    counts = dict(table.group_by("lifecycle_stage").len().iter_rows())
    metadata: dict[str, int | float | str] = {
        "as_of": as_of.isoformat(),
        "customers": table.height,
        **{f"customers.{stage}": counts.get(stage, 0) for stage in STAGES},
        "customers.no_stage_anonymous": counts.get(None, 0),
        **thresholds,
    }
    return LifecycleResult(table=table, metadata=metadata)
