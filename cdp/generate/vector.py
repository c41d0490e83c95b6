"""Vectorised building blocks: grouped arrays, categorical draws, clocks and id strings.

Every event table of the simulation is a set of flat numpy arrays with an ``owner`` array
saying which person (or session, or device) each element belongs to. These helpers keep
that bookkeeping out of the domain modules.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date

import numpy as np
import polars as pl

from cdp.contracts import SOURCES

SECONDS_PER_DAY = 86_400

# Relative activity per hour of day (UTC), 00:00 first: people shop and browse online in
# the evening, stores open 9-20, the call centre and help desk work office hours.
ONLINE_HOURS = (
    1,
    0.6,
    0.4,
    0.3,
    0.3,
    0.5,
    1,
    2,
    3,
    3.5,
    4,
    4,
    4.5,
    4,
    4,
    4,
    4.5,
    5,
    6,
    7,
    7.5,
    7,
    5,
    2.5,
)
STORE_HOURS = (0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 3, 4, 5, 5, 4.5, 4, 4.5, 5, 5, 3, 0, 0, 0, 0)
OFFICE_HOURS = (0, 0, 0, 0, 0, 0, 0, 0, 2, 4, 5, 5, 4, 4, 5, 5, 4, 3, 2, 1, 0, 0, 0, 0)


def vocab(source: str, column: str) -> tuple[str, ...]:
    """The closed vocabulary a contract declares for one column."""
    return SOURCES[source].column(column).values


def weights(values: Sequence[str], known: Mapping[str, float], other: float = 0.01) -> np.ndarray:
    """Probabilities aligned with a contract vocabulary.

    Values the generator has no opinion about get the share ``other``, so by default a
    value added to a contract still shows up in the data instead of never being drawn.
    """
    w = np.array([known.get(v, other) for v in values], dtype=float)
    return w / w.sum()


def owners(counts: np.ndarray) -> np.ndarray:
    """Index of the group each element belongs to, for consecutive groups of ``counts``."""
    return np.repeat(np.arange(len(counts)), counts)


def rank_in_group(counts: np.ndarray) -> np.ndarray:
    """Position of each element within its group (0 for the first)."""
    starts = np.cumsum(counts) - counts
    return np.arange(int(counts.sum())) - np.repeat(starts, counts)


def grouped_cumsum(values: np.ndarray, counts: np.ndarray) -> np.ndarray:
    """Cumulative sum restarted at the beginning of every group."""
    total = np.cumsum(values)
    starts = np.cumsum(counts) - counts
    offset = np.zeros(len(counts))
    filled = counts > 0
    offset[filled] = total[starts[filled]] - values[starts[filled]]
    return total - np.repeat(offset, counts)


def categorical(rng: np.random.Generator, probs: np.ndarray) -> np.ndarray:
    """One draw per row of a matrix of (unnormalised) category weights."""
    cdf = np.cumsum(probs, axis=1)
    u = rng.random(len(probs)) * cdf[:, -1]
    return np.minimum((u[:, None] >= cdf).sum(axis=1), probs.shape[1] - 1)


def poisson_times(
    rng: np.random.Generator, start: np.ndarray, end: np.ndarray, rate: np.ndarray | float
) -> tuple[np.ndarray, np.ndarray]:
    """Events of one homogeneous Poisson process per row on ``[start, end)``.

    Returns the row each event belongs to and its time, grouped by row.
    """
    span = np.clip(end - start, 0, None)
    counts = rng.poisson(rate * span)
    owner = owners(counts)
    return owner, start[owner] + rng.random(len(owner)) * span[owner]


def diurnal(t: np.ndarray, hourly: Sequence[float]) -> np.ndarray:
    """Move each time within its own day so times of day follow an hourly profile.

    The map is monotone within a day, so the order of a person's events is kept.
    """
    cdf = np.concatenate([[0.0], np.cumsum(hourly)]) / np.sum(hourly)
    day = np.floor(t)
    return day + np.interp(t - day, cdf, np.linspace(0, 1, len(hourly) + 1))


def timestamps(start: date, t: np.ndarray) -> pl.Series:
    """Times in days since ``start`` as a second-resolution datetime Series."""
    epoch = (start - date(1970, 1, 1)).days * SECONDS_PER_DAY
    seconds = np.floor(np.asarray(t, dtype=float) * SECONDS_PER_DAY).astype(np.int64) + epoch
    return pl.Series(seconds * 1_000_000).cast(pl.Datetime("us"))


def session_events(
    rng: np.random.Generator, counts: np.ndarray, mean_gap_seconds: float
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Expand sessions of ``counts`` events into events.

    Returns each event's session, its position in the session, and its delay after the
    session's first event in days (exponential gaps between consecutive events).
    """
    session, pos = owners(counts), rank_in_group(counts)
    gaps = np.where(pos == 0, 0.0, rng.exponential(mean_gap_seconds, len(pos)))
    return session, pos, grouped_cumsum(gaps / SECONDS_PER_DAY, counts)


def masked(mask: np.ndarray, values: pl.Series) -> pl.Series:
    """``values`` where ``mask`` holds, null elsewhere."""
    return pl.select(pl.when(pl.Series(mask)).then(values)).to_series().alias(values.name)


def pick(values: Sequence[str], index: np.ndarray) -> pl.Series:
    """Strings of ``values`` at ``index`` (a vectorised lookup)."""
    return pl.Series(list(values), dtype=pl.String).gather(np.asarray(index, dtype=np.int64))
