"""The privacy audit log: one JSON line per event that touches personal data on purpose.

Recorded: exports and queries in ``raw`` PII mode (who, when, what), and erasures (what
was removed where, counted; the request itself only as a hash). The log never holds a
personal value, so it can be kept as long as the law asks. It is append-only:
each event is one ``write`` of one line to a file opened in append mode.
"""

from __future__ import annotations

import getpass
import json
from datetime import UTC, datetime
from pathlib import Path

AUDIT_FILE = "audit.jsonl"


def audit(privacy_dir: Path, event: str, **details: object) -> dict:
    """Append one event to ``privacy_dir/audit.jsonl`` and return it."""
    entry = {
        "at": datetime.now(UTC).isoformat(timespec="seconds"),
        "event": event,
        "user": getpass.getuser(),
        **details,
    }
    privacy_dir.mkdir(parents=True, exist_ok=True)
    line = json.dumps(entry, default=str, sort_keys=True) + "\n"
    with (privacy_dir / AUDIT_FILE).open("a", encoding="utf-8") as log:
        log.write(line)
    return entry


def read_audit(privacy_dir: Path) -> list[dict]:
    """Every event logged so far, oldest first."""
    path = privacy_dir / AUDIT_FILE
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
