"""The ``cdp`` command line. It is an edge: the only place that reads the environment."""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
from datetime import datetime
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from cdp.cli.common import console, fail, progress_bar, settings
from cdp.cli.contracts import contracts_app
from cdp.cli.docs import docs
from cdp.cli.identity import identity_app
from cdp.cli.ingest import ingest_app
from cdp.cli.privacy import forget
from cdp.cli.quality import print_failed_checks, quality
from cdp.cli.query import query
from cdp.cli.segments import export, segments_app
from cdp.cli.status import status

Customers = Annotated[int, typer.Option(min=1, help="Persons in the population.")]
Days = Annotated[int, typer.Option(min=1, help="Days of history.")]
Seed = Annotated[int, typer.Option(help="Random seed; same seed, same files.")]

app = typer.Typer(
    help="Customer data platform: channel exports → DuckDB customer-360.",
    no_args_is_help=True,
    add_completion=False,
)
app.add_typer(ingest_app, name="ingest")
app.add_typer(contracts_app, name="contracts")
app.add_typer(identity_app, name="identity")
app.add_typer(segments_app, name="segments")
app.command()(status)
app.command()(quality)
app.command()(docs)
app.command()(query)
app.command()(export)
app.command()(forget)


@app.command()
def generate(
    customers: Customers = 5000,
    days: Days = 456,
    seed: Seed = 42,
    out: Annotated[
        Path | None,
        typer.Option(help="Data root (default: data/); writes landing/ and truth/ under it."),
    ] = None,
    dirt: Annotated[float, typer.Option(min=0.0, help="Scale of injected dirt; 0 = clean.")] = 1.0,
) -> None:
    """Write a realistic multi-channel sample into landing/, with ground truth in truth/.

    Example: cdp generate --customers 20000 --days 540 --seed 7
    """
    from cdp.generate import GeneratorConfig
    from cdp.generate import generate as run_generator

    root = out or settings().data_dir
    config = GeneratorConfig(customers=customers, days=days, seed=seed, dirt=dirt)
    with progress_bar() as progress:
        task = progress.add_task("generating persons", total=customers)
        summary = run_generator(config, root, lambda n: progress.advance(task, n))
    console.print(
        f"Generated {summary.persons:,} persons, {sum(summary.rows.values()):,} rows "
        f"in {sum(summary.files.values()):,} files in {summary.seconds:.1f}s"
    )
    console.print(f"Landing: {summary.landing_dir}\nTruth:   {summary.truth_dir}")


Verbose = Annotated[bool, typer.Option("--verbose", "-v", help="Print the run's event log.")]


@app.command()
def run(verbose: Verbose = False) -> None:
    """Materialize every asset (ingest → dbt) through Dagster, on the local instance.

    The run appears in the Dagster UI's run history (cdp ui) like a scheduled one.
    Paths come from CDP_* environment variables (CDP_DATA_DIR moves everything).

    Examples:
      cdp run
      CDP_DATA_DIR=/srv/cdp cdp run --verbose
    """
    from cdp.summary import layer_row_counts, render_summary
    from pipelines.run import materialize_all

    current = settings()
    console.print("Materializing every asset (ingest, dbt, analytics, activation)...")
    if verbose:
        outcome = materialize_all(current, log_level="INFO")
    else:
        # dbt's own output goes to a log file; the UI keeps the full event log anyway.
        log_path = current.dagster_home / "logs" / f"run-{datetime.now():%Y%m%d-%H%M%S}.log"
        log_path.parent.mkdir(parents=True, exist_ok=True)
        screen = Console(file=sys.stdout)  # bound before stdout goes to the log
        with (
            progress_bar(screen) as progress,
            log_path.open("w") as log,
            contextlib.redirect_stdout(log),
        ):
            task = progress.add_task("steps", total=None)
            outcome = materialize_all(
                current,
                on_start=lambda n: progress.update(task, total=n),
                on_step=lambda step, _: progress.update(task, advance=1, description=step),
            )
        console.print(f"Run output: {log_path}")
    print_failed_checks(outcome.failed_checks)
    if not outcome.success:
        stopped = "; the run stopped downstream of the ERROR checks above" if outcome.errors else ""
        raise fail(
            f"run {outcome.run_id} failed at step(s): {', '.join(outcome.failed_steps)}{stopped}",
            "cdp quality shows every check's latest result; cdp ui shows the run's logs",
        )
    console.print(f"Run {outcome.run_id} succeeded.\n")
    console.print(render_summary(current, layer_row_counts(current)), highlight=False)


@app.command()
def demo(
    customers: Customers = 5000, days: Days = 456, seed: Seed = 42, verbose: Verbose = False
) -> None:
    """Generate the built-in sample into data/ and run the whole pipeline on it.

    Examples:
      cdp demo
      cdp demo --customers 20000 --days 540
    """
    generate(customers=customers, days=days, seed=seed, out=None, dirt=1.0)
    run(verbose=verbose)


@app.command()
def ui(
    port: Annotated[int, typer.Option(help="Port to serve on.")] = 3000,
    host: Annotated[str, typer.Option(help="Interface to bind.")] = "127.0.0.1",
) -> None:
    """Start the Dagster UI and daemon (dagster dev) on the local instance.

    Open http://127.0.0.1:3000 for the asset graph, runs, checks and schedules.

    Examples:
      cdp ui
      cdp ui --port 3001
    """
    from pipelines.instance import write_instance_config

    current = settings()
    write_instance_config(current.dagster_home)
    # dagster dev re-parses the dbt project with the dbt on PATH: make it this venv's.
    path = os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")])
    env = {**os.environ, "DAGSTER_HOME": str(current.dagster_home), "PATH": path}
    cmd = [
        sys.executable,
        "-m",
        "dagster",
        "dev",
        "-m",
        "pipelines.definitions",
        "-h",
        host,
        "-p",
        str(port),
    ]
    raise typer.Exit(subprocess.call(cmd, env=env))
