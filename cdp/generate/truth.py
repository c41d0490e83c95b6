"""Ground truth for scoring identity resolution and models; the pipeline never reads it."""

from __future__ import annotations

from pathlib import Path
from types import TracebackType

import numpy as np
import polars as pl
import pyarrow.parquet as pq

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
    household = pl.Series(pop.household).replace(-1, None).cast(pl.Int64)
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
            # Households never span chunks, and a chunk has fewer of them than persons:
            # offset by its first person, household ids are unique in the world.
            "household_id": household + config.part.first,
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


def identifiers(found: pl.DataFrame, person_id: pl.Series) -> pl.DataFrame:
    """Distinct (kind, value, person_id) of the identifiers collected from the exports.

    ``found`` holds (kind, value, _person) rows, ``person_id`` every person's id.
    """
    ids = found.unique().sort("kind", "value", "_person")
    return ids.select("kind", "value").with_columns(
        person_id=person_id.gather(ids["_person"].to_numpy())
    )


class Writer:
    """Writes ``persons.parquet`` and ``identifiers.parquet``, one chunk at a time.

    A world of one chunk is written by polars in one go, as it always was; the chunks of
    a split world are appended to one file each, so the truth stays one table whatever
    the size of the world. Identifiers are then sorted within each chunk only; chunks
    never share a person, so they are distinct all the same.
    """

    def __init__(self, truth_dir: Path, chunks: int) -> None:
        self.paths = {name: truth_dir / f"{name}.parquet" for name in ("persons", "identifiers")}
        self.chunks = chunks
        self.writers: dict[str, pq.ParquetWriter] = {}

    def write(self, people: pl.DataFrame, ids: pl.DataFrame) -> None:
        """Write (or append) one chunk's persons and identifiers."""
        for name, frame in (("persons", people), ("identifiers", ids)):
            if self.chunks == 1:
                frame.write_parquet(self.paths[name])
                continue
            table = frame.to_arrow()
            if name not in self.writers:
                self.writers[name] = pq.ParquetWriter(
                    self.paths[name], table.schema, compression="zstd"
                )
            writer = self.writers[name]
            # A chunk in which a column is all null must still append with the first's types.
            writer.write_table(
                table.cast(writer.schema) if table.schema != writer.schema else table
            )

    def __enter__(self) -> Writer:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        for writer in self.writers.values():
            writer.close()
