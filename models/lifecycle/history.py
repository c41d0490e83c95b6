"""Customers per lifecycle stage at the end of every month: the stage mix over time.

The same rules as :func:`models.lifecycle.build_lifecycle` (one SQL,
:data:`models.lifecycle.stages.STAGED_SQL`), evaluated at each month end up to the
observation date in one query. At a past month end a customer counts only once known
(``dim_customers.first_seen_at`` on or before it), so the early months are not full of
"prospects" who had not arrived yet. Anonymous records have no stage and are not counted.
The last point is the observation date itself (a month still running).
"""

from __future__ import annotations

from datetime import date, timedelta

import duckdb
import polars as pl

from models.analytics.reasons import ANONYMOUS_REASON
from models.lifecycle.stages import STAGED_SQL, STAGES, checked_thresholds

_HISTORY = f"""
    select as_of as month_end, lifecycle_stage, count(*) as customers
    from ({STAGED_SQL})
    where lifecycle_stage is not null and cast(first_seen_at as date) <= as_of
    group by all
"""


def month_ends(as_of: date, months: int) -> list[date]:
    """The last ``months`` month ends before ``as_of``, oldest first, then ``as_of``.

    Raises
    ------
    ValueError
        If ``months`` is negative.
    """
    if months < 0:
        raise ValueError(f"months must be 0 or more, got {months}")
    ends, end = [as_of], as_of.replace(day=1) - timedelta(days=1)
    for _ in range(months):  # a couple of dozen dates, not rows
        ends.append(end)
        end = end.replace(day=1) - timedelta(days=1)
    return sorted(ends)


def build_lifecycle_history(
    con: duckdb.DuckDBPyConnection,
    *,
    as_of: date,
    months: int,
    new_days: int,
    active_days: int,
    lapsed_days: int,
    churned_days: int,
) -> pl.DataFrame:
    """Customers per stage at each date of :func:`month_ends` (``as_of``, ``months``).

    Parameters
    ----------
    con
        A connection to a warehouse with ``marts.fct_orders`` and ``marts.dim_customers``.
    as_of
        The observation date, the last point of the history.
    months
        How many month ends before it (``AnalyticsSettings.lifecycle_history_months``).
    new_days, active_days, lapsed_days, churned_days
        Stage thresholds, as for :func:`models.lifecycle.build_lifecycle`.

    Returns
    -------
    polars.DataFrame
        One row per (month_end, lifecycle_stage), every stage at every date (0 when
        empty): month_end, lifecycle_stage, customers, share (of the customers with a
        stage at that date).
    """
    thresholds = checked_thresholds(
        new_days=new_days, active_days=active_days, lapsed_days=lapsed_days,
        churned_days=churned_days,
    )  # fmt: skip
    ends = month_ends(as_of, months)
    params = {"as_of_dates": ends, "anonymous": ANONYMOUS_REASON, **thresholds}
    counts = con.sql(_HISTORY, params=params).pl()
    grid = pl.DataFrame({"month_end": ends}).join(
        pl.DataFrame({"lifecycle_stage": list(STAGES)}), how="cross"
    )
    return (
        grid.join(counts, on=["month_end", "lifecycle_stage"], how="left")
        .with_columns(pl.col("customers").fill_null(0).cast(pl.Int64))
        .with_columns(
            share=(pl.col("customers") / pl.col("customers").sum().over("month_end"))
            .fill_nan(None)
            .round(4)
        )
        .sort("month_end", pl.col("lifecycle_stage").replace_strict(STAGES, range(len(STAGES))))
    )
