"""What an export directory holds: the data file, streamed from Arrow batches, and the
manifest that describes it; reading and checking both."""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Literal

import duckdb
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pcsv
import pyarrow.parquet as pq

ExportFormat = Literal["parquet", "csv"]
DATA_FILE: dict[str, str] = {"parquet": "members.parquet", "csv": "members.csv"}
MANIFEST = "manifest.json"

# How our own CSV files are read back. Everything is fixed rather than sniffed, and
# ``allow_quoted_nulls=false`` keeps a quoted empty string ("") apart from NULL (an empty
# field), so text read and written again is byte-for-byte the same value.
_CSV_OPTIONS = (
    "header=true, delim=',', quote='\"', escape='\"', new_line='\\n', "
    "all_varchar=true, allow_quoted_nulls=false"
)


def scan_sql(path: Path, fmt: ExportFormat) -> str:
    """The DuckDB table function reading one of our data files, CSV values as text."""
    literal = "'" + str(path).replace("'", "''") + "'"
    if fmt == "csv":
        return f"read_csv({literal}, {_CSV_OPTIONS})"
    return f"read_parquet({literal})"


def write_data(
    reader: pa.RecordBatchReader,
    path: Path,
    fmt: ExportFormat,
    on_rows: Callable[[int], None] | None,
) -> int:
    """Stream ``reader`` into the data file ``path``; the rows written."""
    if fmt == "parquet":
        schema = reader.schema
        writer = pq.ParquetWriter(path, schema, compression="zstd")
    else:
        schema = _csv_schema(reader.schema)
        writer = pcsv.CSVWriter(path, schema, write_options=pcsv.WriteOptions(include_header=True))
    rows = 0
    with writer:
        for batch in reader:
            if not batch.num_rows:
                continue
            writer.write_batch(batch if fmt == "parquet" else _csv_batch(batch, schema))
            rows += batch.num_rows
            if on_rows:
                on_rows(batch.num_rows)
    return rows


def _is_list(t: pa.DataType) -> bool:
    return pa.types.is_list(t) or pa.types.is_large_list(t) or pa.types.is_fixed_size_list(t)


def _csv_schema(schema: pa.Schema) -> pa.Schema:
    # CSV has no nested values: a list of scalars becomes one ;-joined string; anything
    # deeper (struct, map, list of lists) is refused before a row is written.
    fields = []
    for field in schema:
        if _is_list(field.type) and not pa.types.is_nested(field.type.value_type):
            fields.append(field.with_type(pa.string()))
        elif pa.types.is_nested(field.type):
            raise ValueError(
                f"column {field.name!r} ({field.type}) cannot be written to CSV; "
                "select it as text (e.g. to_json) or export parquet"
            )
        else:
            fields.append(field)
    return pa.schema(fields)


def _csv_batch(batch: pa.RecordBatch, schema: pa.Schema) -> pa.RecordBatch:
    columns = [_joined(c) if _is_list(c.type) else c for c in batch.columns]
    return pa.RecordBatch.from_arrays(columns, schema=schema)


def _joined(column: pa.Array) -> pa.Array:
    """A list column as ``a;b;c`` text: a null item is an empty one, a null list NULL."""
    texts = column.cast(pa.list_(pa.string()))
    # binary_join nulls a whole list for one null item, so items are filled first. The
    # list is rebuilt without a validity bitmap (Arrow refuses one on a sliced array, as
    # a batch's columns may be) and its nulls are put back afterwards.
    filled = pa.ListArray.from_arrays(texts.offsets, pc.fill_null(texts.values, ""))
    return pc.if_else(texts.is_null(), pa.scalar(None, pa.string()), pc.binary_join(filled, ";"))


