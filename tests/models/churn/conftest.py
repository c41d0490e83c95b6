"""Tiny in-memory warehouses with only the columns the churn model reads."""

from datetime import date, datetime, timedelta
from types import SimpleNamespace

import duckdb
import numpy as np
import polars as pl
import pytest

CUTOFF = date(2024, 6, 30)

MARTS = """
    create schema marts;
    create table marts.dim_customers (customer_key varchar, is_anonymous boolean);
    create table marts.fct_orders (customer_key varchar, channel varchar, ordered_at timestamp,
        amount decimal(12, 2), discount decimal(12, 2), status varchar,
        is_anonymous_customer boolean);
    create table marts.fct_touchpoints (customer_key varchar, source varchar, record_id varchar,
        channel varchar, touchpoint_type varchar, direction varchar, outcome varchar,
        occurred_at timestamp);
"""
CONTACTS = """
    create table marts.fct_contacts (customer_key varchar, source varchar,
        contacted_at timestamp, is_complaint boolean, csat integer, nps integer,
        resolved_at timestamp);
"""


def empty_warehouse(contacts: bool = True) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    con.execute(MARTS)
    if contacts:
        con.execute(CONTACTS)
    return con


def insert(con: duckdb.DuckDBPyConnection, table: str, rows: list[tuple]) -> None:
    """Append ``rows`` (in the table's column order) in one statement."""
    if not rows:
        return
    names = [r[0] for r in con.execute(f"describe {table}").fetchall()]
    frame = pl.DataFrame(rows, schema=names, orient="row", infer_schema_length=None)
    con.register("_rows", frame)
    con.execute(f"insert into {table} select * from _rows")
    con.unregister("_rows")


# customer_key, channel, ordered_at, amount, discount, status, anonymous
ORDERS = [
    ("a", "online_web", "2024-01-10 10:00", 100, 0, "completed", False),
    ("a", "store", "2024-03-01 10:00", 50, 10, "completed", False),
    ("a", "online_web", "2024-05-01 10:00", 30, 0, "returned", False),
    ("a", "online_app", "2024-06-20 10:00", 30, None, "completed", False),
    ("b", "online_web", "2024-06-30 23:00", 20, 0, "completed", False),  # on the cutoff day
    ("z", "store", "2024-06-01 12:00", 80, 0, "completed", True),  # anonymous
    ("r", "online_web", "2024-06-01 12:00", 80, 0, "returned", False),  # never completed
    ("l", "online_web", "2024-07-01 00:00", 80, 0, "completed", False),  # after the cutoff
]


def tp(key, source, rid, channel, kind, direction, outcome, at):
    return (key, source, rid, channel, kind, direction, outcome, at)


TOUCHPOINTS = [
    tp("a", "web_events", "W1", "web", "page_view", "inbound", None, "2024-06-25 10:00"),
    tp("a", "web_events", "W2", "web", "add_to_cart", "inbound", None, "2024-06-25 10:05"),
    tp("a", "web_events", "W3", "web", "login", "inbound", None, "2024-04-15 10:00"),
    tp("a", "app_events", "A1", "app", "app_open", "inbound", None, "2024-06-10 10:00"),
    tp("a", "app_events", "A2", "app", "push_received", "outbound", None, "2024-06-29 10:00"),
    tp("a", "esp_email_events", "E1", "email", "delivered", "outbound", None, "2024-05-01 09:00"),
    tp("a", "esp_email_events", "E2", "email", "delivered", "outbound", None, "2024-06-01 09:00"),
    tp("a", "esp_email_events", "E3", "email", "open", "inbound", None, "2024-05-02 09:00"),
    tp("a", "esp_email_events", "E4", "email", "click", "inbound", None, "2024-05-02 09:01"),
    tp("a", "esp_email_events", "E5", "email", "unsubscribe", "inbound", None, "2024-03-01 09:00"),
    tp("a", "shop_orders", "O1", "online_app", "order", "inbound", "completed", "2024-06-20 10:00"),
    tp("a", "callcenter_calls", "CL1", "call_centre", "call", "inbound", "resolved", "2024-06-01"),
    tp("a", "callcenter_calls", "CL2", "call_centre", "call", "inbound", "complaint", "2024-05-15"),
    tp("a", "support_tickets", "TK1", "support", "complaint", "inbound", "resolved", "2024-06-15"),
    tp("a", "support_tickets", "TK2", "support", "ticket", "inbound", "resolved", "2024-02-01"),
    tp("a", "survey_responses", "SR1", "survey", "nps_response", "inbound", None, "2024-03-01"),
    tp("a", "survey_responses", "SR2", "survey", "nps_response", "inbound", None, "2024-06-28"),
    tp("a", "survey_responses", "SR3", "survey", "csat_response", "inbound", None, "2024-06-29"),
]


