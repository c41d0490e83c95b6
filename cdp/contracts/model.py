"""The shape of a source contract: what one channel export must look like.

A contract is declared once (see :mod:`cdp.contracts.sources`) and read by the sample
generator, the ingest layer and the dbt sources file, so a column is never described in
three places.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

FileFormat = Literal["csv", "jsonl", "parquet"]

# Kinds of identifier that can link a record to a person. Staging models normalise each
# kind the same way wherever it appears.
IdentifierKind = Literal[
    "crm_id",
    "email",
    "phone",
    "loyalty_id",
    "account_id",
    "device_id",
    "cookie_id",
    "social_handle",
]

FILE_EXTENSIONS: dict[str, str] = {"csv": ".csv", "jsonl": ".jsonl", "parquet": ".parquet"}


@dataclass(frozen=True)
class Column:
    """One column of a source export.

    Parameters
    ----------
    name
        Canonical column name, as stored in the raw table.
    type
        DuckDB type the raw table stores it as.
    description
        What the column holds, for dbt docs and the generator's authors.
    required
        The column must be present in every file; a file without it is rejected.
    nullable
        Empty values are allowed. A required, non-nullable column that is empty
        rejects the row.
    identifier
        The kind of identifier it carries, if it can link the record to a person.
    aliases
        Other header names that mean this column (renamed exports).
    values
        The closed vocabulary of the column, when it has one.
    between
        The inclusive range of a numeric column, ``None`` on an open side: a value
        outside it is corrupt (a CSAT of 7, a negative amount), and the raw source's
        quality suite stops the run on it.
    """

    name: str
    type: str
    description: str
    required: bool = True
    nullable: bool = True
    identifier: IdentifierKind | None = None
    aliases: tuple[str, ...] = ()
    values: tuple[str, ...] = ()
    between: tuple[float | None, float | None] | None = None


@dataclass(frozen=True)
class SourceContract:
    """One channel export: its format, columns, key and time column.

    ``name`` is at once the landing folder (``data/landing/<name>/``) and the raw table
    (``raw.<name>``); ``system`` and ``entity`` name the staging model
    ``stg_<system>__<entity>s``. ``versions_model`` names a staging model at the source's
    own grain when the staging model keeps fewer rows (the CRM keeps only the latest
    version of a customer): identity resolution reads that one, since earlier versions
    carry identifiers too.
    """

    name: str
    system: str
    entity: str
    format: FileFormat
    description: str
    columns: tuple[Column, ...]
    primary_key: tuple[str, ...]
    timestamp_column: str
    versions_model: str | None = None

    def __post_init__(self) -> None:
        names = [c.name for c in self.columns]
        if len(set(names)) != len(names):
            raise ValueError(f"contract {self.name}: duplicate column names in {names}")
        for key in (*self.primary_key, self.timestamp_column):
            if key not in names:
                raise ValueError(f"contract {self.name}: {key!r} is not one of its columns")

    @property
    def extension(self) -> str:
        return FILE_EXTENSIONS[self.format]

    @property
    def staging_model(self) -> str:
        return f"stg_{self.system}__{self.entity}s"

    @property
    def identity_model(self) -> str:
        """The staging model identity resolution reads: one row per source record."""
        return self.versions_model or self.staging_model

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)

    @property
    def duckdb_types(self) -> dict[str, str]:
        return {c.name: c.type for c in self.columns}

    @property
    def identifier_columns(self) -> dict[str, IdentifierKind]:
        return {c.name: c.identifier for c in self.columns if c.identifier}

    def column(self, name: str) -> Column:
        for col in self.columns:
            if col.name == name:
                return col
        raise KeyError(f"contract {self.name} has no column {name!r}")


# Columns the ingest layer adds to every raw table, in this order. The staging models keep
# them too; their dbt docs are the doc blocks lineage_<name> of dbt_project/models/_docs.md,
# which the generated sources file references (cdp.contracts.dbt_sources.lineage_doc).
LINEAGE: tuple[Column, ...] = (
    Column("_source_file", "VARCHAR", "Landing file the row was loaded from."),
    Column("_row_number", "BIGINT", "Line of the record in that file (CSV header: line 1)."),
    Column("_load_id", "VARCHAR", "Id of the load that wrote the row."),
    Column("_loaded_at", "TIMESTAMP", "When the row was loaded."),
)
LINEAGE_COLUMNS: dict[str, str] = {c.name: c.type for c in LINEAGE}
