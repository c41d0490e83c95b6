"""Lifecycle stage mix over time: month ends, the arrival rule and the stage rules."""

from datetime import date, datetime

import polars as pl
import pytest

from models.lifecycle import STAGES, build_lifecycle, build_lifecycle_history, month_ends

THRESHOLDS = {"new_days": 30, "active_days": 60, "lapsed_days": 120, "churned_days": 365}
AS_OF = date(2024, 3, 15)


def test_month_ends_then_the_observation_date():
    assert month_ends(AS_OF, 3) == [
        date(2023, 12, 31), date(2024, 1, 31), date(2024, 2, 29), AS_OF,
    ]  # fmt: skip
    assert month_ends(date(2024, 3, 31), 1) == [date(2024, 2, 29), date(2024, 3, 31)]
    assert month_ends(AS_OF, 0) == [AS_OF]
    with pytest.raises(ValueError, match="months"):
        month_ends(AS_OF, -1)


@pytest.fixture
def con(marts):
    orders = [
        ("early", datetime(2023, 12, 20, 10), 10, "completed"),  # new in Dec, Jan; active Feb
        ("late", datetime(2024, 2, 10, 10), 10, "completed"),  # prospect in Jan, new Feb
        ("gone", datetime(2023, 1, 5, 10), 10, "completed"),
        ("anon", datetime(2024, 1, 5, 10), 10, "completed"),
    ]
    customers = [
        ("early", False, datetime(2023, 12, 1)),
        ("late", False, datetime(2024, 1, 20)),
        ("gone", False, datetime(2023, 1, 1)),
        ("browser", False, datetime(2024, 2, 1)),  # never buys: prospect from February
        ("anon", True, datetime(2024, 1, 5)),
    ]
    return marts(orders, customers)


def test_counts_per_stage_at_each_month_end(con):
    history = build_lifecycle_history(con, as_of=AS_OF, months=3, **THRESHOLDS)
    assert history.height == 4 * len(STAGES)  # every stage at every date, zeros included
    counts = {
        (row["month_end"], row["lifecycle_stage"]): row["customers"]
        for row in history.iter_rows(named=True)
        if row["customers"]
    }
    dec, jan, feb = date(2023, 12, 31), date(2024, 1, 31), date(2024, 2, 29)
    assert counts == {
        # late and browser not seen yet; anon never has a stage
        (dec, "new"): 1,  # early: 11 days since its first order
        (dec, "lapsed"): 1,  # gone: 360 days
        (jan, "active"): 1,  # early: 42 days, too old for new
        (jan, "prospect"): 1,  # late: seen on Jan 20, no order yet
        (jan, "churned"): 1,  # gone: 391 days
        (feb, "at_risk"): 1,  # early: 71 days
        (feb, "new"): 1,  # late: 19 days
        (feb, "prospect"): 1,  # browser, seen on Feb 1
        (feb, "churned"): 1,
        (AS_OF, "at_risk"): 1,  # early: 86 days
        (AS_OF, "active"): 1,  # late: 34 days
        (AS_OF, "prospect"): 1,
        (AS_OF, "churned"): 1,
    }
    shares = history.group_by("month_end").agg(pl.col("share").sum())
    assert shares["share"].to_list() == pytest.approx([1.0] * 4, abs=1e-3)  # 4 decimals


def test_last_point_agrees_with_todays_stages(con):
    history = build_lifecycle_history(con, as_of=AS_OF, months=2, **THRESHOLDS)
    today = build_lifecycle(con, as_of=AS_OF, **THRESHOLDS).metadata
    last = history.filter(history["month_end"] == AS_OF)
    assert {r["lifecycle_stage"]: r["customers"] for r in last.iter_rows(named=True)} == {
        stage: today[f"customers.{stage}"] for stage in STAGES
    }


def test_thresholds_are_checked(con):
    with pytest.raises(ValueError, match="active_days < lapsed_days"):
        build_lifecycle_history(con, as_of=AS_OF, months=1, **(THRESHOLDS | {"lapsed_days": 10}))
