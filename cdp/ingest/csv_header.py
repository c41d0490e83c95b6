"""Reading a CSV export's header line: its delimiter and column names."""

from __future__ import annotations

import csv
import gzip
from pathlib import Path

from cdp.ingest.errors import FileRejectedError

DELIMITERS = (",", ";", "\t", "|")
_MAX_HEADER_BYTES = 1 << 16


def read_csv_header(path: Path, rel_path: str) -> tuple[str, list[str]] | None:
    """The delimiter and header names of a CSV file (plain or gzip); None if it is empty.

    The delimiter is the candidate that occurs most often in the header line; names are
    parsed with the standard CSV rules (quotes allowed) after dropping a UTF-8 BOM.
    """
    opener = gzip.open if path.name.endswith(".gz") else Path.open
    with opener(path, "rb") as fh:
        first = fh.readline(_MAX_HEADER_BYTES)
        if not first.strip(b"\r\n\t ") and not fh.read(1):
            return None
    if not first.strip():
        raise FileRejectedError(rel_path, "no header: the first line is blank", line=1)
    try:
        text = first.decode("utf-8-sig").rstrip("\r\n")
    except UnicodeDecodeError as exc:
        raise FileRejectedError(rel_path, f"header is not UTF-8 ({exc.reason})", line=1) from exc
    delimiter = max(DELIMITERS, key=text.count)
    try:
        names = next(csv.reader([text], delimiter=delimiter, strict=True))
    except csv.Error as exc:
        raise FileRejectedError(rel_path, f"header is not valid CSV ({exc})", line=1) from exc
    # A blank name (a trailing delimiter, a header cut short) is an unnamed column: it
    # gets a positional name, so the file still loads and the column is reported as extra.
    names = [name if name.strip() else f"_unnamed_{i}" for i, name in enumerate(names, 1)]
    if len(names) != len(set(names)):
        raise FileRejectedError(rel_path, f"duplicate header names in {names}", line=1)
    return delimiter, names
