"""RFM scores, cells and segments: hand-computed on a few customers."""

from datetime import date, datetime, time, timedelta

import polars as pl
import pytest

from models.rfm import (
    ANONYMOUS_REASON,
    NO_ORDER_REASON,
    SEGMENT_BY_CELL,
    SEGMENT_GRID,
    SEGMENTS,
    build_rfm,
    fm_score,
)

AS_OF = date(2024, 6, 30)


def at(days_before: int, clock: time = time(12)) -> datetime:
    return datetime.combine(AS_OF - timedelta(days=days_before), clock)


# Five scored customers, distinct on every measure, so each score is the rank; the
# measures are shuffled across customers so that mixing up columns shows.
#   key  recency  frequency  monetary   R F M   FM (half up)  segment
#   p        0        1        300      5 1 3   2             Potential Loyalist
#   q        5        2        500      4 2 5   4 (3.5)       Loyal
#   r       20        3        100      3 3 1   2             About to Sleep
#   s       50        5        400      2 5 4   5 (4.5)       Can't Lose Them
#   t      200        4        200      1 4 2   3             At Risk
DISTINCT_ORDERS = [
    ("p", at(0, time(23, 59)), 300, "completed"),  # on as_of itself: counts
    ("p", at(0, time(9)), 1000, "returned"),  # not a purchase
    ("q", at(5), 250, "completed"),
    ("q", at(90), 250, "completed"),
    ("r", at(20), 40, "completed"),
    ("r", at(30), 30, "completed"),
    ("r", at(40), 30, "completed"),
    ("r", at(-1, time(0, 1)), 999, "completed"),  # the day after as_of: unseen
    *[("s", at(50 + 10 * i), 80, "completed") for i in range(5)],
    *[("t", at(200 + 10 * i), 50, "completed") for i in range(4)],
    ("t", at(1), 700, "cancelled"),  # not a purchase, not recent activity
    ("z", at(3), 60, "completed"),  # anonymous receipt
    ("x", at(10), 20, "returned"),  # known, never completed an order
    ("y", at(-3), 20, "completed"),  # only after as_of
]
DISTINCT_CUSTOMERS = [(k, False) for k in "pqrstxyn"] + [("z", True), ("w", True)]


@pytest.fixture
def distinct(marts):
    return build_rfm(marts(DISTINCT_ORDERS, DISTINCT_CUSTOMERS), as_of=AS_OF)


def test_distinct_values_score_their_rank(distinct):
    rows = {r[0]: r[1:] for r in distinct.table.filter(pl.col("null_reason").is_null()).rows()}
    assert rows == {
        "p": (0, 1, 300.0, 5, 1, 3, "513", "Potential Loyalist", None),
        "q": (5, 2, 500.0, 4, 2, 5, "425", "Loyal", None),
        "r": (20, 3, 100.0, 3, 3, 1, "331", "About to Sleep", None),
        "s": (50, 5, 400.0, 2, 5, 4, "254", "Can't Lose Them", None),
        "t": (200, 4, 200.0, 1, 4, 2, "142", "At Risk", None),
    }


def test_every_customer_once_and_the_unscored_say_why(distinct):
    table = distinct.table
    assert table.columns == [
        "customer_key", "recency_days", "frequency", "monetary", "r_score", "f_score",
        "m_score", "rfm_cell", "rfm_segment", "null_reason",
    ]  # fmt: skip
    assert sorted(table["customer_key"]) == sorted(k for k, _ in DISTINCT_CUSTOMERS)
    unscored = {r[0]: r[1:] for r in table.filter(pl.col("null_reason").is_not_null()).rows()}
    nothing = (None,) * 5
    assert unscored == {
        "z": (3, 1, 60.0, *nothing, ANONYMOUS_REASON),  # measures kept, not scored
        "w": (None, 0, 0.0, *nothing, ANONYMOUS_REASON),
        "x": (None, 0, 0.0, *nothing, NO_ORDER_REASON),
        "y": (None, 0, 0.0, *nothing, NO_ORDER_REASON),
        "n": (None, 0, 0.0, *nothing, NO_ORDER_REASON),
    }


