"""A file's *shape*: what must match for files to share one scan and one column mapping.

Reading a shape is cheap (a CSV header line, a Parquet footer) and is where a file that
cannot be loaded at all is caught, before it joins a batch: a missing required column,
an empty or undecodable header, an unreadable Parquet footer.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from cdp.contracts import SourceContract
from cdp.ingest.columns import ColumnMapping, map_columns
from cdp.ingest.csv_header import read_csv_header
from cdp.ingest.errors import FileRejectedError
from cdp.ingest.files import LandingFile

NO_MAPPING = ColumnMapping(found={})


@dataclass(frozen=True)
class Shape:
    """Delimiter and headers (CSV) or column names (Parquet); JSON lines have one shape."""

    format: str
    delimiter: str = ""
    headers: tuple[str, ...] = ()
    mapping: ColumnMapping = NO_MAPPING

    @property
    def key(self) -> tuple:
        return (self.format, self.delimiter, self.headers)


def shape_of(contract: SourceContract, f: LandingFile, read_path: Path) -> Shape:
    """The shape of ``f`` (read at ``read_path``), or :class:`FileRejectedError`.

    An empty file has a shape of its own: it loads as zero rows (a day with no events).
    """
    if f.size_bytes == 0:
        return Shape("empty")
    if contract.format == "csv":
        header = read_csv_header(read_path, f.rel_path)
        if header is None:
            return Shape("empty")
        delimiter, headers = header
        mapping = map_columns(contract, headers, f.rel_path)
        return Shape("csv", delimiter, tuple(headers), mapping)
    if contract.format == "parquet":
        try:
            names = pq.read_schema(f.path).names
        except (pa.ArrowInvalid, OSError) as exc:
            raise FileRejectedError(f.rel_path, f"not a readable Parquet file ({exc})") from exc
        return Shape("parquet", "", tuple(names), map_columns(contract, names, f.rel_path))
    return Shape("jsonl")
