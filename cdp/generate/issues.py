"""Service issues: problems after purchases and general questions, and the churn they cause.

An issue is one reason to contact the brand. It surfaces as a call, a ticket or a social
DM (``via``), may be a complaint, and may end in a satisfaction score. Complaints and poor
scores push some persons to leave: :func:`churn_triggers` is how satisfaction feeds back
into the purchase process.
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace

import numpy as np

from cdp.generate.orders import Orders
from cdp.generate.population import Population
from cdp.generate.vector import (
    OFFICE_HOURS,
    ONLINE_HOURS,
    categorical,
    diurnal,
    poisson_times,
    vocab,
    weights,
)

CALL, TICKET, SOCIAL = 0, 1, 2
ORDER_CATEGORIES = {
    "store": {
        "product_quality": 0.4,
        "returns": 0.3,
        "service": 0.2,
        "billing": 0.05,
        "other": 0.05,
    },
    "online": {
        "delivery": 0.35,
        "returns": 0.2,
        "product_quality": 0.2,
        "billing": 0.1,
        "service": 0.1,
        "other": 0.05,
    },
}
QUESTION_CATEGORIES = {"account": 0.4, "billing": 0.3, "other": 0.2, "service": 0.1}
COMPLAINT_CHURN, POOR_SCORE_CHURN = 0.5, 0.25  # chance that the experience makes one leave


@dataclass(frozen=True)
class Issues:
    """One element per issue; ``order`` indexes the Orders it follows, -1 for none."""

    person: np.ndarray
    t: np.ndarray
    order: np.ndarray
    via: np.ndarray
    category: np.ndarray  # index into the support_tickets category vocabulary
    complaint: np.ndarray
    csat: np.ndarray  # 1-5, or 0 when the customer did not answer the survey
    resolve_days: np.ndarray

    def take(self, index: np.ndarray) -> Issues:
        return Issues(**{f.name: getattr(self, f.name)[index] for f in fields(self)})

    def renumber(self, order_index: np.ndarray) -> Issues:
        """Point ``order`` at the orders' new positions after some orders were dropped."""
        return replace(self, order=np.where(self.order >= 0, order_index[self.order], -1))

    def __add__(self, other: Issues) -> Issues:
        return Issues(
            **{
                f.name: np.concatenate([getattr(self, f.name), getattr(other, f.name)])
                for f in fields(self)
            }
        )


def from_orders(rng: np.random.Generator, pop: Population, orders: Orders) -> Issues:
    """Issues that follow purchases: late deliveries, returns, faulty products."""
    returned = orders.status == vocab("shop_orders", "status").index("returned")
    store = orders.mode == 0
    p = np.where(store, 0.02, 0.04) + 0.35 * returned
    which = np.flatnonzero(rng.random(len(orders.t)) < p)
    cats = vocab("support_tickets", "category")
    probs = np.where(
        store[which, None],
        weights(cats, ORDER_CATEGORIES["store"]),
        weights(cats, ORDER_CATEGORIES["online"]),
    )
    category = categorical(rng, probs)
    category = np.where(
        returned[which] & (rng.random(len(which)) < 0.7), cats.index("returns"), category
    )
    lag = rng.gamma(np.where(store[which], 1.0, 2.0), 1.5)
    return _describe(rng, pop, orders.person[which], orders.t[which] + lag, which, category)


def questions(rng: np.random.Generator, pop: Population, tau: np.ndarray, days: int) -> Issues:
    """General questions of known customers (account, billing...), fewer once gone."""
    start = np.maximum(pop.acquired, 0)
    gone = np.clip(np.minimum(tau, pop.lapse), start, days)
    person, t = poisson_times(rng, start, gone, np.where(pop.in_crm, 0.55 / 365, 0.0))
    late_person, late_t = poisson_times(
        rng, gone, np.full(pop.n, float(days)), np.where(pop.in_crm, 0.1 / 365, 0.0)
    )
    person, t = np.concatenate([person, late_person]), np.concatenate([t, late_t])
    cats = vocab("support_tickets", "category")
    category = rng.choice(len(cats), len(t), p=weights(cats, QUESTION_CATEGORIES))
    return _describe(rng, pop, person, t, np.full(len(t), -1), category, complaint_bias=-1.5)


def _describe(
    rng: np.random.Generator,
    pop: Population,
    person: np.ndarray,
    t: np.ndarray,
    order: np.ndarray,
    category: np.ndarray,
    complaint_bias: float = 0.0,
) -> Issues:
    n = len(t)
    via = rng.choice(3, n, p=[0.4, 0.5, 0.1])
    via = np.where((via == SOCIAL) & (pop.social[person] < 0), TICKET, via)
    sat = pop.satisfaction[person]
    complaint = rng.random(n) < 1 / (1 + np.exp(0.9 - complaint_bias + 0.6 * sat))
    resolve = rng.gamma(1.5, 0.8, n) * np.where(complaint, 1.8, 1.0)
    score = np.round(3.7 + 0.7 * sat - 1.3 * complaint - 0.15 * resolve + rng.normal(0, 0.8, n))
    csat = np.where(rng.random(n) < 0.4, np.clip(score, 1, 5), 0).astype(np.int64)
    t = np.where(via == CALL, diurnal(t, OFFICE_HOURS), diurnal(t, ONLINE_HOURS))
    return Issues(
        person=person,
        t=t,
        order=order,
        via=via,
        category=category,
        complaint=complaint,
        csat=csat,
        resolve_days=resolve,
    )


def churn_triggers(rng: np.random.Generator, issues: Issues, n: int) -> np.ndarray:
    """When each person leaves because of a bad experience (inf if never)."""
    poor = (issues.csat > 0) & (issues.csat <= 2)
    p = np.where(issues.complaint, COMPLAINT_CHURN, np.where(poor, POOR_SCORE_CHURN, 0.0))
    fires = rng.random(len(p)) < p
    trigger = np.full(n, np.inf)
    np.minimum.at(trigger, issues.person[fires], (issues.t + issues.resolve_days)[fires])
    return trigger