def ct(key, source, at, complaint, csat=None, nps=None, resolved_at=None):
    return (key, source, at, complaint, csat, nps, resolved_at)


# The contacts behind a's calls, tickets and surveys above (CL1, CL2, TK1, TK2, SR1-3).
CONTACTS_ROWS = [
    ct("a", "callcenter_calls", "2024-06-01", False, 4, resolved_at="2024-06-01 00:07"),  # CL1
    ct("a", "callcenter_calls", "2024-05-15", True),  # CL2: ended in a complaint, unresolved
    ct("a", "support_tickets", "2024-06-15", True, 1, resolved_at="2024-07-03 10:00"),  # TK1
    ct("a", "support_tickets", "2024-02-01", False, 5, resolved_at="2024-02-03 10:00"),  # TK2
    ct("a", "survey_responses", "2024-03-01", False, nps=9),  # SR1
    ct("a", "survey_responses", "2024-06-28", False, nps=3),  # SR2
    ct("a", "survey_responses", "2024-06-29", False, csat=3),  # SR3
]


def fill_hand_warehouse(con: duckdb.DuckDBPyConnection, contacts: bool = True) -> None:
    insert(con, "marts.fct_orders", ORDERS)
    insert(con, "marts.fct_touchpoints", TOUCHPOINTS)
    insert(con, "marts.dim_customers", [(k, k == "z") for k in ("a", "b", "z", "r", "l", "p")])
    if contacts:
        insert(con, "marts.fct_contacts", CONTACTS_ROWS)


@pytest.fixture
def hand_con():
    con = empty_warehouse()
    fill_hand_warehouse(con)
    yield con
    con.close()


SYNTH_START, SYNTH_AS_OF = date(2023, 1, 1), date(2024, 12, 31)


def synthetic_warehouse(customers: int = 240, seed: int = 3) -> duckdb.DuckDBPyConnection:
    """Buyers with a planted churn signal: each buys at their own rate until a dropout
    day; web visits every few days while active and stop a few weeks *before* dropout,
    so that recent activity foretells churn beyond what order recency tells. Plus
    anonymous receipts and known customers who never bought. Table ``synthetic_truth``
    holds each buyer's person and dropout time."""
    rng = np.random.default_rng(seed)
    orders, touches, truth = [], [], []
    days = (SYNTH_AS_OF - SYNTH_START).days
    for i in range(customers):
        key = f"c{i:04d}"
        start = int(rng.integers(0, days - 120))
        dropout = start + int(rng.exponential(500)) + 10
        gap = float(rng.uniform(10, 40))
        churned_at = SYNTH_START + timedelta(days=dropout) if dropout <= days else None
        truth.append((key, f"p{i}", churned_at))
        t = float(start)
        while t <= min(dropout, days):
            when = datetime.combine(SYNTH_START, datetime.min.time()) + timedelta(days=t)
            orders.append((key, "online_web", when, 40.0, 0.0, "completed", False))
            t += rng.exponential(gap)
        v = float(start)
        while v <= min(dropout - 25, days):
            when = datetime.combine(SYNTH_START, datetime.min.time()) + timedelta(days=v)
            touches.append(tp(key, "web_events", f"W{i}-{v:.0f}", "web", "page_view", "inbound",
                              None, when))  # fmt: skip
            v += rng.exponential(4)
    for i in range(15):
        when = datetime(2024, 5, 1) + timedelta(days=i)
        orders.append((f"anon{i}", "store", when, 30.0, 0.0, "completed", True))
    con = empty_warehouse(contacts=False)
    insert(con, "marts.fct_orders", orders)
    insert(con, "marts.fct_touchpoints", touches)
    keys = [(f"c{i:04d}", False) for i in range(customers)]
    keys += [(f"anon{i}", True) for i in range(15)] + [(f"n{i}", False) for i in range(10)]
    insert(con, "marts.dim_customers", keys)
    con.execute("create table synthetic_truth (customer_key varchar, person_id varchar, "
                "churned_at timestamp)")  # fmt: skip
    insert(con, "synthetic_truth", truth)
    return con


@pytest.fixture(scope="session")
def wh():
    """The helpers of this module, for tests (importlib mode cannot import conftest)."""
    return SimpleNamespace(
        empty=empty_warehouse,
        insert=insert,
        fill_hand=fill_hand_warehouse,
        synthetic=synthetic_warehouse,
        cutoff=CUTOFF,
        as_of=SYNTH_AS_OF,
    )
