"""Identifier strings: serial numbers, random unique integers, hex ids and UUIDs.

Chunks of one world (``part``, see :mod:`cdp.generate.chunks`) take their ids from their own
block of each id space, so that no two chunks ever hand out the same id; a whole world's
block is the whole space, which keeps its ids what they were before chunks existed.
"""

from __future__ import annotations

import numpy as np
import polars as pl
import pyarrow as pa

from cdp.generate.chunks import Chunk

HEX_SPACE = 2**62  # distinct heads of hex ids and UUIDs are drawn from 0..HEX_SPACE-1


def serials(prefix: str, numbers: np.ndarray, width: int) -> pl.Series:
    """Ids like ``prefix`` + zero-padded number."""
    numbers = np.asarray(numbers, dtype=np.int64)
    if len(numbers) and numbers.max() >= 10**width:  # a wider id would break the padding
        raise ValueError(f"{prefix!r} serial {numbers.max()} has more than {width} digits")
    # Adding 10**width and dropping the leading 1 pads faster than str.zfill.
    padded = pl.Series(numbers + 10**width).cast(pl.String)
    return pl.select(pl.concat_str(pl.lit(prefix), padded.str.slice(1))).to_series()


def serial_numbers(count: int, first: int, width: int, part: Chunk) -> np.ndarray:
    """``count`` consecutive serial numbers, from ``first`` on in a whole world.

    A chunk numbers from the start of its block of the ``10**width - first`` numbers.
    """
    lo, hi = part.block(10**width - first)
    if count > hi - lo:
        raise ValueError(f"{count} serials from {first} overflow {width} digits in this chunk")
    return np.arange(count) + (first + lo)


def distinct(rng: np.random.Generator, n: int, space: int, part: Chunk | None = None) -> np.ndarray:
    """``n`` different random integers from ``0..space-1``: ids unique by construction.

    With ``part``, from that chunk's block of the space only (None: things of the whole
    world, such as the product catalog).
    """
    lo, hi = part.block(space) if part else (0, space)
    return lo + rng.choice(hi - lo, size=n, replace=False)


def hex_ids(rng: np.random.Generator, n: int, nbytes: int, part: Chunk) -> pl.Series:
    """``n`` different random lowercase hex strings of ``2 * nbytes`` (>= 16) characters."""
    # The first eight bytes are distinct integers, which makes the ids unique.
    head = distinct(rng, n, HEX_SPACE, part).astype(">u8").view(np.uint8).reshape(n, 8)
    tail = rng.integers(0, 256, size=(n, nbytes - 8), dtype=np.uint8)
    raw = np.ascontiguousarray(np.hstack([head, tail]))
    arr = pa.FixedSizeBinaryArray.from_buffers(
        pa.binary(nbytes), n, [None, pa.py_buffer(raw.tobytes())]
    )
    return pl.Series(pl.from_arrow(arr)).cast(pl.Binary).bin.encode("hex")


def uuids(rng: np.random.Generator, n: int, part: Chunk) -> pl.Series:
    """``n`` different random UUID-formatted strings (8-4-4-4-12 hex digits)."""
    digits = hex_ids(rng, n, 16, part)
    cuts = ((0, 8), (8, 12), (12, 16), (16, 20), (20, 32))
    parts = [digits.str.slice(a, b - a) for a, b in cuts]
    return parts[0] + "-" + parts[1] + "-" + parts[2] + "-" + parts[3] + "-" + parts[4]


def numbered(
    frame: pl.DataFrame,
    column: str,
    prefix: str,
    days: int,
    part: Chunk,
    first: int = 1_000_001,
    width: int = 8,
) -> pl.DataFrame:
    """Keep the rows of the window, sort them by time ``_t`` and number them in ``column``.

    Source systems hand out ids in the order things happen, so the ids grow with time
    (within each chunk ``part`` of a split world).
    """
    frame = (
        frame.filter((pl.col("_t") >= 0) & (pl.col("_t") < days))
        .sort("_t", maintain_order=True)
        .drop("_t")
    )
    numbers = serial_numbers(frame.height, first, width, part)
    return frame.with_columns(serials(prefix, numbers, width).alias(column))
