"""Shared bits of the CLI: the console, settings from the environment, clean errors."""

from __future__ import annotations

import typer
from rich.console import Console

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
