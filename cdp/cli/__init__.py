"""The ``cdp`` command line.

:func:`main` is the console script: it runs :data:`app` and turns the mistakes a user can
make outside any one command (a path that cannot be written, the warehouse held by a
running pipeline, Ctrl-C) into one line and a hint. Anything else is a bug and keeps
its traceback.
"""

import sys

import duckdb

from cdp.cli.common import fail
from cdp.cli.main import app
from cdp.warehouse import LOCK_ERROR_MARKER

__all__ = ["app", "main"]


def _explain(exc: BaseException) -> tuple[str, str] | None:
    """(error, hint) for an exception caused by the user's setup, else None."""
    if isinstance(exc, KeyboardInterrupt):
        return (
            "interrupted",
            "run the command again; exports and the snapshot are replaced atomically",
        )
    if isinstance(exc, PermissionError | FileNotFoundError | NotADirectoryError):
        where = exc.filename or "a path"
        return f"{exc.strerror}: {where}", "check the path, or point CDP_DATA_DIR elsewhere"
    if isinstance(exc, duckdb.IOException) and LOCK_ERROR_MARKER in str(exc):
        return (
            "the warehouse is held by another process (a running pipeline?)",
            "cdp status shows the last run; cdp query reads the published snapshot meanwhile",
        )
    return None


def main() -> None:
    """Run the CLI; user-caused failures end with one line and a hint, exit code 1."""
    try:
        app()
    except (KeyboardInterrupt, OSError, duckdb.IOException) as exc:
        explained = _explain(exc)
        if explained is None:
            raise
        fail(*explained)  # prints the error and hint as every command's errors do
        sys.exit(130 if isinstance(exc, KeyboardInterrupt) else 1)
