from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest


@pytest.fixture
def landing(tmp_path: Path) -> Path:
    path = tmp_path / "landing"
    path.mkdir()
    return path


@pytest.fixture
# Not Iterator[duckdb.DuckDBPyConnection]: typing caches the alias, keeping the binding
# class alive at interpreter exit, where DuckDB then reports it as leaked.
def con(tmp_path: Path) -> Iterator:
    connection = duckdb.connect(str(tmp_path / "w.duckdb"))
    yield connection
    connection.close()


@pytest.fixture
def write(landing: Path):
    """Write a landing file: ``write(source, name, text_or_bytes) -> Path``."""

    def _write(source: str, name: str, text: str | bytes) -> Path:
        path = landing / source / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text)
        return path

    return _write
