"""NPS and CSAT survey responses after purchases, after support, and every quarter."""

from __future__ import annotations

import numpy as np
import polars as pl

from cdp.generate.config import GeneratorConfig, stream
from cdp.generate.ids import numbered
from cdp.generate.issues import CALL, TICKET
from cdp.generate.population import Population
from cdp.generate.profiles import Profiles
from cdp.generate.purchases import History
from cdp.generate.vector import masked, pick, timestamps, vocab

COMMENTS = {  # by score band: detractor-ish, passive, promoter-ish
    0: (
        "Delivery took far too long",
        "Nobody answered my emails",
        "Item arrived damaged",
        'The "express" delivery was anything but',
        "Refund still not received, 3 weeks on",
    ),
    1: ("It was fine", "Okay, a bit pricey", "Website is slow, but the products are good"),
    2: (
        "Great service, thanks!",
        "Staff were really helpful",
        "Love the app",
        "Quick delivery, good quality, will order again",
    ),
}
QUARTER = 91


def build(
    config: GeneratorConfig,
    pop: Population,
    profiles: Profiles,
    history: History,
    unsubscribed: np.ndarray,
) -> pl.DataFrame:
    """Responses after purchases and support contacts, and quarterly relationship NPS.

    Scores follow the person's latent satisfaction; complaints and having left the brand
    pull them down, so scores are an honest (noisy) signal of churn risk.
    """
    rng = stream(config, "surveys")
    days = config.days
    orders, issues = history.orders, history.issues
    reachable = (orders.mode > 0) | (pop.has_loyalty & pop.email_known)[orders.person]
    bought = np.flatnonzero((orders.t >= 0) & reachable & (rng.random(len(orders.t)) < 0.05))
    helped = np.flatnonzero(
        ((issues.via == CALL) | (issues.via == TICKET)) & (rng.random(len(issues.t)) < 0.15)
    )
    waves = np.arange(QUARTER / 2, days, QUARTER)
    listed = pop.email_known & np.isfinite(pop.consent_from)
    wave, member = np.nonzero(
        listed[None, :]
        & (pop.consent_from[None, :] <= waves[:, None])
        & (unsubscribed[None, :] > waves[:, None])
        & (rng.random((len(waves), pop.n)) < 0.07)
    )
    person = np.concatenate([orders.person[bought], issues.person[helped], member])
    t = np.concatenate(
        [
            orders.t[bought] + rng.uniform(1, 6, len(bought)),
            issues.t[helped] + issues.resolve_days[helped] + rng.uniform(0.1, 2, len(helped)),
            waves[wave] + rng.exponential(2.0, len(wave)),
        ]
    )
    touchpoints = vocab("survey_responses", "touchpoint")
    touchpoint = np.repeat(
        [touchpoints.index(p) for p in ("post_purchase", "post_support", "relationship")],
        [len(bought), len(helped), len(wave)],
    )
    types = vocab("survey_responses", "survey_type")
    nps = np.concatenate(
        [
            rng.random(len(bought)) < 0.5,
            np.zeros(len(helped), dtype=bool),
            np.ones(len(wave), dtype=bool),
        ]
    )
    bad = np.concatenate(
        [np.zeros(len(bought)), issues.complaint[helped] * 1.0, np.zeros(len(wave))]
    ) + (t >= history.tau[person])
    n = len(t)
    sat = pop.satisfaction[person] + rng.normal(0, 0.8, n) - 1.5 * bad
    score = np.where(
        nps, np.clip(np.round(7.8 + 1.6 * sat), 0, 10), np.clip(np.round(3.9 + 0.7 * sat), 1, 5)
    ).astype(np.int32)
    band = np.where(nps, np.digitize(score, [7, 9]), np.digitize(score, [3, 5]))
    commented = rng.random(n) < 0.25
    sizes = np.array([len(COMMENTS[b]) for b in range(3)])
    text = pl.Series([remark for b in range(3) for remark in COMMENTS[b]])
    comment = (np.cumsum(sizes) - sizes)[band] + (rng.random(n) * sizes[band]).astype(int)
    frame = pl.DataFrame(
        {
            "email": profiles.email.gather(person),
            "survey_type": pick(types, np.where(nps, types.index("nps"), types.index("csat"))),
            "touchpoint": pick(touchpoints, touchpoint),
            "score": score,
            "submitted_at": timestamps(config.start, t),
            "comment": masked(commented, text.gather(comment)),
            "_person": person,
            "_t": t,
        }
    )
    return numbered(frame, "response_id", "SR", days, config.part)
