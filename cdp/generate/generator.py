"""Simulate the population chunk by chunk, export every source and write the ground truth."""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import polars as pl

from cdp.contracts import SOURCES
from cdp.generate import campaigns, chunks, export, records, spend, truth, web, writer
from cdp.generate.config import GenerationSummary, GeneratorConfig, stream
from cdp.generate.world import simulate


def generate(
    config: GeneratorConfig, out_dir: Path, on_persons: Callable[[int], None] | None = None
) -> GenerationSummary:
    """Write a sample of every source to ``out_dir/landing`` and its truth to ``out_dir/truth``.

    A population larger than ``config.chunk_customers`` is simulated and exported in
    chunks of persons, one after another, so memory stays bounded whatever its size (see
    :mod:`cdp.generate.chunks`); each chunk writes its own part of every daily file, and
    the truth and the marketing spend cover the whole population.

    Parameters
    ----------
    config
        What to generate; the same config always writes the same bytes.
    out_dir
        Data root. Earlier generator outputs under ``landing/`` and ``truth/`` are
        replaced; nothing else is touched.
    on_persons
        Called with the number of persons of each chunk once it is written (progress).

    Returns
    -------
    GenerationSummary
        Rows and files written per source (summed over chunks), persons, and the wall time.
    """
    began = time.perf_counter()
    landing, truth_dir = Path(out_dir) / "landing", Path(out_dir) / "truth"
    writer.clear(landing, truth_dir)
    parts = chunks.split(config)
    cal = campaigns.draw(config)  # drawn with the world's config: every chunk shares it
    # A world in one chunk draws its catalog from its web stream, as it always did; the
    # chunks of a split world share one, drawn from a stream of the world.
    products = web.catalog(stream(config, "catalog")) if len(parts) > 1 else None
    activity = spend.Activity()
    rows: Counter[str] = Counter()
    files: Counter[str] = Counter()
    with (
        records.open_writer(truth_dir) as record_writer,
        truth.Writer(truth_dir, len(parts)) as truth_writer,
    ):
        for part in parts:
            world = simulate(part, cal)
            done = export.chunk(world, products, landing, record_writer, activity)
            for name, (n_rows, n_files, _) in done.items():
                rows[name] += n_rows
                files[name] += n_files
            found = pl.concat([ids for _, _, ids in done.values() if ids is not None])
            truth_writer.write(
                truth.persons(world), truth.identifiers(found, world.people.person_id)
            )
            del world, done, found  # the next chunk needs the memory
            if on_persons is not None:
                on_persons(part.customers)
        # Spend aggregates the whole world: built and written once, as plain daily files.
        n_rows, n_files, _ = export.source(
            "marketing_spend", [activity.spend(config, cal)], config, landing, record_writer, None
        )
    rows["marketing_spend"], files["marketing_spend"] = n_rows, n_files
    if missing := set(SOURCES) - set(rows):
        raise NotImplementedError(f"the generator does not build {sorted(missing)}")
    return GenerationSummary(
        landing_dir=landing,
        truth_dir=truth_dir,
        rows={name: rows[name] for name in SOURCES},
        files={name: files[name] for name in SOURCES},
        persons=config.customers,
        seconds=time.perf_counter() - began,
    )
