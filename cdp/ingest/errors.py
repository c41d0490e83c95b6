"""Errors the ingest layer raises, each naming the file and, where known, line and column."""

from __future__ import annotations


class FileRejectedError(Exception):
    """A whole file cannot be loaded (unreadable, or a required column is missing)."""

    def __init__(
        self, file_path: str, message: str, *, column: str | None = None, line: int | None = None
    ) -> None:
        self.file_path = file_path
        self.column = column
        self.line = line
        self.message = message
        where = file_path + (f":{line}" if line is not None else "")
        what = f"column {column!r}: " if column else ""
        super().__init__(f"{where}: {what}{message}")
