"""Mobile app events: installs (device ids), sign-ins (account ids) and push campaigns."""

from __future__ import annotations

import numpy as np
import polars as pl

from cdp.generate import devices
from cdp.generate.campaigns import Calendar
from cdp.generate.config import GeneratorConfig, stream
from cdp.generate.devices import Devices
from cdp.generate.ids import serial_numbers, serials, uuids
from cdp.generate.orders import Orders
from cdp.generate.population import Population
from cdp.generate.profiles import Profiles
from cdp.generate.vector import (
    ONLINE_HOURS,
    SECONDS_PER_DAY,
    diurnal,
    pick,
    poisson_times,
    session_events,
    timestamps,
    vocab,
    weights,
)

PLATFORMS = {"ios": 0.55, "android": 0.45}
IN_APP = {"product_view": 0.75, "add_to_cart": 0.25}


def build(
    config: GeneratorConfig,
    pop: Population,
    profiles: Profiles,
    cal: Calendar,
    orders: Orders,
    engaged_until: np.ndarray,
) -> pl.DataFrame:
    """App events of every device: usage sessions, pushes, sign-ins and app checkouts.

    A device is anonymous until its user signs in once; from then on every event carries
    the account id. Sessions of app orders end with the basket just before the order.
    """
    rng = stream(config, "app")
    days = float(config.days)
    dev = devices.draw(rng, pop)
    types = vocab("app_events", "event_type")
    pushed, opened = devices.pushes(rng, pop, cal, dev, engaged_until)
    sessions = _session_events(rng, config, pop, dev, orders, opened, engaged_until, types)
    login = np.flatnonzero(np.isfinite(dev.signed_in))
    parts = [  # (device, time, event type, campaign) of every kind of event
        sessions,
        (pushed[0], pushed[1], types.index("push_received"), pushed[2]),
        (opened[0], opened[1], types.index("push_open"), opened[2]),
        # Signing in happens right after opening the app.
        (login, dev.signed_in[login] - 10 / SECONDS_PER_DAY, types.index("app_open"), -1),
        (login, dev.signed_in[login], types.index("login"), -1),
    ]
    frame = (
        pl.DataFrame(
            {
                name: np.concatenate([np.broadcast_to(p[k], len(p[0])) for p in parts])
                for k, name in enumerate(("device", "t", "kind", "campaign"))
            }
        )
        .filter((pl.col("t") >= 0) & (pl.col("t") < days))
        .sort("t", "kind", maintain_order=True)
    )
    device, t, campaign = (frame[c].to_numpy() for c in ("device", "t", "campaign"))
    platforms = vocab("app_events", "platform")
    platform = rng.choice(len(platforms), len(dev.person), p=weights(platforms, PLATFORMS))
    person = dev.person[device]
    return (
        pl.DataFrame(
            {
                "event_id": serials("AE", serial_numbers(len(t), 1, 10, config.part), 10),
                "occurred_at": timestamps(config.start, t),
                "device_id": uuids(rng, len(dev.person), config.part).gather(device),
                "account_id": profiles.account_id.gather(person),
                "event_type": pick(types, frame["kind"].to_numpy()),
                "platform": pick(platforms, platform[device]),
                "campaign_id": cal.ids.gather(np.maximum(campaign, 0)),
                "_person": person,
                "_signed_in": t >= dev.signed_in[device],
                "_push": campaign >= 0,
            }
        )
        .with_columns(
            account_id=pl.when("_signed_in").then("account_id"),
            campaign_id=pl.when("_push").then("campaign_id"),
        )
        .drop("_signed_in", "_push")
    )


def _session_events(
    rng: np.random.Generator,
    config: GeneratorConfig,
    pop: Population,
    dev: Devices,
    orders: Orders,
    opened: tuple[np.ndarray, ...],
    engaged_until: np.ndarray,
    types: tuple[str, ...],
) -> tuple[np.ndarray, np.ndarray, np.ndarray, int]:
    """(device, time, event type, no campaign) of the events of every app session.

    Sessions are plain usage, a visit right after opening a push, or a visit that ends
    in an app order.
    """
    days = float(config.days)
    start = np.maximum(dev.install, 0)
    until = np.clip(engaged_until[dev.person], start, days)
    rate = (0.05 + 5 * pop.rate * pop.shares[:, 2])[dev.person] / np.repeat(dev.count, dev.count)
    active = poisson_times(rng, start, until, rate)
    lapsed = poisson_times(rng, until, np.full(len(start), days), rate * 0.1)
    buys = np.flatnonzero((orders.mode == 2) & (orders.t >= 0))
    owner = np.searchsorted(np.unique(dev.person), orders.person[buys])
    buyer_device = dev.first[owner] + (rng.random(len(buys)) * dev.count[owner]).astype(int)
    device = np.concatenate([active[0], lapsed[0], opened[0], buyer_device])
    t = np.concatenate(
        [
            diurnal(np.concatenate([active[1], lapsed[1]]), ONLINE_HOURS),
            opened[1] + 2 / SECONDS_PER_DAY,
            orders.t[buys],
        ]
    )
    is_order = np.arange(len(t)) >= len(t) - len(buys)
    counts = np.where(is_order, 3 + rng.poisson(1.0, len(t)), 1 + rng.poisson(2.0, len(t)))
    session, pos, offset = session_events(rng, counts, 40.0)
    kind = rng.choice(len(types), len(pos), p=weights(types, IN_APP, other=0.0))
    kind = np.where(pos == 0, types.index("app_open"), kind)
    last = pos == counts[session] - 1
    kind = np.where(is_order[session] & last, types.index("add_to_cart"), kind)
    # An order session's basket is filled just before the order time.
    ends = np.where(is_order, offset[last] + 20 / SECONDS_PER_DAY, 0.0)
    return device[session], t[session] + offset - ends[session], kind, -1
