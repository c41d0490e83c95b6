"""Format readers: stage a batch of export files into temp tables, typed to the contract.

Many small daily files are read in one DuckDB scan per batch (per-file statements would
cost more than the data). A batch holds files of one *shape* (same header and
delimiter, or same Parquet columns), so one column mapping serves all of them.

Each reader leaves a temp view and a temp table on the connection:

- ``_stage`` (a view over the reader's own temp tables): ``_path``, ``_row_number``
  (the record's line in its file: header is line 1 in CSV; 1-based row in Parquet), the
  contract columns, ``_error_column`` and
  ``_error_reason`` (the row's first problem, null when it is good; the column may be
  null for a record that has no columns, such as a line that is not JSON) and
  ``_raw_text``;
- ``_stage_rejects``: ``_path``, ``line_number``, ``column_name``, ``reason``,
  ``raw_text`` for records the format's own reader refused (CSV only).

Staging is written for speed (the benchmark holds ingest to twice DuckDB's bare read):
each file's bytes are scanned once, and the big tables are built once, not copied.
"""

from cdp.ingest.readers.csv import stage_csv
from cdp.ingest.readers.jsonl import stage_jsonl
from cdp.ingest.readers.parquet import stage_empty, stage_parquet

READERS = {"csv": stage_csv, "jsonl": stage_jsonl, "parquet": stage_parquet, "empty": stage_empty}

__all__ = ["READERS", "stage_csv", "stage_empty", "stage_jsonl", "stage_parquet"]
