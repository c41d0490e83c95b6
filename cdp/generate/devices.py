"""App installs (device ids), when their users sign in, and the pushes they get."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from cdp.generate.campaigns import Calendar
from cdp.generate.population import Population
from cdp.generate.vector import SECONDS_PER_DAY, rank_in_group

PUSH_ALLOWED = 0.75  # devices whose user accepted notifications


@dataclass(frozen=True)
class Devices:
    """App installs, one element each, grouped by person."""

    person: np.ndarray
    install: np.ndarray
    signed_in: np.ndarray  # first sign-in, inf if the user never signs in
    first: np.ndarray  # per app user: index of their first device
    count: np.ndarray  # per app user: how many devices they have


def draw(rng: np.random.Generator, pop: Population) -> Devices:
    """One install per app user, a second one for some; most sign in straight away."""
    users = np.flatnonzero(pop.has_app)
    count = 1 + (rng.random(len(users)) < 0.15)
    person = np.repeat(users, count)
    n = len(person)
    later = rank_in_group(count) > 0
    install = pop.acquired[person] + np.where(
        later, rng.uniform(30, 400, n), rng.exponential(20, n)
    )
    u = rng.random(n)
    delay = np.where(u < 0.7, 0.0, np.where(u < 0.95, rng.exponential(45, n), np.inf))
    return Devices(person, install, install + delay, np.cumsum(count) - count, count)


def pushes(
    rng: np.random.Generator,
    pop: Population,
    cal: Calendar,
    dev: Devices,
    engaged_until: np.ndarray,
) -> tuple[tuple[np.ndarray, ...], tuple[np.ndarray, ...]]:
    """Pushes received and opened, as (device, time, campaign) of each."""
    send = cal.start[cal.pushes]
    allowed = rng.random(len(dev.person)) < PUSH_ALLOWED
    which, device = np.nonzero((dev.install[None, :] <= send[:, None]) & allowed[None, :])
    received = send[which] + rng.uniform(0, 600, len(which)) / SECONDS_PER_DAY
    who = dev.person[device]
    engaged = np.where(received < engaged_until[who], 1.0, 0.15)
    opens = rng.random(len(which)) < (0.08 + 0.35 * pop.responsiveness[who]) * engaged
    open_t = received + rng.exponential(1 / 24, len(which))
    campaign = cal.pushes[which]
    return (device, received, campaign), (device[opens], open_t[opens], campaign[opens])
