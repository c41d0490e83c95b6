"""The segment registry: file shapes, families, names, and validation against the base."""

from pathlib import Path

import pytest

from cdp.activation.base import column_refs, create_base, load_segments
from cdp.activation.registry import (
    SegmentError,
    expand,
    read_files,
    slug,
    sql_literal,
)
from cdp.config import PROJECT_ROOT
from models.rfm.segments import SEGMENTS

SINGLE = """name: vip
version: 1
description: d
owner: o
predicate: clv > 100
columns: [customer_key, email]
"""


def _registry(tmp_path: Path, **files: str) -> Path:
    for name, text in files.items():
        (tmp_path / f"{name}.yml").write_text(text)
    return tmp_path


def test_the_shipped_registry_has_the_builtin_segments(con) -> None:
    segments = expand(read_files(PROJECT_ROOT / "segments"), lambda column: [0, 1])
    names = {s.name for s in segments}
    assert {"high_value_at_risk", "win_back", "complainers_at_risk"} <= names
    assert {f"rfm_{slug(s)}" for s in SEGMENTS} <= names
    assert {"lifecycle_at_risk", "lifecycle_churned", "cluster_0", "cluster_1"} <= names
    assert {s.name for s in segments if s.export} == {
        "high_value_at_risk",
        "win_back",
        "complainers_at_risk",
    }


def test_family_expands_to_one_segment_per_value(tmp_path: Path) -> None:
    family = """family: rfm
version: 2
name: rfm_{value}
description: In {value}.
owner: o
for_each: {column: rfm_segment, values: rfm_segments}
columns: [customer_key]
"""
    segments = expand(read_files(_registry(tmp_path, rfm=family)))
    cant = next(s for s in segments if s.name == "rfm_cant_lose_them")
    assert cant.predicate == "rfm_segment = 'Can''t Lose Them'"
    assert cant.description == "In Can't Lose Them." and cant.version == 2
    assert len(segments) == len(SEGMENTS)


def test_data_family_takes_values_from_the_warehouse(tmp_path: Path, con) -> None:
    family = """family: clusters
version: 1
name: cluster_{value}
description: c
owner: o
for_each: {column: cluster_id, values: data}
columns: [customer_key]
"""
    segments = load_segments(read_files(_registry(tmp_path, c=family)), con)
    assert [(s.name, s.predicate) for s in segments] == [
        ("cluster_1", "cluster_id = 1"),
        ("cluster_2", "cluster_id = 2"),
    ]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (SINGLE.replace("version: 1", "version: one"), "version must be a positive integer"),
        (SINGLE.replace("owner: o\n", ""), "missing owner"),
        (SINGLE + "colour: red\n", "unknown key(s) colour"),
        (SINGLE.replace("name: vip", "name: VIP-list"), "names are snake_case"),
        (SINGLE + "export: {format: xlsx}\n", "export format/pii must be"),
        ("name: [unclosed", "not valid YAML"),
    ],
)
def test_bad_files_are_refused_naming_file_and_segment(
    tmp_path: Path, text: str, message: str
) -> None:
    with pytest.raises(SegmentError, match=r"^bad\.yml: ") as error:
        expand(read_files(_registry(tmp_path, bad=text)))
    assert message in str(error.value)


def test_duplicate_names_are_refused(tmp_path: Path) -> None:
    with pytest.raises(SegmentError, match=r"also defined in a\.yml"):
        expand(read_files(_registry(tmp_path, a=SINGLE, b=SINGLE)))


def test_unknown_column_names_the_segment_and_suggests(tmp_path: Path, con) -> None:
    text = SINGLE.replace("clv > 100", "clv_decil = 10")
    with pytest.raises(SegmentError) as error:
        load_segments(read_files(_registry(tmp_path, vip=text)), con)
    assert str(error.value).startswith("vip.yml: segment vip: unknown column 'clv_decil'")
    assert "did you mean clv_decile?" in str(error.value)


def test_unknown_export_column_and_bad_sql_are_refused(tmp_path: Path, con) -> None:
    columns = SINGLE.replace("[customer_key, email]", "[customer_key, mail]")
    with pytest.raises(SegmentError, match="unknown column 'mail' in columns"):
        load_segments(read_files(_registry(tmp_path, vip=columns)), con)
    broken = SINGLE.replace("clv > 100", "clv >")
    with pytest.raises(SegmentError, match="predicate is not valid SQL"):
        load_segments(read_files(_registry(tmp_path, vip=broken)), con)
    typed = SINGLE.replace("clv > 100", "clv > no_such_function(1)")
    with pytest.raises(
        SegmentError, match="fails: Catalog Error: Scalar Function with name no_such_function"
    ):
        load_segments(read_files(_registry(tmp_path, vip=typed)), con)


def test_clv_decile_is_derived_in_the_base(con) -> None:
    create_base(con)
    rows = con.execute("select customer_key, clv_decile from _segment_base order by 1").fetchall()
    assert dict(rows) == {"c1": 3, "c2": 2, "c3": None, "c4": 1}


def test_column_refs_skip_subqueries_and_qualifiers() -> None:
    refs = column_refs("b.clv > 1 and x in (select y from t) and list_contains(channels, 'web')")
    assert refs == ["clv", "x", "channels"]


def test_definition_hash_changes_with_meaning(tmp_path: Path) -> None:
    (one,) = expand(read_files(_registry(tmp_path, vip=SINGLE)))
    (two,) = expand(read_files(_registry(tmp_path, vip=SINGLE.replace("100", "200"))))
    assert one.definition_hash != two.definition_hash and len(one.definition_hash) == 64
    assert sql_literal(3) == "3" and sql_literal("O'Neil") == "'O''Neil'"
