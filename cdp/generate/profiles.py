"""Identity attributes of each person: names, contact details, ids, addresses.

Values are canonical here (lowercase emails, E.164 phones); :mod:`cdp.generate.dirt`
scrambles their formats per source at write time. Ids are drawn without replacement, so
they are unique by construction without any lookup.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import polars as pl

from cdp.generate import addresses, households
from cdp.generate.config import GeneratorConfig, stream
from cdp.generate.ids import distinct, serials
from cdp.generate.lexicon import (
    CITIES,
    DOMAINS,
    FIRST_NAMES,
    LAST_NAMES,
    SEPARATORS,
)
from cdp.generate.population import Population
from cdp.generate.vector import masked, pick

NAME_SPACE = len(FIRST_NAMES) * len(LAST_NAMES) * len(DOMAINS) * len(SEPARATORS)


@dataclass(frozen=True)
class Profiles:
    """Identity strings per person; index with ``Series.gather(person_index)``."""

    person_id: pl.Series
    crm_id: pl.Series  # null for persons the CRM does not know
    first_name: pl.Series
    last_name: pl.Series
    email: pl.Series
    mobile: pl.Series
    new_mobile: pl.Series  # the number after Population.phone_change
    landline: pl.Series  # the household landline, null outside households
    loyalty_id: pl.Series
    account_id: pl.Series
    handle: pl.Series
    address: pl.DataFrame  # address_line, city, postcode before the move, then after it
    birth_date: pl.Series


def draw(config: GeneratorConfig, pop: Population) -> Profiles:
    """Draw identity attributes for every person of ``pop``."""
    rng = stream(config, "profiles")
    n, part = pop.n, config.part
    idx = np.arange(n)
    # One key per person in a space of name combinations: names, domain and separator are
    # its digits in a mixed radix, and whatever is left over becomes the email's number.
    # The space fits the whole world; a chunk draws from its block of it, so emails and
    # handles (functions of the key) never repeat across chunks.
    space = NAME_SPACE * 10 ** int(np.ceil(np.log10(max(part.world / NAME_SPACE, 1))))
    key = distinct(rng, n, space, part)
    first = key % len(FIRST_NAMES)
    last = key // len(FIRST_NAMES) % len(LAST_NAMES)
    rest = key // (len(FIRST_NAMES) * len(LAST_NAMES))
    domain, sep, number = rest % len(DOMAINS), rest // len(DOMAINS) % 3, rest // 18
    names = pl.DataFrame(
        {
            "first": pick(FIRST_NAMES, first),
            "last": pick(LAST_NAMES, last),
            "sep": pick(SEPARATORS, sep),
            "domain": pick(DOMAINS, domain),
            "num": pl.Series(number).cast(pl.String).replace("0", ""),
            "handle_num": pl.Series(rest).cast(pl.String).replace("0", ""),
        }
    ).select(
        email=pl.concat_str(
            pl.col("first").str.to_lowercase(),
            "sep",
            pl.col("last").str.to_lowercase(),
            "num",
            pl.lit("@"),
            "domain",
        ),
        handle=pl.concat_str(
            pl.lit("@"),
            pl.col("first").str.to_lowercase(),
            pl.lit("_"),
            pl.col("last").str.to_lowercase(),
            "handle_num",
        ),
    )
    crm_rank = np.empty(n, dtype=np.int64)
    crm_rank[np.argsort(pop.acquired, kind="stable")] = idx
    crm_order = np.searchsorted(np.sort(crm_rank[pop.in_crm]), crm_rank)
    before, after = addresses.draw(rng, pop), addresses.draw(rng, pop)
    # UK national numbers have ten digits: a three-digit area prefix and seven more.
    subscriber = serials("", distinct(rng, pop.household.max() + 2, 10**7, part), 7)
    subscriber = subscriber.gather(pop.household + 1)
    area = pick([c[2] for c in CITIES], before["_city"].to_numpy())
    landline = masked(pop.household >= 0, "+44" + area + subscriber)
    mobiles = "+447" + serials("", distinct(rng, 2 * n, 10**9, part), 9)
    age_days = rng.integers(18 * 365, 80 * 365, n)
    born = pl.Series(np.datetime64(config.start) - age_days.astype("timedelta64[D]"))
    return Profiles(
        # Serials of a chunk start after the persons of the chunks before it.
        person_id=serials("P", idx + part.first + 1, 7),
        crm_id=masked(pop.in_crm, serials("CRM", crm_order + part.first + 1_000_000, 7)),
        first_name=pick(FIRST_NAMES, first),
        last_name=pick(LAST_NAMES, households.surnames(config, pop.household, last)),
        email=names["email"],
        handle=names["handle"],
        mobile=mobiles[:n],
        new_mobile=mobiles[n:],
        landline=landline,
        # Store default cards use 63300000xxxx, below every personal card number.
        loyalty_id="6330" + serials("", 10**7 + distinct(rng, n, 9 * 10**7, part), 8),
        account_id=serials("AC", distinct(rng, n, 10**8, part), 8),
        address=pl.concat(
            [before.drop("_city"), after.drop("_city").rename(lambda c: f"new_{c}")],
            how="horizontal",
        ),
        birth_date=masked(rng.random(n) < 0.85, born.cast(pl.Date)),
    )


def phone_at(pop: Population, profiles: Profiles, person: np.ndarray, t: np.ndarray) -> pl.Series:
    """The canonical phone a person would give at time ``t``.

    Household members who use the landline give it everywhere; everyone else gives their
    mobile, and the new one once they changed number.
    """
    changed = pl.Series(t >= pop.phone_change[person])
    mobile = profiles.new_mobile.gather(person).zip_with(changed, profiles.mobile.gather(person))
    return profiles.landline.gather(person).zip_with(pl.Series(pop.landline[person]), mobile)
