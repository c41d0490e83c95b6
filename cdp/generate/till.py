"""What a shopper tells the till besides a loyalty card: a name and a postcode.

The till keeps the name on a card payment slip, or the one typed for an e-receipt, and
the postcode when the cashier asks for it. Neither is an identifier: the probabilistic
identity stage (:mod:`models.identity.probabilistic`) weighs them against the CRM. Names
come as people and card schemes write them (initials, ``SURNAME/FIRST``, titles, any
case, the odd typo); movers sometimes give their old postcode; a household member
sometimes pays with a housemate's card, whose name then goes on the slip.
"""

from __future__ import annotations

import numpy as np
import polars as pl

from cdp.generate import till_names
from cdp.generate.config import GeneratorConfig, stream
from cdp.generate.lexicon import LETTERS
from cdp.generate.population import Population
from cdp.generate.profiles import Profiles
from cdp.generate.vector import masked, pick

NAME_ON_SLIP = 0.5  # card payments whose slip name the till keeps
NAME_FOR_E_RECEIPT = 0.1  # other payments where the shopper types a name for an e-receipt
POSTCODE_ASKED = 0.4  # receipts where the cashier asks for the postcode
HOUSEMATE_CARD = 0.02  # card payments of household members made with a housemate's card
STALE_POSTCODE = 0.15  # movers who still give the postcode they had before the move
# Rates at dirt=1: postcodes without their space, in lower case, with a wrong last letter.
NO_SPACE, LOWER_POSTCODE, POSTCODE_TYPO = 0.15, 0.1, 0.01


def contact(
    config: GeneratorConfig,
    pop: Population,
    people: Profiles,
    person: np.ndarray,
    t: np.ndarray,
    card: np.ndarray,
) -> tuple[pl.Series, pl.Series]:
    """The ``customer_name`` and ``postcode`` of receipts, null where none was captured.

    Parameters
    ----------
    config, pop, people
        Generator settings, the population and its profiles.
    person, t, card
        Per receipt: the shopper, the time (days since start), and whether they paid
        by card.
    """
    rng = stream(config, "till")
    n = len(person)
    u = rng.random((n, 5))
    named = u[:, 0] < np.where(card, NAME_ON_SLIP, NAME_FOR_E_RECEIPT)
    asked = u[:, 1] < POSTCODE_ASKED
    holder = _housemates(pop.household, person, card & (u[:, 2] < HOUSEMATE_CARD), u[:, 3])
    names = till_names.written(config, rng, people.first_name, people.last_name, holder)
    stale = (t >= pop.move[person]) & (u[:, 4] < STALE_POSTCODE)
    postcodes = _postcodes(config, rng, people, person, (t >= pop.move[person]) & ~stale)
    return masked(named, names).alias("customer_name"), masked(asked, postcodes).alias("postcode")


def _housemates(
    household: np.ndarray, person: np.ndarray, swap: np.ndarray, u: np.ndarray
) -> np.ndarray:
    """The shopper, or where ``swap`` another member of their household (uniform ``u``)."""
    members = np.flatnonzero(household >= 0)
    order = members[np.argsort(household[members], kind="stable")]
    slot = np.empty(len(household), dtype=np.int64)
    slot[order] = np.arange(len(order))
    swap = swap & (household[person] >= 0)
    home = household[person[swap]]
    start = np.searchsorted(household[order], home, "left")
    size = np.searchsorted(household[order], home, "right") - start
    rank = slot[person[swap]] - start
    other = (rank + 1 + (u[swap] * (size - 1)).astype(np.int64)) % size  # never rank itself
    holder = np.array(person, copy=True)
    holder[swap] = order[start + other]
    return holder


def _postcodes(
    config: GeneratorConfig,
    rng: np.random.Generator,
    people: Profiles,
    person: np.ndarray,
    current: np.ndarray,
) -> pl.Series:
    """The postcode of each shopper (after their move where ``current``), as typed."""
    n = len(person)
    address = people.address
    u = rng.random((n, 3))
    frame = pl.DataFrame(
        {
            "code": address["new_postcode"]
            .gather(person)
            .zip_with(pl.Series(current), address["postcode"].gather(person)),
            "wrong": pick(LETTERS, rng.integers(0, len(LETTERS), n)),
            "typo": u[:, 0] < config.dirt_rate(POSTCODE_TYPO),
            "no_space": u[:, 1] < config.dirt_rate(NO_SPACE),
            "lower": u[:, 2] < config.dirt_rate(LOWER_POSTCODE),
        }
    )
    code = pl.col("code")
    mistyped = code.str.slice(0, code.str.len_chars() - 1) + pl.col("wrong")
    code = pl.when("typo").then(mistyped).otherwise(code)
    code = pl.when("no_space").then(code.str.replace(" ", "", literal=True)).otherwise(code)
    code = pl.when("lower").then(code.str.to_lowercase()).otherwise(code)
    return frame.select(code.alias("postcode")).to_series()
