"""build_churn end to end on a small synthetic warehouse with a planted signal."""

import json
from datetime import date

import numpy as np
import polars as pl
import pytest

import models.churn.truth as truth_module
from models.analytics.reasons import ANONYMOUS_REASON as ANONYMOUS
from models.analytics.reasons import NO_ORDER_REASON as NO_ORDER
from models.churn import CHURN_TABLE, build_churn, card_markdown

AS_OF, HORIZON = date(2024, 12, 31), 60
ARGS = {
    "horizon_days": HORIZON,
    "period_days": 7,
    "purchase_model": "bgnbd",
    "seed": 7,
    "risk_thresholds": (0.5, 0.8),
}


@pytest.fixture(scope="module")
def built(wh, tmp_path_factory):
    """One build shared by the tests below, scored against the planted truth."""
    con = wh.synthetic()
    truth = con.sql("select * from synthetic_truth").pl()
    truth_dir = tmp_path_factory.mktemp("truth")
    truth.select("person_id", "churned_at").write_parquet(truth_dir / "persons.parquet")
    (truth_dir / "records.parquet").write_bytes(b"")  # read by customer_persons, stubbed
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(
            truth_module,
            "customer_persons",
            lambda con, d: truth.select("customer_key", "person_id"),
        )
        result = build_churn(con, as_of=AS_OF, truth_dir=truth_dir, **ARGS)
    yield con, result
    con.close()


def test_every_customer_once_with_a_reason_when_unscored(built):
    con, result = built
    table = result.table
    assert CHURN_TABLE == "customer_churn"
    assert table.columns == [
        "customer_key", "churn_probability", "churn_risk_band", "top_drivers", "null_reason"
    ]  # fmt: skip
    assert table.schema["top_drivers"] == pl.List(pl.String)
    dim = con.sql("select customer_key from marts.dim_customers").pl()
    assert sorted(table["customer_key"]) == sorted(dim["customer_key"])
    assert table["customer_key"].is_unique().all()
    reasons = dict(table.select("customer_key", "null_reason").iter_rows())
    assert all(reasons[f"anon{i}"] == ANONYMOUS for i in range(15))
    assert all(reasons[f"n{i}"] == NO_ORDER for i in range(10))
    scored = table.filter(pl.col("null_reason").is_null())
    assert scored.height == 240  # every synthetic buyer started before as_of
    assert scored["churn_probability"].is_between(0, 1).all()
    assert scored["churn_risk_band"].is_in(["low", "medium", "high"]).all()
    assert scored["top_drivers"].list.len().max() <= 3
    unscored = table.filter(pl.col("null_reason").is_not_null())
    assert unscored.select(pl.all().exclude("customer_key", "null_reason").is_null().all()).row(0)


def test_the_model_beats_its_baselines_and_the_truth_agrees(built):
    _, result = built
    metrics = result.card["metrics"]
    assert metrics["model"]["roc_auc"] > 0.7
    assert result.card["beats_baselines"] is True
    truth = result.card["truth"]
    assert truth["truth_customers"] == 240
    assert truth["model_roc_auc"] > 0.7
    assert truth["model_roc_auc"] > truth["recency_roc_auc"]


def test_card_and_metadata_are_complete_and_json(built):
    _, result = built
    card = result.card
    json.dumps(card, allow_nan=False)
    json.dumps(result.metadata, allow_nan=False)
    assert card["cutoffs"] == {
        "train": "2024-09-02",
        "evaluate": "2024-11-01",
        "as_of": "2024-12-31",
        "horizon_days": 60,
        "period_days": 7,
    }
    assert set(card["metrics"]) >= {"model", "bgnbd_p_alive", "recency"}
    assert card["metrics"]["recency"]["brier"] is None
    assert len(card["calibration"]["model"]) == 10
    assert (
        sum(b["customers"] for b in card["calibration"]["model"])
        == (card["populations"]["evaluate"]["customers"])
    )
    assert {r["feature"] for r in card["permutation_importance"]} == {
        f["name"] for f in card["features"]
    }
    assert all(not isinstance(v, dict | list) for v in result.metadata.values())
    assert result.metadata["model_roc_auc"] == card["metrics"]["model"]["roc_auc"]
    assert result.metadata["truth_model_roc_auc"] == card["truth"]["model_roc_auc"]
    markdown = card_markdown(card)
    for heading in ("# Churn model card", "## Metrics", "## Calibration", "## Limitations"):
        assert heading in markdown


def test_drivers_point_at_features_that_raise_risk(built):
    _, result = built
    drivers = result.table.filter(pl.col("churn_risk_band") == "high")["top_drivers"]
    named = drivers.explode().drop_nulls()
    assert named.len() > 0
    assert set(named) <= {f["name"] for f in result.card["features"]}


def test_too_short_history_is_refused(wh):
    con = wh.synthetic(customers=40)
    with pytest.raises(ValueError, match=r"180 days of history"):
        build_churn(con, as_of=date(2023, 5, 1), **ARGS)


def test_the_same_seed_gives_the_same_scores(built):
    con, result = built
    again = build_churn(con, as_of=AS_OF, **ARGS)
    assert again.table.equals(result.table, null_equal=True)
    assert again.card["truth"] is None
    assert np.isfinite(again.metadata["model_roc_auc"])


def test_risk_bands_follow_the_thresholds(built):
    con, result = built
    bands = result.table.filter(pl.col("churn_probability").is_not_null())
    expected = bands.select(
        pl.when(pl.col("churn_probability") >= 0.8)
        .then(pl.lit("high"))
        .when(pl.col("churn_probability") >= 0.5)
        .then(pl.lit("medium"))
        .otherwise(pl.lit("low"))
    ).to_series()
    assert bands["churn_risk_band"].to_list() == expected.to_list()
    with pytest.raises(ValueError, match="risk thresholds"):
        build_churn(con, as_of=AS_OF, **{**ARGS, "risk_thresholds": (0.8, 0.5)})
