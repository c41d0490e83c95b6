"""Values of the ``{"$PARAMETER": ...}`` placeholders in the suites.

Vocabularies and data-dependent bounds are looked up where they are defined, never
restated in a suite: the CCPR vocabulary from the dbt seeds as loaded into
``reference``, lifecycle stages and RFM segments from the models, and the churn rate
observed over the last horizon for the churn calibration band. Only the parameters a
suite names are computed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

import duckdb

from models.churn.labels import churn_labels, cutoffs
from models.lifecycle.stages import STAGES
from models.rfm.segments import SEGMENTS


@dataclass(frozen=True)
class ParameterContext:
    """What a parameter may depend on: the warehouse, the run's date and settings.

    ``as_of`` is called only by the parameters that need the observation date, which
    reads the marts: the raw suites run before any mart exists.
    """

    con: duckdb.DuckDBPyConnection
    as_of: Callable[[], date]
    churn_horizon_days: int
    churn_calibration_band: float


def _distinct(table: str, column: str) -> Callable[[ParameterContext], list]:
    def values(ctx: ParameterContext) -> list:
        rows = ctx.con.execute(f"select distinct {column} from {table} order by 1").fetchall()
        return [r[0] for r in rows]

    return values


def observed_churn_rate(ctx: ParameterContext) -> float:
    """Share of the buyers at ``as_of - horizon`` who did not buy again by ``as_of``."""
    cut = cutoffs(ctx.as_of(), ctx.churn_horizon_days).evaluate
    labels = churn_labels(ctx.con, cut, ctx.churn_horizon_days)
    return float(labels["churned"].mean()) if labels.height else 0.0


def _rows(table: str) -> Callable[[ParameterContext], int]:
    return lambda ctx: ctx.con.execute(f"select count(*) from {table}").fetchall()[0][0]


PARAMETERS: dict[str, Callable[[ParameterContext], object]] = {
    "ccpr_contact_points": _distinct("reference.ccpr_contact_types", "contact_point"),
    "ccpr_channels": _distinct("reference.ccpr_contact_types", "channel"),
    "ccpr_methods": _distinct("reference.ccpr_contact_types", "method"),
    "ccpr_outcomes": _distinct("reference.ccpr_outcomes", "outcome"),
    "lifecycle_stages": lambda _: list(STAGES),
    "rfm_segments": lambda _: list(SEGMENTS),
    "customers": _rows("marts.dim_customers"),
    "churn_mean_min": lambda c: observed_churn_rate(c) - c.churn_calibration_band,
    "churn_mean_max": lambda c: observed_churn_rate(c) + c.churn_calibration_band,
}


def referenced(node: object) -> set[str]:
    """Names of the parameters used anywhere in a suite's JSON."""
    if isinstance(node, dict):
        if set(node) == {"$PARAMETER"}:
            return {node["$PARAMETER"]}
        return set().union(*(referenced(v) for v in node.values())) if node else set()
    if isinstance(node, list):
        return set().union(*(referenced(v) for v in node)) if node else set()
    return set()


def parameter_values(ctx: ParameterContext, names: set[str]) -> dict[str, object]:
    """The value of every named parameter; ``KeyError`` names an unknown one."""
    unknown = names - PARAMETERS.keys()
    if unknown:
        raise KeyError(f"unknown suite parameter(s) {sorted(unknown)}; known: {sorted(PARAMETERS)}")
    return {name: PARAMETERS[name](ctx) for name in sorted(names)}
