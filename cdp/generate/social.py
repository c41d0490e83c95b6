"""Social listening: mentions and comments, complaint DMs, and the brand's replies."""

from __future__ import annotations

import numpy as np
import polars as pl

from cdp.generate.config import GeneratorConfig, stream
from cdp.generate.ids import numbered
from cdp.generate.issues import SOCIAL, Issues
from cdp.generate.population import Population
from cdp.generate.profiles import Profiles
from cdp.generate.vector import (
    ONLINE_HOURS,
    diurnal,
    masked,
    pick,
    poisson_times,
    timestamps,
    vocab,
)

ORGANIC = {"mention": 0.45, "comment": 0.45, "dm": 0.1}
TOPICS = ("product", "delivery", "price", "service", "promotion", "store_experience", "app")
# Topic the listening tool assigns to a complaint DM, by ticket category.
CATEGORY_TOPICS = {
    "delivery": "delivery",
    "billing": "price",
    "product_quality": "product",
    "returns": "service",
    "account": "app",
    "service": "service",
    "other": "service",
}
POSTS_PER_YEAR = 1.2
EMAIL_IN_DM = 0.35  # complaint DMs in which the customer shares their email


def build(
    config: GeneratorConfig,
    pop: Population,
    profiles: Profiles,
    issues: Issues,
    engaged_until: np.ndarray,
) -> pl.DataFrame:
    """Interactions of persons who have a social handle, inbound and outbound."""
    rng = stream(config, "social")
    days = float(config.days)
    start = np.maximum(pop.acquired, 0)
    until = np.clip(engaged_until, start, days)
    rate = np.where(pop.social >= 0, POSTS_PER_YEAR / 365, 0.0)
    posts = poisson_times(rng, start, until, rate)
    later = poisson_times(rng, until, np.full(pop.n, days), rate * 0.3)
    dms = issues.take(np.flatnonzero(issues.via == SOCIAL))
    inbound_person = np.concatenate([posts[0], later[0], dms.person])
    inbound_t = np.concatenate([diurnal(np.concatenate([posts[1], later[1]]), ONLINE_HOURS), dms.t])
    n_org, n_dm = len(posts[0]) + len(later[0]), len(dms.t)
    types = vocab("social_interactions", "interaction_type")
    organic = rng.choice(len(ORGANIC), n_org, p=list(ORGANIC.values()))
    kind = np.concatenate(
        [np.array([types.index(k) for k in ORGANIC])[organic], np.full(n_dm, types.index("dm"))]
    )
    sentiment = np.concatenate(
        [
            0.25 + 0.25 * pop.satisfaction[inbound_person[:n_org]] + rng.normal(0, 0.3, n_org),
            rng.normal(-0.55, 0.25, n_dm),
        ]
    )
    category_topic = np.array(
        [
            TOPICS.index(CATEGORY_TOPICS.get(c, "service"))
            for c in vocab("support_tickets", "category")
        ]
    )
    topic = np.concatenate([rng.integers(0, len(TOPICS), n_org), category_topic[dms.category]])
    shares_email = np.concatenate([np.zeros(n_org, dtype=bool), rng.random(n_dm) < EMAIL_IN_DM])
    # The brand answers most complaint DMs and some posts, a few hours later.
    answered = rng.random(len(inbound_t)) < np.where(np.arange(len(inbound_t)) < n_org, 0.15, 0.7)
    reply_t = inbound_t[answered] + rng.exponential(3 / 24, int(answered.sum()))
    person = np.concatenate([inbound_person, inbound_person[answered]])
    t = np.concatenate([inbound_t, reply_t])
    directions = vocab("social_interactions", "direction")
    outbound = np.arange(len(t)) >= len(inbound_t)
    frame = pl.DataFrame(
        {
            "occurred_at": timestamps(config.start, t),
            "platform": pick(
                vocab("social_interactions", "platform"), np.maximum(pop.social[person], 0)
            ),
            "handle": profiles.handle.gather(person),
            "email": masked(
                np.r_[shares_email, np.zeros(len(reply_t), dtype=bool)],
                profiles.email.gather(person),
            ),
            "interaction_type": pick(
                types, np.concatenate([kind, np.full(len(reply_t), types.index("reply"))])
            ),
            "direction": pick(
                directions,
                np.where(outbound, directions.index("outbound"), directions.index("inbound")),
            ),
            "sentiment": np.round(
                np.clip(np.concatenate([sentiment, rng.normal(0.4, 0.15, len(reply_t))]), -1, 1),
                3,
            ),
            "topic": pick(TOPICS, np.concatenate([topic, topic[answered]])),
            "_person": person,
            "_t": t,
        }
    )
    return numbered(frame, "interaction_id", "", days, config.part, first=17_000_000_000, width=11)
