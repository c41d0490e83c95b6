"""What to generate, what was generated, and the seeded random streams."""

from __future__ import annotations

import zlib
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import numpy as np

from cdp.generate.chunks import Chunk


@dataclass(frozen=True)
class GeneratorConfig:
    """Knobs of the sample-data generator.

    Parameters
    ----------
    customers
        Persons in the population, buyers and prospects alike.
    days
        Days of history, starting at ``start``.
    seed
        Seed of every random stream; the same config always writes the same bytes.
    start
        First day of the window. Fixed, never derived from today, so outputs reproduce.
    dirt
        Multiplies every dirt rate (formats, duplicates, junk values, malformed lines).
        ``0`` writes perfectly clean exports; ``2`` doubles the mess.
    prospect_share
        Persons who never buy: newsletter sign-ups and anonymous browsers.
    preexisting_share
        Persons acquired before ``start`` (up to two years earlier).
    purchases_per_year
        Mean latent purchase rate of buyers while alive.
    mean_order_value
        Mean of the person-level mean spend, GBP.
    email_campaigns_per_week, push_campaigns_per_week
        Cadence of newsletter sends and app pushes.
    stores
        Number of physical stores.
    duplicate_rate, late_duplicate_rate
        Share of rows repeated in the same file, and in the next day's file, at ``dirt=1``.
    malformed_rate
        Share of CSV/JSONL rows written as a broken line at ``dirt=1``.
    chunk_customers
        Most persons simulated at once. A bigger population is split into chunks of at
        most this many persons, simulated and exported one after another, which bounds
        memory; each chunk writes its daily files as parts, ``<source>_<date>-part-NN``
        (see :mod:`cdp.generate.chunks`). A population that fits in one chunk writes
        exactly what it would without chunks.
    chunk
        Not a knob: set by the generator on the config of each chunk, None for a whole
        world. Use :attr:`part`.
    """

    customers: int = 5000
    days: int = 456
    seed: int = 42
    start: date = date(2025, 1, 1)
    dirt: float = 1.0
    prospect_share: float = 0.3
    preexisting_share: float = 0.4
    purchases_per_year: float = 4.0
    mean_order_value: float = 60.0
    email_campaigns_per_week: float = 2.0
    push_campaigns_per_week: float = 1.0
    stores: int = 12
    duplicate_rate: float = 0.002
    late_duplicate_rate: float = 0.0005
    malformed_rate: float = 1 / 20_000
    chunk_customers: int = 100_000
    chunk: Chunk | None = None

    def __post_init__(self) -> None:
        if self.customers < 1 or self.days < 1 or self.chunk_customers < 1:
            raise ValueError("customers, days and chunk_customers must be positive")
        if self.dirt < 0:
            raise ValueError("dirt must be >= 0")
        if not 0 < self.email_campaigns_per_week <= 7 or not 0 < self.push_campaigns_per_week <= 7:
            raise ValueError("campaigns per week must be in (0, 7]: ids are one per day")
        for name in ("prospect_share", "preexisting_share"):
            if not 0 <= getattr(self, name) < 1:
                raise ValueError(f"{name} must be in [0, 1)")

    def dirt_rate(self, base: float) -> float:
        """A base dirt rate scaled by ``dirt`` and kept a probability."""
        return min(1.0, base * self.dirt)

    @property
    def part(self) -> Chunk:
        """The persons this config simulates: its chunk, or the whole world as one chunk."""
        return self.chunk or Chunk(0, 1, 0, self.customers, self.customers)


@dataclass(frozen=True)
class GenerationSummary:
    """What :func:`cdp.generate.generate` wrote."""

    landing_dir: Path
    truth_dir: Path
    rows: dict[str, int]
    files: dict[str, int]
    persons: int
    seconds: float


def stream(config: GeneratorConfig, name: str) -> np.random.Generator:
    """An independent random stream for one domain of the simulation.

    The stream is keyed by ``name`` rather than by position, so adding a source or a
    draw in one domain never shifts the numbers another domain sees. Each chunk of a split
    world draws its own numbers; the first chunk and an unsplit world share theirs, so a
    world that fits in one chunk writes what it always did. Domains of the whole world
    (the calendar, media spend) are drawn with the world's config, hence the same for
    every chunk.
    """
    key = zlib.crc32(name.encode())
    index = config.part.index
    spawn_key = (key,) if index == 0 else (key, index)
    return np.random.default_rng(np.random.SeedSequence(config.seed, spawn_key=spawn_key))
