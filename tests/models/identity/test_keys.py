"""Stable customer keys: kept across runs, merges and splits logged, one transaction."""

import duckdb
import pytest

from models.identity.keys import assign_stable_keys


@pytest.fixture
def con():
    connection = duckdb.connect()
    connection.execute("create schema intermediate")
    yield connection
    connection.close()


def components(con, clusters: list[list[str]]) -> None:
    """Make int_identity_components hold ``clusters`` (component = smallest id)."""
    rows = [(i, min(c)) for c in clusters for i in c]
    con.execute("create or replace table intermediate.int_identity_components "
                "(identifier_id varchar, component_id varchar)")  # fmt: skip
    con.executemany("insert into intermediate.int_identity_components values (?, ?)", rows)


def keys(con) -> dict[str, str]:
    return dict(con.execute("select identifier_id, customer_key from identity.customer_keys")
                .fetchall())  # fmt: skip


def changes(con) -> list[tuple]:
    return con.execute(
        "select run_id, change, customer_key, other_key, identifiers from identity.key_changes "
        "order by all"
    ).fetchall()


def test_the_same_components_keep_their_keys(con):
    components(con, [["email:a", "phone:1"], ["email:b"]])
    first = assign_stable_keys(con, "r1")
    before = keys(con)
    again = assign_stable_keys(con, "r2")
    assert keys(con) == before
    assert (first.new, again.new, again.kept) == (2, 0, 2)
    assert before["email:a"] == before["phone:1"] != before["email:b"]
    assert changes(con) == []


def test_a_new_identifier_joins_its_cluster_without_changing_the_key(con):
    components(con, [["email:b", "phone:1"]])
    assign_stable_keys(con, "r1")
    key = keys(con)["email:b"]
    components(con, [["email:a", "email:b", "phone:1"]])  # a smaller id arrives
    result = assign_stable_keys(con, "r2")
    assert set(keys(con).values()) == {key}
    assert (result.kept, result.new) == (1, 0)


def test_a_merge_keeps_the_bigger_clusters_key_and_is_logged(con):
    components(con, [["email:a"], ["email:b", "phone:2", "cookie:3"]])
    assign_stable_keys(con, "r1")
    small, big = keys(con)["email:a"], keys(con)["email:b"]
    components(con, [["email:a", "email:b", "phone:2", "cookie:3"]])
    result = assign_stable_keys(con, "r2")
    assert set(keys(con).values()) == {big}
    assert result.merges == 1
    assert changes(con) == [("r2", "merge", big, small, 1)]


def test_a_split_gives_the_smaller_part_a_new_key_and_is_logged(con):
    components(con, [["email:a", "phone:1", "cookie:2"]])
    assign_stable_keys(con, "r1")
    old = keys(con)["email:a"]
    components(con, [["email:a", "phone:1"], ["cookie:2"]])
    result = assign_stable_keys(con, "r2")
    now = keys(con)
    assert now["email:a"] == now["phone:1"] == old
    assert now["cookie:2"] not in (old, None)
    assert result.splits == 1
    assert changes(con) == [("r2", "split", now["cookie:2"], old, 1)]


def test_a_key_once_used_is_never_given_to_another_cluster(con):
    components(con, [["email:a", "phone:1"]])
    assign_stable_keys(con, "r1")
    old = keys(con)["email:a"]  # md5('email:a')
    components(con, [["email:a"], ["phone:1", "x:9"]])  # phone:1's part keeps old...
    assign_stable_keys(con, "r2")
    components(con, [["email:a"], ["phone:1"], ["x:9"]])
    assign_stable_keys(con, "r3")
    values = list(keys(con).values())
    assert len(set(values)) == 3
    assert values.count(old) == 1


def test_a_failed_assignment_changes_nothing(con):
    components(con, [["email:a"]])
    assign_stable_keys(con, "r1")
    before = keys(con)
    con.execute("drop table intermediate.int_identity_components")
    with pytest.raises(duckdb.CatalogException):
        assign_stable_keys(con, "r2")
    assert keys(con) == before
