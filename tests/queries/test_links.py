"""Missing cross-sector links: the link designed into the example city, bad input, the engines agree.

The designed link (examples/rovaniemi): U-LIIKENNE (urban environment sector) and U-LIIKUNTA (education and
wellbeing sector) share goals G7, G10, G11.1 and themes T-MOBILITY, T-WELLBEING, T-LANDUSE, have no joint
project, body, network, service or agreement, and R-HANKEASIANTUNTIJA sits in B-KEKE-TR with the one and in
B-HYTE-TR with the other.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import scipy.sparse as sp

from ontologies.errors import InputError, NotFoundError, UsageError
from queries.link_score import ScoreFactors
from queries.links import CollaborationGraph, LinkParams, collaboration_graph, missing_links, score_pairs
from queries.projection import GraphData
from queries.sparql import SPARQL_DIR, run_select


def test_the_designed_link_comes_first_with_its_evidence_and_broker(graph):
    best = missing_links(graph, "unit", top=5)[0]
    assert (best.a, best.b, best.level) == ("U-LIIKENNE", "U-LIIKUNTA", "unit")
    assert best.shared["goals"] == ["G10", "G11.1", "G7"]
    assert best.shared["themes"] == ["T-LANDUSE", "T-MOBILITY", "T-WELLBEING"]
    assert best.shared["partners"] == ["R-HANKEASIANTUNTIJA"]
    assert (best.broker, best.broker_label) == ("R-HANKEASIANTUNTIJA", "Hankeasiantuntija")
    assert best.evidence[0].startswith("shared goals: G7 Liikkuva ja aktiivinen kaupunkilainen")
    assert best.evidence[-1] == "shared partners: R-HANKEASIANTUNTIJA Hankeasiantuntija"


def test_suggested_pairs_are_cross_sector_never_work_together_and_are_explained(graph):
    cg = collaboration_graph(graph, "unit")
    row = {e: i for i, e in enumerate(cg.entities)}
    for link in missing_links(graph, "unit", top=50):
        assert graph.sector_of(link.a) != graph.sector_of(link.b)
        assert cg.together[row[link.a], row[link.b]] == 0
        assert link.evidence and any(link.shared.values())
        if link.broker:
            assert link.broker in link.shared["partners"]


def test_pairs_that_work_together_are_not_suggested(graph):
    pairs = {(m.a, m.b) for m in missing_links(graph, "unit", top=1000)}
    # joint project P-HNR, joint working group B-KEKE-TR, joint service SV-KESTAVA
    assert not {("U-ELINKEINO", "U-YMPARISTO"), ("U-RUOKA", "U-YMPARISTO"), ("U-KASVU", "U-VESI")} & pairs


def test_every_sector_already_works_with_every_other(graph):
    assert missing_links(graph, "sector") == []


def test_stakeholder_and_project_levels(graph):
    stakeholders = missing_links(graph, "stakeholder", top=20)
    kinds = {s: graph.props[s]["stakeholder_kind"] for s in graph.ids_of("Stakeholder")}
    assert stakeholders and all(kinds[m.a] != kinds[m.b] for m in stakeholders)
    projects = {(m.a, m.b): m for m in missing_links(graph, "project", top=50)}
    walking = projects[("P-KAVELY", "P-LIIKKUVA")]
    assert walking.broker is None and walking.shared["partners"] == [] and "G7" in walking.shared["goals"]
    assert ("P-HNR", "P-KIERTO") not in projects  # both steered by the sustainability steering group


def test_goal_and_theme_filters(graph):
    on_mobility = missing_links(graph, "unit", theme="T-MOBILITY", top=100)
    assert on_mobility and all("T-MOBILITY" in m.shared["themes"] for m in on_mobility)
    assert ("U-LIIKENNE", "U-LIIKUNTA") == (on_mobility[0].a, on_mobility[0].b)
    assert all("G7" in m.shared["goals"] for m in missing_links(graph, "unit", goal="G7", top=100))


def test_a_goal_filter_that_matches_nothing_gives_no_links(graph):
    assert missing_links(graph, "unit", goal="G13") == []            # one unit works on it
    assert missing_links(graph, "sector", goal="G11") == []


def test_unknown_filters_name_the_closest_ids(graph):
    with pytest.raises(NotFoundError, match="no goal 'G99'; closest ids: G9"):
        missing_links(graph, goal="G99")
    with pytest.raises(NotFoundError, match="no theme 'T-CLIMAT'; closest ids: T-CLIMATE"):
        missing_links(graph, theme="T-CLIMAT")
    with pytest.raises(NotFoundError, match="no goal 'T-CLIMATE'"):
        missing_links(graph, goal="T-CLIMATE")


def test_bad_level_and_top_are_usage_errors(graph):
    with pytest.raises(UsageError, match="unknown level 'team'"):
        missing_links(graph, "team")
    with pytest.raises(UsageError, match="at least 1"):
        missing_links(graph, top=0)


def test_an_empty_graph_says_how_to_fill_the_store():
    with pytest.raises(InputError, match="store holds no projects"):
        missing_links(GraphData())


def test_a_graph_without_entities_of_the_level_gives_no_links(graph):
    only_projects = GraphData(types={"P1": "Project"})
    assert missing_links(only_projects, "stakeholder") == []


def test_the_plain_scorer_ranks_rare_shared_partners_and_active_pairs_first():
    # A (x), B and D (y); C and E (z) are partners: C works with A and B, E with A, B and D
    ww = np.array([[0, 0, 1, 0, 1], [0, 0, 1, 0, 1], [1, 1, 0, 0, 0], [0, 0, 0, 0, 1], [1, 1, 0, 1, 0]])
    cg = CollaborationGraph(["A", "B", "C", "D", "E"], ["A", "B", "C", "D", "E"], sp.csr_matrix(ww),
                            sp.csr_matrix((5, 0)), [], np.array(["x", "y", "z", "y", "z"]), np.ones(5))
    pairs = score_pairs(cg, 10, params=LinkParams.collaboration())
    got = [(cg.entities[a], cg.entities[b]) for a, b in zip(pairs.a, pairs.b)]
    assert got[0] == ("A", "B") and ("A", "D") in got and ("B", "D") not in got  # B-D: same sector
    assert float(pairs.score[0]) > float(pairs.score[got.index(("A", "D"))])
    everything = score_pairs(cg, 10, params=LinkParams.collaboration(), cross_sector=False)
    assert len(everything.a) == 4 and cg.subset(np.array([1, 1, 0, 0, 1], bool)).entities == ["A", "B", "E"]


def _skewed(rng: np.random.Generator, rows: int, cols: int, mean: float) -> sp.csr_matrix:
    """0/1 rows x cols: a few very active rows, a few very popular columns."""
    activity, popularity = rng.pareto(1.5, rows) + 1, rng.pareto(1.2, cols) + 1
    counts = rng.poisson(mean * activity / activity.mean())
    return _binary_matrix(np.repeat(np.arange(rows), counts),
                          rng.choice(cols, counts.sum(), p=popularity / popularity.sum()), (rows, cols))


def _binary_matrix(rows: np.ndarray, cols: np.ndarray, shape: tuple[int, int]) -> sp.csr_matrix:
    return (sp.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=shape) > 0).astype(np.float64)


@pytest.mark.parametrize("block", [10**9, 50], ids=["one-block", "many-blocks"])
@pytest.mark.parametrize("params", [LinkParams(), LinkParams.collaboration()], ids=["city", "collaboration"])
def test_the_best_pairs_are_those_that_scoring_every_pair_gives(params, block, monkeypatch):
    import queries.pair_search as pair_search

    monkeypatch.setattr(pair_search, "_BLOCK", block)  # candidate pairs come in blocks of bounded size
    rng = np.random.default_rng(7)
    n = 300
    cg = CollaborationGraph([f"E{i:03d}" for i in range(n)], [f"A{i:03d}" for i in range(500)],
                            _skewed(rng, n, 500, 6), _skewed(rng, n, 60, 4), [f"I{i}" for i in range(60)],
                            rng.choice(np.array(list("abcde"), dtype=object), n), rng.integers(0, 20, n).astype(float))
    a, b = np.triu_indices(n, 1)
    every = ScoreFactors(cg, params).scores(a, b)
    every[(cg.together.toarray()[a, b] > 0) | (cg.sectors[a] == cg.sectors[b]) | (every <= 1e-12)] = 0.0
    for top in (1, 5, 20, 100, 500):
        order = np.lexsort((b, a, -every))[:top]
        order = order[every[order] > 0]
        pairs = score_pairs(cg, top, params=params)
        assert (pairs.a.tolist(), pairs.b.tolist(), pairs.score.tolist()) == \
            (a[order].tolist(), b[order].tolist(), every[order].tolist())


# -- the engines agree -------------------------------------------------------------------------------------

def _python_scores(graph: GraphData) -> dict[tuple[str, str], float]:
    cg = collaboration_graph(graph, "unit")
    pairs = score_pairs(cg, 1_000_000)
    return {(cg.entities[a], cg.entities[b]): float(s) for a, b, s in zip(pairs.a, pairs.b, pairs.score)}


def test_sparql_gives_the_unit_level_scores(city):
    store, graph = city
    names, rows = run_select(store, (SPARQL_DIR / "missing_links.rq").read_text(encoding="utf-8"))
    got = {(r[0], r[1]): float(r[2]) for r in rows}
    expected = _python_scores(graph)
    assert expected and got == pytest.approx(expected, abs=1e-9)


@pytest.mark.neo4j
def test_cypher_gives_the_unit_level_scores(city, cypher_on):
    store, graph = city
    rows = cypher_on(store)("analysis_missing_links", limit=100_000)
    got = {(r["a_id"], r["b_id"]): r["score"] for r in rows}
    expected = _python_scores(graph)
    assert expected and got == pytest.approx(expected, abs=1e-9)


@pytest.mark.parametrize("name", ["analysis_missing_links", "analysis_related_projects"])
def test_cypher_files_have_a_header(name):
    import re

    from queries.cypher import find_query

    query = find_query(name)
    assert query.purpose[0].isupper() and query.purpose.endswith(".")
    assert query.example.startswith(f"stratgraph cypher -f queries/cypher/{name}.cypher")
    assert {p.name for p in query.params} == set(re.findall(r"\$(\w+)", query.text.split("// example:", 1)[1]))


# -- a drawn map's connections (issue 20) -------------------------------------------------------------------

CITY_MAP = Path(__file__).resolve().parents[1] / "data" / "kumu" / "city-collaboration-map.json"


@pytest.fixture(scope="module")
def drawn_city():
    """A store holding only the city team's Kumu map: three units of two sectors on one goal, an untyped
    connection between two of them, a university drawn connected to two, a phenomenon drawn connected
    to two (a map's own element: no evidence of who works with whom), and two projects connected."""
    from graph_model.store import GraphStore
    from ingest.kumu import import_kumu
    from queries.projection import load_graph

    with GraphStore(None) as store:
        import_kumu(CITY_MAP, store, types={"University": "Stakeholder:university"})
        yield store, load_graph(store, cache=False)


def test_a_map_connection_is_a_link_and_a_drawn_partner_is_evidence(drawn_city):
    _, graph = drawn_city
    links = missing_links(graph, "unit", top=10)
    # traffic and sport are drawn connected: never suggested; the university connects traffic and school
    assert [(m.a, m.b) for m in links] == [("KUMU-u-school", "KUMU-u-traffic")]
    assert links[0].shared["partners"] == ["KUMU-uni"] and links[0].broker == "KUMU-uni"
    assert links[0].evidence[-1] == "shared partners: KUMU-uni Lapin yliopisto"  # not the phenomenon
    assert missing_links(graph, "sector") == []  # the two sectors are drawn connected through their units


def test_projects_drawn_connected_are_not_suggested(drawn_city):
    _, graph = drawn_city
    pairs = {(m.a, m.b) for m in missing_links(graph, "project", top=10)}
    assert pairs == {("KUMU-p-bike", "KUMU-p-move")}  # walk and bike are drawn connected
    cg = collaboration_graph(graph, "project")
    assert cg.actors == ["KUMU-u-school", "KUMU-u-sport", "KUMU-u-traffic", "KUMU-uni"]


def test_sparql_counts_map_connections_as_python_does(drawn_city):
    store, graph = drawn_city
    _, rows = run_select(store, (SPARQL_DIR / "missing_links.rq").read_text(encoding="utf-8"))
    got = {(r[0], r[1]): float(r[2]) for r in rows}
    assert got == pytest.approx(_python_scores(graph), abs=1e-9)
    assert set(got) == {("KUMU-u-school", "KUMU-u-traffic")}


@pytest.mark.neo4j
def test_cypher_counts_map_connections_as_python_does(drawn_city, cypher_on):
    store, graph = drawn_city
    rows = cypher_on(store)("analysis_missing_links", limit=100)
    got = {(r["a_id"], r["b_id"]): r["score"] for r in rows}
    assert got == pytest.approx(_python_scores(graph), abs=1e-9)
    assert set(got) == {("KUMU-u-school", "KUMU-u-traffic")}
