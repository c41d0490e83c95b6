"""Purchase summaries from orders: hand-computed on a few customers."""

from datetime import date

import duckdb
import pytest

from models.clv.summary import purchase_summary

ORDERS = [  # customer_key, ordered_at, amount, status, anonymous
    ("a", "2024-01-01 10:00", 10.0, "completed", False),
    ("a", "2024-01-01 18:00", 5.0, "completed", False),  # same day: one purchase of 15
    ("a", "2024-01-15 09:00", 30.0, "completed", False),
    ("a", "2024-01-29 09:00", 50.0, "completed", False),
    ("a", "2024-02-05 09:00", 70.0, "completed", False),  # holdout
    ("a", "2024-02-20 09:00", 99.0, "completed", False),  # after the holdout: unseen
    ("b", "2024-01-22 12:00", 20.0, "completed", False),
    ("b", "2024-01-25 12:00", 40.0, "returned", False),  # not a purchase
    ("c", "2024-02-02 12:00", 25.0, "completed", False),  # first purchase in the holdout
    ("z", "2024-01-10 12:00", 80.0, "completed", True),  # anonymous: nobody's
]


@pytest.fixture
def con():
    connection = duckdb.connect()
    connection.execute("""
        create schema marts;
        create table marts.fct_orders (customer_key varchar, ordered_at timestamp,
            amount decimal(12, 2), status varchar, is_anonymous_customer boolean)
    """)  # fmt: skip
    connection.executemany("insert into marts.fct_orders values (?, ?, ?, ?, ?)", ORDERS)
    return connection


def test_calibration_and_holdout_by_hand(con):
    summary = purchase_summary(
        con, calibration_end=date(2024, 1, 31), holdout_end=date(2024, 2, 14)
    ).rows_by_key("customer_key", named=True, unique=True)
    assert set(summary) == {"a", "b"}
    a, b = summary["a"], summary["b"]
    assert (a["frequency"], a["recency"], a["T"]) == (2, 4.0, 30 / 7)
    assert a["monetary_value"] == pytest.approx(40.0)  # (30 + 50) / 2
    assert a["holdout_purchases"] == 1
    assert (b["frequency"], b["recency"], b["T"], b["monetary_value"]) == (0, 0.0, 9 / 7, 0.0)
    assert b["holdout_purchases"] == 0


def test_nothing_after_the_calibration_is_read_without_a_holdout(con):
    summary = purchase_summary(con, calibration_end=date(2024, 1, 20), period_days=1)
    assert summary["customer_key"].to_list() == ["a"]
    assert summary.row(0, named=True)["frequency"] == 1
    assert summary.row(0, named=True)["T"] == 19.0


def test_bad_dates_are_refused(con):
    with pytest.raises(ValueError, match="must be after"):
        purchase_summary(con, calibration_end=date(2024, 1, 31), holdout_end=date(2024, 1, 1))
