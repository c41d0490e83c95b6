"""The same config writes the same bytes; another seed writes other data."""

from __future__ import annotations


def test_same_config_writes_identical_files(make_sample, dirty) -> None:
    again = make_sample(malformed_rate=dirty.config.malformed_rate)
    first, second = dirty.digests(), again.digests()
    assert len(first) > 100
    assert first == second
    assert dirty.summary.rows == again.summary.rows


def test_other_seed_writes_other_data(make_sample, dirty) -> None:
    other = make_sample(seed=dirty.config.seed + 1, malformed_rate=dirty.config.malformed_rate)
    first, second = dirty.digests(), other.digests()
    shared = set(first) & set(second)
    assert sum(first[k] == second[k] for k in shared) < len(shared) / 10


def test_dirt_does_not_change_behaviour(clean, dirty) -> None:
    """Named random streams: dirt draws never shift what the behaviour models draw."""
    households = ["household_id", "uses_household_phone"]  # shared phones are dirt
    people = [s.truth("persons").drop(households) for s in (clean, dirty)]
    assert people[0].equals(people[1])
