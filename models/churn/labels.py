"""Cutoffs, the buyer population at a cutoff, and churn labels.

Days are calendar days and a cutoff ``c`` includes its whole day: a row "on or before
``c``" has ``cast(ts as date) <= c``. The label window of ``c`` is the days
``c + 1 .. c + horizon``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import duckdb
import polars as pl

ORDERS = "marts.fct_orders"


@dataclass(frozen=True)
class Cutoffs:
    """``train = as_of - 2 * horizon`` and ``evaluate = as_of - horizon``.

    The model learns from the buyers at ``train`` with labels from
    ``(train, evaluate]``, is evaluated on the buyers at ``evaluate`` with labels from
    ``(evaluate, as_of]``, and is then refitted on the latter to score ``as_of``.
    """

    train: date
    evaluate: date
    as_of: date
    horizon_days: int

    @property
    def history_start(self) -> date:
        """The latest first-order day that leaves one horizon of history before ``train``."""
        return self.train - timedelta(days=self.horizon_days)


def cutoffs(as_of: date, horizon_days: int) -> Cutoffs:
    """The cutoffs of ``as_of``; ``ValueError`` when ``horizon_days`` < 1."""
    if horizon_days < 1:
        raise ValueError(f"horizon_days must be at least 1, got {horizon_days}")
    h = timedelta(days=horizon_days)
    return Cutoffs(train=as_of - 2 * h, evaluate=as_of - h, as_of=as_of, horizon_days=horizon_days)


def check_history(con: duckdb.DuckDBPyConnection, cuts: Cutoffs, orders: str = ORDERS) -> None:
    """Raise ``ValueError`` unless completed orders reach one horizon before ``train``.

    Features such as tenure and the order trend need history before the training
    cutoff, so the first completed order of a known customer must fall on or before
    ``as_of - 3 * horizon``.
    """
    (first,) = con.execute(
        f"""select min(cast(ordered_at as date)) from {orders}
            where not is_anonymous_customer and status = 'completed'"""
    ).fetchall()[0]
    needed = (
        f"churn needs completed orders from {cuts.history_start} or earlier: one horizon "
        f"({cuts.horizon_days} days) before the training cutoff {cuts.train} "
        f"(as_of {cuts.as_of} - 2 x horizon), i.e. {3 * cuts.horizon_days} days of history"
    )
    if first is None:
        raise ValueError(f"{needed}; there are no completed orders of known customers")
    if first > cuts.history_start:
        raise ValueError(f"{needed}; the first completed order is on {first}")


_LABELS = """
    with orders as (
        select customer_key, cast(ordered_at as date) as day
        from {orders}
        where not is_anonymous_customer and status = 'completed'
          and cast(ordered_at as date) <= $cutoff + $horizon
    )
    select customer_key,
           count(*) filter (where day > $cutoff) = 0 as churned
    from orders
    group by customer_key
    having count(*) filter (where day <= $cutoff) > 0
    order by customer_key
"""


def churn_labels(
    con: duckdb.DuckDBPyConnection, cutoff: date, horizon_days: int, orders: str = ORDERS
) -> pl.DataFrame:
    """``customer_key``, ``churned`` of every buyer at ``cutoff``.

    A buyer is a known (non-anonymous) customer with a completed order on or before
    ``cutoff``; ``churned`` is true when no completed order follows in
    ``(cutoff, cutoff + horizon_days]``. Nothing after that window is read.
    """
    params = {"cutoff": cutoff, "horizon": horizon_days}
    return con.sql(_LABELS.format(orders=orders), params=params).pl()
