"""Read a suite's batch from DuckDB as a pandas frame (GX cannot validate DuckDB itself).

Great Expectations 1.x returns empty results through SQLAlchemy on DuckDB, so every
suite validates a pandas frame. What is read is chosen deliberately and recorded:

- the whole table, only the columns the suite names (the default);
- a reproducible reservoir sample when the suite allows it and the table is larger than
  the configured sample (raw event tables, ``fct_contacts`` at scale). Range and
  vocabulary checks keep their meaning on a sample; a duplicate found in a sample is a
  real duplicate, but a clean sample does not prove there are none (dbt's ``unique``
  tests cover the marts' keys on the whole table);
- an aggregate query, for checks of totals and distributions at any size.
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb
import pandas as pd

from cdp.quality.suites import Suite


@dataclass(frozen=True)
class Batch:
    """The frame a suite validates and how it was drawn from the warehouse."""

    frame: pd.DataFrame
    table_rows: int | None
    description: str

    @property
    def sampled(self) -> bool:
        return self.table_rows is not None and self.table_rows > len(self.frame)


def _quoted(column: str) -> str:
    return '"' + column.replace('"', '""') + '"'


def read_batch(
    con: duckdb.DuckDBPyConnection, suite: Suite, *, sample_rows: int, seed: int
) -> Batch:
    """The batch ``suite`` declares, read through ``con``."""
    if suite.batch.get("query"):
        frame = con.execute(suite.batch["query"]).df()
        return Batch(frame, None, f"aggregate query ({len(frame):,} rows)")
    table = ".".join(_quoted(part) for part in suite.asset)
    columns = ", ".join(_quoted(c) for c in suite.columns) or "*"
    (rows,) = con.execute(f"select count(*) from {table}").fetchall()[0]
    if suite.batch.get("sample_rows") and rows > sample_rows:
        sql = (
            f"select {columns} from {table} "
            f"using sample reservoir({int(sample_rows)} rows) repeatable ({int(seed)})"
        )
        frame = con.execute(sql).df()
        described = f"reservoir sample of {len(frame):,} of {rows:,} rows (seed {seed})"
        return Batch(frame, rows, described)
    frame = con.execute(f"select {columns} from {table}").df()
    return Batch(frame, rows, f"all {rows:,} rows")
