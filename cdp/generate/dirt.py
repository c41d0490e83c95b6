"""Deliberate dirt in rows: missing ids, duplicated rows, broken lines.

Every rate is the rate at ``dirt=1`` and is scaled by ``GeneratorConfig.dirt``; with
``dirt=0`` nothing here changes anything. Messy identifier formats are in
:mod:`cdp.generate.formats`. Dirt that needs the simulation (shared household phones,
placeholder emails typed by agents, a store's default loyalty card) is drawn where those
rows are built, with the rates below.
"""

from __future__ import annotations

import numpy as np
import polars as pl

from cdp.contracts import SourceContract
from cdp.generate.config import GeneratorConfig

JUNK_EMAIL = "noemail@example.com"
JUNK_EMAIL_RATE = 0.3  # rows where an agent had no email to type and typed this instead
DEFAULT_CARD_RATE = 0.1  # receipts without a card on which the cashier scans the store's
# Identifiers left empty although the person has one: (source, column) -> rate.
MISSING = {
    ("crm_customers", "email"): 0.03,
    ("crm_customers", "phone"): 0.05,
    ("shop_orders", "email"): 0.01,
    ("support_tickets", "email"): 0.02,
    ("callcenter_calls", "phone"): 0.03,
    ("survey_responses", "email"): 0.02,
}


def drop_identifiers(
    frame: pl.DataFrame,
    contract: SourceContract,
    config: GeneratorConfig,
    rng: np.random.Generator,
) -> pl.DataFrame:
    """Blank some identifiers a person has, as forms and agents do."""
    for (source, column), rate in MISSING.items():
        if source == contract.name and config.dirt_rate(rate) > 0:
            lost = pl.Series(rng.random(frame.height) < config.dirt_rate(rate))
            frame = frame.with_columns(pl.when(~lost).then(pl.col(column)).alias(column))
    return frame


def duplicate(
    frame: pl.DataFrame, config: GeneratorConfig, rng: np.random.Generator
) -> pl.DataFrame:
    """Repeat a few rows in the same file and a few in the next day's file.

    Expects ``_file_day``; adds ``_flaw`` (null, ``duplicate`` or ``late_duplicate``).
    """
    n = frame.height
    frame = frame.with_columns(_flaw=pl.lit(None, dtype=pl.String))
    again = pl.Series(rng.random(n) < config.dirt_rate(config.duplicate_rate))
    late = pl.Series(rng.random(n) < config.dirt_rate(config.late_duplicate_rate))
    late &= frame["_file_day"] < config.days - 1
    return pl.concat(
        [
            frame,
            frame.filter(again).with_columns(_flaw=pl.lit("duplicate")),
            frame.filter(late).with_columns(
                pl.col("_file_day") + 1, _flaw=pl.lit("late_duplicate")
            ),
        ]
    )


def malformed_codes(
    n: int, contract: SourceContract, config: GeneratorConfig, rng: np.random.Generator
) -> np.ndarray:
    """Which rows to write as a broken line (0: none, 1 or 2: how). Never in Parquet."""
    if contract.format == "parquet":
        return np.zeros(n, dtype=np.int8)
    broken = rng.random(n) < config.dirt_rate(config.malformed_rate)
    return np.where(broken, 1 + rng.integers(0, 2, n), 0).astype(np.int8)


def break_line(line: bytes, code: int, file_format: str) -> bytes:
    """Damage one serialised row the way real exports get damaged.

    CSV: 1 cuts the last field off, 2 repeats it (too many fields). JSONL: 1
    truncates the object, 2 writes it with single quotes. An unclosed CSV quote is not
    used on purpose: it swallows the lines after it and can make a reader mis-sniff the
    whole file, which is a different failure than one bad line.
    """
    if file_format == "jsonl":
        return line[: len(line) // 2] if code == 1 else line.replace(b'"', b"'")
    if code == 1 and b'"' not in line:
        return line[: line.rfind(b",")]
    return line + line[line.rfind(b",") :]  # the last field written twice
