"""Help-desk tickets: category, complaint flag, priority, resolution and satisfaction."""

from __future__ import annotations

import numpy as np
import polars as pl

from cdp.generate.config import GeneratorConfig, stream
from cdp.generate.dirt import JUNK_EMAIL, JUNK_EMAIL_RATE
from cdp.generate.ids import numbered
from cdp.generate.issues import TICKET, Issues
from cdp.generate.population import Population
from cdp.generate.profiles import Profiles, phone_at
from cdp.generate.vector import categorical, masked, pick, timestamps, vocab, weights

TICKET_CHANNELS = {"email": 0.45, "web_form": 0.3, "chat": 0.2, "phone": 0.05}
PRIORITIES = {"low": 0.3, "normal": 0.6, "high": 0.1}
COMPLAINT_PRIORITIES = {"normal": 0.3, "high": 0.5, "urgent": 0.2}


def build(
    config: GeneratorConfig, pop: Population, profiles: Profiles, issues: Issues
) -> pl.DataFrame:
    """Help-desk tickets: category, complaint flag, priority, resolution and CSAT."""
    rng = stream(config, "tickets")
    tk = issues.take(np.flatnonzero(issues.via == TICKET))
    n, person = len(tk.t), tk.person
    channels = vocab("support_tickets", "channel")
    channel = rng.choice(len(channels), n, p=weights(channels, TICKET_CHANNELS))
    by_phone = channel == channels.index("phone")
    # Agents type a placeholder when a caller has no email on file.
    junk = by_phone & ~pop.email_known[person] & (rng.random(n) < config.dirt_rate(JUNK_EMAIL_RATE))
    priorities = vocab("support_tickets", "priority")
    table = np.stack(
        [weights(priorities, PRIORITIES, 0.0), weights(priorities, COMPLAINT_PRIORITIES, 0.0)]
    )
    statuses = vocab("support_tickets", "status")
    u = rng.random(n)
    resolved_at = tk.t + tk.resolve_days
    escalated, closed, done, still_open = (
        statuses.index(s) for s in ("escalated", "closed_unresolved", "resolved", "open")
    )
    status = np.where(u < 0.07, escalated, np.where(u < 0.12, closed, done))
    # Tickets that would be resolved after the export are still open in it.
    status = np.where((status == done) & (resolved_at >= config.days), still_open, status)
    resolved = status == done
    frame = pl.DataFrame(
        {
            "created_at": timestamps(config.start, tk.t),
            "email": masked(~by_phone, profiles.email.gather(person)).zip_with(
                pl.Series(~junk), pl.repeat(JUNK_EMAIL, n, eager=True)
            ),
            # Some who write in also leave a phone number.
            "phone": masked(
                by_phone | (rng.random(n) < 0.25), phone_at(pop, profiles, person, tk.t)
            ),
            "channel": pick(channels, channel),
            "category": pick(vocab("support_tickets", "category"), tk.category),
            "is_complaint": tk.complaint,
            "priority": pick(priorities, categorical(rng, table[tk.complaint.astype(int)])),
            "status": pick(statuses, status),
            "resolved_at": masked(resolved, timestamps(config.start, resolved_at)),
            "csat": pl.Series(np.where(resolved, tk.csat, 0), dtype=pl.Int32).replace(0, None),
            "_person": person,
            "_t": tk.t,
        }
    )
    return numbered(frame, "ticket_id", "TK", config.days, config.part)
