"""Export the sources of one simulated world (or chunk of a world) as dirty daily files."""

from __future__ import annotations

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
    esp,
    formats,
    identifiers,
    records,
    social,
    spend,
    surveys,
    tickets,
    web,
    writer,
)
from cdp.generate.config import GeneratorConfig, stream
from cdp.generate.world import World

# Rows and files written for a source, and the identifiers its rows carry (None for
# sources that are not about persons).
Exported = tuple[int, int, pl.DataFrame | None]


def chunk(
    world: World,
    products: pl.Series | None,
    landing: Path,
    record_writer: pq.ParquetWriter,
    activity: spend.Activity,
) -> dict[str, Exported]:
    """Export every person-level source of ``world``; add its campaign activity to ``activity``.

    ``products`` is the world's product catalog, or None for a world in one chunk, which
    draws its own. Marketing spend is the whole world's, built once all chunks are done.
    """
    person_ids = world.people.person_id.to_arrow().cast(pa.string())
    exports: dict[str, Future[Exported]] = {}
    # One source is exported in the background while the next one is built. Every export
    # draws from its own named stream, so the thread changes timing, never bytes.
    with ThreadPoolExecutor(max_workers=1) as pool:
        previous: Future | None = None
        for name, frame in _frames(world, products, activity):
            # Handed over in a list the export empties, and dropped here: nothing else
            # keeps a big frame alive once the export has made its own laid-out copy.
            exports[name] = pool.submit(
                source, name, [frame], world.config, landing, record_writer, person_ids
            )
            del frame
            if previous is not None:
                previous.result()  # at most one frame waits while another is exported
            previous = exports[name]
    return {name: future.result() for name, future in exports.items()}


def _frames(
    world: World, products: pl.Series | None, activity: spend.Activity
) -> Iterator[tuple[str, pl.DataFrame]]:
    """Each source's clean rows, built one at a time.

    The biggest sources come first, so their exports overlap the building of the next;
    a frame is not held here once it is handed over.
    """
    c, pop, people, cal = world.config, world.pop, world.people, world.cal
    history, mail, engaged = world.history, world.mail, world.engaged_until
    orders = history.orders
    frame = esp.export(c, cal, people, mail)
    emails = spend.email_activity(frame)
    yield "esp_email_events", frame
    del frame
    frame = web.build(
        c, pop, people, cal, orders, mail.clicks, world.acquisition, engaged, products
    )
    activity.add(spend.visits(frame), emails)
    yield "web_events", frame
    del frame
    yield "app_events", app.build(c, pop, people, cal, orders, engaged)
    yield "crm_customers", crm.build(c, pop, people, mail.unsubscribed)
    yield "shop_orders", commerce.shop_orders(c, people, cal, orders)
    yield "pos_transactions", commerce.pos_transactions(c, pop, people, orders)
    yield "callcenter_calls", calls.build(c, pop, people, history.issues, history.tau)
    yield "social_interactions", social.build(c, pop, people, history.issues, engaged)
    yield "support_tickets", tickets.build(c, pop, people, history.issues)
    yield "survey_responses", surveys.build(c, pop, people, history, mail.unsubscribed)


def source(
    name: str,
    handed: list[pl.DataFrame],
    config: GeneratorConfig,
    landing: Path,
    record_writer: pq.ParquetWriter,
    person_id: pa.Array | None,
) -> Exported:
    """Dirty, lay out and write one source; record who is behind each row.

    ``handed`` holds the source's clean rows; they are taken out of it, so that they are
    freed once laid out if the caller keeps no other reference. ``config`` is the
    chunk's (or the world's, for whole-world sources): its dirt streams and the part
    suffix of its file names. ``person_id`` holds the id of every person of the chunk;
    None for sources that are not about persons.
    """
    frame = handed.pop()
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
    names = writer.file_names(contract, config.start, config.days, config.part.suffix)
    written = writer.write(frame, contract, landing, names)
    if person_level:
        record_writer.write_table(records.table(frame, contract, person_id, names))
    return frame.height, written, found