def fsync_dir(path: Path) -> None:
    """Make a directory's entries (new files, renames) durable."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def file_digest(path: Path, sync: bool = False) -> tuple[str, int]:
    """SHA-256 (hex) and size of a file, read in chunks; with ``sync``, fsync it too.

    Syncing here saves a second open: the hash pass already holds the file.
    """
    with path.open("rb") as fh:
        digest = hashlib.file_digest(fh, "sha256").hexdigest()
        if sync:
            os.fsync(fh.fileno())
        return digest, os.fstat(fh.fileno()).st_size


def build_manifest(caller: dict, fmt: ExportFormat, rows: int, data: Path) -> dict:
    """The caller's fields plus what describes the data file (ours win on a clash)."""
    sha256, size = file_digest(data, sync=True)
    entry = {"name": data.name, "rows": rows, "bytes": size, "sha256": sha256}
    return {
        **caller,
        "format": fmt,
        "rows": rows,
        "files": [entry],
        "written_at": datetime.now(UTC).isoformat(),
    }


def write_manifest(directory: Path, manifest: dict) -> dict:
    """Write ``manifest.json`` (sorted keys, indent 2, fsynced); the dict as a reader sees it."""
    text = json.dumps(manifest, sort_keys=True, indent=2) + "\n"
    with (directory / MANIFEST).open("w", encoding="utf-8") as fh:
        fh.write(text)
        fh.flush()
        os.fsync(fh.fileno())
    return json.loads(text)


def read_manifest(dest: Path) -> dict:
    """The manifest of an export directory.

    Parameters
    ----------
    dest : Path
        The export directory.

    Returns
    -------
    dict
        ``manifest.json`` as written by :func:`cdp.activation.files.write_export`.
    """
    return json.loads((dest / MANIFEST).read_text(encoding="utf-8"))


def count_rows(path: Path, fmt: ExportFormat) -> int:
    """Rows in a data file, as DuckDB reads it (a CSV value may span lines)."""
    with duckdb.connect() as con:
        return con.execute(f"select count(*) from {scan_sql(path, fmt)}").fetchall()[0][0]


def verify_export(dest: Path) -> list[str]:
    """Check an export directory against its manifest.

    Parameters
    ----------
    dest : Path
        The export directory.

    Returns
    -------
    list of str
        One line per problem (manifest unreadable, file missing, size, sha256 or row
        count not as recorded); empty when the export is good.
    """
    try:
        manifest = read_manifest(dest)
        fmt, entries, total = manifest["format"], manifest["files"], manifest["rows"]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        return [f"{dest / MANIFEST}: unreadable or incomplete ({exc!r})"]
    problems = [] if entries else [f"{dest / MANIFEST}: lists no data file"]
    counted = 0
    for entry in entries:
        path = dest / entry["name"]
        if not path.is_file():
            problems.append(f"{path}: missing")
            continue
        sha256, size = file_digest(path)
        if size != entry["bytes"]:
            problems.append(f"{path}: {size} bytes, manifest says {entry['bytes']}")
        if sha256 != entry["sha256"]:
            problems.append(f"{path}: sha256 {sha256} does not match the manifest")
        try:
            rows = count_rows(path, fmt)
        except duckdb.Error as exc:
            problems.append(f"{path}: unreadable ({exc})")
            continue
        counted += rows
        if rows != entry["rows"]:
            problems.append(f"{path}: {rows} rows, manifest says {entry['rows']}")
    if not problems and counted != total:
        problems.append(f"{dest / MANIFEST}: files hold {counted} rows, manifest says {total}")
    return problems


def list_exports(root: Path) -> list[Path]:
    """Every published export directory under a root, at any depth.

    Parameters
    ----------
    root : Path
        The exports root, e.g. ``data/exports``.

    Returns
    -------
    list of Path
        Each directory under ``root`` holding a manifest (``<segment>/<run date>/``, or
        deeper when a marketer exported into a sub-folder with ``--out``), sorted.
        Directories under a dot-directory (a writer's temp or old copies) are never listed.
    """
    if not root.is_dir():
        return []
    return sorted(
        manifest.parent
        for manifest in root.rglob(MANIFEST)
        if not any(part.startswith(".") for part in manifest.parent.relative_to(root).parts)
    )
