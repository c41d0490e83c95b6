"""Why a customer has no score: the ``null_reason`` values shared by every analytics table.

Every table has one row per customer of ``marts.dim_customers``; where a model cannot
score one, the row says which of these applies instead of leaving a silent null.
"""

from __future__ import annotations

import duckdb
import polars as pl

# A single record nobody is known behind (dim_customers.is_anonymous): its RFM, CLV or
# churn would describe one receipt or visit, not a person.
ANONYMOUS_REASON = "anonymous record: one unattributed record"
# Order-based models (RFM, CLV, churn) need at least one completed order by as_of.
NO_ORDER_REASON = "no completed order"


def on_every_customer(
    con: duckdb.DuckDBPyConnection, scores: pl.DataFrame, score: str
) -> pl.DataFrame:
    """``scores`` joined onto every ``marts.dim_customers`` key, sorted by key, with a
    ``null_reason`` wherever ``score`` is null (anonymous record, else no order)."""
    customers = con.sql("select customer_key, is_anonymous from marts.dim_customers").pl()
    reason = (
        pl.when(pl.col(score).is_not_null())
        .then(None)
        .when(pl.col("is_anonymous"))
        .then(pl.lit(ANONYMOUS_REASON))
        .otherwise(pl.lit(NO_ORDER_REASON))
    )
    joined = customers.join(scores, on="customer_key", how="left")
    return joined.with_columns(null_reason=reason).drop("is_anonymous").sort("customer_key")
