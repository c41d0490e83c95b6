"""The latent population: who the persons are and how they would behave.

Nothing here is observable in an export; the sources are sampled from these traits and
the traits are written to ``truth/persons.parquet`` so models can be scored against them.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from cdp.generate import households
from cdp.generate.config import GeneratorConfig, stream
from cdp.generate.vector import ONLINE_HOURS, STORE_HOURS, diurnal, vocab, weights

ACQUISITION_CHANNELS = (
    "paid_search",
    "paid_social",
    "email",
    "display",
    "affiliate",
    "organic",
    "store",
)
ACQUISITION_WEIGHTS = np.array([0.17, 0.14, 0.06, 0.05, 0.05, 0.30, 0.23])
STORE = ACQUISITION_CHANNELS.index("store")
KINDS = ("buyer", "newsletter", "browser")  # the last two are prospects: they never buy
MODES = ("store", "web", "app")  # where a purchase happens
SOCIAL_PLATFORMS = {"instagram": 0.4, "facebook": 0.3, "x": 0.15, "tiktok": 0.15}
# Gamma-Gamma spend model: order value ~ Gamma(SPEND_SHAPE, nu), nu ~ Gamma(q, 1 / gamma).
SPEND_SHAPE, SPEND_Q = 6.0, 4.0
# BG/NBD heterogeneity: lambda ~ Gamma(r, ...), dropout p ~ Beta(a, b).
RATE_SHAPE, DROPOUT_A, DROPOUT_B = 0.6, 1.0, 5.0
HISTORY_DAYS = 730  # how far before the window pre-existing persons may have arrived


@dataclass(frozen=True)
class Population:
    """Per-person traits, one array element per person. Times are days since start."""

    acquired: np.ndarray
    channel: np.ndarray  # index into ACQUISITION_CHANNELS
    kind: np.ndarray  # index into KINDS
    rate: np.ndarray  # BG/NBD purchase rate per day while alive (0 for prospects)
    dropout: np.ndarray  # BG/NBD probability of dropping out after each purchase
    spend: np.ndarray  # Gamma-Gamma mean order value
    responsiveness: np.ndarray  # propensity to open and click marketing
    satisfaction: np.ndarray  # standard-normal latent satisfaction
    shares: np.ndarray  # (n, 3) purchase shares over MODES
    has_app: np.ndarray
    has_account: np.ndarray
    has_loyalty: np.ndarray
    email_known: np.ndarray  # the brand has the person's email (CRM, ESP lists)
    in_crm: np.ndarray
    consent_from: np.ndarray  # marketing opt-in time, inf if never
    household: np.ndarray  # household id, -1 when the person shares no landline
    landline: np.ndarray  # gives the household landline rather than a mobile
    social: np.ndarray  # index into the social_interactions platform vocabulary, -1 if none
    home_store: np.ndarray
    browse_rate: np.ndarray  # web sessions per day while engaged
    phone_change: np.ndarray  # when the person gets a new mobile number, inf if never
    move: np.ndarray  # when the person moves house, inf if never
    lapse: np.ndarray  # when a prospect loses interest (buyers churn instead: purchases)

    @property
    def n(self) -> int:
        return len(self.acquired)

    @property
    def buyer(self) -> np.ndarray:
        return self.kind == 0


def draw(config: GeneratorConfig) -> Population:
    """Draw the population's latent traits.

    Parameters
    ----------
    config
        Generator settings; ``customers`` persons are drawn.

    Returns
    -------
    Population
        Arrays of traits, deterministic for ``config.seed``.
    """
    rng = stream(config, "population")
    n = config.customers
    u = rng.random((n, 8))  # uniforms for the independent yes/no traits below
    pre = u[:, 0] < config.preexisting_share
    # u ** 0.8 skews arrivals towards the end of the window: the business is growing.
    acquired = np.where(pre, -rng.random(n) * HISTORY_DAYS, rng.random(n) ** 0.8 * config.days)
    prospect = u[:, 1] < config.prospect_share
    kind = np.where(prospect, np.where(u[:, 2] < 0.6, 1, 2), 0)
    channel = rng.choice(len(ACQUISITION_CHANNELS), size=n, p=ACQUISITION_WEIGHTS)
    channel[prospect & (channel == STORE)] = ACQUISITION_CHANNELS.index("organic")
    in_store = channel == STORE
    acquired = np.where(in_store, diurnal(acquired, STORE_HOURS), diurnal(acquired, ONLINE_HOURS))

    # Store-acquired people mostly keep shopping in store; the others mostly online.
    alpha = np.where(in_store[:, None], [5.0, 1.0, 0.6], [0.8, 4.0, 1.5])
    shares = rng.gamma(alpha)
    shares /= shares.sum(axis=1, keepdims=True)
    has_app = shares[:, 2] > 0.2
    shares[~has_app, 1] += shares[~has_app, 2]
    shares[~has_app, 2] = 0.0
    buyer = kind == 0
    has_account = buyer & (shares[:, 1] + shares[:, 2] >= 0.1)
    has_loyalty = buyer & (shares[:, 0] >= 0.15) & (u[:, 3] < 0.7)
    newsletter = kind == 1
    email_known = has_account | newsletter | (has_loyalty & (u[:, 4] < 0.75))
    in_crm = has_account | has_loyalty | newsletter

    satisfaction = rng.standard_normal(n)
    rate = rng.gamma(RATE_SHAPE, config.purchases_per_year / 365 / RATE_SHAPE, n) * buyer
    base = rng.beta(DROPOUT_A, DROPOUT_B, n)
    # Unhappy customers are likelier to leave after any purchase.
    dropout = 1 / (1 + np.exp(-(np.log(base / (1 - base)) - 0.5 * satisfaction)))
    nu = rng.gamma(SPEND_Q, SPEND_SHAPE / ((SPEND_Q - 1) * config.mean_order_value), n)
    opt_in_later = acquired + rng.exponential(150, n)
    consent_from = np.where(
        newsletter | (in_crm & (u[:, 5] < 0.6)),
        acquired,
        np.where(in_crm & (u[:, 5] < 0.75), opt_in_later, np.inf),
    )
    household, landline = households.draw(config)
    online = shares[:, 1] + shares[:, 2]
    platforms = weights(vocab("social_interactions", "platform"), SOCIAL_PLATFORMS)
    social = np.where(
        u[:, 6] < np.where(buyer, 0.22, 0.1), rng.choice(len(platforms), n, p=platforms), -1
    )
    return Population(
        acquired=acquired,
        channel=channel,
        kind=kind,
        rate=rate,
        dropout=dropout,
        spend=SPEND_SHAPE / nu,
        responsiveness=rng.beta(2.0, 5.0, n),
        satisfaction=satisfaction,
        shares=shares,
        has_app=has_app & buyer,
        has_account=has_account,
        has_loyalty=has_loyalty,
        email_known=email_known,
        in_crm=in_crm,
        consent_from=consent_from,
        household=household,
        landline=landline,
        social=social,
        home_store=rng.integers(0, config.stores, n),
        browse_rate=np.where(
            buyer, 0.04 + 0.08 * online + 5 * rate * online, np.where(newsletter, 0.01, 0.06)
        ),
        phone_change=acquired + rng.exponential(365 / 0.04, n),
        move=acquired + rng.exponential(365 / 0.05, n),
        lapse=np.where(buyer, np.inf, acquired + rng.exponential(120, n)),
    )
