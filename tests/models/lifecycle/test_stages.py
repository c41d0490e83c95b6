"""Lifecycle stages: every rule and boundary on hand-made customers."""

from datetime import date, datetime, time, timedelta

import pytest

from models.lifecycle import ANONYMOUS_REASON, STAGES, build_lifecycle

AS_OF = date(2024, 6, 30)
THRESHOLDS = {"new_days": 30, "active_days": 60, "lapsed_days": 120, "churned_days": 365}


def at(days_before: int, clock: time = time(12)) -> datetime:
    return datetime.combine(AS_OF - timedelta(days=days_before), clock)


def done(key: str, *days_before: int) -> list[tuple]:
    return [(key, at(d), 10, "completed") for d in days_before]


# key -> (stage, days_since_last_order, previous_gap_days) with the THRESHOLDS above
EXPECTED = {
    "prospect": ("prospect", None, None),  # in dim_customers only
    "returner": ("prospect", None, None),  # returned / cancelled only
    "future": ("prospect", None, None),  # only ordered after as_of
    "new_today": ("new", 0, None),  # first order on as_of, at 23:59
    "new_edge": ("new", 10, 20),  # first order 30 days ago: within new_days
    "active_31": ("active", 31, None),  # one day too old for new
    "active_edge": ("active", 60, 40),
    "react": ("reactivated", 10, 290),
    "react_edge": ("reactivated", 10, 120),  # gap == lapsed_days
    "not_react": ("active", 10, 119),
    "react_split": ("reactivated", 5, 195),  # two orders on its comeback day: one purchase
    "react_late": ("at_risk", 61, 339),  # came back, but not within active_days
    "back_then_active": ("active", 40, 10),  # only the gap before the last order counts
    "same_day_twice": ("active", 45, None),  # one purchase day: no gap
    "at_risk_edge": ("at_risk", 120, None),
    "lapsed_121": ("lapsed", 121, None),
    "lapsed_edge": ("lapsed", 365, None),
    "churned": ("churned", 366, None),
    "cancel_recent": ("lapsed", 200, None),  # a recent cancelled order is no purchase
    "after": ("at_risk", 100, None),  # its order after as_of is unseen
    "anon_buyer": (None, 3, None),
    "anon_visit": (None, None, None),
}
ORDERS = [
    ("returner", at(5), 10, "returned"),
    ("returner", at(3), 10, "cancelled"),
    *done("future", -2),
    ("new_today", at(0, time(23, 59)), 10, "completed"),
    *done("new_edge", 30, 10),
    *done("active_31", 31),
    *done("active_edge", 100, 60),
    *done("react", 300, 10),
    *done("react_edge", 130, 10),
    *done("not_react", 129, 10),
    *done("react_split", 200, 5),
    ("react_split", at(5, time(18)), 10, "completed"),
    *done("react_late", 400, 61),
    *done("back_then_active", 300, 50, 40),
    ("same_day_twice", at(45, time(9)), 10, "completed"),
    ("same_day_twice", at(45, time(19)), 10, "completed"),
    *done("at_risk_edge", 120),
    *done("lapsed_121", 121),
    *done("lapsed_edge", 365),
    *done("churned", 366),
    *done("cancel_recent", 200),
    ("cancel_recent", at(5), 10, "cancelled"),
    *done("after", 100, -1),
    *done("anon_buyer", 3),
]


@pytest.fixture
def con(marts):
    return marts(ORDERS, [(key, key.startswith("anon")) for key in EXPECTED])


def test_every_rule_and_boundary(con):
    table = build_lifecycle(con, as_of=AS_OF, **THRESHOLDS).table
    assert table.columns == [
        "customer_key", "lifecycle_stage", "first_order_at", "last_order_at",
        "days_since_last_order", "previous_gap_days", "null_reason",
    ]  # fmt: skip
    assert table["customer_key"].sort().to_list() == sorted(EXPECTED)  # each once
    got = {k: (stage, since, gap) for k, stage, _, _, since, gap, _ in table.rows()}
    assert got == EXPECTED


def test_order_timestamps_and_null_reasons(con):
    rows = build_lifecycle(con, as_of=AS_OF, **THRESHOLDS).table.rows_by_key(
        "customer_key", named=True, unique=True
    )
    assert (rows["react_split"]["first_order_at"], rows["react_split"]["last_order_at"]) == (
        at(200),
        at(5, time(18)),
    )
    assert rows["after"]["last_order_at"] == at(100)
    assert rows["prospect"]["first_order_at"] is None
    reasons = {k: r["null_reason"] for k, r in rows.items() if r["null_reason"]}
    assert reasons == {"anon_buyer": ANONYMOUS_REASON, "anon_visit": ANONYMOUS_REASON}


def test_metadata(con):
    meta = build_lifecycle(con, as_of=AS_OF, **THRESHOLDS).metadata
    assert {stage: meta[f"customers.{stage}"] for stage in STAGES} == {
        "prospect": 3, "new": 2, "reactivated": 3, "active": 5, "at_risk": 3, "lapsed": 3,
        "churned": 1,
    }  # fmt: skip
    assert meta["customers.no_stage_anonymous"] == 2
    assert meta["customers"] == len(EXPECTED)
    assert {k: meta[k] for k in THRESHOLDS} == THRESHOLDS
    assert meta["as_of"] == "2024-06-30"


def test_the_first_matching_rule_wins(con):
    # With a long new window the comebacks are still in their first 300 days: new first.
    thresholds = THRESHOLDS | {"new_days": 300}
    stages = dict(build_lifecycle(con, as_of=AS_OF, **thresholds).table.select(
        "customer_key", "lifecycle_stage").rows())  # fmt: skip
    assert (stages["react"], stages["react_edge"], stages["react_late"]) == (
        "new",
        "new",
        "at_risk",
    )


@pytest.mark.parametrize(
    "change",
    [
        {"new_days": 0},
        {"active_days": 0},
        {"active_days": 120},  # == lapsed_days
        {"lapsed_days": 365},  # == churned_days
        {"active_days": 200},
    ],
)
def test_invalid_thresholds_are_refused(con, change):
    with pytest.raises(ValueError, match=r"new_days must be positive|need 0 < active_days"):
        build_lifecycle(con, as_of=AS_OF, **(THRESHOLDS | change))
