"""The segment registry: versioned YAML definitions in ``segments/`` (see its README).

A file holds one segment, or a family: one segment per value of a column, from a
vocabulary the models define (RFM segments, lifecycle stages) or, with ``values: data``,
from the column's distinct values at run time (cluster ids). Loading checks the shape
of each file; :mod:`cdp.activation.validation` checks predicates and columns against
the segment base.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import get_args

import yaml

from cdp.activation.manifest import ExportFormat
from cdp.privacy.policy import PiiMode
from models.lifecycle.stages import STAGES
from models.rfm.segments import SEGMENTS as RFM_SEGMENTS

# Named vocabularies a family may iterate over, defined by the models that score them.
VOCABULARIES: dict[str, tuple[str, ...]] = {
    "rfm_segments": RFM_SEGMENTS,
    "lifecycle_stages": STAGES,
}
DATA_VALUES = "data"
SEGMENT_NAME = re.compile(r"[a-z][a-z0-9_]*")
_SINGLE_KEYS = {"name", "version", "description", "owner", "predicate", "columns", "export"}
_FAMILY_KEYS = (_SINGLE_KEYS - {"predicate"}) | {"family", "for_each"}


class SegmentError(ValueError):
    """A segment definition that cannot be used; the message names the file and segment."""


@dataclass(frozen=True)
class ScheduledExport:
    """A segment exported by every run, in this format and PII mode."""

    format: ExportFormat = "csv"
    pii: PiiMode = "hashed"


@dataclass(frozen=True)
class Segment:
    """One segment: who is in it (``predicate``) and what is exported (``columns``)."""

    name: str
    version: int
    description: str
    owner: str
    predicate: str
    columns: tuple[str, ...]
    source_file: str
    family: str | None = None
    export: ScheduledExport | None = None

    @property
    def definition_hash(self) -> str:
        """SHA-256 of what defines membership and the export: name, version, predicate,
        columns. Exports record it, so a list can be traced to its exact definition."""
        body = [self.name, self.version, self.predicate, list(self.columns)]
        return hashlib.sha256(json.dumps(body).encode()).hexdigest()


@dataclass(frozen=True)
class SegmentFile:
    """One registry file, before family expansion."""

    path: Path
    body: dict

    def error(self, message: str, name: str | None = None) -> SegmentError:
        who = f"segment {name}: " if name else ""
        return SegmentError(f"{self.path.name}: {who}{message}")


def slug(value: object) -> str:
    """``"Can't Lose Them"`` -> ``cant_lose_them``: a value as part of a segment name."""
    text = re.sub(r"[^a-z0-9]+", "_", str(value).lower().replace("'", "")).strip("_")
    return text or "none"


def sql_literal(value: object) -> str:
    """A value as a SQL literal (numbers bare, text quoted with quotes doubled)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return "'" + str(value).replace("'", "''") + "'"
    return str(value)


def read_files(segments_dir: Path) -> list[SegmentFile]:
    """Every ``*.yml`` of the registry, parsed, with its shape checked."""
    if not segments_dir.is_dir():
        raise SegmentError(f"no segment registry at {segments_dir}")
    files = []
    for path in sorted(segments_dir.glob("*.yml")):
        try:
            body = yaml.safe_load(path.read_text())
        except yaml.YAMLError as exc:
            raise SegmentError(f"{path.name}: not valid YAML: {exc}") from None
        file = SegmentFile(path, body if isinstance(body, dict) else {})
        _check_shape(file)
        files.append(file)
    return files


def _check_shape(file: SegmentFile) -> None:
    body, family = file.body, "family" in file.body
    allowed = _FAMILY_KEYS if family else _SINGLE_KEYS
    required = allowed - {"export"}
    name = body.get("name") if not family else None
    if missing := sorted(required - body.keys()):
        raise file.error(f"missing {', '.join(missing)}", name)
    if unknown := sorted(body.keys() - allowed):
        raise file.error(f"unknown key(s) {', '.join(unknown)}; allowed: {sorted(allowed)}", name)
    if not isinstance(body["version"], int) or body["version"] < 1:
        raise file.error("version must be a positive integer", name)
    columns = body["columns"]
    if not isinstance(columns, list) or not columns or not all(isinstance(c, str) for c in columns):
        raise file.error("columns must be a non-empty list of column names", name)
    if family:
        spec = body["for_each"]
        if not isinstance(spec, dict) or set(spec) != {"column", "values"}:
            raise file.error("for_each needs exactly `column` and `values`")
        if spec["values"] not in (*VOCABULARIES, DATA_VALUES):
            known = ", ".join([*VOCABULARIES, DATA_VALUES])
            raise file.error(f"for_each.values {spec['values']!r} is not one of: {known}")
        if "{value}" not in str(body["name"]):
            raise file.error("a family's name must contain {value}")
    _export(file, name)


def _export(file: SegmentFile, name: str | None) -> ScheduledExport | None:
    spec = file.body.get("export")
    if spec is None:
        return None
    if not isinstance(spec, dict) or not set(spec) <= {"format", "pii"}:
        raise file.error("export takes `format` and `pii`", name)
    export = ScheduledExport(**spec)
    if export.format not in get_args(ExportFormat) or export.pii not in get_args(PiiMode):
        raise file.error(
            f"export format/pii must be {get_args(ExportFormat)}/{get_args(PiiMode)}", name
        )
    return export


def expand(
    files: Sequence[SegmentFile], distinct_values: Callable[[str], list] | None = None
) -> list[Segment]:
    """The segments the files define, families expanded, names checked unique.

    ``distinct_values(column)`` supplies a ``values: data`` family's values (from the
    warehouse); without it such families expand to nothing.
    """
    segments: list[Segment] = []
    for file in files:
        body = file.body
        common = dict(
            version=body["version"],
            owner=str(body["owner"]),
            columns=tuple(body["columns"]),
            source_file=file.path.name,
            export=_export(file, body.get("name")),
        )
        if "family" not in body:
            segments.append(
                Segment(
                    name=str(body["name"]),
                    description=str(body["description"]),
                    predicate=str(body["predicate"]).strip(),
                    **common,
                )
            )
            continue
        column, source = body["for_each"]["column"], body["for_each"]["values"]
        if source == DATA_VALUES:
            values = distinct_values(column) if distinct_values else []
        else:
            values = list(VOCABULARIES[source])
        for value in values:
            segments.append(
                Segment(
                    name=str(body["name"]).replace("{value}", slug(value)),
                    description=str(body["description"]).replace("{value}", str(value)),
                    predicate=f"{column} = {sql_literal(value)}",
                    family=str(body["family"]),
                    **common,
                )
            )
    _check_names(segments)
    return segments


def _check_names(segments: Sequence[Segment]) -> None:
    seen: dict[str, str] = {}
    for segment in segments:
        if not SEGMENT_NAME.fullmatch(segment.name):
            raise SegmentError(
                f"{segment.source_file}: segment {segment.name!r}: names are "
                "snake_case (lower-case letters, digits, _)"
            )
        if segment.name in seen:
            raise SegmentError(
                f"{segment.source_file}: segment {segment.name} is also defined "
                f"in {seen[segment.name]}"
            )
        seen[segment.name] = segment.source_file
