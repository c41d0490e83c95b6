"""Call-centre contacts: inbound calls about issues and outbound win-back calls."""

from __future__ import annotations

import numpy as np
import polars as pl

from cdp.generate.config import GeneratorConfig, stream
from cdp.generate.ids import numbered, serials
from cdp.generate.issues import CALL, Issues
from cdp.generate.population import Population
from cdp.generate.profiles import Profiles, phone_at
from cdp.generate.vector import OFFICE_HOURS, categorical, diurnal, pick, timestamps, vocab, weights

# Contact reason an agent codes for each ticket category.
REASONS = {
    "delivery": "order_status",
    "billing": "billing",
    "product_quality": "product_question",
    "returns": "returns",
    "account": "account",
    "service": "order_status",
    "other": "product_question",
}
COMPLAINT_OUTCOMES = {"complaint": 0.5, "escalated": 0.3, "resolved": 0.2}
OUTCOMES = {"resolved": 0.75, "callback_scheduled": 0.12, "escalated": 0.08, "sale": 0.05}
WIN_BACK_OUTCOMES = {"no_answer": 0.45, "resolved": 0.4, "sale": 0.15}


def build(
    config: GeneratorConfig, pop: Population, profiles: Profiles, issues: Issues, tau: np.ndarray
) -> pl.DataFrame:
    """Inbound calls about issues, plus outbound win-back calls to customers who left."""
    rng = stream(config, "calls")
    days = config.days
    inbound = issues.take(np.flatnonzero(issues.via == CALL))
    lost = np.flatnonzero(pop.in_crm & (tau < days) & (rng.random(pop.n) < 0.3))
    win_back = diurnal(tau[lost] + rng.uniform(20, 80, len(lost)), OFFICE_HOURS)
    person = np.concatenate([inbound.person, lost])
    t = np.concatenate([inbound.t, win_back])
    outbound = np.arange(len(t)) >= len(inbound.t)
    complaint = np.concatenate([inbound.complaint, np.zeros(len(lost), dtype=bool)])
    cats = vocab("support_tickets", "category")
    reasons = vocab("callcenter_calls", "reason")
    reason = np.array([reasons.index(REASONS.get(c, "product_question")) for c in cats])
    reason = np.concatenate(
        [
            np.where(inbound.complaint, reasons.index("complaint"), reason[inbound.category]),
            np.full(len(lost), reasons.index("retention_offer")),
        ]
    )
    outcomes = vocab("callcenter_calls", "outcome")
    table = np.stack(
        [weights(outcomes, w, 0.0) for w in (OUTCOMES, COMPLAINT_OUTCOMES, WIN_BACK_OUTCOMES)]
    )
    outcome = categorical(rng, table[np.where(outbound, 2, complaint.astype(int))])
    answered = outcome != outcomes.index("no_answer")
    seconds = np.where(
        answered,
        30 + rng.gamma(2.0, 150, len(t)) * (1 + 0.5 * complaint),
        rng.uniform(0, 25, len(t)),
    )
    csat = np.concatenate([inbound.csat, np.zeros(len(lost), dtype=np.int64)])
    directions = vocab("callcenter_calls", "direction")
    frame = pl.DataFrame(
        {
            "phone": phone_at(pop, profiles, person, t),
            "started_at": timestamps(config.start, t),
            "duration_seconds": seconds.astype(np.int32),
            "direction": pick(
                directions,
                np.where(outbound, directions.index("outbound"), directions.index("inbound")),
            ),
            "reason": pick(reasons, reason),
            "outcome": pick(outcomes, outcome),
            "csat": pl.Series(csat, dtype=pl.Int32).replace(0, None),
            "agent_id": serials("AG", rng.integers(1, 41, len(t)), 3),
            "_person": person,
            "_t": t,
        }
    )
    return numbered(frame, "call_id", "CL", days, config.part)
