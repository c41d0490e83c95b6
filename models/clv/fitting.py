"""Fitting on weighted unique rows, and the checks every fitted model must pass.

Customers with the same (frequency, recency, T) contribute identical likelihood terms,
so a model is fitted on the distinct rows weighted by how many customers share each:
the same parameters as fitting every customer, far fewer rows (the repeat-buyer summary
of a daily business has a few hundred thousand distinct rows at a million customers).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import numpy as np
import polars as pl


class ModelFitError(RuntimeError):
    """The data cannot support the model, or the optimiser did not give usable values."""


def unique_rows(frame: pl.DataFrame, columns: Sequence[str]) -> pl.DataFrame:
    """Distinct values of ``columns`` with ``weight``, the number of rows sharing them."""
    return frame.group_by(list(columns)).agg(pl.len().alias("weight")).sort(list(columns))


def require_columns(frame: pl.DataFrame, columns: Sequence[str], what: str) -> None:
    """Raise ``ValueError`` naming the missing columns and the columns there are."""
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise ValueError(f"{what}: missing column(s) {missing}; got {frame.columns}")


# Fallback when the optimiser fails (lifetimes' own advice): refit with an L2 penalty on
# the log-parameters, mildest first. Small or short samples (a new installation, a test)
# often cannot separate the dropout process; a penalised fit is usable, a failure is not.
# The penalty used is reported with the fit.
PENALIZERS = (0.0, 0.01, 0.1)


def fitted(
    make: Callable[[float], Any], model: str, *columns: np.ndarray, weights: np.ndarray
) -> tuple[Any, dict[str, float], float]:
    """Fit ``make(penalizer)`` (a lifetimes fitter) on weighted rows.

    Returns the fitter, its checked parameters and the penalizer the fit needed (see
    :data:`PENALIZERS`). lifetimes' ``ConvergenceError`` at every penalizer becomes a
    :class:`ModelFitError` naming the model, as unusable parameters do.
    """
    from lifetimes.utils import ConvergenceError

    for penalizer in PENALIZERS:
        fitter = make(penalizer)
        try:
            with np.errstate(all="ignore"):  # the optimiser probes infinities on its way
                fitter.fit(*columns, weights=weights)
        except ConvergenceError:
            continue
        return fitter, checked_params(fitter.params_, model), penalizer
    raise ModelFitError(
        f"{model}: the fit did not converge, even with penalizers {PENALIZERS[1:]}; "
        "the data may be too small or too short for the model"
    )


def checked_params(params: Mapping[str, float], model: str) -> dict[str, float]:
    """The fitted parameters as floats, or :class:`ModelFitError` if any is unusable."""
    values = {name: float(value) for name, value in params.items()}
    bad = {name: v for name, v in values.items() if not math.isfinite(v) or v <= 0}
    if bad:
        raise ModelFitError(
            f"{model}: the fit gave non-finite or non-positive parameters {bad}; "
            "the data may be too small or degenerate (e.g. no repeat purchases)"
        )
    return values
