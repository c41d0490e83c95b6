"""Names as tills and card slips write them: initials, ``SURNAME/FIRST``, titles, typos."""

from __future__ import annotations

import string

import numpy as np
import polars as pl

from cdp.generate.config import GeneratorConfig
from cdp.generate.lexicon import FIRST_NAMES
from cdp.generate.vector import pick

# How a name is written: "Jane Smith", "J Smith", "SMITH/JANE" (card slips), "Mrs J Smith".
NAME_FORMS = (0.45, 0.3, 0.15, 0.1)
# Rates at dirt=1: names in upper and in lower case (the rest as typed), and with a typo.
UPPER, LOWER, NAME_TYPO = 0.4, 0.15, 0.04
MALE = tuple(FIRST_NAMES[: FIRST_NAMES.index("Olivia")])  # the list is boys', then girls'
TITLES = ("Mrs", "Ms", "Miss")  # for women; men are "Mr"


def written(
    config: GeneratorConfig,
    rng: np.random.Generator,
    first_name: pl.Series,
    last_name: pl.Series,
    holder: np.ndarray,
) -> pl.Series:
    """The name of each ``holder`` (a person index) as a till writes it.

    One of the NAME_FORMS, in upper, lower or typed case, with a typo in the first or
    the last name now and then.
    """
    n = len(holder)
    u = rng.random((n, 4))
    typo = u[:, 1] < config.dirt_rate(NAME_TYPO)
    frame = pl.DataFrame(
        {
            "first": first_name.gather(holder),
            "last": last_name.gather(holder),
            "form": rng.choice(len(NAME_FORMS), n, p=NAME_FORMS),
            "title": pick(TITLES, rng.integers(0, len(TITLES), n)),
            "case": u[:, 0],
            "typo_first": typo & (u[:, 2] < 0.5),
            "typo_last": typo & (u[:, 2] >= 0.5),
            "kind": rng.integers(0, 3, n),
            "at": u[:, 3],
            "letter": pick(string.ascii_lowercase, rng.integers(0, 26, n)),
        }
    )
    first = pl.when("typo_first").then(_typo("first")).otherwise("first")
    last = pl.when("typo_last").then(_typo("last")).otherwise("last")
    initial = first.str.slice(0, 1)
    title = pl.when(pl.col("first").is_in(MALE)).then(pl.lit("Mr")).otherwise("title")
    name = (
        pl.when(pl.col("form") == 0)
        .then(pl.concat_str(first, last, separator=" "))
        .when(pl.col("form") == 1)
        .then(pl.concat_str(initial, last, separator=" "))
        .when(pl.col("form") == 2)
        .then(pl.concat_str(last, first, separator="/").str.to_uppercase())
        .otherwise(pl.concat_str(title, initial, last, separator=" "))
    )
    upper, lower = config.dirt_rate(UPPER), config.dirt_rate(LOWER)
    name = (
        pl.when(pl.col("case") < upper)
        .then(name.str.to_uppercase())
        .when(pl.col("case") < upper + lower)
        .then(name.str.to_lowercase())
        .otherwise(name)
    )
    return frame.select(name.alias("customer_name")).to_series()


def _typo(column: str) -> pl.Expr:
    """One slip of the keyboard after the first letter: a letter dropped, swapped or wrong.

    Uses the frame's ``kind`` (0, 1, 2), ``at`` (uniform) and ``letter`` columns.
    """
    s = pl.col(column)
    p = (1 + pl.col("at") * (s.str.len_chars() - 2)).floor().cast(pl.Int64)
    head, tail = s.str.slice(0, p), s.str.slice(p + 1)
    return (
        pl.when(pl.col("kind") == 0)
        .then(head + tail)
        .when(pl.col("kind") == 1)
        .then(head + pl.col("letter") + tail)
        .otherwise(head + s.str.slice(p + 1, 1) + s.str.slice(p, 1) + s.str.slice(p + 2))
    )
