"""The CRM master: one version of a customer record per creation or change."""

from __future__ import annotations

import numpy as np
import polars as pl

from cdp.generate.config import GeneratorConfig, stream
from cdp.generate.dirt import JUNK_EMAIL, JUNK_EMAIL_RATE
from cdp.generate.population import Population
from cdp.generate.profiles import Profiles, phone_at
from cdp.generate.vector import SECONDS_PER_DAY, rank_in_group, timestamps

COUNTRY = "GB"  # the phone numbers and postcodes are British


def build(
    config: GeneratorConfig, pop: Population, profiles: Profiles, unsubscribed: np.ndarray
) -> pl.DataFrame:
    """Record versions exported on the day they were written.

    A record is written when the person registers and again when their consent, phone
    or address changes. Records that existed before the window are all exported in the
    first minutes of the first day, as an initial full extract.
    """
    rng = stream(config, "crm")
    days = config.days
    known = pop.in_crm & (pop.acquired < days)
    # The CRM learns of an unsubscribe from the ESP a little later.
    opted_out = unsubscribed + rng.uniform(0.05, 2.0, pop.n)
    gives_phone = rng.random(pop.n) < np.where(pop.buyer, 0.85, 0.3)
    # Agents type a placeholder when the customer gives no email.
    junk = ~pop.email_known & (rng.random(pop.n) < config.dirt_rate(JUNK_EMAIL_RATE))
    initial = rng.uniform(0, 1 / 24, pop.n)
    changes = {
        "created": np.where(pop.acquired >= 0, pop.acquired, initial),
        "opt_in": np.where(pop.consent_from > pop.acquired, pop.consent_from, np.inf),
        "opt_out": opted_out,
        "new_phone": np.where(gives_phone & ~pop.landline, pop.phone_change, np.inf),
        "moved": pop.move,
    }
    person = np.concatenate([np.flatnonzero(known)] * len(changes))
    t = np.concatenate([when[known] for when in changes.values()])
    keep = (t >= 0) & (t < days)
    person, t = person[keep], t[keep]
    person, t = _distinct_seconds(person, t)
    # Compare at the one-second resolution the timestamps are written with.
    second = np.floor(t * SECONDS_PER_DAY)
    consent = (np.floor(pop.consent_from[person] * SECONDS_PER_DAY) <= second) & (
        second < np.floor(opted_out[person] * SECONDS_PER_DAY)
    )
    moved = pl.Series(t >= pop.move[person])
    address = profiles.address[person]
    columns = ("address_line", "city", "postcode")
    frame = pl.DataFrame(
        {
            "crm_id": profiles.crm_id.gather(person),
            "first_name": profiles.first_name.gather(person),
            "last_name": profiles.last_name.gather(person),
            "email": profiles.email.gather(person),
            "phone": phone_at(pop, profiles, person, t),
            "loyalty_id": profiles.loyalty_id.gather(person),
            "account_id": profiles.account_id.gather(person),
            **{
                c: pl.select(
                    pl.when(moved).then(address[f"new_{c}"]).otherwise(address[c])
                ).to_series()
                for c in columns
            },
            "country": pl.repeat(COUNTRY, len(person), eager=True, dtype=pl.String),
            "birth_date": profiles.birth_date.gather(person),
            "marketing_consent": consent,
            "created_at": timestamps(config.start, pop.acquired[person]),
            "updated_at": timestamps(config.start, t),
            "_person": person,
        }
    )
    flags = {
        name: pl.Series(values[person])
        for name, values in (
            ("_email", pop.email_known),
            ("_junk", junk),
            ("_phone", gives_phone),
            ("_loyalty", pop.has_loyalty),
            ("_account", pop.has_account),
        )
    }
    return (
        frame.with_columns(**flags)
        .with_columns(
            email=pl.when("_email").then("email").when("_junk").then(pl.lit(JUNK_EMAIL)),
            phone=pl.when("_phone").then("phone"),
            loyalty_id=pl.when("_loyalty").then("loyalty_id"),
            account_id=pl.when("_account").then("account_id"),
        )
        .drop(*flags)
    )


def _distinct_seconds(person: np.ndarray, t: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Sort versions by person and time, and keep each person's versions seconds apart.

    ``(crm_id, updated_at)`` is the key, so two versions of a record written within the
    same second are moved apart by a second.
    """
    order = np.lexsort((t, person))
    person, t = person[order], t[order]
    second = np.floor(t * SECONDS_PER_DAY).astype(np.int64)
    counts = np.diff(np.flatnonzero(np.r_[True, person[1:] != person[:-1], True]))
    rank = rank_in_group(counts)
    # second - rank must not decrease within a person; a running max per person fixes it.
    offset = person.astype(np.int64) * (second.max(initial=0) + len(t) + 1)
    second = np.maximum.accumulate(second - rank + offset) - offset + rank
    return person, (second + 0.5) / SECONDS_PER_DAY
