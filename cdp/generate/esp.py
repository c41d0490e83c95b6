"""Newsletter sends and the engagement they get, as the ESP exports it."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import polars as pl

from cdp.generate.campaigns import Calendar
from cdp.generate.config import GeneratorConfig, stream
from cdp.generate.ids import serial_numbers, serials
from cdp.generate.population import Population
from cdp.generate.profiles import Profiles
from cdp.generate.vector import SECONDS_PER_DAY, pick, timestamps, vocab

HARD_BOUNCE, SOFT_BOUNCE = 0.015, 0.003  # dead addresses; transient delivery failures
AFTER_CHURN = 0.12  # engagement of people who left, relative to when they were active


@dataclass(frozen=True)
class Mail:
    """What the ESP did, and what other sources need from it.

    The export itself is built from ``events`` only when it is written (see
    :func:`export`): it is the biggest frame of a world, too big to keep around.
    """

    events: pl.DataFrame  # time ``_t``, ``_kind`` and (send, person) ``_pair``, in time order
    person: np.ndarray  # per (send, person) pair
    campaign: np.ndarray  # per (send, person) pair
    clicks: tuple[np.ndarray, np.ndarray, np.ndarray]  # person, time, campaign
    unsubscribed: np.ndarray  # per person, when they opted out (inf if never)


def simulate(
    config: GeneratorConfig,
    pop: Population,
    profiles: Profiles,
    cal: Calendar,
    engaged_until: np.ndarray,
) -> Mail:
    """Send every newsletter to the persons subscribed at send time.

    Opens and clicks follow each person's responsiveness and collapse once they have
    churned (``engaged_until``); an unsubscribe ends all later sends.
    """
    rng = stream(config, "esp")
    send = cal.start[cal.emails]
    listed = np.flatnonzero(pop.email_known & np.isfinite(pop.consent_from))
    subscribed = (pop.consent_from[listed][None, :] <= send[:, None]) & (
        pop.acquired[listed][None, :] <= send[:, None]
    )
    which, member = np.nonzero(subscribed)  # ordered by send, then person
    person, campaign = listed[member], cal.emails[which]
    n = len(person)
    sent = send[which] + rng.random(n) / 24  # batches go out over an hour
    dead = (rng.random(pop.n) < HARD_BOUNCE)[person]
    bounced = dead | (rng.random(n) < SOFT_BOUNCE)
    delivered = sent + rng.uniform(2, 90, n) / SECONDS_PER_DAY
    resp = pop.responsiveness[person]
    engaged = np.where(sent < engaged_until[person], 1.0, AFTER_CHURN)
    opened = ~bounced & (rng.random(n) < 0.9 * resp * engaged)
    open_t = delivered + rng.exponential(0.3, n)
    clicked = opened & (rng.random(n) < 0.08 + 0.35 * resp)
    click_t = open_t + rng.exponential(120, n) / SECONDS_PER_DAY
    quits = ~bounced & (rng.random(n) < 0.0015 + 0.004 * (engaged < 1) + 0.004 * opened)
    quit_t = np.where(opened, open_t, delivered) + rng.exponential(0.05, n)

    # Nobody is mailed after their first unsubscribe.
    unsubscribed = np.full(pop.n, np.inf)
    np.minimum.at(unsubscribed, person[quits], quit_t[quits])
    live = sent <= unsubscribed[person]
    quits &= quit_t <= unsubscribed[person]

    types = vocab("esp_email_events", "event_type")
    parts = [
        (live, sent, "sent"),
        (live & ~bounced, delivered, "delivered"),
        (live & bounced, delivered, "bounce"),
        (live & opened, open_t, "open"),
        (live & clicked, click_t, "click"),
        (quits, quit_t, "unsubscribe"),
    ]
    pair = np.concatenate([np.flatnonzero(mask) for mask, _, _ in parts])
    t = np.concatenate([when[mask] for mask, when, _ in parts])
    kind = np.concatenate([np.full(mask.sum(), types.index(k)) for mask, _, k in parts])
    events = (
        pl.DataFrame({"_t": t, "_pair": pair, "_kind": kind})
        .filter(pl.col("_t") < config.days)
        .sort("_t", "_kind", maintain_order=True)
    )
    hit = live & clicked & (click_t < config.days)
    clicks = (person[hit], click_t[hit], campaign[hit])
    return Mail(events, person, campaign, clicks, unsubscribed)


def export(config: GeneratorConfig, cal: Calendar, profiles: Profiles, mail: Mail) -> pl.DataFrame:
    """The ESP export of ``mail``: one row per event, in time order."""
    pair = mail.events["_pair"].to_numpy()
    return pl.DataFrame(
        {
            "event_id": serials("ESP", serial_numbers(len(pair), 1, 10, config.part), 10),
            "campaign_id": cal.ids.gather(mail.campaign[pair]),
            "email": profiles.email.gather(mail.person[pair]),
            "event_type": pick(
                vocab("esp_email_events", "event_type"), mail.events["_kind"].to_numpy()
            ),
            "occurred_at": timestamps(config.start, mail.events["_t"].to_numpy()),
            "_person": mail.person[pair],
        }
    )
