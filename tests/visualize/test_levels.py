"""A map one level at a time (visualize/levels.py): every node is reached by opening groups, exactly once;
a level shows at most what its groups hold; edges join shown items only and account for every edge."""

from __future__ import annotations

from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ontologies.errors import NotFoundError
from visualize.levels import edges_among, map_level, map_levels
from visualize.maps import GROUP_CAP, build_map, cap_groups
from visualize.model import MapData, MapEdge, MapNode


def _walk(data: MapData) -> dict:
    """Open every group from the top: group (None: top) -> its level."""
    levels, todo = {}, [None]
    while todo:
        group = todo.pop()
        levels[group] = level = map_level(data, group)
        todo += [i["id"] for i in level.items if i["type"] == "group"]
    return levels


def _map(paths: list[tuple[str, ...]], edges: list[tuple[int, int]], cap: int | None = None) -> MapData:
    data = MapData("demo", "Demo", "en", aggregate="sector")
    for n, path in enumerate(paths):
        data.add_node(MapNode(f"n{n}", f"Node {n}", "Unit", path=path))
    data.edges += [MapEdge(f"n{a}", f"n{b}", 1.0) for a, b in edges if a < len(paths) and b < len(paths)]
    if cap:
        cap_groups(data, cap)
    data.finish(seed=1)
    return data


_PATHS = st.lists(st.lists(st.sampled_from("ABC"), max_size=3).map(tuple), min_size=1, max_size=60)


@settings(max_examples=40, deadline=None)
@given(_PATHS, st.lists(st.tuples(st.integers(0, 59), st.integers(0, 59)), max_size=120))
def test_every_node_once_and_every_edge_accounted(paths, edges):
    data = _map(paths, edges)
    levels = _walk(data)
    seen = Counter(i["id"] for level in levels.values() for i in level.items if i["type"] != "group")
    assert seen == Counter(n.id for n in data.nodes)
    for group, level in levels.items():
        ids = {i["id"] for i in level.items}
        assert all(e["from"] in ids and e["to"] in ids and e["from"] != e["to"] for e in level.edges)
        if group is not None:  # a group's count is what opening it holds, all the way down
            assert data.groups[group].count == sum(i.get("count", 1) for i in level.items)
    # at the top, every edge between two different top items is counted once
    top = levels[None]
    assert sum(e["count"] for e in top.edges) == sum(
        1 for e in data.edges if _top(data, e.a) != _top(data, e.b))


def _top(data: MapData, ident: str) -> str:
    node = data.node(ident)
    return data.group_id(node.path, 0) if data.groups and node.path else ident


def test_a_big_group_opens_in_bounded_levels():
    paths = [("Stakeholder",)] * 1000 + [("S1", "U1")] * 30
    data = _map(paths, [(n, n + 1) for n in range(1029)], cap=GROUP_CAP)
    levels = _walk(data)
    assert len(levels[None].items) <= 3
    assert max(len(level.items) for level in levels.values()) <= GROUP_CAP


def test_a_page_carries_only_the_edges_among_its_items():
    data = _map([("S1",)] * 3 + [("S2",)] * 3 + [("S3",)], [(0, 3), (1, 6), (4, 6)])
    top = map_level(data)
    assert [(e["from"], e["to"], e["count"]) for e in top.edges] == [
        ("group:S1", "group:S2", 1), ("group:S1", "group:S3", 1), ("group:S2", "group:S3", 1)]
    first_two = {i["id"] for i in top.items[:2]}
    assert edges_among(top, first_two) == ([top.edges[0]], 1)
    assert edges_among(top, {i["id"] for i in top.items}, limit=1) == ([top.edges[0]], 3)
    assert map_levels(data)[None] == top


def test_an_unknown_group_is_not_found():
    data = _map([("S1",)] * 3, [])
    with pytest.raises(NotFoundError, match="no group 'group:nope'"):
        map_level(data, "group:nope")


def test_a_real_map_without_groups_is_one_level(example_graph):
    data = build_map(example_graph, "collaboration", lang="en")
    top = map_level(data)
    assert not data.groups and len(top.items) == len(data.nodes) and len(top.edges) == len(data.edges)
