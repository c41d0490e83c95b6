"""The warehouse resource, and the pool that serialises DuckDB writers.

DuckDB allows one writing process per file. Within a run the job uses the in-process
executor, so steps never overlap; across runs (schedule, sensor, UI, CLI) every asset
that writes the warehouse is in the pool ``duckdb_warehouse``, whose limit the instance
config (:mod:`pipelines.instance`) sets to 1.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import dagster as dg
import duckdb

from cdp.config import Settings
from cdp.warehouse import connect, connect_read_only

WAREHOUSE_WRITER_POOL = "duckdb_warehouse"


READER_WAIT_SECONDS = 60.0


class WarehouseResource(dg.ConfigurableResource):
    """Where the warehouse and the landing files are (from :class:`cdp.config.Settings`)."""

    warehouse_path: str
    landing_dir: str

    @classmethod
    def from_settings(cls, settings: Settings) -> WarehouseResource:
        return cls(
            warehouse_path=str(settings.warehouse_path), landing_dir=str(settings.landing_dir)
        )

    @property
    def landing(self) -> Path:
        return Path(self.landing_dir)

    @contextmanager
    def connect(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """A read-write connection; only call it from assets in the writer pool.

        The pool keeps other writers out, but a reader outside Dagster (``cdp query
        --live``, ``cdp docs``, a notebook on the live file) may hold DuckDB's lock for
        a moment between two steps: wait for it rather than fail the step.
        """
        with connect(Path(self.warehouse_path), wait_seconds=READER_WAIT_SECONDS) as con:
            yield con

    @contextmanager
    def read_only(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """A read-only connection (it waits while another process writes)."""
        with connect_read_only(Path(self.warehouse_path)) as con:
            yield con
