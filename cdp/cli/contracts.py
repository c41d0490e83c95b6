"""``cdp contracts``: files derived from the declared source contracts."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from cdp.cli.common import console, fail, settings
from cdp.contracts.dbt_sources import derived_files
from cdp.quality.raw_suites import raw_suite_files

contracts_app = typer.Typer(
    help="Source contracts and the files derived from them.", no_args_is_help=True
)
Check = Annotated[bool, typer.Option(help="Only check that the files are current.")]


def _sync(files: dict[Path, str], check: bool, command: str) -> None:
    for path, text in files.items():
        if check:
            if not path.exists() or path.read_text() != text:
                raise fail(f"{path} is out of date", f"run: cdp contracts {command}")
            console.print(f"{path} is current")
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text)
            console.print(f"wrote {path}")


@contracts_app.command("sync-dbt")
def sync_dbt(check: Check = False) -> None:
    """Regenerate the dbt sources file and source-key macro from the source contracts.

    Run it after changing a contract (cdp/contracts/commerce.py, digital.py, service.py);
    --check (make lint) fails when the committed files are stale.

    Examples:
      cdp contracts sync-dbt
      cdp contracts sync-dbt --check
    """
    _sync(derived_files(settings().dbt_project_dir), check, "sync-dbt")


@contracts_app.command("sync-expectations")
def sync_expectations(check: Check = False) -> None:
    """Regenerate the raw sources' Great Expectations suites (expectations/raw/).

    Examples:
      cdp contracts sync-expectations
      cdp contracts sync-expectations --check
    """
    _sync(raw_suite_files(), check, "sync-expectations")
