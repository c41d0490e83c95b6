"""The Great Expectations suites in ``expectations/``, read without importing GX.

A suite file is a GX 1.x ``ExpectationSuite`` in its own JSON form (``name``,
``expectations`` with ``type``, ``kwargs``, ``severity``, ``notes``, ``meta``), plus a
``meta`` block this platform reads:

- ``asset``: the asset key it validates, e.g. ``["marts", "fct_orders"]``;
- ``key``: the columns that identify a row in a check's failing rows;
- ``batch``: what is read from DuckDB. By default the whole table (only the columns the
  expectations name); ``{"sample_rows": true}`` allows a reservoir sample above
  :attr:`~cdp.quality.settings.QualitySettings.sample_rows`; ``{"query": "select ..."}``
  validates an aggregate query instead (exact at any size).

Severity: ``critical`` becomes a blocking ERROR check, ``warning`` a WARN check.
Parameters written ``{"$PARAMETER": "name"}`` are filled at run time
(:mod:`cdp.quality.parameters`), so vocabularies are never restated here.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

# The project root (cdp.config imports this package, so it cannot be imported here).
EXPECTATIONS_DIR = Path(__file__).resolve().parents[2] / "expectations"
SEVERITIES = ("critical", "warning")


class SuiteError(ValueError):
    """A suite file that cannot be used; the message names the file."""


def _condition_columns(node: object) -> list[str]:
    """Columns named in a GX row condition (its JSON form: ``{"column": {"name": ...}}``)."""
    if isinstance(node, dict):
        found = [node["column"]["name"]] if isinstance(node.get("column"), dict) else []
        return found + [c for v in node.values() for c in _condition_columns(v)]
    if isinstance(node, list):
        return [c for v in node for c in _condition_columns(v)]
    return []


@dataclass(frozen=True)
class Expectation:
    """One expectation of a suite, as a Dagster check sees it."""

    check_name: str
    type: str
    kwargs: dict
    severity: str
    notes: str

    @property
    def blocking(self) -> bool:
        return self.severity == "critical"

    @property
    def columns(self) -> tuple[str, ...]:
        """Every column it reads, those of its ``row_condition`` included."""
        named = [self.kwargs.get(k) for k in ("column", "column_A", "column_B")] + list(
            self.kwargs.get("column_list", [])
        )
        named += _condition_columns(self.kwargs.get("row_condition"))
        return tuple(dict.fromkeys(c for c in named if isinstance(c, str)))

    def describe(self) -> str:
        shown = ", ".join(f"{k}={v}" for k, v in self.kwargs.items() if k != "column")
        subject = self.kwargs.get("column", "table")
        text = f"{self.type}({subject}{', ' + shown if shown else ''})"
        return f"{self.notes} [{text}]" if self.notes else text


@dataclass(frozen=True)
class Suite:
    """One suite file: what it validates and how the batch is read."""

    path: Path
    name: str
    asset: tuple[str, ...]
    key: tuple[str, ...]
    batch: dict
    expectations: tuple[Expectation, ...]
    definition: dict
    sha: str

    @property
    def table(self) -> str:
        return ".".join(self.asset)

    @property
    def columns(self) -> list[str]:
        """The columns the batch needs: the key, then every column an expectation names."""
        named = [*self.key, *(c for e in self.expectations for c in e.columns)]
        return list(dict.fromkeys(named))

    def relative_path(self) -> str:
        return self.path.relative_to(EXPECTATIONS_DIR.parent).as_posix()


def check_name(type_: str, kwargs: dict, meta: dict) -> str:
    """``<column>__<verb>``, e.g. ``csat__be_between``; ``meta.check`` overrides it."""
    if meta.get("check"):
        return str(meta["check"])
    subject = kwargs.get("column") or "_".join(kwargs.get("column_list", [])) or "table"
    verb = type_.removeprefix("expect_")
    for prefix in ("column_values_to_", "compound_columns_to_", "column_", "table_"):
        verb = verb.removeprefix(prefix)
    return f"{subject}__{verb}"


def parse_suite(path: Path) -> Suite:
    """Read and validate one suite file; :class:`SuiteError` names the file and the fault."""
    definition = json.loads(path.read_text())
    meta = definition.get("meta", {})
    if not meta.get("asset"):
        raise SuiteError(f"{path}: meta.asset (the asset key it validates) is missing")
    batch = meta.get("batch", {})
    expectations = []
    for i, item in enumerate(definition.get("expectations", [])):
        severity = item.get("severity")
        if severity not in SEVERITIES:
            raise SuiteError(f"{path}: expectation {i} needs a severity in {SEVERITIES}")
        if batch.get("sample_rows") and item["type"].startswith("expect_table_"):
            raise SuiteError(f"{path}: {item['type']} needs the whole table; this suite samples")
        name = check_name(item["type"], item["kwargs"], item.get("meta", {}))
        expectations.append(
            Expectation(name, item["type"], item["kwargs"], severity, item.get("notes") or "")
        )
    names = [e.check_name for e in expectations]
    if len(set(names)) != len(names):
        raise SuiteError(f"{path}: two expectations share a check name in {names}")
    return Suite(
        path=path,
        name=definition["name"],
        asset=tuple(meta["asset"]),
        key=tuple(meta.get("key", ())),
        batch=batch,
        expectations=tuple(expectations),
        definition=definition,
        sha=hashlib.sha256(path.read_bytes()).hexdigest()[:12],
    )


def load_suites(root: Path = EXPECTATIONS_DIR) -> list[Suite]:
    """Every suite under ``root``; check names must be unique per asset."""
    suites = [parse_suite(p) for p in sorted(root.rglob("*.json"))]
    seen: dict[tuple, Path] = {}
    for suite in suites:
        for e in suite.expectations:
            owner = seen.setdefault((suite.asset, e.check_name), suite.path)
            if owner != suite.path:
                raise SuiteError(f"{suite.path}: check {e.check_name} is also in {owner}")
    return suites
