"""``cdp forget``: erase one person from the warehouse, the snapshot and every export.

The steps, in order, each safe to repeat:

1. wait for the warehouse's writer lock (a running pipeline step holds it briefly);
2. find the person through the identity graph (:mod:`cdp.privacy.footprint`);
3. delete them from every layer and tombstone them, in one transaction
   (:mod:`cdp.privacy.erasure`);
4. rewrite every export under ``exports_dir`` that lists one of their customer keys,
   atomically, its manifest recording the erasure (:func:`cdp.activation.files.remove_rows`);
5. publish a new snapshot, so readers stop seeing them at once;
6. write an audit entry: counts and hashes, never the identifier itself.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from cdp.activation.files import list_exports, remove_rows
from cdp.config import Settings
from cdp.privacy.audit import audit
from cdp.privacy.erasure import erase
from cdp.privacy.footprint import find_person, sha256_hex
from cdp.publish import publish
from cdp.warehouse import connect


@dataclass
class ForgetReport:
    erasure_id: str
    customers: int
    identifiers: int
    records: int
    rows_deleted: dict[str, int] = field(default_factory=dict)
    exports_rewritten: dict[str, int] = field(default_factory=dict)
    snapshot: Path | None = None


def forget(settings: Settings, identifier: str, wait_seconds: float = 900.0) -> ForgetReport:
    """Erase the person behind ``identifier`` everywhere (see the module docstring).

    Raises
    ------
    cdp.privacy.footprint.PersonNotFoundError
        When the identity graph knows no one by that identifier (nothing changes).
    """
    erasure_id = uuid.uuid4().hex
    at = datetime.now(UTC).isoformat(timespec="seconds")
    with connect(settings.warehouse_path, wait_seconds=wait_seconds) as con:
        person = find_person(con, identifier)
        report = ForgetReport(
            erasure_id, len(person.customers), len(person.identifiers), len(person.records)
        )
        report.rows_deleted = erase(con, person, erasure_id)
        note = {"at": at, "erasure_id": erasure_id}
        for dest in list_exports(settings.exports_dir):
            removed = remove_rows(dest, "customer_key", person.customers, note)
            if removed:
                report.exports_rewritten[str(dest.relative_to(settings.exports_dir))] = removed
        if settings.published_path.exists() or report.rows_deleted:
            report.snapshot = publish(con, settings.published_path).path
    audit(
        settings.privacy_dir,
        "erasure",
        erasure_id=erasure_id,
        request_sha256=sha256_hex(identifier.strip()),
        customers=report.customers,
        identifiers=report.identifiers,
        records=report.records,
        rows_deleted=report.rows_deleted,
        exports_rewritten=report.exports_rewritten,
    )
    return report
