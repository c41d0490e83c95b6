"""Features by hand, and the property that nothing after the cutoff is read."""

from datetime import date, datetime, timedelta

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from models.churn.features import FEATURES, churn_features

C = date(2024, 6, 30)

EXPECTED_A = {
    "recency_days": 10,
    "tenure_days": 172,
    "orders": 3,
    "mean_order_value": 60,
    "orders_90d": 1,
    "order_trend": -1,  # 1 in the last 90 days, 2 in the 90 before
    "mean_gap_days": 81,  # 162 days over 2 gaps
    "overdue_ratio": 10 / 81,
    "returned_share": 1 / 4,
    "discount_share": 10 / 190,
    "store_order_share": 1 / 3,
    "app_order_share": 1 / 3,
    "inbound_30d": 7,  # 2 web, 1 app, 1 call, 1 ticket, 2 surveys
    "activity_trend": 7 / 30 - 4 / 60,  # before: open, click, login, call
    "active_days_30d": 6,
    "days_since_inbound": 1,
    "cart_events_90d": 1,
    "email_open_rate_90d": 0.5,
    "email_clicks_90d": 1,
    "unsubscribed": 1,
    "web_share": 3 / 14,
    "app_share": 1 / 14,
    "email_share": 3 / 14,
    "social_share": 0,
    "calls_resolved": 1,
    "calls_unresolved": 1,
    "tickets_resolved": 1,
    "tickets_unresolved": 1,  # TK1 is resolved now, but only after the cutoff
    "complaints": 2,
    "complaints_90d": 2,
    "service_contacts_90d": 3,
    "average_csat": 4.0,  # calls 4, TK2 5, survey 3; TK1's 1 is measured after c
    "latest_nps": 3,
}


def test_features_by_hand(hand_con):
    frame = churn_features(hand_con, C)
    assert frame.columns == ["customer_key", *FEATURES]
    rows = frame.rows_by_key("customer_key", named=True, unique=True)
    assert set(rows) == {"a", "b"}  # z anonymous, r never completed, l buys after c
    assert rows["a"] == {k: pytest.approx(v) for k, v in EXPECTED_A.items()}
    b = rows["b"]
    assert (b["recency_days"], b["tenure_days"], b["orders"], b["inbound_30d"]) == (0, 0, 1, 0)
    for name in ("mean_gap_days", "overdue_ratio", "days_since_inbound", "web_share",
                 "email_open_rate_90d", "average_csat", "latest_nps"):  # fmt: skip
        assert b[name] is None, name


def test_missing_contacts_read_as_empty(wh):
    con = wh.empty(contacts=False)
    wh.fill_hand(con, contacts=False)
    a = churn_features(con, C).row(0, named=True)
    assert (a["average_csat"], a["latest_nps"]) == (None, None)
    service = ("calls_resolved", "calls_unresolved", "tickets_resolved", "tickets_unresolved",
               "complaints", "complaints_90d", "service_contacts_90d")  # fmt: skip
    assert all(a[name] == 0 for name in service)
    assert (a["recency_days"], a["inbound_30d"]) == (10, 7)  # touchpoints still count


def test_a_call_about_a_complaint_is_a_complaint(wh, hand_con):
    # fct_contacts flags a call whose *reason* is complaint even when it ended otherwise
    # (here a callback); before fct_contacts only the call's outcome was read.
    call = ("b", "callcenter_calls", datetime(2024, 6, 30, 9), True, None, None, None)
    wh.insert(hand_con, "marts.fct_contacts", [call])
    b = churn_features(hand_con, C).row(1, named=True)
    assert b["customer_key"] == "b"
    assert (b["complaints"], b["complaints_90d"], b["calls_unresolved"]) == (1, 1, 1)


AFTER = datetime(2024, 7, 1)
LATER_ROWS = {
    "marts.fct_orders": lambda key, at, i: (key, "store", at, 99, 5, "completed", False),
    "marts.fct_touchpoints": lambda key, at, i: (
        key, "support_tickets", f"TKL{i}", "support", "complaint", "inbound", "escalated", at),
    "web": lambda key, at, i: (
        key, "web_events", f"WL{i}", "web", "add_to_cart", "inbound", None, at),
    "email": lambda key, at, i: (
        key, "esp_email_events", f"EL{i}", "email", "delivered", "outbound", None, at),
    "survey": lambda key, at, i: (
        key, "survey_responses", f"SL{i}", "survey", "nps_response", "inbound", None, at),
}  # fmt: skip
# Contacts made after the cutoff, of every kind the service features read, all scored
# and resolved (a resolved complaint call; a complaint ticket; CSAT and NPS surveys).
LATER_CONTACTS = [
    lambda key, at: (key, "callcenter_calls", at, True, 1, None, at),
    lambda key, at: (key, "support_tickets", at, True, 1, None, at),
    lambda key, at: (key, "survey_responses", at, False, 1, None, None),
    lambda key, at: (key, "survey_responses", at, False, None, 0, None),
]


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    rows=st.lists(
        st.tuples(
            st.sampled_from(sorted(LATER_ROWS)),
            st.sampled_from(["a", "b", "new"]),
            st.integers(min_value=0, max_value=400 * 24 * 60),
        ),
        min_size=1,
        max_size=12,
    )
)
def test_rows_after_the_cutoff_change_nothing(wh, rows):
    con = wh.empty()
    wh.fill_hand(con)
    before = churn_features(con, C)
    batches: dict[str, list[tuple]] = {}
    for i, (kind, key, minutes) in enumerate(rows):
        at = AFTER + timedelta(minutes=minutes)
        table = kind if kind.startswith("marts.") else "marts.fct_touchpoints"
        batches.setdefault(table, []).append(LATER_ROWS[kind](key, at, i))
        # every later row comes with later contacts of every kind, scored and resolved
        contacts = batches.setdefault("marts.fct_contacts", [])
        contacts.extend(contact(key, at) for contact in LATER_CONTACTS)
    for table, batch in batches.items():
        wh.insert(con, table, batch)
    after = churn_features(con, C)
    assert after.equals(before, null_equal=True)
    # the same rows at the cutoff itself do change something
    wh.insert(con, "marts.fct_orders", [("b", "store", datetime(2024, 6, 30, 8), 1, 0,
                                         "completed", False)])  # fmt: skip
    assert not churn_features(con, C).equals(before, null_equal=True)
    con.close()


def test_features_are_float_and_one_row_per_buyer(wh):
    con = wh.synthetic(customers=60)
    frame = churn_features(con, date(2024, 6, 30))
    assert frame["customer_key"].is_unique().all()
    assert all(frame[f].dtype == pl.Float64 for f in FEATURES)
    assert not frame["customer_key"].str.starts_with("anon").any()
