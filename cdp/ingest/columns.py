"""Mapping an export's columns onto its contract, and the typed projection SQL.

Headers are matched to contract columns by name or declared alias, ignoring case,
surrounding spaces and a UTF-8 byte-order mark. The projection casts every value to the
contract type with ``try_cast`` and reports, per row, the first column whose value did
not convert or that is empty although the contract forbids it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from cdp.contracts import Column, SourceContract
from cdp.ingest.errors import FileRejectedError


def _canonical(header: str) -> str:
    return header.replace("\ufeff", "").strip().lower()


@dataclass(frozen=True)
class ColumnMapping:
    """Contract column → header found in the file (``None`` when absent and optional)."""

    found: dict[str, str | None]
    extra: list[str] = field(default_factory=list)

    @property
    def renamed(self) -> dict[str, str]:
        return {c: h for c, h in self.found.items() if h is not None and _canonical(h) != c}

    @property
    def missing_optional(self) -> list[str]:
        return [c for c, h in self.found.items() if h is None]


def map_columns(
    contract: SourceContract, headers: Iterable[str], file_path: str, *, strict: bool = True
) -> ColumnMapping:
    """Match ``headers`` to the contract.

    With ``strict`` (tabular formats) a file lacking a required column is rejected. JSON
    lines are not strict: exporters omit null keys, so an absent key is a null value and
    the row-level checks catch required values that are missing.
    """
    by_name = {_canonical(h): h for h in headers}
    found: dict[str, str | None] = {}
    for col in contract.columns:
        header = next((by_name[n] for n in (col.name, *col.aliases) if n in by_name), None)
        if header is None and col.required and strict:
            raise FileRejectedError(
                file_path,
                f"required column missing (headers found: {', '.join(sorted(by_name))})",
                column=col.name,
            )
        found[col.name] = header
    used = {h for h in found.values() if h is not None}
    return ColumnMapping(found, extra=sorted(h for h in by_name.values() if h not in used))


def _quote(literal: str) -> str:
    return "'" + literal.replace("'", "''") + "'"


def typed_projection(
    contract: SourceContract, mapping: ColumnMapping, value_sql: Callable[[str, Column], str]
) -> str:
    """SELECT list: typed contract columns plus ``_error_column`` and ``_error_reason``.

    ``value_sql(header, column)`` is the SQL expression of a found column's raw value. The error
    columns name the first problem of the row, in contract column order.
    """
    typed: list[str] = []
    checks: list[tuple[str, str, str]] = []  # (column, condition, reason SQL)
    for col in contract.columns:
        header = mapping.found[col.name]
        raw = "null" if header is None else value_sql(header, col)
        if header is None:
            typed.append(f'null::{col.type} as "{col.name}"')
        else:
            typed.append(f'try_cast({raw} as {col.type}) as "{col.name}"')
            checks.append(
                (
                    col.name,
                    f"{raw} is not null and try_cast({raw} as {col.type}) is null",
                    f"'could not convert ' || {_quote(chr(39))} || left({raw}::varchar, 80) || "
                    f"{_quote(chr(39))} || ' to {col.type}'",
                )
            )
        if not col.nullable:
            checks.append((col.name, f"{raw} is null", _quote("required value is empty")))
    if not checks:
        return ",\n    ".join(
            [*typed, "null::varchar as _error_column", "null::varchar as _error_reason"]
        )
    error_column = " ".join(f"when {cond} then {_quote(name)}" for name, cond, _ in checks)
    error_reason = " ".join(f"when {cond} then {reason}" for _, cond, reason in checks)
    return ",\n    ".join(
        [
            *typed,
            f"case {error_column} end as _error_column",
            f"case {error_reason} end as _error_reason",
        ]
    )
