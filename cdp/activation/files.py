"""Segment export directories that appear whole or not at all.

An export ``data/exports/<segment>/<run date>/`` holds one data file and
``manifest.json``. Both are written into a hidden temp directory next to it and published
by rename, so a reader sees the previous export or the new one, never half of one, and a
writer killed mid-way leaves the previous export in place. Temp and old directories carry
the writer's pid, which is how :func:`recover` tells a dead writer's leftovers from a live
writer's work.
"""

from __future__ import annotations

import errno
import json
import os
import re
import shutil
import uuid
from collections.abc import Callable, Collection, Iterator
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.compute as pc

from cdp.activation.manifest import (
    DATA_FILE,
    MANIFEST,
    ExportFormat,
    build_manifest,
    fsync_dir,
    list_exports,
    read_manifest,
    scan_sql,
    verify_export,
    write_data,
    write_manifest,
)

__all__ = [
    "DATA_FILE",
    "MANIFEST",
    "ExportFormat",
    "list_exports",
    "read_manifest",
    "recover",
    "remove_rows",
    "verify_export",
    "write_export",
]

# ``.<name>.tmp-<pid>-<uuid>`` and ``.<name>.old-<pid>-<uuid>``; a pid that does not parse
# (``.old-x``) counts as dead.
_LEFTOVER = re.compile(r"\.(?P<name>.+)\.(?P<kind>tmp|old)-(?P<pid>[^-]*)(?:-.*)?")
_KEY = "__cdp_erase_key"


def write_export(
    con: duckdb.DuckDBPyConnection,
    sql: str,
    dest: Path,
    fmt: ExportFormat,
    manifest: dict,
    on_rows: Callable[[int], None] | None = None,
    batch_rows: int = 100_000,
) -> dict:
    """Run ``sql`` and publish its rows, with a manifest, as the export directory ``dest``.

    Parameters
    ----------
    con : duckdb.DuckDBPyConnection
        Connection the query runs on.
    sql : str
        The query; its rows stream to the file in Arrow batches, never all in memory.
    dest : Path
        The export directory, e.g. ``data/exports/<segment>/<run date>``; replaced whole.
    fmt : {"parquet", "csv"}
        Parquet (zstd) or CSV (header, UTF-8; list columns joined with ``;``).
    manifest : dict
        Caller's fields (JSON-serialisable); ``format``, ``rows``, ``files`` and
        ``written_at`` are added.
    on_rows : callable, optional
        Called after each batch with the rows just written.
    batch_rows : int
        Rows per Arrow batch.

    Returns
    -------
    dict
        The manifest as written.

    Raises
    ------
    ValueError
        For an unknown format, or a column CSV cannot hold (struct, map, nested list).
    """
    _check(fmt, manifest)
    recover(dest.parent)
    with con.sql(sql).to_arrow_reader(batch_rows) as reader:
        return _publish(reader, dest, fmt, manifest, on_rows)


def recover(parent: Path) -> None:
    """Repair what killed writers left in ``parent``; a live writer's work is left alone.

    An old directory whose export is missing (killed between the two renames) is put back;
    other old directories and temp directories of dead writers are removed.

    Parameters
    ----------
    parent : Path
        The directory holding export directories, e.g. ``data/exports/<segment>``.
    """
    if not parent.is_dir():
        return
    changed = False
    for entry in sorted(parent.iterdir()):
        match = _LEFTOVER.fullmatch(entry.name)
        if not match or not entry.is_dir() or _alive(match["pid"]):
            continue
        target = parent / match["name"]
        if match["kind"] == "old" and not target.exists():
            try:
                entry.rename(target)
            except OSError as exc:
                # Another process recovered it, or published anew, in the meantime.
                if exc.errno not in (errno.ENOENT, errno.EEXIST, errno.ENOTEMPTY):
                    raise
        else:
            shutil.rmtree(entry, ignore_errors=True)
        changed = True
    if changed:
        fsync_dir(parent)


