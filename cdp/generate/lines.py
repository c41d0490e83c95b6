"""Line-oriented exports (CSV, JSON lines) as bytes that can be cut into daily files."""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import polars as pl

CSV_OPTIONS = {"datetime_format": "%Y-%m-%d %H:%M:%S", "date_format": "%Y-%m-%d"}
SCAN_CHUNK = 1 << 22


@dataclass(frozen=True)
class Serialised:
    """A whole source serialised once: header, body, and where each row's line ends."""

    header: bytes
    body: memoryview
    starts: np.ndarray  # offset of each row's line in ``body``
    ends: np.ndarray  # offset just past each row's newline
    file_format: str

    @classmethod
    def of(cls, rows: pl.DataFrame, name: str, file_format: str) -> Serialised:
        """Serialise ``rows`` as CSV (with a header) or as JSON lines."""
        buffer = io.BytesIO()
        if file_format == "csv":
            rows.write_csv(buffer, **CSV_OPTIONS)
        else:
            rows.write_ndjson(buffer)
        data = buffer.getbuffer()
        ends = newlines(data)
        header_end = int(ends[0]) if file_format == "csv" and len(ends) else 0
        if file_format == "csv":
            ends = ends[1:]
        if len(ends) != rows.height:  # a value with a line break would shift every cut
            raise ValueError(f"{name}: serialised {len(ends)} lines for {rows.height} rows")
        ends = ends - header_end
        return cls(
            bytes(data[:header_end]), data[header_end:], np.r_[0, ends[:-1]], ends, file_format
        )

    def file(
        self,
        first: int,
        stop: int,
        broken: np.ndarray,
        damage: Callable[[bytes, int, str], bytes],
    ) -> list[bytes | memoryview]:
        """Chunks of the file holding rows ``first:stop``: header, runs of lines, and the
        lines flagged in ``broken`` after ``damage`` was applied to them."""
        chunks: list[bytes | memoryview] = [self.header]
        done = self.starts[first]
        for row in first + np.flatnonzero(broken[first:stop]):  # a handful per file at most
            chunks.append(self.body[done : self.starts[row]])
            line = bytes(self.body[self.starts[row] : self.ends[row] - 1])
            chunks.append(damage(line, int(broken[row]), self.file_format) + b"\n")
            done = self.ends[row]
        chunks.append(self.body[done : self.ends[stop - 1]])
        return chunks


def newlines(data: memoryview) -> np.ndarray:
    """Offsets just past every newline of ``data``, scanned in chunks.

    One comparison over a gigabyte-sized export would allocate a gigabyte of booleans,
    which costs more than the scan itself; a reused chunk buffer does not.
    """
    raw = np.frombuffer(data, dtype=np.uint8)
    hit = np.empty(min(SCAN_CHUNK, len(raw)), dtype=bool)
    found = [np.zeros(0, dtype=np.int64)]
    for offset in range(0, len(raw), SCAN_CHUNK):
        part = raw[offset : offset + SCAN_CHUNK]
        np.equal(part, ord("\n"), out=hit[: len(part)])
        found.append(np.flatnonzero(hit[: len(part)]) + offset + 1)
    return np.concatenate(found)
