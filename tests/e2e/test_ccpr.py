"""CCPR contacts, their metrics, attribution and the KPI marts on the default sample.

Issue 6's acceptance on the real stack (the session's ``default_sample``: generated,
ingested, dbt with its unit tests, the analytics assets, the analytics views): every
contact maps to the CCPR vocabulary, every metric table has rows, and each attribution
model shares out exactly the revenue of the orders it attributes.
"""

import pytest

from cdp.config import Settings
from cdp.summary import layer_row_counts, render_summary
from cdp.warehouse import connect_read_only

# One xdist group: these modules share the session's default_sample build (make test runs
# two workers; a group stays on one, so the sample is built once).
pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("default_sample")]

METRIC_TABLES = (
    "marts.fct_contacts",
    "marts.ccpr_outcomes_weekly",
    "marts.ccpr_outcomes_overall",
    "marts.fct_order_attributions",
    "marts.attribution_by_channel",
    "marts.attribution_model_comparison",
    "marts.customer_contact_profiles",
    "marts.complaint_themes",
    "marts.complaint_churn",
    "marts.customer_acquisitions",
    "marts.kpi_cohort_retention",
    "marts.kpi_cac_by_channel",
    "marts.kpi_satisfaction_monthly",
    "analytics.kpi_clv_cac",
    "analytics.lifecycle_stage_monthly",
)
SOURCES = (  # every person-level source but the CRM master and shop orders (outcomes)
    "esp_email_events", "app_events", "web_events", "callcenter_calls", "support_tickets",
    "social_interactions", "survey_responses", "pos_transactions",
)  # fmt: skip


def _rows(settings: Settings, sql: str) -> list[tuple]:
    with connect_read_only(settings.warehouse_path) as con:
        return con.execute(sql).fetchall()


def test_every_contact_maps_to_the_ccpr_vocabulary(default_sample):
    rows = _rows(default_sample, """
        select source, count(*), count(*) filter (where contact_point is null
            or channel is null or method is null or outcome is null or is_response is null)
        from marts.fct_contacts group by source
    """)  # fmt: skip
    assert {source for source, _, _ in rows} == set(SOURCES)
    assert [(source, unmapped) for source, _, unmapped in rows if unmapped] == []
    assert all(contacts > 0 for _, contacts, _ in rows)


@pytest.mark.parametrize("table", METRIC_TABLES)
def test_every_metric_table_has_rows(default_sample, table):
    ((rows,),) = _rows(default_sample, f"select count(*) from {table}")
    assert rows > 0


def test_metrics_add_up_to_the_contacts(default_sample):
    ((contacts, overall, weekly),) = _rows(default_sample, """
        select (select count(*) from marts.fct_contacts),
               (select sum(contacts) from marts.ccpr_outcomes_overall),
               (select sum(contacts) from marts.ccpr_outcomes_weekly)
    """)  # fmt: skip
    assert contacts == overall == weekly


def test_each_attribution_model_sums_to_the_attributed_revenue(default_sample):
    rows = _rows(default_sample, """
        with orders as (
            select distinct order_id, order_amount from marts.fct_order_attributions
        )
        select attribution_model, sum(attributed_revenue),
               (select sum(order_amount) from orders), count(distinct order_id)
        from marts.fct_order_attributions group by attribution_model
    """)  # fmt: skip
    models = {model for model, *_ in rows}
    assert models == {"first_touch", "last_touch", "linear", "time_decay", "position_based"}
    for model, attributed, total, orders in rows:
        assert float(attributed) == pytest.approx(float(total), abs=0.01), model
        assert orders > 50, model  # the sample's campaigns do sell


def test_customer_360_carries_the_contact_profile(default_sample):
    ((rows, customers, pressured, preferred),) = _rows(default_sample, """
        select count(*), count(distinct customer_key),
               count(*) filter (where contacts_last_90d > 0),
               count(preferred_channel)
        from analytics.customer_360
    """)  # fmt: skip
    ((dim,),) = _rows(default_sample, "select count(*) from marts.dim_customers")
    assert rows == customers == dim
    assert pressured > 1000 and preferred > 500
    # a name in two joined tables would silently become <name>_1 in the view
    columns = [name for name, *_ in _rows(default_sample, "describe analytics.customer_360")]
    assert [c for c in columns if c.endswith("_1")] == []
    assert len(columns) == len(set(columns))


def test_the_run_summary_shows_contacts_and_attribution(default_sample):
    text = render_summary(default_sample, layer_row_counts(default_sample))
    contacts = next(line for line in text.splitlines() if line.startswith("Contacts: "))
    assert "email " in contacts and "call_centre " in contacts and "store " in contacts
    assert "Attributed revenue share, last touch / linear: " in text
