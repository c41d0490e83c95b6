"""Shared bits of the CLI: the console, settings from the environment, clean errors."""

from __future__ import annotations

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from cdp.config import Settings

console = Console()


def settings() -> Settings:
    """Settings for this invocation: the CLI is an edge, so it reads the environment."""
    return Settings.from_env()


def fail(message: str, hint: str | None = None) -> typer.Exit:
    """Print one clear error line (and a hint) and return the exit to raise."""
    console.print(f"[red]error:[/red] {message}", highlight=False)
    if hint:
        console.print(f"[dim]hint: {hint}[/dim]")
    return typer.Exit(code=1)


def progress_bar(target: Console | None = None) -> Progress:
    """The CLI's progress bar: what is happening, bar, done/total, elapsed. Transient: it
    disappears when the work ends and leaves the summary line alone on screen."""
    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=target or console,
        transient=True,
    )
