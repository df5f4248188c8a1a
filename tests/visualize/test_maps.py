"""The map builders, the HTML page (offline, escaped) and the static images, without a browser."""

from __future__ import annotations

import html
import json
import re

import pytest

from ontologies.errors import NotFoundError, UsageError
from tests.helpers import PAYLOADS, hostile_map
from visualize.html import json_for_html, render_map
from visualize.maps import MAP_KINDS, build_map
from visualize.model import AGGREGATE_ABOVE, MapData, MapEdge, MapNode
from visualize.static_image import write_image
from devtools.synth import synthetic_graph


def page_data(page: str) -> dict:
    match = re.search(r'<script type="application/json" id="stratgraph-data">(.*?)</script>', page, re.S)
    return json.loads(match.group(1))


@pytest.mark.parametrize("kind", [k for k in MAP_KINDS if k != "neighbourhood"])
def test_every_map_of_the_example(example_graph, kind):
    data = build_map(example_graph, kind, lang="en")
    assert data.nodes and data.edges
    assert data.positions.shape == (len(data.nodes), 2)
    assert data.start_depth is None  # small maps open with every node shown
    assert data.legend and all(e.label for e in data.legend)
    ids = {n.id for n in data.nodes}
    assert all(e.a in ids and e.b in ids for e in data.edges)


def test_collaboration_map_has_centrality_facts_filters_and_suggested_links(example_graph):
    data = build_map(example_graph, "collaboration", lang="en")
    unit = data.node("U-YMPARISTO")
    facts = dict(unit.facts)
    assert facts["Type"] == "unit" and "Betweenness" in facts and facts["Sector"].startswith("Urban environment")
    assert unit.colour_key == "SEC-KYMP" and 0 < unit.importance <= 1
    assert unit.facets["sector"] == ["SEC-KYMP"] and "G11" in unit.facets["goal"]
    suggested = [e for e in data.edges if e.suggested]
    assert suggested and all(e.facts for e in suggested)
    assert any(entry.dashed for entry in data.legend)
    assert not any(e.suggested for e in build_map(example_graph, "collaboration", links=False).edges)


def test_goals_map_links_projects_to_goals_and_sectors(example_graph):
    data = build_map(example_graph, "goals", lang="fi")
    kinds = {(data.node(e.a).type, data.node(e.b).type) for e in data.edges}
    assert ("Project", "Goal") in kinds and ("Project", "Sector") in kinds
    assert data.node("P-HNR").facets["goal"]


def test_bodies_map_marks_cross_representation(example_graph):
    data = build_map(example_graph, "bodies", lang="en")
    crossing = [n for n in data.nodes if n.emphasis]
    assert crossing
    assert all(int(dict(n.facts)["Bodies"]) > 1 for n in crossing)


def test_networks_map_colours_by_level(example_graph):
    data = build_map(example_graph, "networks", lang="en")
    assert {n.colour_key for n in data.nodes if n.type == "Network"} <= {
        "level:international", "level:national", "level:regional", "level:local"}
    assert "level" in data.facets and len(data.facets["level"]) >= 3


def test_neighbourhood_and_focus(example_graph):
    one = build_map(example_graph, "neighbourhood", focus="P-HNR", depth=1)
    two = build_map(example_graph, "neighbourhood", focus="P-HNR", depth=2)
    assert one.node("P-HNR").emphasis and len(two.nodes) > len(one.nodes)
    focused = build_map(example_graph, "goals", focus="G11", depth=1)
    assert focused.has_node("G11") and len(focused.nodes) < len(build_map(example_graph, "goals").nodes)


def test_errors(example_graph):
    with pytest.raises(UsageError, match="needs --focus"):
        build_map(example_graph, "neighbourhood")
    with pytest.raises(UsageError, match="unknown map"):
        build_map(example_graph, "galaxy")
    with pytest.raises(NotFoundError, match="no node 'NOPE'"):
        build_map(example_graph, "neighbourhood", focus="NOPE")
    with pytest.raises(NotFoundError, match="not on the bodies map"):
        build_map(example_graph, "bodies", focus="P-HNR")
    with pytest.raises(UsageError, match="unknown language"):
        build_map(example_graph, "goals", lang="sv")


def test_large_maps_open_aggregated():
    data = build_map(synthetic_graph(AGGREGATE_ABOVE + 200), "goals", lang="en")
    assert data.start_depth == 0 and data.groups
    top = [g for g in data.groups.values() if g.depth == 0]
    assert sum(g.count for g in top) == len(data.nodes)
    page = page_data(render_map(data))
    assert page["startDepth"] == 0 and set(page["groups"]) == set(data.groups)
    assert build_map(synthetic_graph(500), "goals", aggregate="sector").start_depth == 0
    assert build_map(synthetic_graph(AGGREGATE_ABOVE + 200), "goals", aggregate="none").start_depth is None


# -- the page ----------------------------------------------------------------------------------------

def test_page_is_self_contained_and_offline():
    page = render_map(hostile_map())
    assert "vis-network" in page and "@license" in page  # inlined, licence header kept
    assert not re.search(r"<script[^>]+src=|<link[^>]+href=|@import|url\(['\"]?https?:", page)
    assert "cdnjs" not in page and "jsdelivr" not in page and "bootstrap" not in page.lower()
    assert "Content-Security-Policy" in page and "default-src 'none'" in html.unescape(page)


