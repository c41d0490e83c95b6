"""The ``customer_churn`` table: one row per ``marts.dim_customers`` key.

Columns: ``customer_key``; ``churn_probability`` (P(no completed order in the next
horizon), null when unscored); ``churn_risk_band`` (``low`` below the medium threshold,
``high`` from the high one, ``medium`` between; thresholds from the settings);
``top_drivers`` (up to three feature names that raise this customer's risk most);
``null_reason`` (why a row is unscored: ``ANONYMOUS_REASON`` or ``NO_ORDER_REASON``;
null when scored).
"""

from __future__ import annotations

import duckdb
import polars as pl

from models.analytics.reasons import on_every_customer

CHURN_TABLE = "customer_churn"


def risk_band(probability: pl.Expr, medium: float, high: float) -> pl.Expr:
    """``low`` / ``medium`` / ``high`` at the thresholds ``medium`` and ``high``."""
    return (
        pl.when(probability >= high)
        .then(pl.lit("high"))
        .when(probability >= medium)
        .then(pl.lit("medium"))
        .when(probability.is_not_null())
        .then(pl.lit("low"))
    )


def customer_table(con: duckdb.DuckDBPyConnection, scored: pl.DataFrame) -> pl.DataFrame:
    """One row per ``dim_customers`` key: the scores, or why there are none."""
    table = on_every_customer(con, scored, "churn_probability")
    return table.select(
        "customer_key",
        pl.col("churn_probability").cast(pl.Float64),
        pl.col("churn_risk_band").cast(pl.String),
        pl.col("top_drivers").cast(pl.List(pl.String)),
        "null_reason",
    )
