"""The model card as a JSON-able dict, and flat Dagster metadata drawn from it."""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import polars as pl

from models.churn.features import FEATURES
from models.churn.labels import Cutoffs
from models.churn.purchase import PURCHASE_FEATURES
from models.churn.training import HYPER_PARAMETERS

DEFINITION = (
    "A buyer at cutoff c (a known, non-anonymous customer with a completed order on or "
    "before c) has churned when they place no completed order in (c, c + horizon]."
)
LIMITATIONS = [
    "Churn is inferred from silence: a buyer with a long natural gap between purchases "
    "is labelled churned if the gap spans the horizon, and may come back later.",
    "The model learns from one training cutoff and is evaluated at one later cutoff; "
    "seasonality between the two is not modelled.",
    "Features read only data on or before each cutoff, but the identity stitch that "
    "assigns records to customer keys is today's; a merge made later applies backwards.",
    "BG/NBD gives one-time buyers P(alive) = 1, so 1 - P(alive) ranks them as safest; "
    "the expected-purchases ranking is reported as a fairer BG/NBD reference.",
    "Per-customer drivers are one-at-a-time median substitutions, not Shapley values: "
    "correlated features (recency, overdue ratio, P(alive)) share the credit unevenly; "
    "a missing value (no CSAT on record) is never named a driver.",
    "Risk-band thresholds are fixed probabilities, not calibrated to a retention budget.",
]


def _clean(value: Any) -> Any:
    """NaN to None, numpy scalars to Python, recursively."""
    if isinstance(value, dict):
        return {k: _clean(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_clean(v) for v in value]
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and math.isnan(value):
        return None
    return value


def make_card(
    *,
    cuts: Cutoffs,
    period_days: int,
    purchase_model: str,
    purchase_params: dict[str, float],
    seed: int,
    populations: dict[str, np.ndarray],
    table: pl.DataFrame,
    metrics: dict[str, dict[str, float | None]],
    calibration: dict[str, list[dict[str, Any]]],
    importance: list[dict[str, Any]],
    truth: dict[str, float | int] | None,
    bands: dict[str, float],
) -> dict[str, Any]:
    """The card of one run; every value JSON-able (dates as ISO strings, NaN as None)."""
    scored = table.filter(pl.col("churn_probability").is_not_null())
    band_counts = dict(scored.group_by("churn_risk_band").len().iter_rows())
    baselines = ("bgnbd_p_alive", "recency")
    card = {
        "definition": DEFINITION,
        "cutoffs": {
            "train": cuts.train.isoformat(),
            "evaluate": cuts.evaluate.isoformat(),
            "as_of": cuts.as_of.isoformat(),
            "horizon_days": cuts.horizon_days,
            "period_days": period_days,
        },
        "populations": {
            **{
                name: {"customers": int(y.size), "churn_rate": float(y.mean()) if y.size else None}
                for name, y in populations.items()
            },
            "scored": {
                "customers": scored.height,
                "unscored_customers": table.height - scored.height,
                "mean_churn_probability": scored["churn_probability"].mean(),
                "risk_bands": {b: band_counts.get(b, 0) for b in ("low", "medium", "high")},
            },
        },
        "features": [
            {"name": n, "description": d} for n, d in {**FEATURES, **PURCHASE_FEATURES}.items()
        ],
        "model": {
            "class": "sklearn.ensemble.HistGradientBoostingClassifier",
            "hyper_parameters": HYPER_PARAMETERS,
            "seed": seed,
            "purchase_model": purchase_model,
            "purchase_model_params_at_evaluate": purchase_params,
        },
        "metrics": metrics,
        "beats_baselines": all(
            metrics["model"]["roc_auc"] > metrics[b]["roc_auc"] for b in baselines
        ),
        "calibration": calibration,
        "permutation_importance": importance,
        "truth": truth,
        "risk_bands": {
            "low": f"churn_probability < {bands['medium']}",
            "medium": f"{bands['medium']} <= churn_probability < {bands['high']}",
            "high": f"churn_probability >= {bands['high']}",
        },
        "limitations": LIMITATIONS,
    }
    return _clean(card)


def metadata_of(
    card: dict[str, Any], runtime_seconds: float
) -> dict[str, float | int | str | bool]:
    """Flat figures of ``card`` for Dagster metadata; missing (None) figures are left out."""
    flat: dict[str, Any] = {
        "as_of": card["cutoffs"]["as_of"],
        "train_cutoff": card["cutoffs"]["train"],
        "evaluate_cutoff": card["cutoffs"]["evaluate"],
        "horizon_days": card["cutoffs"]["horizon_days"],
        "beats_baselines": card["beats_baselines"],
        "runtime_seconds": round(runtime_seconds, 2),
    }
    for name, population in card["populations"].items():
        flat[f"{name}_customers"] = population["customers"]
        flat[f"{name}_churn_rate"] = population.get("churn_rate")
    scored = card["populations"]["scored"]
    flat["unscored_customers"] = scored["unscored_customers"]
    flat["mean_churn_probability"] = scored["mean_churn_probability"]
    for band, count in scored["risk_bands"].items():
        flat[f"{band}_risk_customers"] = count
    for score, figures in card["metrics"].items():
        for metric, value in figures.items():
            flat[f"{score}_{metric}"] = value
    for name, value in (card["truth"] or {}).items():
        flat[f"truth_{name}" if not name.startswith("truth_") else name] = value
    return {k: v for k, v in flat.items() if v is not None}
