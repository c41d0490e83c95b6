"""Metric helpers on hand-computed arrays."""

import math

import numpy as np
import pytest

from models.churn.evaluation import calibration_table, score_metrics, top_decile_lift


def test_top_decile_lift_by_hand():
    y = np.array([1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1])  # rate 3/20
    score = np.arange(20, dtype=float)[::-1]  # row 0 highest, then row 1
    # top ceil(20 / 10) = 2 rows are 0 and 1: one churner of two -> 0.5 / 0.15
    assert top_decile_lift(y, score) == pytest.approx(0.5 / 0.15)
    # 21 rows: top 3 (rows 0, 1, 2)
    y21, s21 = np.append(y, 0), np.append(score, -1.0)
    assert top_decile_lift(y21, s21) == pytest.approx((1 / 3) / (3 / 21))
    assert math.isnan(top_decile_lift(np.zeros(5), np.arange(5.0)))


def test_calibration_bins_by_hand():
    y = np.array([0, 1, 1, 0, 1])
    p = np.array([0.05, 0.15, 0.19, 0.95, 1.0])
    table = calibration_table(y, p)
    assert len(table) == 10
    assert table[0] == {"bin_lower": 0.0, "bin_upper": 0.1, "customers": 1,
                        "mean_predicted": pytest.approx(0.05), "observed_rate": 0.0}  # fmt: skip
    assert table[1]["customers"] == 2
    assert table[1]["mean_predicted"] == pytest.approx(0.17)
    assert table[1]["observed_rate"] == 1.0
    assert table[2] == {"bin_lower": 0.2, "bin_upper": 0.3, "customers": 0,
                        "mean_predicted": None, "observed_rate": None}  # fmt: skip
    assert table[9]["customers"] == 2  # 1.0 falls in the last bin
    assert table[9]["observed_rate"] == 0.5
    with pytest.raises(ValueError, match=r"\[0, 1\]"):
        calibration_table(y, p + 0.5)


def test_score_metrics_by_hand():
    y = np.array([0, 0, 1, 1])
    p = np.array([0.1, 0.6, 0.4, 0.9])
    metrics = score_metrics(y, p, probability=True)
    assert metrics["roc_auc"] == pytest.approx(0.75)  # 3 of 4 pairs ordered right
    assert metrics["pr_auc"] == pytest.approx((1 + 2 / 3) / 2)  # precision at each churner
    assert metrics["brier"] == pytest.approx((0.01 + 0.36 + 0.36 + 0.01) / 4)
    assert score_metrics(y, p * 100, probability=False)["brier"] is None
    assert math.isnan(score_metrics(np.ones(4), p, probability=True)["roc_auc"])
    with pytest.raises(ValueError, match="NaN"):
        score_metrics(y, np.array([0.1, np.nan, 0.2, 0.3]), probability=True)
