"""Purchase exports: web-shop orders (web and app checkouts) and store till receipts."""

from __future__ import annotations

import numpy as np
import polars as pl

from cdp.generate import till
from cdp.generate.campaigns import Calendar
from cdp.generate.config import GeneratorConfig, stream
from cdp.generate.dirt import DEFAULT_CARD_RATE
from cdp.generate.ids import serial_numbers, serials
from cdp.generate.orders import Orders
from cdp.generate.population import MODES, Population
from cdp.generate.profiles import Profiles
from cdp.generate.vector import pick, timestamps, vocab, weights

PAYMENTS = {"card": 0.65, "cash": 0.2, "mobile": 0.15}
CARD_SCANNED = 0.8  # loyalty members remember their card at the till this often
HOME_STORE = 0.85  # share of a person's store visits made at their usual store
CURRENCY = vocab("shop_orders", "currency")[0]  # the shop sells in a single currency


def shop_orders(
    config: GeneratorConfig, profiles: Profiles, cal: Calendar, orders: Orders
) -> pl.DataFrame:
    """Online orders; guest checkouts carry the email but no account."""
    online = orders.take(np.flatnonzero((orders.mode > 0) & (orders.t >= 0)))
    online = online.take(np.argsort(online.t, kind="stable"))  # order numbers grow with time
    person = online.person
    frame = pl.DataFrame(
        {
            "order_id": serials("SO", serial_numbers(len(person), 10_000_001, 8, config.part), 8),
            "account_id": profiles.account_id.gather(person),
            "email": profiles.email.gather(person),
            "ordered_at": timestamps(config.start, online.t),
            "order_total": np.round(online.value - online.discount, 2),
            "discount": online.discount,
            "currency": pl.repeat(CURRENCY, len(person), eager=True, dtype=pl.String),
            "item_count": online.items.astype(np.int32),
            "device": pick(MODES, online.mode),  # "web" and "app" are device values too
            "status": pick(vocab("shop_orders", "status"), online.status),
            "utm_campaign": cal.ids.gather(np.maximum(online.campaign, 0)),
            "_person": person,
            "_guest": online.guest,
            "_credited": online.campaign >= 0,
        }
    )
    return frame.with_columns(
        account_id=pl.when(~pl.col("_guest")).then("account_id"),
        utm_campaign=pl.when("_credited").then("utm_campaign"),
    ).drop("_guest", "_credited")


def pos_transactions(
    config: GeneratorConfig, pop: Population, profiles: Profiles, orders: Orders
) -> pl.DataFrame:
    """Store receipts. Cards are scanned on some; cashiers scan the store card on others.

    A name and a postcode are captured on some receipts (see :mod:`cdp.generate.till`).
    """
    rng = stream(config, "pos")
    store = orders.take(np.flatnonzero((orders.mode == 0) & (orders.t >= 0)))
    store = store.take(np.argsort(store.t, kind="stable"))
    person, n = store.person, len(store.t)
    shop = np.where(
        rng.random(n) < HOME_STORE, pop.home_store[person], rng.integers(0, config.stores, n)
    )
    scanned = pop.has_loyalty[person] & (rng.random(n) < CARD_SCANNED)
    house_card = ~scanned & (rng.random(n) < config.dirt_rate(DEFAULT_CARD_RATE))
    methods = vocab("pos_transactions", "payment_method")
    method = rng.choice(len(methods), n, p=weights(methods, PAYMENTS))
    name, postcode = till.contact(
        config, pop, profiles, person, store.t, method == methods.index("card")
    )
    frame = pl.DataFrame(
        {
            "receipt_id": serials("R", serial_numbers(n, 100_000_001, 9, config.part), 9),
            "store_id": serials("ST", shop + 1, 3),
            "loyalty_id": profiles.loyalty_id.gather(person),
            "_house_card": default_cards(shop),
            "transacted_at": timestamps(config.start, store.t),
            "amount": np.round(store.value - store.discount, 2),
            "item_count": store.items.astype(np.int32),
            "payment_method": pick(methods, method),
            "customer_name": name,
            "postcode": postcode,
            "_person": person,
        }
    )
    return frame.with_columns(
        loyalty_id=pl.when(pl.Series(scanned))
        .then("loyalty_id")
        .when(pl.Series(house_card))
        .then("_house_card"),
    ).drop("_house_card")


def default_cards(store: np.ndarray) -> pl.Series:
    """The loyalty card each store keeps at the till (below every personal card number)."""
    return serials("63300000", np.asarray(store) + 1, 4)
