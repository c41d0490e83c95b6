"""Suite parameters: found anywhere in a suite, computed where they are defined."""

from datetime import date

import duckdb
import pytest

from cdp.quality.parameters import ParameterContext, parameter_values, referenced
from models.lifecycle.stages import STAGES


def test_referenced_finds_nested_parameters():
    suite = [{"kwargs": {"value_set": {"$PARAMETER": "a"}, "x": [{"$PARAMETER": "b"}]}}]
    assert referenced(suite) == {"a", "b"}


def test_unknown_parameter_is_named():
    ctx = ParameterContext(duckdb.connect(), lambda: date(2025, 1, 1), 90, 0.1)
    with pytest.raises(KeyError, match="nope"):
        parameter_values(ctx, {"nope"})


def test_churn_band_is_around_the_observed_rate():
    con = duckdb.connect()
    con.execute("create schema marts")
    # Buyers at 2025-01-01 (horizon 30): a buys again in the window, b does not.
    con.execute("""
        create table marts.fct_orders as select * from (values
            ('a', timestamp '2024-12-01', 'completed', false),
            ('a', timestamp '2025-01-15', 'completed', false),
            ('b', timestamp '2024-12-10', 'completed', false)
        ) t(customer_key, ordered_at, status, is_anonymous_customer)
    """)
    ctx = ParameterContext(con, lambda: date(2025, 1, 31), 30, 0.1)
    values = parameter_values(ctx, {"churn_mean_min", "churn_mean_max", "lifecycle_stages"})
    assert values["churn_mean_min"] == pytest.approx(0.4)
    assert values["churn_mean_max"] == pytest.approx(0.6)
    assert values["lifecycle_stages"] == list(STAGES)
