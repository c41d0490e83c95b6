"""Cutoffs, the buyer population and churn labels, by hand."""

from datetime import date

import pytest

from models.churn.labels import check_history, churn_labels, cutoffs


def test_cutoffs_step_back_one_horizon_each():
    cuts = cutoffs(date(2026, 4, 1), 90)
    assert (cuts.evaluate, cuts.train) == (date(2026, 1, 1), date(2025, 10, 3))
    assert cuts.history_start == date(2025, 7, 5)
    with pytest.raises(ValueError, match="at least 1"):
        cutoffs(date(2026, 4, 1), 0)


def test_labels_by_hand(wh):
    con = wh.empty()
    wh.insert(con, "marts.fct_orders", [
        ("stays", "store", "2024-01-10 09:00", 10, 0, "completed", False),
        ("stays", "store", "2024-02-01 09:00", 10, 0, "completed", False),  # c + 1
        ("edge", "store", "2024-01-31 23:59", 10, 0, "completed", False),  # on c: a buyer
        ("edge", "store", "2024-03-01 23:59", 10, 0, "completed", False),  # c + 30: retained
        ("once", "store", "2024-01-31 09:00", 10, 0, "completed", False),  # only on c
        ("late", "store", "2024-01-05 09:00", 10, 0, "completed", False),
        ("late", "store", "2024-03-02 00:00", 10, 0, "completed", False),  # c + 31: churned
        ("returns", "store", "2024-01-05 09:00", 10, 0, "completed", False),
        ("returns", "store", "2024-02-05 09:00", 10, 0, "returned", False),  # not a purchase
        ("anon", "store", "2024-01-05 09:00", 10, 0, "completed", True),
        ("new", "store", "2024-02-05 09:00", 10, 0, "completed", False),  # not a buyer at c
        ("only_returned", "store", "2024-01-05 09:00", 10, 0, "returned", False),
    ])  # fmt: skip
    labels = dict(churn_labels(con, date(2024, 1, 31), 30).iter_rows())
    assert labels == {
        "edge": False,
        "late": True,
        "once": True,
        "returns": True,
        "stays": False,
    }
    assert dict(churn_labels(con, date(2024, 1, 31), 31).iter_rows())["late"] is False


def test_short_history_is_refused_with_what_is_needed(wh):
    con = wh.empty()
    wh.insert(con, "marts.fct_orders", [
        ("a", "store", "2024-01-01 09:00", 10, 0, "completed", False),
        ("x", "store", "2023-01-01 09:00", 10, 0, "completed", True),  # anonymous: no history
    ])  # fmt: skip
    check_history(con, cutoffs(date(2024, 3, 31), 30))  # needs 2024-01-01: exactly enough
    with pytest.raises(ValueError, match=r"from 2023-12-31 or earlier.*first completed order"):
        check_history(con, cutoffs(date(2024, 3, 30), 30))
    with pytest.raises(ValueError, match="no completed orders"):
        check_history(wh.empty(), cutoffs(date(2024, 3, 30), 30))
