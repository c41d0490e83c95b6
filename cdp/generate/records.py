"""``truth/records.parquet``: the person behind every row written to a person-level source."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import polars as pl
import pyarrow as pa
import pyarrow.parquet as pq

from cdp.contracts import SourceContract

# Sources whose record id is not their full primary key: a CRM record keeps its id across
# the versions written for it.
RECORD_KEYS = {"crm_customers": ("crm_id",)}
LABEL = pa.dictionary(pa.int32(), pa.string())
RECORDS_SCHEMA = pa.schema(
    [
        ("source", LABEL),
        ("record_id", pa.large_string()),
        ("person_id", LABEL),
        ("file", LABEL),
        ("row_number", pa.int64()),
        ("flaw", pa.large_string()),
    ]
)


def table(
    frame: pl.DataFrame, contract: SourceContract, person_id: pa.Array, files: list[str]
) -> pa.Table:
    """Which person is behind every row written for a person-level source.

    ``person_id`` holds every person's id and ``files`` the file name of every day; both
    become dictionaries, so a row costs a few integers besides its record id.
    """
    key = RECORD_KEYS.get(contract.name, contract.primary_key)
    record_id = (
        pl.col(key[0])
        if len(key) == 1
        else pl.concat_str([pl.col(k).cast(pl.String) for k in key], separator="|")
    )
    ids = frame.select(
        record_id=record_id.cast(pl.String),
        flaw=pl.when(pl.col("_broken") > 0).then(pl.lit("malformed")).otherwise("_flaw"),
    )
    n = frame.height
    return pa.table(
        {
            "source": pa.DictionaryArray.from_arrays(
                np.zeros(n, dtype=np.int32), pa.array([contract.name])
            ),
            "record_id": ids["record_id"].to_arrow(),
            "person_id": pa.DictionaryArray.from_arrays(
                frame["_person"].to_numpy().astype(np.int32), person_id
            ),
            "file": pa.DictionaryArray.from_arrays(
                frame["_file_day"].to_numpy().astype(np.int32), pa.array(files)
            ),
            "row_number": frame["_row"].to_numpy().astype(np.int64),
            "flaw": ids["flaw"].to_arrow(),
        }
    ).cast(RECORDS_SCHEMA)


def open_writer(truth_dir: Path) -> pq.ParquetWriter:
    """A writer for ``records.parquet``, fed one source at a time to keep memory flat."""
    truth_dir.mkdir(parents=True, exist_ok=True)
    # Without the stored Arrow schema, readers see plain strings; the Parquet columns are
    # dictionary-encoded all the same.
    return pq.ParquetWriter(
        truth_dir / "records.parquet",
        RECORDS_SCHEMA,
        store_schema=False,
        use_dictionary=["source", "person_id", "file", "flaw"],
    )
