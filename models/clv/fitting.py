"""Fitting on weighted unique rows, and the checks every fitted model must pass.

Customers with the same (frequency, recency, T) contribute identical likelihood terms,
so a model is fitted on the distinct rows weighted by how many customers share each:
the same parameters as fitting every customer, far fewer rows (the repeat-buyer summary
of a daily business has a few hundred thousand distinct rows at a million customers).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

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
