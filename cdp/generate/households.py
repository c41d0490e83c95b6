"""Households sharing a landline, an address and often a surname: traps for identity."""

from __future__ import annotations

import numpy as np

from cdp.generate.config import GeneratorConfig, stream

SHARE = 0.12  # persons living in a multi-person household, at dirt=1
USES_LANDLINE = 0.7  # household members who give the shared landline, not their mobile
FAMILY = 0.6  # households whose members share a surname (the others are flatmates)


def draw(config: GeneratorConfig) -> tuple[np.ndarray, np.ndarray]:
    """Group a share of persons into households of 2-4 that share a landline.

    A shared landline is an over-merge trap for identity resolution, so its prevalence
    is a dirt rate.

    Returns
    -------
    tuple of numpy.ndarray
        Each person's household id (-1 for none), and whether they give the landline.
    """
    rng = stream(config, "households")
    n = config.customers
    members = rng.permutation(n)[: int(config.dirt_rate(SHARE) * n)]
    sizes = rng.integers(2, 5, size=len(members) // 2 + 1)
    ends = np.cumsum(sizes)
    sizes = sizes[ends <= len(members)]
    household = np.full(n, -1)
    household[members[: sizes.sum()]] = np.repeat(np.arange(len(sizes)), sizes)
    landline = (household >= 0) & (rng.random(n) < USES_LANDLINE)
    return household, landline


def surnames(config: GeneratorConfig, household: np.ndarray, last: np.ndarray) -> np.ndarray:
    """Surname of each person: the members of a family household share their first's.

    Couples and families share a surname (``FAMILY`` of households), flatmates do not,
    so a name and a postcode alone can fit two persons: a trap for the probabilistic
    identity stage. Drawn from its own stream; ``last`` holds the surnames drawn
    with the rest of the profile.
    """
    rng = stream(config, "household_names")
    members = np.flatnonzero(household >= 0)
    ids, first, inverse = np.unique(household[members], return_index=True, return_inverse=True)
    family = (rng.random(len(ids)) < FAMILY)[inverse]
    shared = np.array(last, copy=True)
    shared[members[family]] = last[members[first][inverse][family]]
    return shared
