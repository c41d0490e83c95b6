"""Per-customer purchase summaries for the CLV models, computed in DuckDB SQL.

A *purchase* is a day on which a known customer completed at least one order: several
orders on one day are one purchase (the convention of the BG/NBD literature), worth
their total. Times are in ``period_days`` units (7: weeks). For the calibration period
ending ``calibration_end``, per customer whose first purchase falls in it:

- ``frequency``: purchases after the first;
- ``recency``: days from the first to the last purchase, in periods;
- ``T``: days from the first purchase to ``calibration_end``, in periods;
- ``monetary_value``: mean value of the repeat purchases (0 without repeats);
- ``holdout_purchases``: purchases after ``calibration_end`` up to ``holdout_end``
  (0 when no holdout is asked for), for backtests.

Nothing after ``holdout_end`` (or ``calibration_end`` without holdout) is read.
"""

from __future__ import annotations

from datetime import date

import duckdb
import polars as pl

ORDERS = "marts.fct_orders"

_SUMMARY = """
    with purchases as (
        select customer_key, cast(ordered_at as date) as day, sum(amount) as value
        from {orders}
        where not is_anonymous_customer and status = 'completed'
          and cast(ordered_at as date) <= $last_day
        group by customer_key, cast(ordered_at as date)
    ),
    calibration as (select * from purchases where day <= $calibration_end),
    spans as (
        select customer_key, min(day) as first_day, max(day) as last_day,
               count(*) as days
        from calibration group by customer_key
    ),
    repeats as (
        select c.customer_key, avg(c.value) as monetary_value
        from calibration c join spans s using (customer_key)
        where c.day > s.first_day group by c.customer_key
    ),
    holdout as (
        select customer_key, count(*) as purchases
        from purchases where day > $calibration_end group by customer_key
    )
    select s.customer_key,
           s.days - 1 as frequency,
           date_diff('day', s.first_day, s.last_day) / $period as recency,
           date_diff('day', s.first_day, $calibration_end) / $period as "T",
           coalesce(r.monetary_value, 0)::double as monetary_value,
           coalesce(h.purchases, 0) as holdout_purchases
    from spans s
    left join repeats r using (customer_key)
    left join holdout h using (customer_key)
    order by s.customer_key
"""


def purchase_summary(
    con: duckdb.DuckDBPyConnection,
    *,
    calibration_end: date,
    holdout_end: date | None = None,
    period_days: int = 7,
    orders: str = ORDERS,
) -> pl.DataFrame:
    """The summary of the module docstring, one row per customer.

    Raises
    ------
    ValueError
        When ``period_days`` < 1 or ``holdout_end`` is not after ``calibration_end``.
    """
    if period_days < 1:
        raise ValueError(f"period_days must be at least 1, got {period_days}")
    if holdout_end is not None and holdout_end <= calibration_end:
        raise ValueError(f"holdout_end {holdout_end} must be after {calibration_end}")
    params = {
        "calibration_end": calibration_end,
        "last_day": holdout_end or calibration_end,
        "period": float(period_days),
    }
    return con.sql(_SUMMARY.format(orders=orders), params=params).pl()
