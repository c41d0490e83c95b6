"""The observation date: the "today" of every score.

One date drives the whole analytics stage so that RFM, CLV, churn and lifecycle describe
the same moment. By default it is the last day with data (an order or a touchpoint), so
that a sample generated months ago is scored as of its own end, not as of the wall clock.
"""

from __future__ import annotations

from datetime import date

import duckdb


def observation_date(con: duckdb.DuckDBPyConnection, configured: date | None = None) -> date:
    """``configured`` if given, else the last day of any order or touchpoint in ``marts``.

    Raises
    ------
    ValueError
        When nothing is configured and the marts hold no dated activity.
    """
    if configured is not None:
        return configured
    (last,) = con.execute("""
        select max(day) from (
            select max(ordered_at)::date as day from marts.fct_orders
            union all
            select max(occurred_at)::date from marts.fct_touchpoints)
    """).fetchall()[0]  # fmt: skip
    if last is None:
        raise ValueError("no orders or touchpoints in marts: set analytics.observation_date")
    return last
