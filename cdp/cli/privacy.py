"""``cdp forget``: erase a person everywhere (warehouse, snapshot, exports)."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table

from cdp.cli.common import console, fail, settings
from cdp.privacy.erasure import ErasureIncompleteError
from cdp.privacy.footprint import PersonNotFoundError
from cdp.privacy.forget import forget as forget_person


def forget(
    identifier: Annotated[
        str,
        typer.Argument(
            help="Any identifier of the person: email, phone (any format), CRM/loyalty/account "
            "id, device, cookie, social handle, or customer_key."
        ),
    ],
    wait: Annotated[float, typer.Option(help="Seconds to wait for a running writer.")] = 900.0,
) -> None:
    """Erase a person: raw, staging, marts, analytics, membership history and every export.

    Finds them through the identity graph, deletes their rows in one transaction,
    tombstones their identifiers so re-sent files do not bring them back, rewrites the
    exports that list them, publishes a new snapshot and writes an audit entry
    (data/privacy/audit.jsonl; counts and hashes only).

    Example: cdp forget "Jane.Doe@example.com"
    """
    current = settings()
    if not current.warehouse_path.exists():
        raise fail(f"no warehouse at {current.warehouse_path}", "run `cdp run` first")
    try:
        report = forget_person(current, identifier, wait_seconds=wait)
    except PersonNotFoundError as exc:
        raise fail(str(exc), "cdp identity explain VALUE shows how a value was resolved") from None
    except ErasureIncompleteError as exc:
        raise fail(f"erasure rolled back: {exc}", "nothing was changed; report this") from None
    console.print(
        f"Erased {report.customers} customer(s): {report.identifiers} identifiers, "
        f"{report.records} source records (erasure {report.erasure_id})."
    )
    table = Table("where", "rows removed")
    for where, rows in sorted(report.rows_deleted.items()):
        table.add_row(where, f"{rows:,}")
    for path, rows in sorted(report.exports_rewritten.items()):
        table.add_row(f"export {path}", f"{rows:,}")
    console.print(table)
    if report.snapshot:
        console.print(f"Snapshot republished: {report.snapshot}", highlight=False)
