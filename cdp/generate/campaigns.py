"""The marketing calendar: newsletter sends, app pushes and paid-media flights.

All campaigns share one index space (``Calendar.ids``) so events, orders and web sessions
can carry a campaign as a plain integer (-1 for none) until the frames are written.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import polars as pl

from cdp.generate.config import GeneratorConfig, stream
from cdp.generate.population import ACQUISITION_CHANNELS, Population
from cdp.generate.vector import vocab

# utm source and medium that each marketing channel puts on its landing URLs.
UTM = {
    "email": ("newsletter", "email"),
    "paid_search": ("google", "cpc"),
    "paid_social": ("meta", "paid_social"),
    "display": ("dv360", "display"),
    "affiliate": ("awin", "affiliate"),
}
PREFIXES = {"paid_search": "PS", "paid_social": "SO", "display": "DI", "affiliate": "AF"}


@dataclass(frozen=True)
class Calendar:
    """Every campaign of the window, in one index space.

    ``channel`` indexes the marketing_spend channel vocabulary, or is -1 for pushes, which
    are not bought media.
    """

    ids: pl.Series
    channel: np.ndarray
    start: np.ndarray  # send time (email, push) or first live day (paid flight), in days
    emails: np.ndarray  # indices of the email campaigns, in send order
    pushes: np.ndarray
    active: np.ndarray  # (paid channels, days): the flight running on each day
    paid_channels: tuple[str, ...]

    def utm(self, campaign: np.ndarray) -> pl.DataFrame:
        """utm source, medium and campaign for each campaign index (nulls for -1)."""
        channels = vocab("marketing_spend", "channel")
        sources = [UTM.get(c, (c, c))[0] for c in channels]
        mediums = [UTM.get(c, (c, c))[1] for c in channels]
        known = campaign >= 0
        ch = np.where(known, self.channel[np.maximum(campaign, 0)], -1)
        take = np.maximum(ch, 0)
        frame = pl.DataFrame(
            {
                "source": pl.Series(sources).gather(take),
                "medium": pl.Series(mediums).gather(take),
                "campaign": self.ids.gather(np.maximum(campaign, 0)),
            }
        )
        return frame.select(pl.when(pl.Series(known & (ch >= 0))).then(pl.all()))


def draw(config: GeneratorConfig) -> Calendar:
    """Lay out the campaigns of the window.

    Sends happen at a fixed cadence in the morning; each paid channel runs back-to-back
    flights of three to eight weeks, so exactly one flight per channel is live each day.
    """
    rng = stream(config, "campaigns")
    channels = vocab("marketing_spend", "channel")
    email_t = _cadence(rng, config.days, config.email_campaigns_per_week, 9.0)
    push_t = _cadence(rng, config.days, config.push_campaigns_per_week, 17.5)
    day = np.datetime64(config.start)
    ids = [f"EM-{d}" for d in (day + np.floor(email_t).astype("timedelta64[D]")).astype(str)]
    ids += [f"PU-{d}" for d in (day + np.floor(push_t).astype("timedelta64[D]")).astype(str)]
    chan = [channels.index("email")] * len(email_t) + [-1] * len(push_t)
    start = [*email_t, *push_t]
    paid = tuple(c for c in channels if c != "email")
    active = np.zeros((len(paid), config.days), dtype=np.int64)
    for k, name in enumerate(paid):  # a handful of channels: a loop is clearer here
        lengths = rng.integers(21, 57, size=config.days // 21 + 2)
        starts = np.cumsum(lengths) - lengths - rng.integers(0, 21)
        flights = np.flatnonzero((starts < config.days) & (starts + lengths > 0))
        first = len(ids)
        prefix = PREFIXES.get(name, name[:3].upper())
        ids += [f"{prefix}-{j + 1:03d}" for j in range(len(flights))]
        chan += [channels.index(name)] * len(flights)
        start += list(np.maximum(starts[flights], 0))
        active[k] = first + np.searchsorted(starts[flights], np.arange(config.days), "right") - 1
    n_email = len(email_t)
    return Calendar(
        ids=pl.Series(ids, dtype=pl.String),
        channel=np.array(chan),
        start=np.array(start, dtype=float),
        emails=np.arange(n_email),
        pushes=np.arange(n_email, n_email + len(push_t)),
        active=active,
        paid_channels=paid,
    )


def _cadence(rng: np.random.Generator, days: int, per_week: float, hour: float) -> np.ndarray:
    """Send times at a regular cadence, around ``hour`` o'clock."""
    days_between = 7 / per_week
    t = np.arange(rng.random() * days_between, days, days_between)
    t = np.unique(np.floor(t))  # at most one send per day keeps ids unique
    return t + (hour + rng.random(len(t))) / 24


def acquisition_campaign(cal: Calendar, pop: Population) -> np.ndarray:
    """The campaign that brought each person in, or -1 (organic, store, before the window)."""
    name = np.array(ACQUISITION_CHANNELS)[pop.channel]
    day = np.clip(np.floor(pop.acquired).astype(np.int64), 0, cal.active.shape[1] - 1)
    campaign = np.full(pop.n, -1)
    for k, paid in enumerate(cal.paid_channels):
        campaign = np.where(name == paid, cal.active[k, day], campaign)
    # Email acquisitions answer the latest newsletter before they arrived.
    sent = np.searchsorted(cal.start[cal.emails], pop.acquired) - 1
    campaign = np.where((name == "email") & (sent >= 0), cal.emails[np.maximum(sent, 0)], campaign)
    return np.where(pop.acquired >= 0, campaign, -1)


def ad_flight(
    rng: np.random.Generator, cal: Calendar, pop: Population, person: np.ndarray, t: np.ndarray
) -> np.ndarray:
    """The paid flight behind each ad click at ``t``: mostly of the person's own channel.

    People click ads of the channel that acquired them more than others (60% of clicks).
    """
    own = np.array(
        [cal.paid_channels.index(c) if c in cal.paid_channels else -1 for c in ACQUISITION_CHANNELS]
    )[pop.channel[person]]
    channel = np.where(
        (own >= 0) & (rng.random(len(t)) < 0.6),
        own,
        rng.integers(0, len(cal.paid_channels), len(t)),
    )
    return cal.active[channel, np.minimum(t.astype(np.int64), cal.active.shape[1] - 1)]
