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

# Two aggregations: orders to purchase days, then days to customers. The first day's
# value (arg_min) is taken out of the total for the mean of the repeat purchases.
_SUMMARY = """
    with purchases as (
        select customer_key, cast(ordered_at as date) as day, sum(amount) as value
        from {orders}
        where not is_anonymous_customer and status = 'completed'
          and cast(ordered_at as date) <= $last_day
        group by customer_key, cast(ordered_at as date)
    ),
    customers as (
        select customer_key,
               count(*) filter (where day <= $calibration_end) as days,
               min(day) as first_day,
               max(day) filter (where day <= $calibration_end) as last_day,
               sum(value) filter (where day <= $calibration_end) as total,
               arg_min(value, day) as first_value,
               count(*) filter (where day > $calibration_end) as holdout_purchases
        from purchases
        group by customer_key
        having min(day) <= $calibration_end
    )
    select customer_key,
           days - 1 as frequency,
           date_diff('day', first_day, last_day) / $period as recency,
           date_diff('day', first_day, $calibration_end) / $period as "T",
           coalesce((total - first_value) / nullif(days - 1, 0), 0)::double as monetary_value,
           holdout_purchases
    from customers
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
    return con.sql(_SUMMARY.format(orders=orders), params=params).pl().sort("customer_key")
