"""The suites of the raw sources, generated from the source contracts.

One file per source, ``expectations/raw/<source>.json``, committed so a change of
contract shows as a change of suite in review; ``cdp contracts sync-expectations``
rewrites them and ``--check`` (in ``make lint`` and a test) fails when one is stale.

What a contract implies:

- the primary key is never null (critical: ingest quarantines such rows, so a null key
  here means the ingest layer is broken);
- at most 1% of rows share a primary key (warning: exports re-send some rows, which
  staging deduplicates; more means the export system is replaying data);
- a column with a closed vocabulary holds only its values (warning: staging's dbt test
  fails on the same rows, with their names);
- a column with a range holds only values in it (critical: a CSAT of 7 or a negative
  amount would flow into revenue and satisfaction; the run stops at the door).

Failing rows name their file and line (the lineage columns ``_source_file`` and
``_row_number``). Raw event tables can be large, so these suites may be sampled.
"""

from __future__ import annotations

import json
from pathlib import Path

from cdp.contracts import SOURCES, SourceContract
from cdp.quality.suites import EXPECTATIONS_DIR

GENERATED = "Generated from cdp/contracts by `cdp contracts sync-expectations`; do not edit."
DUPLICATE_KEY_TOLERANCE = 0.99


def _expectation(type_: str, severity: str, notes: str, **kwargs: object) -> dict:
    return {"type": type_, "kwargs": kwargs, "severity": severity, "notes": notes}


def raw_suite(contract: SourceContract) -> dict:
    """The GX suite (JSON form) implied by one source contract."""
    key = list(contract.primary_key)
    expectations = [
        _expectation(
            "expect_column_values_to_not_be_null",
            "critical",
            "The primary key is never empty (ingest quarantines such rows).",
            column=column,
        )
        for column in key
    ]
    unique = "expect_column_values_to_be_unique" if len(key) == 1 else (
        "expect_compound_columns_to_be_unique"
    )  # fmt: skip
    subject = {"column": key[0]} if len(key) == 1 else {"column_list": key}
    expectations.append(
        _expectation(
            unique,
            "warning",
            "At most 1% of rows re-send a key already exported (staging keeps one).",
            mostly=DUPLICATE_KEY_TOLERANCE,
            **subject,
        )
    )
    for col in contract.columns:
        if col.values:
            expectations.append(
                _expectation(
                    "expect_column_values_to_be_in_set",
                    "warning",
                    f"{col.name} is one of the contract's values.",
                    column=col.name,
                    value_set=list(col.values),
                )
            )
        if col.between:
            low, high = col.between
            expectations.append(
                _expectation(
                    "expect_column_values_to_be_between",
                    "critical",
                    f"{col.name} lies in the contract's range.",
                    column=col.name,
                    min_value=low,
                    max_value=high,
                )
            )
    return {
        "name": f"raw.{contract.name}",
        "notes": GENERATED,
        "meta": {
            "asset": ["raw", contract.name],
            "key": [*key, "_source_file", "_row_number"],
            "batch": {"sample_rows": True},
        },
        "expectations": expectations,
    }


def raw_suite_files(root: Path = EXPECTATIONS_DIR) -> dict[Path, str]:
    """Every generated raw suite: its path and the text it must hold."""
    return {
        root / "raw" / f"{c.name}.json": json.dumps(raw_suite(c), indent=2) + "\n"
        for c in SOURCES.values()
    }
