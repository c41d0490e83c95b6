"""Identifier strings: serial numbers, random unique integers, hex ids and UUIDs."""

from __future__ import annotations

import numpy as np
import polars as pl
import pyarrow as pa


def serials(prefix: str, numbers: np.ndarray, width: int) -> pl.Series:
    """Ids like ``prefix`` + zero-padded number."""
    # Adding 10**width and dropping the leading 1 pads faster than str.zfill.
    padded = pl.Series(np.asarray(numbers, dtype=np.int64) + 10**width).cast(pl.String)
    return pl.select(pl.concat_str(pl.lit(prefix), padded.str.slice(1))).to_series()


def distinct(rng: np.random.Generator, n: int, space: int) -> np.ndarray:
    """``n`` different random integers from ``0..space-1``: ids unique by construction."""
    return rng.choice(space, size=n, replace=False)


def hex_ids(rng: np.random.Generator, n: int, nbytes: int) -> pl.Series:
    """``n`` different random lowercase hex strings of ``2 * nbytes`` (>= 16) characters."""
    # The first eight bytes are distinct integers, which makes the ids unique.
    head = distinct(rng, n, 2**62).astype(">u8").view(np.uint8).reshape(n, 8)
    tail = rng.integers(0, 256, size=(n, nbytes - 8), dtype=np.uint8)
    raw = np.ascontiguousarray(np.hstack([head, tail]))
    arr = pa.FixedSizeBinaryArray.from_buffers(
        pa.binary(nbytes), n, [None, pa.py_buffer(raw.tobytes())]
    )
    return pl.Series(pl.from_arrow(arr)).cast(pl.Binary).bin.encode("hex")


def uuids(rng: np.random.Generator, n: int) -> pl.Series:
    """``n`` different random UUID-formatted strings (8-4-4-4-12 hex digits)."""
    digits = hex_ids(rng, n, 16)
    cuts = ((0, 8), (8, 12), (12, 16), (16, 20), (20, 32))
    parts = [digits.str.slice(a, b - a) for a, b in cuts]
    return parts[0] + "-" + parts[1] + "-" + parts[2] + "-" + parts[3] + "-" + parts[4]


def numbered(
    frame: pl.DataFrame, column: str, prefix: str, days: int, first: int = 1_000_001, width: int = 8
) -> pl.DataFrame:
    """Keep the rows of the window, sort them by time ``_t`` and number them in ``column``.

    Source systems hand out ids in the order things happen, so the ids grow with time.
    """
    frame = (
        frame.filter((pl.col("_t") >= 0) & (pl.col("_t") < days))
        .sort("_t", maintain_order=True)
        .drop("_t")
    )
    return frame.with_columns(serials(prefix, np.arange(frame.height) + first, width).alias(column))
