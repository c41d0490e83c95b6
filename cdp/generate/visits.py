"""When people visit the web shop, and why: browsing, ads, newsletters and checkouts."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from cdp.generate import campaigns
from cdp.generate.campaigns import Calendar
from cdp.generate.config import GeneratorConfig
from cdp.generate.orders import Orders
from cdp.generate.population import Population
from cdp.generate.vector import ONLINE_HOURS, SECONDS_PER_DAY, diurnal, poisson_times

AD_CLICKS_PER_DAY = 0.004  # ad clicks of people who shop online
LOGIN_WHILE_BROWSING = 0.3  # share of browsing sessions in which account holders log in


@dataclass(frozen=True)
class Sessions:
    """Web sessions in time order: who, when, from which campaign, and how they end."""

    person: np.ndarray
    t: np.ndarray  # start, or for checkouts the moment of the order
    campaign: np.ndarray  # campaign of the landing URL, -1 for none
    checkout: np.ndarray
    login: np.ndarray


def draw(
    rng: np.random.Generator,
    config: GeneratorConfig,
    pop: Population,
    cal: Calendar,
    orders: Orders,
    clicks: tuple[np.ndarray, np.ndarray, np.ndarray],
    acquisition: np.ndarray,
    engaged_until: np.ndarray,
) -> Sessions:
    """Browsing, ad clicks, prospects' first visits, email clicks and checkouts."""
    days = float(config.days)
    start = np.maximum(pop.acquired, 0)
    until = np.clip(engaged_until, start, days)
    browse = poisson_times(rng, start, until, pop.browse_rate)
    lapsed = poisson_times(rng, until, np.full(pop.n, days), pop.browse_rate * 0.1)
    ads = poisson_times(rng, start, until, AD_CLICKS_PER_DAY * (pop.shares[:, 0] < 0.7))
    arrivals = np.flatnonzero(~pop.buyer & (pop.acquired >= 0))
    bought = np.flatnonzero((orders.mode == 1) & (orders.t >= 0))
    person = np.concatenate(
        [browse[0], lapsed[0], ads[0], arrivals, clicks[0], orders.person[bought]]
    )
    wander = diurnal(np.concatenate([browse[1], lapsed[1], ads[1]]), ONLINE_HOURS)
    t = np.concatenate(
        [wander, pop.acquired[arrivals], clicks[1] + 3 / SECONDS_PER_DAY, orders.t[bought]]
    )
    campaign = np.concatenate(
        [
            np.full(len(browse[0]) + len(lapsed[0]), -1),
            campaigns.ad_flight(rng, cal, pop, *ads),
            acquisition[arrivals],
            clicks[2],
            orders.campaign[bought],
        ]
    )
    checkout = np.arange(len(t)) >= len(t) - len(bought)
    login = rng.random(len(t)) < LOGIN_WHILE_BROWSING
    login[checkout] = ~orders.guest[bought]
    login &= pop.has_account[person]
    order = np.argsort(t, kind="stable")
    return Sessions(person[order], t[order], campaign[order], checkout[order], login[order])
