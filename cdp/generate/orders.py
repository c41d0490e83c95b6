"""Orders: what each purchase looks like, whichever channel it happens in."""

from __future__ import annotations

from dataclasses import dataclass, fields

import numpy as np

from cdp.generate.population import SPEND_SHAPE, Population
from cdp.generate.vector import vocab, weights

STATUS = {"completed": 0.9, "returned": 0.07, "cancelled": 0.03}
GUEST_CHECKOUT = 0.06  # account holders who check out as guests anyway


@dataclass(frozen=True)
class Orders:
    """Purchases of all channels, one element each. ``mode`` indexes population.MODES."""

    person: np.ndarray
    t: np.ndarray
    mode: np.ndarray
    value: np.ndarray  # gross amount before discount
    discount: np.ndarray
    items: np.ndarray
    status: np.ndarray  # index into the shop_orders status vocabulary
    campaign: np.ndarray  # campaign credited, -1 for none
    guest: np.ndarray  # online checkout without logging in

    def take(self, index: np.ndarray) -> Orders:
        """The orders at ``index`` (positions or a mask)."""
        return Orders(**{f.name: getattr(self, f.name)[index] for f in fields(self)})

    def __add__(self, other: Orders) -> Orders:
        # Not re-sorted, so positions in ``self`` (see Issues.order) stay valid.
        return Orders(
            **{
                f.name: np.concatenate([getattr(self, f.name), getattr(other, f.name)])
                for f in fields(self)
            }
        )


def baskets(
    rng: np.random.Generator,
    pop: Population,
    person: np.ndarray,
    t: np.ndarray,
    mode: np.ndarray,
    campaign: np.ndarray,
) -> Orders:
    """Value, discount, items and status of each purchase.

    Values are Gamma-Gamma: Gamma-distributed around the person's own mean spend, so what
    a person spends per order does not depend on how often they order.
    """
    n = len(person)
    # The extra euro keeps every order above zero.
    value = np.round(rng.gamma(SPEND_SHAPE, pop.spend[person] / SPEND_SHAPE), 2) + 1.0
    discounted = rng.random(n) < np.where(campaign >= 0, 0.6, 0.2)
    discount = np.round(value * rng.uniform(0.05, 0.3, n), 2) * discounted
    status_p = weights(vocab("shop_orders", "status"), STATUS)
    status = rng.choice(len(status_p), n, p=status_p)
    guest = (mode > 0) & (~pop.has_account[person] | (rng.random(n) < GUEST_CHECKOUT))
    return Orders(
        person=person,
        t=t,
        mode=mode,
        value=value,
        discount=discount,
        items=1 + rng.poisson(value / 45),
        status=status,
        campaign=campaign,
        guest=guest,
    )
