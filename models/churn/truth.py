"""Scores against the generator's truth: does a high churn score find true churners?

The generator records, per person, whether and when they churned (``churned_at``). A
customer key is mapped to the person behind most of its records
(:func:`models.identity.customer_persons`); a scored customer is truly churned when
their person's ``churned_at`` is on or before ``as_of``.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from pathlib import Path

import duckdb
import polars as pl
from sklearn.metrics import roc_auc_score

from models.identity import customer_persons

TRUTH_FILES = ("persons.parquet", "records.parquet")


def has_truth(truth_dir: Path | None) -> bool:
    """Whether ``truth_dir`` holds the files the truth scoring reads."""
    return truth_dir is not None and all((Path(truth_dir) / f).is_file() for f in TRUTH_FILES)


def truth_figures(
    con: duckdb.DuckDBPyConnection,
    truth_dir: Path,
    as_of: date,
    scores: pl.DataFrame,
    score_columns: Mapping[str, str],
) -> dict[str, float | int]:
    """ROC-AUC of each score against true churn among the scored customers with a person.

    ``scores`` has ``customer_key`` and the columns named by ``score_columns`` (figure
    name -> column, higher = more likely churned). Also returns ``truth_customers`` and
    ``truth_churn_rate``.
    """
    persons = pl.read_parquet(
        Path(truth_dir) / "persons.parquet", columns=["person_id", "churned_at"]
    )
    truly = persons.select(
        "person_id",
        true_churned=pl.col("churned_at").is_not_null()
        & (pl.col("churned_at").cast(pl.Date) <= as_of),
    )
    keyed = scores.join(
        customer_persons(con, Path(truth_dir)), on="customer_key", how="inner"
    ).join(truly, on="person_id", how="inner")
    y = keyed["true_churned"].to_numpy().astype(int)
    figures: dict[str, float | int] = {
        "truth_customers": keyed.height,
        "truth_churn_rate": float(y.mean()) if keyed.height else float("nan"),
    }
    both = keyed.height > 0 and 0 < y.sum() < y.size
    for name, column in score_columns.items():
        score = keyed[column].to_numpy().astype(float)
        figures[name] = float(roc_auc_score(y, score)) if both else float("nan")
    return figures
