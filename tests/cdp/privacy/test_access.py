"""Masked mode of cdp query: only analyst.* (and CTEs), only SELECT, no file reads."""

import pytest

from cdp.privacy.access import AccessDeniedError, check_masked, referenced_relations


@pytest.mark.parametrize(
    "sql",
    [
        "select * from analyst.customer_360",
        "select lifecycle_stage, count(*) from customer_360 group by 1",
        "with t as (select * from analyst.fct_orders) "
        "select * from t join analyst.dim_customers using (customer_key)",
    ],
)
def test_analyst_reads_pass(sql: str) -> None:
    check_masked(sql)


@pytest.mark.parametrize(
    ("sql", "message"),
    [
        ("select email from marts.dim_customers", "marts.dim_customers is outside"),
        ("select * from cdp.raw.crm_customers", "raw.crm_customers is outside"),
        (
            "with t as (select * from staging.stg_crm__customers) select * from t",
            "staging.stg_crm__customers is outside",
        ),
        (
            "select * from analyst.dim_customers "
            "where customer_key in (select customer_key from marts.fct_orders)",
            "marts.fct_orders is outside",
        ),
        (
            "select * from read_csv('data/landing/crm_customers/x.csv')",
            "table functions (read_csv)",
        ),
        ("attach 'x.duckdb' as x", "only SELECT queries"),
    ],
)
def test_anything_else_is_refused_with_the_table_named(sql: str, message: str) -> None:
    with pytest.raises(AccessDeniedError, match=message.replace("(", r"\(").replace(")", r"\)")):
        check_masked(sql)


def test_relations_of_a_query() -> None:
    ctes, tables, functions = referenced_relations(
        "with a as (select 1) select * from a, analyst.x join marts.y using (k)"
    )
    assert ctes == {"a"} and tables == {("", "a"), ("analyst", "x"), ("marts", "y")}
    assert functions == set()
