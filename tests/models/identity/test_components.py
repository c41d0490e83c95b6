"""Connected components by min-label propagation: exact on known graphs, bounded rounds."""

import duckdb
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from models.identity.components import ComponentsNotConvergedError, connected_components


def run(edges: list[tuple[str, str]], isolated: tuple[str, ...] = (), max_rounds: int = 50):
    """Components of the undirected graph ``edges`` (+ isolated nodes): {id: component}."""
    con = duckdb.connect()
    names = sorted({n for e in edges for n in e} | set(isolated))
    # node ids deliberately not in name order: component_id must still be the smallest name
    node = {name: 1000 - i for i, name in enumerate(names)}
    con.execute("create table nodes (node_id bigint, identifier_id varchar)")
    if names:
        con.executemany("insert into nodes values (?, ?)", [(node[n], n) for n in names])
    con.execute("create table edges (node_id bigint, linked_node_id bigint)")
    both = [(node[a], node[b]) for a, b in edges] + [(node[b], node[a]) for a, b in edges]
    if both:
        con.executemany("insert into edges values (?, ?)", both)
    relation, rounds = connected_components(
        con, con.table("nodes"), con.table("edges"), max_rounds=max_rounds
    )
    return dict(relation.fetchall()), rounds


def test_chains_stars_and_isolated_nodes():
    chain = [(f"c{i}", f"c{i + 1}") for i in range(12)]  # wider than 8 rounds
    star = [("s:hub", f"s:{i}") for i in range(5)]
    labels, rounds = run(chain + star, isolated=("lonely",))
    assert {labels[f"c{i}"] for i in range(13)} == {"c0"}
    assert {labels[n] for n in ["s:hub", "s:0", "s:4"]} == {"s:0"}
    assert labels["lonely"] == "lonely"
    assert rounds > 9  # the smallest node id, c9, is 9 links from c0; a last round checks


def test_unfinished_propagation_raises():
    chain = [(f"c{i:02}", f"c{i + 1:02}") for i in range(20)]
    with pytest.raises(ComponentsNotConvergedError, match="round 5"):
        run(chain, max_rounds=5)


def test_an_empty_graph_has_no_components():
    labels, rounds = run([])
    assert labels == {}
    assert rounds == 1


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 30), st.integers(0, 30)), max_size=60))
def test_matches_union_find(pairs):
    edges = [(f"n{a:02}", f"n{b:02}") for a, b in pairs if a != b]
    labels, _ = run(edges)
    parent: dict[str, str] = {}

    def root(n: str) -> str:
        while parent.setdefault(n, n) != n:
            n = parent[n]
        return n

    for a, b in edges:
        ra, rb = root(a), root(b)
        parent[max(ra, rb)] = min(ra, rb)  # the root is the component's smallest name
    assert labels == {n: root(n) for n in parent}
