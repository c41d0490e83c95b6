"""Simulate the population once, then export every source and write the ground truth."""

from __future__ import annotations

import time
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

import polars as pl
import pyarrow as pa
import pyarrow.parquet as pq

from cdp.contracts import SOURCES
from cdp.generate import (
    app,
    calls,
    commerce,
    crm,
    dirt,
    formats,
    identifiers,
    records,
    social,
    spend,
    surveys,
    tickets,
    truth,
    web,
    writer,
)
from cdp.generate.config import GenerationSummary, GeneratorConfig, stream
from cdp.generate.world import World, simulate


def generate(config: GeneratorConfig, out_dir: Path) -> GenerationSummary:
    """Write a sample of every source to ``out_dir/landing`` and its truth to ``out_dir/truth``.

    Parameters
    ----------
    config
        What to generate; the same config always writes the same bytes.
    out_dir
        Data root. Earlier generator outputs under ``landing/`` and ``truth/`` are
        replaced; nothing else is touched.

    Returns
    -------
    GenerationSummary
        Rows and files written per source, persons, and the wall time.
    """
    began = time.perf_counter()
    landing, truth_dir = Path(out_dir) / "landing", Path(out_dir) / "truth"
    writer.clear(landing, truth_dir)
    world = simulate(config)
    person_ids = world.people.person_id.to_arrow().cast(pa.string())
    exports: dict[str, Future[tuple[int, int, pl.DataFrame | None]]] = {}
    # One source is exported in the background while the next one is built. Every export
    # draws from its own named stream, so the thread changes timing, never bytes.
    with records.open_writer(truth_dir) as record_writer, ThreadPoolExecutor(max_workers=1) as pool:
        previous: Future | None = None
        for name, frame in _frames(world):
            exports[name] = pool.submit(
                _export, name, frame, config, landing, record_writer, person_ids
            )
            if previous is not None:
                previous.result()  # at most one frame waits while another is exported
            previous = exports[name]
    if missing := set(SOURCES) - set(exports):
        raise NotImplementedError(f"the generator does not build {sorted(missing)}")
    done = {name: exports[name].result() for name in SOURCES}
    people = truth.persons(world)
    found = [ids for _, _, ids in done.values() if ids is not None]
    truth.write(truth_dir, people, pl.concat(found), world.people.person_id)
    return GenerationSummary(
        landing_dir=landing,
        truth_dir=truth_dir,
        rows={name: rows for name, (rows, _, _) in done.items()},
        files={name: files for name, (_, files, _) in done.items()},
        persons=config.customers,
        seconds=time.perf_counter() - began,
    )


def _frames(world: World) -> Iterator[tuple[str, pl.DataFrame]]:
    """Each source's clean rows, built one at a time.

    The biggest sources come first, so their exports overlap the building of the next.
    """
    c, pop, people, cal = world.config, world.pop, world.people, world.cal
    history, mail, engaged = world.history, world.mail, world.engaged_until
    orders = history.orders
    yield "esp_email_events", mail.frame
    frame = web.build(c, pop, people, cal, orders, mail.clicks, world.acquisition, engaged)
    landings = spend.visits(frame)
    yield "web_events", frame
    yield "app_events", app.build(c, pop, people, cal, orders, engaged)
    yield "crm_customers", crm.build(c, pop, people, mail.unsubscribed)
    yield "shop_orders", commerce.shop_orders(c, people, cal, orders)
    yield "pos_transactions", commerce.pos_transactions(c, pop, people, orders)
    yield "callcenter_calls", calls.build(c, pop, people, history.issues, history.tau)
    yield "social_interactions", social.build(c, pop, people, history.issues, engaged)
    yield "support_tickets", tickets.build(c, pop, people, history.issues)
    yield "survey_responses", surveys.build(c, pop, people, history, mail.unsubscribed)
    yield "marketing_spend", spend.build(c, cal, landings, spend.email_activity(mail.frame))


def _export(
    name: str,
    frame: pl.DataFrame,
    config: GeneratorConfig,
    landing: Path,
    record_writer: pq.ParquetWriter,
    person_id: pa.Array,
) -> tuple[int, int, pl.DataFrame | None]:
    """Dirty, lay out and write one source; record who is behind each row.

    Returns rows written, files written, and the identifiers the rows carry (None for
    sources that are not about persons).
    """
    contract = SOURCES[name]
    rng = stream(config, f"dirt:{name}")
    person_level = "_person" in frame.columns
    frame = dirt.drop_identifiers(frame, contract, config, rng)
    found = identifiers.collect(frame, contract) if person_level else None
    frame = formats.reformat_identifiers(frame, contract, config, rng)
    frame = dirt.duplicate(
        frame.with_columns(_file_day=writer.file_day(contract, config.start)), config, rng
    )
    frame = writer.lay_out(frame, contract)
    frame = frame.with_columns(_broken=dirt.malformed_codes(frame.height, contract, config, rng))
    names = writer.file_names(contract, config.start, config.days)
    files = writer.write(frame, contract, landing, names)
    if person_level:
        record_writer.write_table(records.table(frame, contract, person_id, names))
    return frame.height, files, found
