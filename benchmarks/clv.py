"""The CLV step against lifetimes' own path, on the same warehouse.

- ours: the per-customer summary in DuckDB SQL (:func:`models.clv.summary.purchase_summary`),
  BG/NBD and Gamma-Gamma fitted on weighted unique rows;
- lifetimes-native: completed orders of known customers fetched into pandas,
  ``summary_data_from_transaction_data`` (days, in weeks: ``freq_multiplier=7``), then
  ``BetaGeoFitter`` and ``GammaGammaFitter`` fitted on every customer's row.

Both summaries count a purchase per customer and day and measure time in weeks, so
the fitted parameters must agree (to 3 decimals: issue 5's target, with >= 20x speed).
"""

from __future__ import annotations

import statistics
import time
import warnings
from datetime import date
from pathlib import Path

import duckdb
import pandas as pd

from models.clv.purchases import fit_purchases
from models.clv.spend import fit_spend
from models.clv.summary import purchase_summary

ORDERS = """
    select customer_key, ordered_at::date as day, amount::double as amount
    from marts.fct_orders
    where status = 'completed' and not is_anonymous_customer and ordered_at::date <= $as_of
"""


def ours(warehouse: Path, as_of: date) -> tuple[float, dict[str, float]]:
    import lifetimes  # noqa: F401  (imported untimed, as for the native path)

    began = time.perf_counter()
    with duckdb.connect(str(warehouse), read_only=True) as con:
        summary = purchase_summary(con, calibration_end=as_of)
    params = {**fit_purchases(summary).params, **fit_spend(summary).params}
    return time.perf_counter() - began, params


def native(warehouse: Path, as_of: date) -> tuple[float, dict[str, float]]:
    with warnings.catch_warnings():  # lifetimes.utils is fine; its datasets import is not
        warnings.simplefilter("ignore")
        from lifetimes import BetaGeoFitter, GammaGammaFitter
        from lifetimes.utils import summary_data_from_transaction_data
    began = time.perf_counter()
    with duckdb.connect(str(warehouse), read_only=True) as con:
        orders: pd.DataFrame = con.sql(ORDERS, params={"as_of": as_of}).df()
    orders["day"] = pd.to_datetime(orders["day"])
    summary = summary_data_from_transaction_data(
        orders, "customer_key", "day", monetary_value_col="amount",
        observation_period_end=pd.Timestamp(as_of), freq="D", freq_multiplier=7,
    )  # fmt: skip
    bgnbd = BetaGeoFitter().fit(summary["frequency"], summary["recency"], summary["T"])
    repeat = summary[summary["frequency"] > 0]
    gamma = GammaGammaFitter().fit(repeat["frequency"], repeat["monetary_value"])
    params = {**bgnbd.params_.to_dict(), **gamma.params_.to_dict()}
    return time.perf_counter() - began, {k: float(v) for k, v in params.items()}


def compare(warehouse: Path, as_of: date, repeats: int = 3) -> dict:
    """Median seconds of both paths over ``repeats`` runs, their parameters, and whether
    they agree to 3 decimals."""
    runs = [(ours(warehouse, as_of), native(warehouse, as_of)) for _ in range(repeats)]
    ours_seconds = statistics.median(o[0] for o, _ in runs)
    native_seconds = statistics.median(n[0] for _, n in runs)
    ours_params, native_params = runs[0][0][1], runs[0][1][1]
    agree = all(round(ours_params[k], 3) == round(native_params[k], 3) for k in ours_params)
    return {
        "ours_seconds": ours_seconds,
        "native_seconds": native_seconds,
        "speedup": native_seconds / ours_seconds,
        "ours_params": ours_params,
        "native_params": native_params,
        "same_to_3_decimals": agree,
    }
