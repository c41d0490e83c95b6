"""UK-style home addresses; the members of a household share one."""

from __future__ import annotations

import numpy as np
import polars as pl

from cdp.generate.lexicon import CITIES, LETTERS, STREETS
from cdp.generate.population import Population
from cdp.generate.vector import pick


def draw(rng: np.random.Generator, pop: Population) -> pl.DataFrame:
    """A home address per person; members of a household share their first member's."""
    n = pop.n
    city_w = np.array([c[3] for c in CITIES], dtype=float)
    home = np.arange(n)
    members = np.flatnonzero(pop.household >= 0)
    _, first, inverse = np.unique(pop.household[members], return_index=True, return_inverse=True)
    home[members] = members[first][inverse]
    city = rng.choice(len(CITIES), n, p=city_w / city_w.sum())[home]
    street = rng.integers(0, len(STREETS), n)[home]
    letters = rng.integers(0, len(LETTERS), (n, 2))[home]
    district, sector = rng.integers(1, 21, n)[home], rng.integers(1, 10, n)[home]
    number = rng.integers(1, 251, n)[home]
    parts = pl.DataFrame(
        {
            "number": number,
            "street": pick(STREETS, street),
            "area": pick([c[1] for c in CITIES], city),
            "district": district,
            "sector": sector,
            "l1": pick(LETTERS, letters[:, 0]),
            "l2": pick(LETTERS, letters[:, 1]),
        }
    )
    return parts.select(
        address_line=pl.concat_str("number", pl.lit(" "), "street"),
        city=pick([c[0] for c in CITIES], city),
        postcode=pl.concat_str("area", "district", pl.lit(" "), "sector", "l1", "l2"),
        _city=pl.Series(city),
    )
