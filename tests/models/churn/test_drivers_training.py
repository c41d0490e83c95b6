"""Per-customer drivers on a hand-made model; training finds a planted signal."""

import numpy as np
import pytest
from sklearn.metrics import roc_auc_score

from models.churn.drivers import global_importance, local_contributions, top_drivers
from models.churn.training import churn_probability, fit_classifier


class Linear:
    """p = (x0 - x1 + 10) / 20: x0 raises risk, x1 lowers it, x2 does nothing."""

    def predict_proba(self, x):
        p = (x[:, 0] - x[:, 1] + 10) / 20
        return np.column_stack([1 - p, p])


X = np.array([[4.0, 0.0, 7.0], [0.0, 0.0, 1.0], [2.0, 5.0, 3.0], [1.0, 2.0, np.nan]])
# medians: x0 1.5, x1 1.0, x2 3 (the NaN ignored)


def test_local_contributions_by_hand():
    c = local_contributions(Linear(), X)
    expected_x0 = (X[:, 0] - 1.5) / 20
    expected_x1 = -(X[:, 1] - 1.0) / 20
    assert c[:, 0] == pytest.approx(expected_x0)
    assert c[:, 1] == pytest.approx(expected_x1)
    assert c[:3, 2] == pytest.approx(np.zeros(3))
    assert np.isnan(c[3, 2])  # a missing value is no driver
    assert np.array_equal(local_contributions(Linear(), X, chunk_rows=1), c, equal_nan=True)
    only_x1 = local_contributions(Linear(), X, candidates=[1])
    assert only_x1[:, 1] == pytest.approx(expected_x1)
    assert np.isnan(only_x1[:, [0, 2]]).all()  # not a candidate: never a driver


def test_top_drivers_keep_only_what_raises_risk():
    drivers = top_drivers(local_contributions(Linear(), X), ["spend", "visits", "noise"]).to_list()
    assert drivers[0] == ["spend", "visits"]  # 0.125, then 0.05
    assert drivers[1] == ["visits"]  # x0 below the median lowers risk
    assert drivers[2] == ["spend"]
    assert drivers[3] == []  # x0 - 0.5 and x1 + 1 both lower risk
    assert top_drivers(local_contributions(Linear(), X), ["a", "b", "c"], top=1)[0].to_list() == [
        "a"
    ]


def planted(n: int, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Churn depends on x0 (strongly) and x1 (weakly); x2, x3 are noise; x1 has gaps."""
    x = rng.normal(size=(n, 4))
    logit = 2.0 * x[:, 0] - 0.7 * x[:, 1]
    y = (rng.random(n) < 1 / (1 + np.exp(-logit))).astype(int)
    x[rng.random(n) < 0.1, 1] = np.nan
    return x, y


def test_the_model_finds_a_planted_signal():
    rng = np.random.default_rng(11)
    (x_train, y_train), (x_test, y_test) = planted(800, rng), planted(800, rng)
    model = fit_classifier(x_train, y_train, seed=7)
    p = churn_probability(model, x_test)
    model_auc = roc_auc_score(y_test, p)
    random_auc = roc_auc_score(y_test, rng.random(y_test.size))
    assert model_auc > 0.8
    assert model_auc > random_auc + 0.2
    assert ((p > 0) & (p < 1)).all()
    importance = global_importance(model, x_test, y_test, ["x0", "x1", "x2", "x3"], seed=7)
    assert importance[0]["feature"] == "x0"
    assert {r["feature"] for r in importance[2:]} == {"x2", "x3"}
    # the same seed gives the same model
    again = churn_probability(fit_classifier(x_train, y_train, seed=7), x_test)
    assert np.array_equal(p, again)


def test_training_needs_both_classes():
    x = np.zeros((20, 2))
    with pytest.raises(ValueError, match="got 3 churned and 17 retained"):
        fit_classifier(x, np.array([1] * 3 + [0] * 17), seed=1)


def test_a_feature_missing_everywhere_is_ignored():
    rng = np.random.default_rng(2)
    x, y = planted(300, rng)
    x[:, 3] = np.nan
    model = fit_classifier(x, y, seed=1)
    p = churn_probability(model, x)
    x[:, 3] = 5.0  # whatever the value at prediction, no tree looks at it
    assert np.array_equal(p, churn_probability(model, x))
