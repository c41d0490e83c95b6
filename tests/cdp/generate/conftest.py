"""Fixtures of the generator tests: small generated samples and ways to read them back."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

import duckdb
import polars as pl
import pytest

from cdp.contracts import SOURCES
from cdp.generate import GenerationSummary, GeneratorConfig, generate

SMALL = GeneratorConfig(customers=300, days=90, seed=7)
# Reading a glob, DuckDB sniffs the dialect from the first file only; a first file without
# quoted fields would make later quoted commas look like extra columns. Say it explicitly.
DIALECT = "header=true, delim=',', quote='\"', escape='\"'"


@dataclass(frozen=True)
class Sample:
    """A generated data root and what the generator reported about it."""

    config: GeneratorConfig
    summary: GenerationSummary

    @property
    def root(self) -> Path:
        return self.summary.landing_dir.parent

    def files(self, source: str) -> list[Path]:
        """The daily files written for ``source``, in date order."""
        extension = SOURCES[source].extension
        return sorted((self.summary.landing_dir / source).glob(f"*{extension}"))

    def read(self, source: str, *, typed: bool = False) -> pl.DataFrame:
        """Every loadable row of a source, with the name of its file in ``file``.

        Broken CSV lines are skipped; broken JSONL lines come back as all-null rows and
        are dropped. Columns are strings unless ``typed``, so values are seen as written.
        """
        contract = SOURCES[source]
        pattern = str(self.summary.landing_dir / source / f"*{contract.extension}")
        types = {
            c.name: c.type if typed or c.type.startswith("STRUCT") else "VARCHAR"
            for c in contract.columns
        }
        if contract.format == "csv":
            sql = (
                f"select * from read_csv('{pattern}', {DIALECT}, columns={types}, "
                "filename=true, store_rejects=true)"
            )
        elif contract.format == "jsonl":
            sql = (
                f"select * from read_json('{pattern}', format='newline_delimited', "
                f"columns={types}, filename=true, ignore_errors=true)"
            )
        else:
            sql = f"select * from read_parquet('{pattern}', filename=true)"
        frame = duckdb.connect().sql(sql).pl()
        return (
            frame.filter(pl.col(contract.primary_key[0]).is_not_null())
            .with_columns(file=pl.col("filename").str.extract(r"([^/]+)$"))
            .drop("filename")
        )

    def truth(self, name: str) -> pl.DataFrame:
        """One of the ground-truth tables: persons, records or identifiers."""
        return pl.read_parquet(self.summary.truth_dir / f"{name}.parquet")

    def digests(self) -> dict[str, str]:
        """SHA-256 of every file written, by path relative to the data root."""
        return {
            str(p.relative_to(self.root)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(self.root.rglob("*"))
            if p.is_file()
        }


@pytest.fixture(scope="session")
def make_sample(tmp_path_factory: pytest.TempPathFactory) -> Callable[..., Sample]:
    """Generate a sample: ``make_sample(**overrides_of_SMALL)``."""

    def _make(**overrides: object) -> Sample:
        config = replace(SMALL, **overrides)
        return Sample(config, generate(config, tmp_path_factory.mktemp("sample")))

    return _make


@pytest.fixture(scope="session")
def dirty(make_sample: Callable[..., Sample]) -> Sample:
    """Default dirt, with enough broken lines that every kind of damage shows up."""
    return make_sample(malformed_rate=0.002)


@pytest.fixture(scope="session")
def medium(make_sample: Callable[..., Sample]) -> Sample:
    """Default rates over the default window, big enough for statistics."""
    return make_sample(customers=2000, days=GeneratorConfig().days, seed=11)


@pytest.fixture(scope="session")
def clean(make_sample: Callable[..., Sample]) -> Sample:
    """No dirt at all."""
    return make_sample(dirt=0.0)
