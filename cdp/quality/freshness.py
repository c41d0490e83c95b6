"""How old a source's newest landing file is, from the ingest ledger.

The ledger records every file's modification time when it was read, so freshness is
known without listing the landing folder, and a file that was deleted after loading
still counts as delivered.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

import duckdb

DELIVERED = ("loaded", "partially_loaded", "duplicate")


@dataclass(frozen=True)
class NewestFile:
    """The most recently modified file of a source and its age at ``now``."""

    path: str
    modified_at: datetime
    age_hours: float


def newest_file(
    con: duckdb.DuckDBPyConnection, source: str, now: datetime | None = None
) -> NewestFile | None:
    """The newest delivered file of ``source``; ``None`` when nothing was delivered."""
    rows = con.execute(
        "select file_path, mtime_ns from ingest.current_files "
        "where source = ? and status in ? order by mtime_ns desc limit 1",
        [source, list(DELIVERED)],
    ).fetchall()
    if not rows:
        return None
    path, mtime_ns = rows[0]
    modified = datetime.fromtimestamp(mtime_ns / 1e9, tz=UTC)
    age = ((now or datetime.now(UTC)) - modified).total_seconds() / 3600
    return NewestFile(path, modified, age)
