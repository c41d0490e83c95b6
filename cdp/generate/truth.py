"""Ground truth for scoring identity resolution and models; the pipeline never reads it."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import polars as pl

from cdp.generate.population import ACQUISITION_CHANNELS, KINDS, MODES
from cdp.generate.vector import masked, pick, timestamps, vocab
from cdp.generate.world import World


def persons(world: World) -> pl.DataFrame:
    """One row per person: latent traits, what happened to them, and who they live with.

    Parameters
    ----------
    world
        The simulation the sources were sampled from.

    Returns
    -------
    polars.DataFrame
        Latent traits (``purchase_rate_per_day`` and ``dropout_probability`` of BG/NBD,
        ``mean_spend`` of Gamma-Gamma, ``responsiveness``, ``satisfaction``, channel
        shares), how the person was acquired, household and identity facts, and outcomes:
        ``churned``/``churned_at``/``churn_cause`` (buyers only), ``orders`` and
        ``revenue`` in the window (all statuses), ``complaints`` in the window and
        ``unsubscribed_at``.
    """
    config, pop, history = world.config, world.pop, world.history
    days, acquisition, unsubscribed = config.days, world.acquisition, world.mail.unsubscribed
    orders, tau, issues = history.orders, history.tau, history.issues
    window = orders.t >= 0
    paid = np.round(orders.value - orders.discount, 2)
    count = np.bincount(orders.person[window], minlength=pop.n)
    complaints = np.bincount(
        issues.person[issues.complaint & (issues.t >= 0) & (issues.t < days)], minlength=pop.n
    )
    churned = pop.buyer & (tau < days)
    platforms = vocab("social_interactions", "platform")

    def at(t: np.ndarray, when: np.ndarray) -> pl.Series:
        return masked(when, timestamps(config.start, np.where(when, t, 0.0)))

    return pl.DataFrame(
        {
            "person_id": world.people.person_id,
            "kind": pick(KINDS, pop.kind),
            "is_prospect": ~pop.buyer,
            "acquired_at": timestamps(config.start, pop.acquired),
            "acquisition_channel": pick(ACQUISITION_CHANNELS, pop.channel),
            "acquisition_campaign": masked(
                acquisition >= 0, world.cal.ids.gather(np.maximum(acquisition, 0))
            ),
            "purchase_rate_per_day": pop.rate,
            "dropout_probability": pop.dropout,
            "mean_spend": np.round(pop.spend, 2),
            "responsiveness": pop.responsiveness,
            "satisfaction": pop.satisfaction,
            **{f"share_{mode}": pop.shares[:, k] for k, mode in enumerate(MODES)},
            "in_crm": pop.in_crm,
            "has_account": pop.has_account,
            "has_loyalty": pop.has_loyalty,
            "has_app": pop.has_app,
            "household_id": pl.Series(pop.household).replace(-1, None).cast(pl.Int64),
            "uses_household_phone": pop.landline,
            "social_platform": masked(pop.social >= 0, pick(platforms, np.maximum(pop.social, 0))),
            "churned": churned,
            "churned_at": at(tau, churned),
            "churn_cause": masked(
                churned, pl.Series(np.where(history.experience, "bad_experience", "dropout"))
            ),
            "orders": count,
            "orders_before_window": np.bincount(orders.person[~window], minlength=pop.n),
            "revenue": np.round(np.bincount(orders.person[window], paid[window], pop.n), 2),
            "complaints": complaints,
            "unsubscribed_at": at(unsubscribed, unsubscribed < days),
        }
    )


def write(
    truth_dir: Path, people: pl.DataFrame, identifiers: pl.DataFrame, person_id: pl.Series
) -> None:
    """Write ``persons.parquet`` and ``identifiers.parquet`` under ``truth_dir``."""
    people.write_parquet(truth_dir / "persons.parquet")
    ids = identifiers.unique().sort("kind", "value", "_person")
    ids.select("kind", "value").with_columns(
        person_id=person_id.gather(ids["_person"].to_numpy())
    ).write_parquet(truth_dir / "identifiers.parquet")
