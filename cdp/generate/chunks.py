"""Chunks: a big population simulated and exported as independent groups of persons.

Simulating a million persons at once needs tens of gigabytes; a chunk of persons needs a
bounded amount, whatever the size of the world. Chunks are sub-populations of one world:
the calendar, stores and date window are the world's, while every id a chunk hands out
comes from the chunk's own block of each id space, so no two chunks ever share one.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from itertools import pairwise
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # config imports Chunk at run time; this import is for the type only
    from cdp.generate.config import GeneratorConfig


@dataclass(frozen=True)
class Chunk:
    """Which persons of the world one config simulates.

    Parameters
    ----------
    index
        Position of the chunk, from 0.
    count
        Chunks the world is split into.
    first
        World index of the chunk's first person.
    size
        Persons in the chunk: world indices ``first`` to ``first + size - 1``.
    world
        Persons in the whole world.
    """

    index: int
    count: int
    first: int
    size: int
    world: int

    def block(self, space: int) -> tuple[int, int]:
        """The chunk's block ``[lo, hi)`` of an id space ``0..space-1``.

        Blocks are proportional to the persons of each chunk, so a chunk's ids are drawn
        without knowing what the other chunks drew, and adjacent blocks meet without
        overlapping. The whole world's block is the whole space.
        """
        return space * self.first // self.world, space * (self.first + self.size) // self.world

    @property
    def suffix(self) -> str:
        """What the chunk's daily files add to their name: ``-part-03``, or nothing.

        A world in one chunk writes plain daily files. Every chunk of a split world writes
        parts, the first one included, so the parts of a day sort together and in order
        (``x_2025-01-01-part-00.csv`` before ``x_2025-01-01-part-01.csv``).
        """
        if self.count == 1:
            return ""
        return f"-part-{self.index:0{max(2, len(str(self.count - 1)))}d}"


def split(config: GeneratorConfig) -> list[GeneratorConfig]:
    """The configs the chunks of ``config``'s world are simulated with.

    A world of at most ``chunk_customers`` persons is one chunk: ``config`` itself, which
    writes exactly what an unchunked generator wrote. A bigger one is cut into chunks of
    nearly equal size, none above ``chunk_customers``.
    """
    world = config.customers
    count = -(-world // config.chunk_customers)
    if count == 1:
        return [config]
    bounds = [world * k // count for k in range(count + 1)]
    return [
        replace(config, customers=hi - lo, chunk=Chunk(k, count, lo, hi - lo, world))
        for k, (lo, hi) in enumerate(pairwise(bounds))
    ]
