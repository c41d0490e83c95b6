"""``build_churn``: train at one cutoff, evaluate at the next, score ``as_of``."""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import duckdb
import numpy as np
import polars as pl

from models.churn.card import make_card, metadata_of
from models.churn.drivers import (
    DRIVER_CANDIDATES,
    global_importance,
    local_contributions,
    top_drivers,
)
from models.churn.evaluation import calibration_table, score_metrics
from models.churn.features import FEATURES, churn_features
from models.churn.labels import Cutoffs, check_history, churn_labels, cutoffs
from models.churn.purchase import PURCHASE_FEATURES, purchase_scores
from models.churn.table import customer_table, risk_band
from models.churn.training import churn_probability, fit_classifier, matrix
from models.churn.truth import has_truth, truth_figures
from models.clv.purchases import PurchaseModelKind

ALL_FEATURES = (*FEATURES, *PURCHASE_FEATURES)


@dataclass(frozen=True)
class ChurnResult:
    """The ``customer_churn`` table, the model card and flat metadata for Dagster."""

    table: pl.DataFrame
    card: dict[str, Any]
    metadata: dict[str, float | int | str | bool]


def _population(
    con: duckdb.DuckDBPyConnection,
    cutoff: date,
    cuts: Cutoffs,
    period_days: int,
    kind: PurchaseModelKind,
    labelled: bool,
) -> tuple[pl.DataFrame, dict[str, float]]:
    """Features (and labels when ``labelled``) of the buyers at ``cutoff``."""
    frame = churn_features(con, cutoff)
    scores, params = purchase_scores(
        con, cutoff, horizon_days=cuts.horizon_days, period_days=period_days, kind=kind
    )
    frame = frame.join(scores, on="customer_key", how="left")
    if labelled:
        labels = churn_labels(con, cutoff, cuts.horizon_days)
        frame = frame.join(labels, on="customer_key", how="inner")
    return frame.sort("customer_key"), params


def build_churn(
    con: duckdb.DuckDBPyConnection,
    *,
    as_of: date,
    horizon_days: int,
    period_days: int,
    purchase_model: PurchaseModelKind,
    seed: int,
    risk_thresholds: tuple[float, float],
    truth_dir: Path | None = None,
) -> ChurnResult:
    """Train, evaluate and score the churn model (see :mod:`models.churn`).

    Raises
    ------
    ValueError
        When the history before the training cutoff is too short, a population lacks
        churned or retained customers, or the risk thresholds are not ordered.
    models.clv.fitting.ModelFitError
        When the purchase model cannot be fitted at a cutoff.
    """
    medium, high = risk_thresholds
    if not 0 < medium < high <= 1:
        raise ValueError(f"risk thresholds must satisfy 0 < medium < high <= 1: {risk_thresholds}")
    started = time.perf_counter()
    cuts = cutoffs(as_of, horizon_days)
    check_history(con, cuts)
    args = (cuts, period_days, purchase_model)
    train, _ = _population(con, cuts.train, *args, labelled=True)
    evaluate, eval_params = _population(con, cuts.evaluate, *args, labelled=True)
    now, _ = _population(con, as_of, *args, labelled=False)
    features = list(ALL_FEATURES)
    y_train = train["churned"].to_numpy().astype(int)
    y_eval = evaluate["churned"].to_numpy().astype(int)
    x_eval = matrix(evaluate, features)

    model = fit_classifier(matrix(train, features), y_train, seed)
    p_eval = churn_probability(model, x_eval)
    bgnbd_eval = 1 - evaluate["p_alive"].fill_null(1.0).to_numpy()
    metrics = {
        "model": score_metrics(y_eval, p_eval, probability=True),
        "bgnbd_p_alive": score_metrics(y_eval, bgnbd_eval, probability=True),
        "recency": score_metrics(y_eval, evaluate["recency_days"].to_numpy(), probability=False),
        "bgnbd_expected_purchases": score_metrics(
            y_eval, -evaluate["expected_purchases"].fill_null(0.0).to_numpy(), probability=False
        ),
    }
    calibration = {
        "model": calibration_table(y_eval, p_eval),
        "bgnbd_p_alive": calibration_table(y_eval, np.clip(bgnbd_eval, 0.0, 1.0)),
    }
    importance = global_importance(model, x_eval, y_eval, features, seed)

    ranked = [features.index(row["feature"]) for row in importance if row["importance"] > 0]
    candidates = ranked[:DRIVER_CANDIDATES]
    final = fit_classifier(x_eval, y_eval, seed)
    x_now = matrix(now, features)
    p_now = churn_probability(final, x_now)
    scored = now.select(
        "customer_key",
        pl.Series("churn_probability", p_now, dtype=pl.Float64),
        top_drivers(local_contributions(final, x_now, candidates=candidates), features),
    ).with_columns(churn_risk_band=risk_band(pl.col("churn_probability"), medium, high))
    table = customer_table(con, scored)

    truth = None
    if has_truth(truth_dir):
        truth_scores = scored.select("customer_key", "churn_probability").join(
            now.select(
                "customer_key",
                "recency_days",
                bgnbd=1 - pl.col("p_alive").fill_null(1.0),
                bgnbd_expected=-pl.col("expected_purchases").fill_null(0.0),
            ),
            on="customer_key",
        )
        truth = truth_figures(
            con,
            Path(truth_dir),
            as_of,
            truth_scores,
            {
                "model_roc_auc": "churn_probability",
                "bgnbd_p_alive_roc_auc": "bgnbd",
                "recency_roc_auc": "recency_days",
                "bgnbd_expected_purchases_roc_auc": "bgnbd_expected",
            },
        )
    card = make_card(
        cuts=cuts,
        period_days=period_days,
        purchase_model=purchase_model,
        purchase_params=eval_params,
        seed=seed,
        populations={"train": y_train, "evaluate": y_eval},
        table=table,
        metrics=metrics,
        calibration=calibration,
        importance=importance,
        truth=truth,
        bands={"medium": medium, "high": high},
    )
    metadata = metadata_of(card, runtime_seconds=time.perf_counter() - started)
    return ChurnResult(table=table, card=card, metadata=metadata)
