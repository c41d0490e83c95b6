"""Membership as stays: entered and exited diffs, point-in-time reads, re-runs."""

from datetime import date

import duckdb
import pytest

from cdp.activation.base import create_base
from cdp.activation.membership import MembershipHistoryError, record_membership
from cdp.activation.registry import Segment

D1, D2, D3 = date(2026, 1, 1), date(2026, 1, 8), date(2026, 1, 15)


def _segment(name: str, predicate: str, version: int = 1) -> Segment:
    return Segment(name, version, "d", "o", predicate, ("customer_key",), f"{name}.yml")


def _record(con: duckdb.DuckDBPyConnection, day: date, *segments: Segment) -> dict:
    create_base(con)
    rows = record_membership(con, segments, day)
    return {name: (members, entered, exited) for name, _, members, entered, exited in rows}


def _band(con: duckdb.DuckDBPyConnection, customer: str, band: str) -> None:
    con.execute(
        "update analytics.customer_360 set churn_risk_band = ? where customer_key = ?",
        [band, customer],
    )


def _members_on(con: duckdb.DuckDBPyConnection, segment: str, day: date) -> list[str]:
    rows = con.execute(
        "select customer_key from segments.segment_membership where segment = ? "
        "and valid_from <= ? and (valid_to is null or valid_to > ?) order by 1",
        [segment, day, day],
    ).fetchall()
    return [r[0] for r in rows]


def test_entries_exits_and_point_in_time(con: duckdb.DuckDBPyConnection) -> None:
    risky = _segment("risky", "churn_risk_band = 'high'")
    assert _record(con, D1, risky) == {"risky": (2, 2, 0)}  # c2, c4
    _band(con, "c4", "low")
    _band(con, "c1", "high")
    assert _record(con, D2, risky) == {"risky": (2, 1, 1)}  # c1 in, c4 out
    _band(con, "c4", "high")
    assert _record(con, D3, risky) == {"risky": (3, 1, 0)}  # c4 back: a second stay

    assert _members_on(con, "risky", D1) == ["c2", "c4"]
    assert _members_on(con, "risky", date(2026, 1, 10)) == ["c1", "c2"]
    assert _members_on(con, "risky", D3) == ["c1", "c2", "c4"]
    changes = con.execute(
        "select customer_key, change_date, change from segments.segment_membership_changes "
        "where change_date > ? order by 2, 1",
        [D1],
    ).fetchall()
    assert changes == [("c1", D2, "entered"), ("c4", D2, "exited"), ("c4", D3, "entered")]
    current = con.execute("select customer_key, run_date from segments.segment_members").fetchall()
    assert sorted(current) == [("c1", D3), ("c2", D3), ("c4", D3)]


def test_a_rerun_of_a_date_replaces_its_changes(con: duckdb.DuckDBPyConnection) -> None:
    risky = _segment("risky", "churn_risk_band = 'high'")
    _record(con, D1, risky)
    _band(con, "c4", "low")
    _record(con, D2, risky)
    _band(con, "c4", "high")
    assert _record(con, D2, risky) == {"risky": (2, 0, 0)}  # as if D2 never dropped c4
    stays = con.execute("select count(*) from segments.segment_membership").fetchall()[0][0]
    runs = con.execute("select run_date from segments.segment_runs order by 1").fetchall()
    assert stays == 2 and runs == [(D1,), (D2,)]


def test_an_earlier_date_is_refused(con: duckdb.DuckDBPyConnection) -> None:
    _record(con, D2, _segment("risky", "churn_risk_band = 'high'"))
    with pytest.raises(MembershipHistoryError, match="recorded up to 2026-01-08"):
        _record(con, D1, _segment("risky", "churn_risk_band = 'high'"))


def test_a_removed_segment_empties_and_versions_are_kept(con: duckdb.DuckDBPyConnection) -> None:
    risky, lost = (
        _segment("risky", "churn_risk_band = 'high'"),
        _segment("lost", "rfm_segment = 'Lost'"),
    )
    _record(con, D1, risky, lost)
    result = _record(con, D2, _segment("risky", "churn_risk_band in ('high', 'low')", version=2))
    assert result == {"risky": (3, 1, 0)}
    assert _members_on(con, "lost", D2) == []
    versions = con.execute(
        "select segment, version, first_recorded from segments.segment_definitions order by 1, 2"
    ).fetchall()
    assert versions == [("lost", 1, D1), ("risky", 1, D1), ("risky", 2, D2)]