def test_page_escapes_every_text():
    page = render_map(hostile_map())
    for payload in PAYLOADS:
        if "<" in payload:  # heading and subtitle escaped as &lt;, the JSON data as \u003c
            assert payload not in page, payload
    data = page_data(page)
    assert [n["label"] for n in data["nodes"]] == PAYLOADS  # and the text itself survives intact
    assert "&lt;img src=x onerror=alert(1)&gt;" in page


def test_json_for_html_escapes_what_could_close_the_script():
    text = str(json_for_html(["</script>", "a&b", "\u2028\u2029", "<!--"]))
    assert "<" not in text and ">" not in text and "&" not in text and "\u2028" not in text
    assert json.loads(text) == ["</script>", "a&b", "\u2028\u2029", "<!--"]


@pytest.mark.parametrize("suffix", ["png", "svg"])
def test_static_images_with_legend(example_graph, tmp_path, suffix):
    data = build_map(example_graph, "collaboration", lang="en")
    out = write_image(data, tmp_path / f"map.{suffix}")
    content = out.read_bytes()
    assert content.startswith(b"\x89PNG" if suffix == "png" else b"<?xml")
    assert out.stat().st_size > 20_000


def test_svg_of_hostile_labels_holds_no_markup(tmp_path):
    svg = write_image(hostile_map(), tmp_path / "x.svg").read_text(encoding="utf-8")
    assert "<img" not in svg and "<script" not in svg and "<iframe" not in svg  # text, escaped
    assert "&lt;img src=x onerror=alert(1)&gt;" in svg


def test_image_format_is_checked(example_graph, tmp_path):
    with pytest.raises(UsageError, match=r"\.png or \.svg"):
        write_image(build_map(example_graph, "goals"), tmp_path / "x.gif")




# -- maps at real scale (issue 22 item 7: the 19,940-project list opened as one bubble "Sidosryhmät (12213)") --

def _stakeholder_city(n_stakeholders: int = 1200) -> "GraphData":
    """Projects led by units of three sectors (one in nine) or by stakeholders (programme themes only), each
    with two stakeholder partners of one kind: the shape of the structural-funds list, at small scale."""
    from queries.projection import GraphData

    graph = GraphData()
    sectors, themes = ["SEC-A", "SEC-B", "SEC-C"], ["T-NORTH", "T-EAST", "T-WEST"]
    for ident in sectors:
        graph.types[ident], graph.labels[ident] = "Sector", {"fi": f"Toimiala {ident[-1]}"}
    for ident in themes:
        graph.types[ident], graph.labels[ident] = "Theme", {"fi": ident.title()}
    for n, sector in enumerate(sectors):
        graph.types[f"U{n}"] = "Unit"
        graph.edges["part_of"].append((f"U{n}", sector))
    orgs = [f"SH-{i:05d}" for i in range(n_stakeholders)]
    for i, org in enumerate(orgs):
        graph.types[org], graph.labels[org] = "Stakeholder", {"fi": f"Yhdistys {i * 7919 % 100000:05d}"}
        graph.props[org] = {"stakeholder_kind": "other"}
    for p in range(n_stakeholders):
        project = f"P-{p:05d}"
        graph.types[project] = "Project"
        graph.edges["has_theme"].append((project, themes[p % 3]))
        graph.edges["led_by"].append((project, f"U{p // 9 % 3}" if p % 9 == 0 else orgs[p]))
        graph.edges["has_partner"] += [(project, orgs[(p + k) % n_stakeholders]) for k in (1, 2)]
    return graph


def test_a_large_stakeholder_group_opens_into_readable_groups():
    from visualize.maps import GROUP_CAP

    graph = _stakeholder_city()
    data = build_map(graph, "collaboration", lang="fi", links=False)
    children: dict = {}
    for gid, group in data.groups.items():
        children.setdefault(group.parent, []).append(gid)
    top = [data.groups[g] for g in children[None]]
    assert len(top) > 1  # not one bubble of every stakeholder
    assert max(len(kids) for kids in children.values()) <= GROUP_CAP
    leaves = {}
    for node in data.nodes:
        leaves[node.path] = leaves.get(node.path, 0) + 1
    assert max(leaves.values()) <= GROUP_CAP
    assert {n.id for n in data.nodes} >= {i for i, k in graph.types.items() if k == "Stakeholder"}  # none lost
    labels = {g.label for g in data.groups.values()}
    assert "Yhteistyössä: Toimiala A" in labels and any(label.startswith("Teema: ") for label in labels)


def test_cap_groups_on_the_structural_funds_excerpt(tmp_path):
    from pathlib import Path

    from examples import EXAMPLE_DIR
    from graph_model.store import GraphStore
    from ingest.pipeline import ingest
    from queries.projection import load_graph
    from visualize.maps import cap_groups

    data_file = Path(__file__).resolve().parent.parent / "data" / "structural-funds" / "projektilista-excerpt.csv"
    with GraphStore(tmp_path / "list.db") as store:
        ingest(data_file, store, mapping=EXAMPLE_DIR.parent / "structural-funds" / "mapping.yaml")
        graph = load_graph(store, cache=False)
    data = build_map(graph, "collaboration", lang="fi", links=False)
    before = sorted(n.id for n in data.nodes)
    cap_groups(data, cap=3)
    sizes: dict = {}
    for node in data.nodes:
        sizes[node.path] = sizes.get(node.path, 0) + 1
    assert max(sizes.values()) <= 3 and sorted(n.id for n in data.nodes) == before
