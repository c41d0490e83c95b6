"""build_clusters on planted, well-separated behaviours."""

import json
from datetime import date

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from models.clusters import build_clusters
from models.clusters.features import ANONYMOUS_REASON

AS_OF = date(2024, 6, 30)
K = {"k_min": 2, "k_max": 5, "seed": 7}


def test_planted_groups_are_recovered_with_the_right_k(planted):
    result = build_clusters(planted, as_of=AS_OF, **K)
    assert result.metadata["chosen_k"] == 3
    silhouettes = result.metadata["silhouette_by_k"]
    assert max(silhouettes, key=lambda k: silhouettes[k] or -1) == "3"
    clustered = result.table.filter(pl.col("null_reason").is_null())
    pairs = clustered.select(pl.col("customer_key").str.strip_chars_end("0123456789"), "cluster_id")
    assert pairs.unique().sort("cluster_id").rows() == [("s", 0), ("l", 1), ("a", 2)]


def test_ids_follow_revenue_per_customer_and_labels_read_the_centres(planted):
    profiles = build_clusters(planted, as_of=AS_OF, **K).profiles
    assert profiles["customers"].to_list() == [20, 20, 20]
    assert profiles["customer_share"].to_list() == pytest.approx([1 / 3] * 3)
    # s: 20 customers with 9, 10 or 11 receipts of 200 (7 x 9, 7 x 10, 6 x 11)
    assert profiles["revenue"].to_list() == [200.0 * (63 + 70 + 66), 800.0, 0.0]
    assert profiles["revenue_share"].sum() == pytest.approx(1.0)
    assert profiles["mean_store_share"].to_list() == [1.0, 0.0, None]  # a never bought
    assert profiles["mean_discount_share"].to_list() == [None, 1.0, None]
    labels = profiles["cluster_label"].to_list()
    assert len(set(labels)) == 3
    assert "store shoppers" in labels[0] or "many orders" in labels[0]
    assert "high app activity" in labels[2]


def test_ids_are_deterministic_whatever_the_row_order(planted):
    first = build_clusters(planted, as_of=AS_OF, **K)
    for table in ("dim_customers", "fct_orders", "fct_touchpoints"):
        planted.execute(f"""
            create table shuffled as select * from marts.{table} order by random();
            delete from marts.{table};
            insert into marts.{table} select * from shuffled;
            drop table shuffled;
        """)  # fmt: skip
    again = build_clusters(planted, as_of=AS_OF, **K)
    assert_frame_equal(first.table, again.table)
    assert_frame_equal(first.profiles, again.profiles)
    assert first.metadata == again.metadata


def test_every_customer_once_anonymous_ones_without_a_cluster(planted):
    result = build_clusters(planted, as_of=AS_OF, **K)
    keys = planted.sql("select customer_key from marts.dim_customers").pl()
    table = result.table
    assert table.columns == ["customer_key", "cluster_id", "cluster_label", "null_reason"]
    assert sorted(table["customer_key"]) == sorted(keys["customer_key"])
    assert table["customer_key"].is_unique().all()
    anonymous = table.filter(pl.col("customer_key").str.starts_with("anon"))
    assert anonymous["null_reason"].to_list() == [ANONYMOUS_REASON] * 3
    assert anonymous["cluster_id"].null_count() == 3
    assert anonymous["cluster_label"].null_count() == 3
    known = table.filter(~pl.col("customer_key").str.starts_with("anon"))
    assert (known["cluster_id"].null_count(), known["null_reason"].null_count()) == (0, 60)
    assert result.metadata["customers_not_clustered"] == {ANONYMOUS_REASON: 3}
    json.dumps(result.metadata)  # JSON-able


def test_nothing_after_as_of_is_read(planted):
    before = build_clusters(planted, as_of=AS_OF, **K)
    planted.execute("""
        insert into marts.fct_orders
            select 'a' || i, 'online_app', timestamp '2024-07-01', 5000, 900, 'completed',
                   false
            from range(20) t(i);
        insert into marts.fct_touchpoints
            select 'l' || i, 'web', 'inbound', timestamp '2024-07-01 00:00' + to_days(j)
            from range(20) t(i), range(30) u(j);
    """)  # fmt: skip
    after = build_clusters(planted, as_of=AS_OF, **K)
    assert_frame_equal(before.table, after.table)
    assert_frame_equal(before.profiles, after.profiles)
    assert before.metadata == after.metadata


@pytest.mark.parametrize(
    ("k_min", "k_max", "message"),
    [
        (1, 4, "k_min must be at least 2"),
        (4, 3, "must be at least k_min"),
        (2, 60, "at least k_max \\+ 1 = 61"),
    ],
)
def test_bad_k_ranges_are_refused(planted, k_min, k_max, message):
    with pytest.raises(ValueError, match=message):
        build_clusters(planted, as_of=AS_OF, k_min=k_min, k_max=k_max, seed=7)


def test_a_warehouse_without_known_customers_is_refused(planted):
    planted.execute("update marts.dim_customers set is_anonymous = true")
    with pytest.raises(ValueError, match="0 customers to cluster"):
        build_clusters(planted, as_of=AS_OF, **K)
