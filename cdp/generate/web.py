"""Web analytics events: anonymous cookies, logins that reveal the email, campaign landings."""

from __future__ import annotations

import numpy as np
import polars as pl

from cdp.generate import visits
from cdp.generate.campaigns import Calendar
from cdp.generate.config import GeneratorConfig, stream
from cdp.generate.ids import distinct, hex_ids, serial_numbers, serials
from cdp.generate.orders import Orders
from cdp.generate.population import Population
from cdp.generate.profiles import Profiles
from cdp.generate.vector import (
    masked,
    pick,
    session_events,
    timestamps,
    vocab,
    weights,
)

PAGES = ("/", "/new-in", "/sale", "/women", "/men", "/home", "/stores", "/help")
BROWSING = {"page_view": 0.5, "product_view": 0.4, "add_to_cart": 0.1}
PATHS = {"add_to_cart": "/cart", "login": "/account/login", "checkout": "/checkout/complete"}
CATALOG = 2_000  # products on sale


def build(
    config: GeneratorConfig,
    pop: Population,
    profiles: Profiles,
    cal: Calendar,
    orders: Orders,
    clicks: tuple[np.ndarray, np.ndarray, np.ndarray],
    acquisition: np.ndarray,
    engaged_until: np.ndarray,
    products: pl.Series | None = None,
) -> pl.DataFrame:
    """Web events of every session: browsing, ad and email landings, and checkouts.

    The email is attached from the login event on; a checkout session ends exactly at its
    order's time; sessions of persons who churned keep happening at a tenth of the rate.
    ``products`` are the shop's product pages (see :func:`catalog`); a whole world
    draws its own from the web stream, as it did before worlds were split into chunks.
    """
    rng = stream(config, "web")
    days = float(config.days)
    s = visits.draw(rng, config, pop, cal, orders, clicks, acquisition, engaged_until)
    counts = np.where(s.checkout, 4 + rng.poisson(1.5, len(s.t)), 1 + rng.poisson(2.5, len(s.t)))
    session, pos, offset = session_events(rng, counts, 45.0)
    last = pos == counts[session] - 1
    # Checkout sessions are anchored on the order: their last event is the checkout.
    t = s.t[session] + offset - np.where(s.checkout, offset[last], 0.0)[session]
    logs_in_at = np.where(s.checkout, 1, 1 + (rng.random(len(s.t)) * (counts - 1)).astype(int))
    logs_in_at = np.where(s.login & (counts > 1), logs_in_at, counts)[session]
    types = vocab("web_events", "event_type")
    kind = rng.choice(len(types), len(pos), p=weights(types, BROWSING, other=0.0))
    kind = np.where(pos == 0, types.index("page_view"), kind)
    kind = np.where(pos == logs_in_at, types.index("login"), kind)
    checkout = s.checkout[session]
    kind = np.where(checkout & (pos == counts[session] - 2), types.index("add_to_cart"), kind)
    kind = np.where(checkout & last, types.index("checkout"), kind)

    cookies = 1 + np.minimum(rng.poisson(0.6, pop.n), 4)
    cookie_ids = hex_ids(rng, int(cookies.sum()), 8, config.part)
    # People mostly come back on their main device, the first cookie.
    cookie = (np.cumsum(cookies) - cookies)[s.person] + (
        rng.random(len(s.t)) ** 2 * cookies[s.person]
    ).astype(int)
    # Random draws cover every event, as they always did; strings are then built only for
    # the events inside the window, so the frame is never copied to drop the others.
    table = _pages(catalog(rng) if products is None else products)
    path = _paths(rng, kind, types)
    numbers = serial_numbers(len(pos), 1, 10, config.part)
    keep = np.flatnonzero((t >= 0) & (t < days))
    session, pos, t, kind, path = session[keep], pos[keep], t[keep], kind[keep], path[keep]
    logged_in, numbers = (pos >= logs_in_at[keep]), numbers[keep]
    who = s.person[session]
    utm = cal.utm(np.where(pos == 0, s.campaign[session], -1))
    return pl.DataFrame(
        {
            "event_id": serials("WE", numbers, 10),
            "occurred_at": timestamps(config.start, t),
            "cookie_id": cookie_ids.gather(cookie[session]),
            "session_id": serials("S", serial_numbers(len(s.t), 1, 9, config.part)[session], 9),
            "email": masked(logged_in, profiles.email.gather(who)),
            "event_type": pick(types, kind),
            "page_url": table.gather(path),
            "utm": utm.select(
                pl.when(pl.col("campaign").is_not_null()).then(pl.struct(pl.all()))
            ).to_series(),
            "_person": who,
        }
    )


def catalog(rng: np.random.Generator) -> pl.Series:
    """The product pages of the shop, the same for every chunk of a world."""
    return serials("/p/", 10_000 + distinct(rng, CATALOG, 90_000), 5)


def _pages(products: pl.Series) -> pl.Series:
    """Every path of the site: the pages, the fixed paths of PATHS, then the products."""
    return pl.concat([pl.Series(PAGES), pl.Series(list(PATHS.values())), products])


def _paths(rng: np.random.Generator, kind: np.ndarray, types: tuple[str, ...]) -> np.ndarray:
    """Index into :func:`_pages` of the page of each event, from its type."""
    path = rng.integers(0, len(PAGES), len(kind))  # page views land anywhere
    for k, name in enumerate(PATHS):
        path = np.where(kind == types.index(name), len(PAGES) + k, path)
    viewed = kind == types.index("product_view")
    return np.where(viewed, len(PAGES) + len(PATHS) + rng.integers(0, CATALOG, len(kind)), path)
