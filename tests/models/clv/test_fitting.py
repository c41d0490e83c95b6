"""A failed optimisation is a ModelFitError naming the model, never NaNs downstream."""

import numpy as np
import pytest
from lifetimes.utils import ConvergenceError

from models.clv.fitting import ModelFitError, checked_params, fitted


class _Diverging:
    def fit(self, *columns, weights):
        raise ConvergenceError("The model did not converge.")


class _NanParams:
    params_ = {"r": float("nan"), "alpha": 1.0}

    def fit(self, *columns, weights):
        return self


class _NeedsPenalty:
    params_ = {"r": 0.5}

    def __init__(self, penalizer: float):
        self.penalizer = penalizer

    def fit(self, *columns, weights):
        if self.penalizer < 0.1:
            raise ConvergenceError("The model did not converge.")
        return self


def test_a_failed_fit_is_retried_with_a_penalty_and_says_so():
    fitter, params, penalizer = fitted(_NeedsPenalty, "bgnbd", np.ones(3), weights=np.ones(3))
    assert (penalizer, fitter.penalizer, params) == (0.1, 0.1, {"r": 0.5})


def test_lifetimes_convergence_errors_become_model_fit_errors():
    with pytest.raises(ModelFitError, match="bgnbd: the fit did not converge, even with"):
        fitted(lambda c: _Diverging(), "bgnbd", np.ones(3), weights=np.ones(3))


def test_non_finite_parameters_are_refused():
    with pytest.raises(ModelFitError, match=r"bgnbd: .*non-finite.*'r'"):
        fitted(lambda c: _NanParams(), "bgnbd", np.ones(3), weights=np.ones(3))
    with pytest.raises(ModelFitError, match="alpha"):
        checked_params({"alpha": -1.0}, "bgnbd")
