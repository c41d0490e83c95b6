"""How each source writes identifiers: emails with odd case and spaces, phones in six formats.

Rates are those at ``dirt=1``, scaled by ``GeneratorConfig.dirt``; with ``dirt=0`` every
email is lowercase and trimmed and every phone is E.164, as the truth has them.
"""

from __future__ import annotations

import numpy as np
import polars as pl

from cdp.contracts import SourceContract
from cdp.generate.config import GeneratorConfig

# Share of emails typed with odd case or stray spaces, per source.
EMAIL_NOISE = {
    "crm_customers": 0.15,
    "shop_orders": 0.05,
    "esp_email_events": 0.03,
    "web_events": 0.02,
    "social_interactions": 0.2,
    "support_tickets": 0.15,
    "survey_responses": 0.08,
}
# Share of phones not in E.164, and the odds of each other format, per source. Telephony
# logs favour 44... and 07...; people typing numbers use everything.
PHONE_NOISE = {"crm_customers": 0.6, "callcenter_calls": 0.8, "support_tickets": 0.5}
PHONE_STYLES = {"callcenter_calls": (1, 3, 1, 1, 0.5, 4)}
TYPED_PHONE_STYLES = (1, 1, 1, 1, 1, 1)


def reformat_identifiers(
    frame: pl.DataFrame,
    contract: SourceContract,
    config: GeneratorConfig,
    rng: np.random.Generator,
) -> pl.DataFrame:
    """Write canonical emails and phones the way each source system would."""
    for column, kind in contract.identifier_columns.items():
        if kind == "email" and contract.name in EMAIL_NOISE:
            rate, styles, variants = EMAIL_NOISE[contract.name], (1, 1, 1, 1, 1), _email_variants
        elif kind == "phone" and contract.name in PHONE_NOISE:
            rate = PHONE_NOISE[contract.name]
            styles = PHONE_STYLES.get(contract.name, TYPED_PHONE_STYLES)
            variants = _phone_variants
        else:
            continue
        p = np.array(styles, dtype=float) / sum(styles)
        messy = np.flatnonzero(rng.random(frame.height) < config.dirt_rate(rate))
        style = 1 + rng.choice(len(p), len(messy), p=p)
        # Only the messy rows are rewritten: a few percent of a large export.
        value = pl.col(column)
        for k, variant in enumerate(variants(pl.col(column)), start=1):
            value = pl.when(pl.col("_style") == k).then(variant).otherwise(value)
        changed = (
            pl.DataFrame({column: frame[column].gather(messy), "_style": style})
            .select(value.alias(column))
            .to_series()
        )
        frame = frame.with_columns(frame[column].clone().scatter(messy, changed))
    return frame


def _email_variants(email: pl.Expr) -> list[pl.Expr]:
    return [
        email.str.slice(0, 1).str.to_uppercase() + email.str.slice(1),
        email.str.to_uppercase(),
        " " + email,
        email + " ",
        email.str.to_titlecase(),
    ]


def _phone_variants(phone: pl.Expr) -> list[pl.Expr]:
    """``+447700900123`` as ``+44 7700 900123``, ``07700900123``, ``07700 900 123``,
    ``0044 7700 900123``, ``(07700) 900-123`` and ``447700900123``."""
    d = phone.str.slice(3)  # the ten national digits
    a, b, c, bc = d.str.slice(0, 4), d.str.slice(4, 3), d.str.slice(7), d.str.slice(4)
    return [
        "+44 " + a + " " + bc,
        "0" + d,
        "0" + a + " " + b + " " + c,
        "0044 " + a + " " + bc,
        "(0" + a + ") " + b + "-" + c,
        "44" + d,
    ]
