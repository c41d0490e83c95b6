"""``cdp contracts``: files derived from the declared source contracts."""

from __future__ import annotations

from typing import Annotated

import typer

from cdp.cli.common import console, fail, settings
from cdp.contracts.dbt_sources import render_sources_yaml, write_sources_yaml

contracts_app = typer.Typer(
    help="Source contracts and the files derived from them.", no_args_is_help=True
)


@contracts_app.command("sync-dbt")
def sync_dbt(
    check: Annotated[bool, typer.Option(help="Only check that the file is current.")] = False,
) -> None:
    """Regenerate dbt_project/models/staging/_sources.yml from the source contracts."""
    dbt_dir = settings().dbt_project_dir
    path = dbt_dir / "models" / "staging" / "_sources.yml"
    if check:
        if not path.exists() or path.read_text() != render_sources_yaml():
            raise fail(f"{path} is out of date", "run: cdp contracts sync-dbt")
        console.print(f"{path} is current")
        return
    console.print(f"wrote {write_sources_yaml(dbt_dir)}")
