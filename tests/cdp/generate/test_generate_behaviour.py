"""The behaviour the models are meant to learn is really in the data."""

from __future__ import annotations

import polars as pl
import pytest

from cdp.contracts import SOURCES

WINDOW_START = pl.datetime(2025, 1, 1)


def with_person(sample, source: str, key: str | None = None) -> pl.DataFrame:
    """Rows of a source with the person behind each (from the truth records)."""
    key = key or SOURCES[source].primary_key[0]
    people = (
        sample.truth("records")
        .filter(pl.col("source") == source)
        .select(pl.col("record_id").alias(key), "person_id")
        .unique()
    )
    return sample.read(source, typed=True).join(people, on=key)


@pytest.fixture(scope="module")
def orders(medium) -> pl.DataFrame:
    """Online and store purchases with their person and time."""
    shop = with_person(medium, "shop_orders").select(
        "person_id", t=pl.col("ordered_at"), amount=pl.col("order_total")
    )
    pos = with_person(medium, "pos_transactions").select(
        "person_id", t=pl.col("transacted_at"), amount=pl.col("amount")
    )
    return pl.concat([shop, pos]).unique()


def test_churned_persons_never_buy_after_churning(medium, orders) -> None:
    churned = medium.truth("persons").filter(pl.col("churned"))
    late = orders.join(churned, on="person_id").filter(pl.col("t") > pl.col("churned_at"))
    assert churned.height > 100
    assert late.is_empty()


def test_complaints_raise_churn(medium) -> None:
    active = medium.truth("persons").filter(
        (pl.col("kind") == "buyer")
        & (pl.col("churned_at").is_null() | (pl.col("churned_at") >= WINDOW_START))
    )
    rate = active.group_by(pl.col("complaints") > 0).agg(pl.col("churned").mean())
    by = dict(zip(rate["complaints"], rate["churned"], strict=True))
    assert by[True] > by[False] + 0.08


def test_purchase_frequency_looks_like_bg_nbd(medium) -> None:
    """Many buyers buy once or not at all in the window; a few buy very often."""
    buyers = medium.truth("persons").filter(pl.col("kind") == "buyer")
    frequency = buyers["orders"]
    assert ((frequency <= 1).mean()) > 0.4
    assert frequency.max() >= 15
    assert frequency.var() > 2 * frequency.mean()  # overdispersed, unlike a Poisson


def test_spend_per_order_is_independent_of_frequency(medium, orders) -> None:
    """Gamma-Gamma: a person's order value follows their mean spend, not how often they buy."""
    per_person = (
        orders.group_by("person_id")
        .agg(n=pl.len(), aov=pl.col("amount").cast(pl.Float64).mean())
        .filter(pl.col("n") >= 3)
        .join(medium.truth("persons"), on="person_id")
    )
    assert per_person.height > 150
    assert per_person.select(pl.corr("aov", "mean_spend")).item() > 0.5
    assert abs(per_person.select(pl.corr("aov", "n", method="spearman")).item()) < 0.2


def test_no_email_is_sent_after_an_unsubscribe(medium) -> None:
    sends = with_person(medium, "esp_email_events").filter(pl.col("event_type") == "sent")
    persons = medium.truth("persons").filter(pl.col("unsubscribed_at").is_not_null())
    after = sends.join(persons, on="person_id").filter(
        pl.col("occurred_at") > pl.col("unsubscribed_at")
    )
    assert persons.height > 50
    assert after.is_empty()


def test_people_who_left_stop_engaging(medium) -> None:
    events = with_person(medium, "esp_email_events").join(
        medium.truth("persons").select("person_id", "churned_at"), on="person_id"
    )
    gone = events.with_columns(
        gone=pl.col("churned_at").is_not_null() & (pl.col("occurred_at") > pl.col("churned_at"))
    )
    rates = gone.group_by("gone").agg(
        opens=(pl.col("event_type") == "open").sum() / (pl.col("event_type") == "sent").sum()
    )
    by = dict(zip(rates["gone"], rates["opens"], strict=True))
    assert by[True] < by[False] / 3


def test_campaign_clicks_lead_to_credited_orders(medium) -> None:
    shop = medium.read("shop_orders", typed=True)
    credited = shop.filter(pl.col("utm_campaign").str.starts_with("EM-"))
    assert credited.height > 0.02 * shop.height
    spent_on = set(medium.read("marketing_spend")["campaign_id"])
    web = medium.read("web_events").filter(pl.col("utm").is_not_null())
    assert set(web["utm"].struct.field("campaign")) <= spent_on
    assert set(credited["utm_campaign"]) <= spent_on


def test_paid_clicks_cover_the_landings_they_paid_for(medium) -> None:
    landings = (
        medium.read("web_events", typed=True)
        .filter(pl.col("utm").is_not_null())
        .drop("file")
        .unique()
        .group_by(
            spend_date=pl.col("occurred_at").dt.date(),
            campaign_id=pl.col("utm").struct.field("campaign"),
        )
        .len()
    )
    spend = medium.read("marketing_spend", typed=True).drop("file").unique()
    paid = spend.filter(pl.col("channel") != "email").join(
        landings, on=["spend_date", "campaign_id"]
    )
    assert paid.height > 100
    assert (paid["clicks"] >= paid["len"]).all()
    assert (spend["spend"] > 0).mean() > 0.95


def test_app_accounts_appear_only_after_signing_in(medium) -> None:
    events = medium.read("app_events", typed=True)
    per_device = events.group_by("device_id").agg(
        login=pl.col("occurred_at").filter(pl.col("event_type") == "login").min(),
        known=pl.col("occurred_at").filter(pl.col("account_id").is_not_null()).min(),
    )
    signed = per_device.filter(pl.col("login").is_not_null())
    assert signed.height > 50
    assert (signed["known"] >= signed["login"]).all()


def test_web_email_appears_only_after_login_in_the_session(medium) -> None:
    events = medium.read("web_events", typed=True)
    per_session = events.group_by("session_id").agg(
        login=pl.col("occurred_at").filter(pl.col("event_type") == "login").min(),
        known=pl.col("occurred_at").filter(pl.col("email").is_not_null()).min(),
    )
    known = per_session.filter(pl.col("known").is_not_null())
    assert known.height > 100
    assert (known["known"] >= known["login"]).all()


def test_crm_versions_follow_consent_changes(medium) -> None:
    crm = with_person(medium, "crm_customers", key="crm_id")
    versions = crm.group_by("crm_id").agg(n=pl.len(), created=pl.n_unique("created_at"))
    assert (versions["n"] > 1).mean() > 0.1
    assert (versions["created"] == 1).all()
    # The ESP's unsubscribe reaches the CRM within two days as a new, opted-out version.
    people = medium.truth("persons").select("person_id", "unsubscribed_at")
    synced = crm.join(people, on="person_id").filter(
        pl.col("updated_at").is_between(
            pl.col("unsubscribed_at"), pl.col("unsubscribed_at") + pl.duration(days=2)
        )
    )
    assert synced["person_id"].n_unique() > 50
    last = synced.sort("updated_at").group_by("person_id").last()
    assert not last["marketing_consent"].any()
