"""Reading a CSV export's header line: its delimiter and column names."""

from __future__ import annotations

import csv
import gzip
from pathlib import Path

from cdp.ingest.errors import FileRejectedError

DELIMITERS = (",", ";", "\t", "|")
_MAX_HEADER_BYTES = 1 << 16


def read_csv_header(path: Path, rel_path: str) -> tuple[str, list[str]]:
    """The delimiter and header names of a CSV file (plain or gzip).

    The delimiter is the candidate that occurs most often in the header line; names are
    parsed with the standard CSV rules (quotes allowed) after dropping a UTF-8 BOM.
    """
    opener = gzip.open if path.name.endswith(".gz") else Path.open
    with opener(path, "rb") as fh:
        first = fh.readline(_MAX_HEADER_BYTES)
    if not first.strip():
        raise FileRejectedError(rel_path, "file is empty: no header line", line=1)
    try:
        text = first.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise FileRejectedError(rel_path, f"header is not UTF-8 ({exc.reason})", line=1) from exc
    text = text.rstrip("\r\n")
    delimiter = max(DELIMITERS, key=text.count)
    names = next(csv.reader([text], delimiter=delimiter))
    if len(names) != len(set(names)):
        raise FileRejectedError(rel_path, f"duplicate header names in {names}", line=1)
    return delimiter, names
