"""Canonical forms of identifiers, and the identifier truth collected from the exports."""

from __future__ import annotations

import polars as pl

from cdp.contracts import SourceContract


def canonical_email(email: pl.Expr) -> pl.Expr:
    """Trimmed, lowercase email: the form the truth is written in."""
    return email.str.strip_chars().str.to_lowercase()


def canonical_phone(phone: pl.Expr) -> pl.Expr:
    """E.164 form of a UK number in any of the formats the generator writes.

    ``07700 900123``, ``(07700) 900-123``, ``0044 7700 900123`` and ``447700900123`` all
    become ``+447700900123``.
    """
    digits = phone.str.replace_all(r"\D", "")
    national = (
        pl.when(digits.str.starts_with("0044"))
        .then(digits.str.slice(4))
        .when(digits.str.starts_with("44"))
        .then(digits.str.slice(2))
        .when(digits.str.starts_with("0"))
        .then(digits.str.slice(1))
        .otherwise(digits)
    )
    return pl.when(digits.str.len_chars() > 0).then("+44" + national)


CANONICAL = {"email": canonical_email, "phone": canonical_phone}


def collect(frame: pl.DataFrame, contract: SourceContract) -> pl.DataFrame:
    """Distinct (kind, value, person) of every identifier a source's rows carry.

    Parameters
    ----------
    frame
        Rows of one source with ``_person``, before formats are scrambled (the values are
        canonical then).
    contract
        The source's contract, which says which columns hold identifiers.
    """
    parts = [_distinct(frame, column, kind) for column, kind in contract.identifier_columns.items()]
    empty = pl.DataFrame(schema={"kind": pl.String, "value": pl.String, "_person": pl.Int64})
    return pl.concat([empty, *[p.cast(empty.schema) for p in parts]])


def _distinct(frame: pl.DataFrame, column: str, kind: str) -> pl.DataFrame:
    # Deduplicating on (person, hash of value) avoids hashing long strings twice.
    rows = frame.select(pl.col(column).alias("value"), "_person").drop_nulls("value")
    first = rows.select("_person", h=pl.col("value").hash(), i=pl.int_range(pl.len())).unique(
        subset=["_person", "h"], keep="first", maintain_order=True
    )
    return rows[first["i"].to_numpy()].select(pl.lit(kind).alias("kind"), "value", "_person")
