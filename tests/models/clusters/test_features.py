"""Behaviour features, computed by hand on a few customers."""

from datetime import date

import numpy as np
import polars as pl
import pytest

from models.clusters.features import (
    ANONYMOUS_REASON,
    FEATURE_NAMES,
    NOT_YET_SEEN_REASON,
    customer_features,
)
from models.clusters.kmeans import standardise

AS_OF = date(2024, 6, 30)  # the 180-day window is 2024-01-03 .. 2024-06-30

CUSTOMERS = [  # customer_key, is_anonymous, first_seen_at
    ("a", False, "2024-01-01 08:00"),
    ("b", False, "2024-06-01 08:00"),  # known, never bought, only emailed
    ("z", True, "2024-02-01 08:00"),
    ("late", False, "2024-07-10 08:00"),  # first seen after as_of
]
ORDERS = [  # customer_key, channel, ordered_at, amount, discount, status, anonymous
    ("a", "store", "2024-03-01 10:00", 30, None, "completed", False),
    ("a", "online_web", "2024-05-01 10:00", 70, 5, "completed", False),
    ("a", "online_web", "2024-05-10 10:00", 20, 0, "returned", False),
    ("a", "online_app", "2024-06-15 10:00", 10, 0, "cancelled", False),
    ("a", "store", "2024-07-01 00:00", 999, None, "completed", False),  # after as_of
    ("z", "store", "2024-02-01 08:00", 50, None, "completed", True),
    ("late", "store", "2024-07-10 08:00", 80, None, "completed", False),
]
TOUCHPOINTS = [  # customer_key, channel, direction, occurred_at
    ("a", "web", "inbound", "2024-01-02 12:00"),  # just outside the window
    ("a", "web", "inbound", "2024-01-03 00:00"),  # first day of the window
    ("a", "web", "inbound", "2024-06-01 12:00"),
    ("a", "app", "outbound", "2024-06-28 12:00"),  # a push received: not activity
    ("a", "email", "inbound", "2024-06-10 12:00"),
    ("a", "call_centre", "inbound", "2024-06-20 12:00"),
    ("a", "call_centre", "outbound", "2024-06-29 12:00"),
    ("a", "support", "inbound", "2024-06-25 12:00"),  # last activity
    ("a", "web", "inbound", "2024-06-30 23:59"),  # as_of is included
    ("a", "web", "inbound", "2024-07-01 00:00"),  # after as_of
    ("b", "email", "outbound", "2024-06-05 12:00"),
]


@pytest.fixture
def features(marts):
    marts.executemany("insert into marts.dim_customers values (?, ?, ?)", CUSTOMERS)
    marts.executemany("insert into marts.fct_orders values (?, ?, ?, ?, ?, ?, ?)", ORDERS)
    marts.executemany("insert into marts.fct_touchpoints values (?, ?, ?, ?)", TOUCHPOINTS)
    return customer_features(marts, as_of=AS_OF)


def test_one_row_per_customer_in_key_order(features):
    assert features["customer_key"].to_list() == ["a", "b", "late", "z"]
    assert features.columns == ["customer_key", "null_reason", "revenue", *FEATURE_NAMES]


def test_a_buyer_by_hand(features):
    a = features.row(0, named=True)
    assert a == {
        "customer_key": "a",
        "null_reason": None,
        "revenue": 100.0,
        "orders": 2.0,
        "average_order_value": 50.0,
        "days_since_last_activity": 0.0,  # the web visit late on as_of
        "tenure_days": 181.0,
        "store_share": 0.5,
        "discount_share": 1.0,  # one completed online order, discounted
        "return_rate": pytest.approx(1 / 3),  # 1 returned of 3 completed or returned
        "web_events_180d": 3.0,
        "app_events_180d": 0.0,
        "email_engagements_180d": 1.0,
        "service_contacts_180d": 2.0,
    }


def test_a_known_non_buyer_by_hand(features):
    b = features.row(1, named=True)
    assert b["null_reason"] is None
    assert (b["orders"], b["revenue"], b["tenure_days"]) == (0.0, 0.0, 29.0)
    assert b["days_since_last_activity"] == 29.0  # never active: inactive since first seen
    for undefined in ("average_order_value", "store_share", "discount_share", "return_rate"):
        assert b[undefined] is None
    assert b["email_engagements_180d"] == 0.0  # a send is not an engagement


def test_rows_not_clustered_have_a_reason_and_no_features(features):
    reasons = dict(features.select("customer_key", "null_reason").iter_rows())
    assert reasons["z"] == ANONYMOUS_REASON
    assert reasons["late"] == NOT_YET_SEEN_REASON
    others = features.filter(pl.col("null_reason").is_not_null())
    assert others.select("revenue", *FEATURE_NAMES).null_count().row(0) == (2,) * 12


def test_undefined_ratios_are_imputed_at_the_mean(features):
    z = standardise(features.filter(pl.col("null_reason").is_null()))
    assert z.shape == (2, len(FEATURE_NAMES))
    assert not np.isnan(z).any()
    store_share = FEATURE_NAMES.index("store_share")
    assert z[:, store_share].tolist() == [0.0, 0.0]  # b takes a's value: no spread
    orders = FEATURE_NAMES.index("orders")
    assert z[:, orders].tolist() == pytest.approx([1.0, -1.0])