def test_metadata(distinct):
    meta = distinct.metadata
    assert meta["as_of"] == "2024-06-30"
    assert (meta["customers"], meta["scored_customers"]) == (10, 5)
    assert (meta["unscored_anonymous"], meta["unscored_no_order"]) == (2, 3)
    assert {s: meta[f"customers.{s}"] for s in SEGMENTS if meta[f"customers.{s}"]} == {
        "Potential Loyalist": 1, "Loyal": 1, "About to Sleep": 1, "Can't Lose Them": 1,
        "At Risk": 1,
    }  # fmt: skip
    assert meta["revenue_share.Loyal"] == pytest.approx(500 / 1560)  # 1500 scored + 60
    assert meta["revenue_share.unscored"] == pytest.approx(60 / 1560)
    assert sum(v for k, v in meta.items() if k.startswith("revenue_share.")) == pytest.approx(1)
    assert (meta["r5.recency_days_min"], meta["r1.recency_days_max"]) == (0, 200)
    assert (meta["m3.monetary_min"], meta["f4.customers"]) == (300.0, 1)


# Ten customers who all last bought on one day; frequencies 1 x6, 2 x2, 3 and 5, at 10
# per order (M has the same ties as F).
TIE_FREQUENCIES = {"a": 1, "b": 1, "c": 1, "d": 1, "e": 1, "f": 1, "g": 2, "h": 2, "i": 3, "j": 5}


def test_ties_share_the_score_of_their_lowest_rank(marts):
    orders = [
        (key, at(7 + i * 30), 10, "completed")
        for key, frequency in TIE_FREQUENCIES.items()
        for i in range(frequency)
    ]
    result = build_rfm(marts(orders, [(k, False) for k in TIE_FREQUENCIES]), as_of=AS_OF)
    cells = dict(result.table.select("customer_key", "rfm_cell").rows())
    # n = 10. Recency: all last bought 7 days ago, one group of rank 1. Frequency (and
    # monetary, 10 per order): a-f rank 1 -> 1; g, h rank 7 -> 1 + 5*6//10 = 4;
    # i rank 9 and j rank 10 -> 5.
    assert cells == {k: "111" for k in "abcdef"} | {"g": "144", "h": "144", "i": "155", "j": "155"}
    assert result.metadata["customers.Lost"] == 6
    assert result.metadata["customers.At Risk"] == 2
    assert result.metadata["customers.Can't Lose Them"] == 2
    assert "f2.customers" not in result.metadata  # nobody starts in the second quintile


def test_a_lone_customer_has_the_lowest_rank(marts):
    orders = [("a", at(3), 10, "completed")]
    result = build_rfm(marts(orders, [("a", False)]), as_of=AS_OF)
    assert result.table.row(0, named=True)["rfm_cell"] == "111"
    assert result.table.row(0, named=True)["rfm_segment"] == "Lost"


def test_no_scored_customer_at_all(marts):
    result = build_rfm(marts([], [("a", False), ("b", True)]), as_of=AS_OF)
    assert result.table["null_reason"].to_list() == [NO_ORDER_REASON, ANONYMOUS_REASON]
    assert result.metadata["scored_customers"] == 0
    assert result.metadata["revenue_share.unscored"] == 0.0


def test_fm_rounds_half_up():
    assert [fm_score(1, 1), fm_score(1, 2), fm_score(2, 3), fm_score(4, 5), fm_score(5, 5)] == [
        1, 2, 3, 5, 5,
    ]  # fmt: skip


def test_the_grid_covers_25_cells_and_the_11_segments():
    assert sorted(SEGMENT_GRID) == [1, 2, 3, 4, 5]
    assert all(len(row) == 5 for row in SEGMENT_GRID.values())
    assert {name for row in SEGMENT_GRID.values() for name in row} == set(SEGMENTS)
    assert len(SEGMENTS) == 11
    assert len(SEGMENT_BY_CELL) == 125
    expected = {  # the brief, range by range: (R, FM from, FM to) -> segment
        (5, 1, 1): "New", (5, 2, 3): "Potential Loyalist", (5, 4, 5): "Champions",
        (4, 1, 1): "Promising", (4, 2, 3): "Potential Loyalist", (4, 4, 5): "Loyal",
        (3, 1, 2): "About to Sleep", (3, 3, 3): "Need Attention", (3, 4, 5): "Loyal",
        (2, 1, 2): "Hibernating", (2, 3, 4): "At Risk", (2, 5, 5): "Can't Lose Them",
        (1, 1, 2): "Lost", (1, 3, 4): "At Risk", (1, 5, 5): "Can't Lose Them",
    }  # fmt: skip
    for (r, lo, hi), name in expected.items():
        assert all(SEGMENT_GRID[r][fm - 1] == name for fm in range(lo, hi + 1))
    assert SEGMENT_BY_CELL["545"] == "Champions"  # FM (4 + 5) / 2 = 4.5 -> 5
    assert SEGMENT_BY_CELL["312"] == "About to Sleep"  # FM 1.5 -> 2
