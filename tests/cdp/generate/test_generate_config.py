"""The generator's config, its summary, and what a run may touch on disk."""

from __future__ import annotations

from pathlib import Path

import pytest

from cdp.contracts import SOURCES
from cdp.generate import GeneratorConfig, generate


@pytest.mark.parametrize(
    "bad",
    [
        {"customers": 0},
        {"days": 0},
        {"dirt": -1.0},
        {"prospect_share": 1.0},
        {"email_campaigns_per_week": 8},
    ],
)
def test_config_rejects_nonsense(bad: dict) -> None:
    with pytest.raises(ValueError):
        GeneratorConfig(**bad)


def test_dirt_rates_scale_and_stay_probabilities() -> None:
    assert GeneratorConfig(dirt=0).dirt_rate(0.3) == 0
    assert GeneratorConfig(dirt=2).dirt_rate(0.3) == pytest.approx(0.6)
    assert GeneratorConfig(dirt=10).dirt_rate(0.3) == 1.0


def test_summary_counts_what_is_on_disk(dirty) -> None:
    summary = dirty.summary
    assert set(summary.rows) == set(summary.files) == set(SOURCES)
    assert summary.landing_dir == dirty.root / "landing"
    assert summary.truth_dir == dirty.root / "truth"
    assert summary.seconds > 0
    for source in SOURCES:
        assert summary.files[source] == len(dirty.files(source))
    records = dirty.truth("records")
    assert records.height == sum(n for s, n in summary.rows.items() if s != "marketing_spend")


def test_regenerating_replaces_only_generator_outputs(tmp_path: Path) -> None:
    generate(GeneratorConfig(customers=50, days=20), tmp_path)
    mine = tmp_path / "landing" / "web_events" / "dropped_by_hand.jsonl"
    mine.write_text("{}\n")
    warehouse = tmp_path / "warehouse" / "cdp.duckdb"
    warehouse.parent.mkdir()
    warehouse.write_bytes(b"not ours")
    generate(GeneratorConfig(customers=50, days=10), tmp_path)
    dated = sorted(p.name for p in (tmp_path / "landing" / "web_events").glob("web_events_*"))
    assert dated[-1] <= "web_events_2025-01-10.jsonl"
    assert mine.read_text() == "{}\n"
    assert warehouse.read_bytes() == b"not ours"
    assert {p.name for p in (tmp_path / "truth").iterdir()} == {
        "persons.parquet",
        "records.parquet",
        "identifiers.parquet",
    }
