"""Partners behind related projects: counted from the graph's lead and partner edges, never funding.

The facts come from the example city (examples/rovaniemi/projects.csv): Lapeco Oy and Lapin AMK take
part in the circular-economy projects, the business unit leads the circular-economy network.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings, strategies as st

from ontologies.errors import UsageError
from queries.partners import PARTNER_TYPES, ROLE_WEIGHTS, Partner, own_organisations, partners_behind
from queries.projection import GraphData
from queries.related import RelatedIndex, RelatedProject


@pytest.fixture(scope="module")
def index(example_city) -> RelatedIndex:
    return RelatedIndex.build(example_city[1])


def test_circular_economy_idea_finds_the_circular_economy_partners(index, graph):
    related = index.query(text="kiertotalous ja jätteen vähentäminen", top=10)
    found = partners_behind(related, graph, top=5)
    assert {"U-ELINKEINO", "SH-LAPINAMK", "SH-LAPECO"} <= {p.id for p in found[:3]}
    lapeco = next(p for p in found if p.id == "SH-LAPECO")
    assert lapeco.type == "Stakeholder" and lapeco.kind == "company" and lapeco.leads == 0
    assert set(lapeco.project_ids) <= {r.id for r in related}
    assert all(graph.type_of(p.id) in PARTNER_TYPES for p in found)


def test_score_counts_and_evidence_agree_with_the_related_projects(index, graph):
    related = index.query("P-HNR", top=20)
    scores = {r.id: r.score for r in related}
    for partner in partners_behind(related, graph, top=50):
        leads = [p for p in partner.project_ids if partner.id in graph.targets(p, "led_by")]
        expected = sum(scores[p] * ROLE_WEIGHTS["lead" if p in leads else "partner"] for p in partner.project_ids)
        assert partner.score == pytest.approx(expected, abs=1e-5)
        assert partner.projects == len(partner.project_ids) and partner.leads == len(leads)
        assert [e.split()[0] for e in partner.evidence] == partner.project_ids
        assert partner.project_ids == sorted(partner.project_ids, key=lambda p: (-scores[p], p))
        assert partner.in_store >= partner.projects


def test_the_projects_own_organisations_are_left_out(index, graph):
    own = own_organisations(graph, "P-KIERTO")
    assert {"U-ELINKEINO", "SH-LAPECO"} <= own
    found = partners_behind(index.query("P-KIERTO", top=20), graph, top=100, exclude=own)
    assert found and not own & {p.id for p in found}


def test_funding_sources_and_roles_are_not_partners():
    graph = GraphData(types={"P1": "Project", "F": "FundingSource", "R": "Role", "S": "Sector"},
                      edges={"funded_by": [("P1", "F")], "has_partner": [("P1", "R"), ("P1", "S")]})
    found = partners_behind([RelatedProject("P1", "P1", None, None, 0.5)], graph)
    assert [(p.id, p.score, p.leads) for p in found] == [("S", 0.25, 0)]


def test_a_lead_that_is_also_listed_as_partner_counts_once_as_lead():
    graph = GraphData(types={"P1": "Project", "U": "Unit"},
                      edges={"led_by": [("P1", "U")], "has_partner": [("P1", "U")]})
    [partner] = partners_behind([RelatedProject("P1", "P1", None, None, 0.4)], graph)
    assert (partner.score, partner.projects, partner.leads, partner.in_store) == (0.4, 1, 1, 1)


def test_no_related_projects_no_partners(graph):
    assert partners_behind([], graph) == []
    with pytest.raises(UsageError, match="top must be at least 1"):
        partners_behind([], graph, top=0)


@settings(max_examples=50, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 5), st.integers(0, 3), st.booleans()), max_size=30),
       st.lists(st.floats(0.01, 1.0), min_size=6, max_size=6), st.integers(1, 5))
def test_ranking_is_by_score_and_top_cuts(links, scores, top):
    types = {f"P{i}": "Project" for i in range(6)} | {f"O{j}": "Stakeholder" for j in range(4)}
    edges = {"led_by": [(f"P{p}", f"O{o}") for p, o, lead in links if lead],
             "has_partner": [(f"P{p}", f"O{o}") for p, o, lead in links if not lead]}
    related = [RelatedProject(f"P{i}", f"P{i}", None, None, s) for i, s in enumerate(scores)]
    found = partners_behind(related, GraphData(types=types, edges=edges), top=top)
    everyone = {o for pairs in edges.values() for _, o in pairs}
    assert len(found) == min(top, len(everyone))
    assert [p.score for p in found] == sorted((p.score for p in found), reverse=True)
    assert all(isinstance(p, Partner) and p.as_dict()["id"] == p.id for p in found)
