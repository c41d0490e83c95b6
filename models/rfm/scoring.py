"""RFM scores of every customer as of an observation date, computed in DuckDB SQL.

Only completed orders dated on or before ``as_of`` are read. Per customer:

- ``recency_days``: days from the day of the last completed order to ``as_of``;
- ``frequency``: completed orders (0 without any);
- ``monetary``: their total amount (0 without any).

The *scored population* is the non-anonymous customers with at least one completed
order. Each measure is scored 1-5 by quintiles of that population, higher is better
(for recency: fewer days). Ties always share a score: a tied group takes the score of
its lowest rank (SQL ``rank()``, 1-based, worst first), ``1 + floor(5 (rank - 1) / n)``.
Without ties this is the usual ``ntile`` split. A large tied group therefore sits in the
quintile where it starts: one-order customers (often half of a retailer's buyers) are
F1, which is what the New and Promising segments are made of, rather than spilling into
a middle score that would leave those segments empty; neighbouring scores above a large
group may be empty instead (the metadata shows each score's range and count).

Customers outside the population keep their measures but get null scores, cell and
segment, and a ``null_reason``: :data:`ANONYMOUS_REASON` (``dim_customers.is_anonymous``:
a single record without any usable identifier, whose RFM would describe a receipt, not a
person) or :data:`NO_ORDER_REASON`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import duckdb
import polars as pl

from models.analytics.reasons import ANONYMOUS_REASON, NO_ORDER_REASON
from models.rfm.segments import SEGMENT_BY_CELL, SEGMENTS

_MEASURES = {"r": "recency_days", "f": "frequency", "m": "monetary"}


def _score(letter: str) -> str:
    # Integer arithmetic keeps the quintile cut exact.
    return f"(1 + (5 * ({letter}_lo - 1)) // n)::tinyint"


_RFM = f"""
    with purchases as (
        select customer_key, count(*) as frequency, sum(amount) as monetary,
               max(cast(ordered_at as date)) as last_day
        from marts.fct_orders
        where status = 'completed' and cast(ordered_at as date) <= $as_of
        group by customer_key
    ),
    customers as (
        select d.customer_key,
               date_diff('day', p.last_day, $as_of) as recency_days,
               coalesce(p.frequency, 0) as frequency,
               coalesce(p.monetary, 0) as monetary,
               case when d.is_anonymous then $anonymous
                    when p.customer_key is null then $no_order end as null_reason
        from marts.dim_customers d left join purchases p using (customer_key)
    ),
    ranked as (
        -- rank() gives a tied group its lowest rank.
        select customer_key, count(*) over () as n,
               rank() over (order by recency_days desc) as r_lo,
               rank() over (order by frequency) as f_lo,
               rank() over (order by monetary) as m_lo
        from customers where null_reason is null
    )
    select c.customer_key, c.recency_days, c.frequency, c.monetary::double as monetary,
           {_score("r")} as r_score, {_score("f")} as f_score, {_score("m")} as m_score,
           c.null_reason
    from customers c left join ranked r using (customer_key)
    order by c.customer_key
"""


@dataclass(frozen=True)
class RfmResult:
    """The ``customer_rfm`` table and figures about it.

    Attributes
    ----------
    table
        One row per ``marts.dim_customers`` customer: customer_key, recency_days,
        frequency, monetary, r_score, f_score, m_score, rfm_cell, rfm_segment, null_reason.
    metadata
        JSON-able figures: customers scored and per segment, revenue shares, the value
        range of each score.
    """

    table: pl.DataFrame
    metadata: dict[str, int | float | str]


def build_rfm(con: duckdb.DuckDBPyConnection, *, as_of: date) -> RfmResult:
    """Score every customer of ``marts.dim_customers`` as of ``as_of`` (module docstring).

    Parameters
    ----------
    con
        A connection to a warehouse with ``marts.fct_orders`` and ``marts.dim_customers``.
    as_of
        The observation date; orders on that day count, later ones are not read.

    Returns
    -------
    RfmResult
        The table (named segment from :data:`models.rfm.segments.SEGMENT_GRID`) and metadata.
    """
    params = {"as_of": as_of, "anonymous": ANONYMOUS_REASON, "no_order": NO_ORDER_REASON}
    scores = con.sql(_RFM, params=params).pl()
    cell = pl.concat_str("r_score", "f_score", "m_score")  # null if any score is null
    table = scores.with_columns(
        rfm_cell=cell,
        rfm_segment=cell.replace_strict(SEGMENT_BY_CELL, default=None, return_dtype=pl.String),
    ).select(
        "customer_key", *_MEASURES.values(), "r_score", "f_score", "m_score",
        "rfm_cell", "rfm_segment", "null_reason",
    )  # fmt: skip
    return RfmResult(table=table, metadata=_metadata(table, as_of))


def _metadata(table: pl.DataFrame, as_of: date) -> dict[str, int | float | str]:
    scored = table.filter(pl.col("null_reason").is_null())
    revenue = float(table["monetary"].sum())  # anonymous receipts included: shares sum to 1
    meta: dict[str, int | float | str] = {
        "as_of": as_of.isoformat(),
        "customers": table.height,
        "scored_customers": scored.height,
        "unscored_anonymous": table.filter(pl.col("null_reason") == ANONYMOUS_REASON).height,
        "unscored_no_order": table.filter(pl.col("null_reason") == NO_ORDER_REASON).height,
    }
    segments = scored.group_by("rfm_segment").agg(pl.len(), pl.sum("monetary"))
    by_segment = {segment: (n, value) for segment, n, value in segments.iter_rows()}
    for segment in SEGMENTS:
        customers, value = by_segment.get(segment, (0, 0.0))
        meta[f"customers.{segment}"] = customers
        meta[f"revenue_share.{segment}"] = value / revenue if revenue else 0.0
    unscored_value = revenue - float(scored["monetary"].sum())
    meta["revenue_share.unscored"] = unscored_value / revenue if revenue else 0.0
    # Value range per score: shows where the quintile cuts fell and which scores ties emptied.
    for letter, measure in _MEASURES.items():
        bounds = scored.group_by(f"{letter}_score").agg(
            pl.len(), pl.min(measure).alias("lo"), pl.max(measure).alias("hi")
        )
        for score, customers, lo, hi in bounds.sort(f"{letter}_score").iter_rows():
            meta[f"{letter}{score}.customers"] = customers
            meta[f"{letter}{score}.{measure}_min"] = lo
            meta[f"{letter}{score}.{measure}_max"] = hi
    return meta
