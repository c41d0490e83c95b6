"""Tunables of the analytics stage (RFM, CLV, churn, lifecycle, clusters).

Part of :class:`cdp.config.Settings` (its ``analytics`` field). The defaults suit a
retailer with a few purchases a year and make the demo work; every threshold an analyst
may argue about is here, not in the models.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal


@dataclass(frozen=True)
class AnalyticsSettings:
    """Knobs of the analytics models; day counts are calendar days.

    Parameters
    ----------
    observation_date
        The "today" of every score: nothing after it is read. ``None``: the last day
        with an order or touchpoint in ``marts``.
    period_days
        Time unit of the purchase models: 7 (weeks, as in the BG/NBD literature) or 1.
    purchase_model
        ``"bgnbd"`` (default) or ``"pareto_nbd"``.
    clv_horizon_months, clv_annual_discount_rate
        Discounted CLV sums each month's expected spend over this horizon, discounted at
        the monthly equivalent of this yearly rate.
    clv_holdout_days
        The backtest run with every fit: calibrate up to ``observation_date`` minus this,
        predict purchases in the holdout and compare with what happened.
    churn_horizon_days
        A customer active at a cutoff has *churned* when no completed order follows
        within this many days (non-contractual definition). Training uses the cutoffs
        ``observation_date - 2 * horizon`` (train) and ``- horizon`` (evaluate).
    churn_medium_risk, churn_high_risk
        ``churn_risk_band`` is ``low`` below the first, ``high`` from the second,
        ``medium`` between.
    lifecycle_new_days, lifecycle_active_days, lifecycle_lapsed_days,
    lifecycle_churned_days
        Lifecycle stage thresholds on days since the first / last completed order (see
        :mod:`models.lifecycle`).
    lifecycle_history_months
        How many month ends before the observation date the stage mix over time
        (``analytics.lifecycle_stage_monthly``) goes back.
    cluster_k_min, cluster_k_max
        The range of k searched for the behavioural clusters.
    random_seed
        Seed of every randomised step (model training, k-means, permutation importance).
    """

    observation_date: date | None = None
    period_days: int = 7
    purchase_model: Literal["bgnbd", "pareto_nbd"] = "bgnbd"
    clv_horizon_months: int = 12
    clv_annual_discount_rate: float = 0.10
    clv_holdout_days: int = 91
    churn_horizon_days: int = 90
    churn_medium_risk: float = 0.5
    churn_high_risk: float = 0.8
    lifecycle_new_days: int = 90
    lifecycle_active_days: int = 90
    lifecycle_lapsed_days: int = 180
    lifecycle_churned_days: int = 365
    lifecycle_history_months: int = 24
    cluster_k_min: int = 2
    cluster_k_max: int = 8
    random_seed: int = 7