def remove_rows(dest: Path, column: str, values: Collection[str], note: dict) -> int:
    """Rewrite the export at ``dest`` without the rows whose ``column`` is in ``values``.

    Published like :func:`write_export` (atomic). Format, header and the manifest's other
    fields are kept; ``note`` plus ``rows_removed`` is appended to its ``erasures`` list.

    Parameters
    ----------
    dest : Path
        A published export directory.
    column : str
        Column compared, cast to text, with ``values``.
    values : collection of str
        Values whose rows go.
    note : dict
        The erasure's record, e.g. ``{"at": ..., "request": ...}``.

    Returns
    -------
    int
        Rows removed; 0 leaves the export untouched.

    Raises
    ------
    ValueError
        When the data file has no ``column``.
    """
    if isinstance(values, str):  # a str is a Collection[str]: it would erase its letters
        raise TypeError("values must be a collection of strings, not one string")
    recover(dest.parent)
    old = read_manifest(dest)
    fmt: ExportFormat = old["format"]
    data = dest / DATA_FILE[fmt]
    wanted = sorted(set(values))
    with duckdb.connect() as con:
        scan = scan_sql(data, fmt)
        if column not in con.sql(f"select * from {scan}").columns:
            raise ValueError(f"{data}: no column {column!r}")
        key = f"cast({_ident(column)} as varchar)"
        removed = con.execute(
            f"select count(*) from {scan} where {key} in (select unnest($1::varchar[]))",
            [wanted],
        ).fetchall()[0][0]
        if not removed:
            return 0
        erasures = [*old.get("erasures", []), {**note, "rows_removed": removed}]
        manifest = {**old, "erasures": erasures}
        _check(fmt, manifest)
        # The filter runs on the Arrow side: a hash lookup that keeps row order, where an
        # IN list in SQL is slow when long and a semi-join may reorder the rows.
        with con.sql(f"select {key} as {_KEY}, * from {scan}").to_arrow_reader() as source:
            kept = _without(source, pa.array(wanted, pa.string()))
            _publish(kept, dest, fmt, manifest, None)
    return removed


def _check(fmt: str, manifest: dict) -> None:
    # Fail before any row is written, not after the whole file.
    if fmt not in DATA_FILE:
        raise ValueError(f"export format must be one of {sorted(DATA_FILE)}, not {fmt!r}")
    json.dumps(manifest)


def _publish(
    reader: pa.RecordBatchReader,
    dest: Path,
    fmt: ExportFormat,
    manifest: dict,
    on_rows: Callable[[int], None] | None,
) -> dict:
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = dest.parent / f".{dest.name}.tmp-{os.getpid()}-{uuid.uuid4().hex}"
    tmp.mkdir()
    try:
        data = tmp / DATA_FILE[fmt]
        rows = write_data(reader, data, fmt, on_rows)
        written = write_manifest(tmp, build_manifest(manifest, fmt, rows, data))
        fsync_dir(tmp)
        _swap(tmp, dest)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return written


def _swap(tmp: Path, dest: Path) -> None:
    if not dest.exists():
        tmp.rename(dest)
    else:
        old = dest.parent / f".{dest.name}.old-{os.getpid()}-{uuid.uuid4().hex}"
        dest.rename(old)
        try:
            tmp.rename(dest)
        except BaseException:
            old.rename(dest)
            raise
        # Both renames durable before the previous export goes; a failed removal only
        # leaves a dot-directory that the next recover() clears.
        fsync_dir(dest.parent)
        shutil.rmtree(old, ignore_errors=True)
    fsync_dir(dest.parent)


def _without(source: pa.RecordBatchReader, values: pa.Array) -> pa.RecordBatchReader:
    """``source`` without the rows whose first column (the erasure key) is in ``values``,
    and without that column."""
    schema = source.schema.remove(0)

    def batches() -> Iterator[pa.RecordBatch]:
        for batch in source:
            kept = batch.filter(pc.invert(pc.is_in(batch.column(0), value_set=values)))
            yield pa.RecordBatch.from_arrays(kept.columns[1:], schema=schema)

    return pa.RecordBatchReader.from_batches(schema, batches())


def _alive(pid_text: str) -> bool:
    try:
        pid = int(pid_text)
        if pid <= 0:  # kill(0) and kill(-n) signal process groups, not one process
            return False
        os.kill(pid, 0)
    except (ValueError, OverflowError, ProcessLookupError):
        return False
    except PermissionError:  # exists, owned by another user
        return True
    return True


def _ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'
