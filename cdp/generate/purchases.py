"""Purchases over time: a BG/NBD process per buyer, churn, and responses to campaigns.

Each buyer buys at their acquisition, then again after Exp(1/lambda) gaps, and after every
purchase drops out with probability p. Service issues that follow purchases can make a
person leave earlier (see :mod:`cdp.generate.issues`): the churn time ``tau`` is the
earlier of the two, and no purchase happens after it.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from cdp.generate import issues as issue_model
from cdp.generate.config import GeneratorConfig, stream
from cdp.generate.orders import Orders, baskets
from cdp.generate.population import STORE, Population
from cdp.generate.vector import (
    ONLINE_HOURS,
    STORE_HOURS,
    categorical,
    diurnal,
    grouped_cumsum,
    rank_in_group,
)

RESPONSE_RATE = 0.12  # chance that a campaign click leads to a purchase soon after


@dataclass(frozen=True)
class History:
    """Purchases and service issues up to each person's churn time ``tau`` (inf: alive)."""

    orders: Orders
    issues: issue_model.Issues
    tau: np.ndarray
    experience: np.ndarray  # the person left because of a complaint or a poor score


def simulate(config: GeneratorConfig, pop: Population, acquisition: np.ndarray) -> History:
    """Run the purchase process, the service issues it causes, and churn.

    Parameters
    ----------
    config
        Generator settings.
    pop
        The population; only buyers purchase.
    acquisition
        Campaign that acquired each person (-1 for none); it is credited on first orders.

    Returns
    -------
    History
        Every purchase up to churn (including those before the window), the issues that
        followed them, and each person's churn time.
    """
    rng = stream(config, "purchases")
    person, t, first, dropped = _bg_nbd(rng, pop, config.days)
    mode = _modes(rng, pop, person, first)
    # Repeat purchases happen at the hours people shop in that channel; the first one is
    # the acquisition itself, whose time is already set.
    moved = np.where(mode == 0, diurnal(t, STORE_HOURS), diurnal(t, ONLINE_HOURS))
    t = np.where(first, t, np.maximum(moved, pop.acquired[person]))
    orders = baskets(rng, pop, person, t, mode, np.where(first, acquisition[person], -1))
    tau = np.full(pop.n, np.inf)
    if len(person):
        # BG/NBD dropout happens right after a purchase: the last one of those who dropped.
        starts = np.flatnonzero(first)
        last = np.maximum.reduceat(orders.t, starts)
        tau[person[starts]] = np.where(dropped & (last < config.days), last, np.inf)
    issues = issue_model.from_orders(stream(config, "issues"), pop, orders)
    trigger = issue_model.churn_triggers(stream(config, "churn"), issues, pop.n)
    experience = trigger < tau
    tau = np.minimum(tau, trigger)
    kept = (orders.t <= tau[orders.person]) & (orders.t < config.days)
    issues = issues.take(kept[issues.order]).renumber(np.cumsum(kept) - 1)
    return History(orders.take(kept), issues, tau, experience)


def respond(
    config: GeneratorConfig,
    history: History,
    pop: Population,
    clicks: tuple[np.ndarray, np.ndarray, np.ndarray],
) -> History:
    """Add the web purchases that campaign clicks trigger shortly after the click.

    Parameters
    ----------
    config, history, pop
        Generator settings, the purchase history so far, and the population.
    clicks
        Person, time and campaign of each click on a campaign.
    """
    rng = stream(config, "responses")
    person, t, campaign = clicks
    n = len(t)
    # Half buy in the same visit, the rest within a few days.
    t = t + np.where(rng.random(n) < 0.5, rng.uniform(0.003, 0.03, n), rng.exponential(1.0, n))
    buys = (rng.random(n) < RESPONSE_RATE) & pop.buyer[person]
    buys &= t < np.minimum(history.tau[person], config.days)
    web = np.ones(int(buys.sum()), dtype=np.int64)
    extra = baskets(rng, pop, person[buys], t[buys], web, campaign[buys])
    return replace(history, orders=history.orders + extra)


def _bg_nbd(
    rng: np.random.Generator, pop: Population, days: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Purchase times of every buyer from acquisition until dropout or the window's end.

    Returns the person and time of each purchase (grouped by person, in time order),
    whether it is the person's first, and per buyer whether they dropped out.
    """
    buyers = np.flatnonzero(pop.buyer)
    lam, start = pop.rate[buyers], pop.acquired[buyers]
    expected = lam * (days - start)
    # Purchases before dropout are Geometric(p). Beyond a six-sigma Poisson cap they would
    # fall after the window anyway, so they are not drawn.
    cap = np.ceil(expected + 6 * np.sqrt(expected) + 3).astype(np.int64)
    until_dropout = rng.geometric(pop.dropout[buyers])
    count = np.minimum(until_dropout, cap)
    gaps = rng.exponential(1.0, int(count.sum())) / np.repeat(lam, count)
    first = rank_in_group(count) == 0
    gaps[first] = 0.0
    t = np.repeat(start, count) + grouped_cumsum(gaps, count)
    return np.repeat(buyers, count), t, first, until_dropout <= cap


def _modes(
    rng: np.random.Generator, pop: Population, person: np.ndarray, first: np.ndarray
) -> np.ndarray:
    """Where each purchase happens; the first one is where the person was acquired."""
    probs = pop.shares[person].copy()
    store_first = first & (pop.channel[person] == STORE)
    probs[first & ~store_first, 0] = 0.0
    probs[store_first] = [1.0, 0.0, 0.0]
    probs[probs.sum(axis=1) == 0, 1] = 1.0  # acquired online by a store-only shopper
    return categorical(rng, probs)
