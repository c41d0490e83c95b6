"""``cdp contracts``: files derived from the declared source contracts."""

from __future__ import annotations

from typing import Annotated

import typer

from cdp.cli.common import console, fail, settings
from cdp.contracts.dbt_sources import derived_files, write_derived_files

contracts_app = typer.Typer(
    help="Source contracts and the files derived from them.", no_args_is_help=True
)


@contracts_app.command("sync-dbt")
def sync_dbt(
    check: Annotated[bool, typer.Option(help="Only check that the files are current.")] = False,
) -> None:
    """Regenerate the dbt sources file and source-key macro from the source contracts."""
    dbt_dir = settings().dbt_project_dir
    if check:
        for path, text in derived_files(dbt_dir).items():
            if not path.exists() or path.read_text() != text:
                raise fail(f"{path} is out of date", "run: cdp contracts sync-dbt")
            console.print(f"{path} is current")
        return
    for path in write_derived_files(dbt_dir):
        console.print(f"wrote {path}")
