"""The analysts' Cypher library (queries/cypher/) against the example city in the real Neo4j.

The expected results are written from the example's files (examples/rovaniemi/*.csv): which goals
have no metric or owner, who sits in which bodies on a given day, and so on.
"""

from __future__ import annotations

import re

import pytest

from graph_model.neo4j_sync import push
from queries.cypher import CYPHER_DIR, find_query, list_queries, parse_header, parse_params, run_cypher

LIBRARY = ["related_projects", "projects_per_goal_and_sector", "goals_without_metrics_or_owner",
           "sectors_sharing_goals_without_joint_project", "cross_representation", "network_members_by_level",
           "shortest_path_between_organisations", "shortest_collaboration_path_between_organisations"]


@pytest.fixture(scope="module")
def pushed(neo4j_dev_server, example_store):
    """The example (the shared ``example_store``) pushed under a fresh owner, once for the module;
    ``run(name, **params)`` runs a library query on it."""
    import uuid

    from graph_model.neo4j_sync import remove_owned

    owner = f"test-library-{uuid.uuid4().hex[:12]}"
    push(example_store, neo4j_dev_server, owner=owner)

    def run(name: str, **params):
        return run_cypher(neo4j_dev_server, find_query(name).text, {"owner": owner, **params}).rows

    run.owner = owner
    yield run
    remove_owned(neo4j_dev_server, owner)


@pytest.mark.parametrize("name", LIBRARY)
def test_every_query_has_a_header_with_purpose_params_and_example(name):
    query = find_query(name)
    assert query.purpose and query.purpose[0].isupper() and query.purpose.endswith(".")
    assert query.example.startswith(f"stratgraph cypher -f queries/cypher/{name}.cypher")
    declared = {p.name for p in query.params}
    used = set(re.findall(r"\$(\w+)", query.text.split("\n", 3)[3]))
    assert declared == used, f"{name}: header declares {declared}, the query uses {used}"
    assert "owner" in declared and not next(p for p in query.params if p.name == "owner").required


def test_list_shows_the_library():
    names = [q.name for q in list_queries()]
    assert set(LIBRARY) <= set(names) and names == sorted(names)
    assert all((CYPHER_DIR / f"{n}.cypher").is_file() for n in LIBRARY)


def test_header_parsing_of_continuations_and_colon_params():
    text = "// purpose: one\n//   two\n// params: $owner: whose graph\n// example: x\nRETURN $owner"
    purpose, params, example = parse_header(text)
    assert purpose == "one two" and example == "x"
    assert [(p.name, p.description, p.required) for p in params] == [("owner", "whose graph", True)]


@pytest.mark.neo4j
def test_related_projects(pushed):
    rows = pushed("related_projects", project="P-HNR", limit=5)
    assert [(r["project"], r["score"]) for r in rows] == [
        ("P-BIOKAASU", 9), ("P-YLEISKAAVA", 9), ("P-ENERGIA", 8), ("P-NEB", 8), ("P-SMARTCITY", 8)]
    biokaasu = rows[0]
    assert biokaasu["shared_goals"] == ["G11.1"] and biokaasu["shared_partners"] == ["SH-ENERGIA", "SH-LAPINAMK"]
    assert biokaasu["shared_themes"] == ["T-CLIMATE"] and biokaasu["shared_funding"] == ["F-JTF"]
    # P-NEB's partner U-ELINKEINO comes from a dated row of the relationships sheet
    assert rows[3]["shared_partners"] == ["SH-ULAPLAND", "U-ELINKEINO"]
    assert len(pushed("related_projects", project="P-HNR")) == 20  # the default limit


@pytest.mark.neo4j
def test_projects_per_goal_and_sector(pushed):
    rows = pushed("projects_per_goal_and_sector", goal="G11")
    got = {r["sector"]: (r["projects"], r["led"], r["budget"], r["project_ids"]) for r in rows}
    assert got == {
        "SEC-ELVO": (4, 2, 1670000.0, ["P-HNR", "P-KIERTO", "P-MATKAILU", "P-NEB"]),
        "SEC-KOHA": (3, 1, 870000.0, ["P-HNR", "P-ILMASTO-OHJELMA", "P-NEB"]),
        "SEC-KYMP": (6, 2, 1920000.0, ["P-HNR", "P-ILMASTO-OHJELMA", "P-KIERTO", "P-KOULUKIERTO", "P-MATKAILU",
                                       "P-NEB"]),
        "SEC-LIIKE": (2, 0, 940000.0, ["P-HNR", "P-KOULUKIERTO"]),
        "SEC-SIHY": (3, 1, 940000.0, ["P-HNR", "P-KOULUKIERTO", "P-NEB"]),
    }
    assert {r["goal"] for r in pushed("projects_per_goal_and_sector")} >= {"G11", "G6", "G9"}


@pytest.mark.neo4j
def test_goals_without_metrics_or_owner(pushed):
    rows = pushed("goals_without_metrics_or_owner")
    assert [(r["goal"], r["owners"], r["missing"]) for r in rows] == [
        ("G10", ["SEC-KYMP"], "metric"), ("G10.1", ["U-MAASEUTU"], "metric"),
        ("G11.3", [], "metric and owner"), ("G4", [], "metric and owner"), ("G8", [], "metric and owner"),
        # the draft 2026 strategy's goals have no metric yet (N3 and N6 no owner either)
        ("N1", ["R-KAUPUNGINJOHTAJA"], "metric"), ("N2", ["SEC-SIHY"], "metric"), ("N3", [], "metric and owner"),
        ("N4", ["B-KEKE-OR"], "metric"), ("N5", ["SEC-KOHA"], "metric"), ("N6", [], "metric and owner")]


@pytest.mark.neo4j
def test_sectors_sharing_goals_without_joint_project(pushed):
    rows = pushed("sectors_sharing_goals_without_joint_project")
    # The 2026 goals count the work of the goals they merge (queries/contribution.py): N1 = G1 + G2 + G3,
    # N2 = G4 + G5, N3 = G6 + G7, so a pair apart on G2 or G7 is apart on N1 or N3 too.
    assert [(r["sector_a"], r["sector_b"], r["goals"]) for r in rows] == [
        ("SEC-KYMP", "SEC-SIHY", ["G2", "G7", "N1", "N3"]),
        ("SEC-ELVO", "SEC-KYMP", ["N2", "N3"]),
        ("SEC-ELVO", "SEC-LIIKE", ["G11.2", "N2"]),
        ("SEC-ELVO", "SEC-SIHY", ["G11.2", "N2"]),
        ("SEC-KOHA", "SEC-KYMP", ["G2", "N1"]),
        ("SEC-KOHA", "SEC-LIIKE", ["G5", "N2"]),
        ("SEC-ELVO", "SEC-KOHA", ["N2"]),
        ("SEC-KOHA", "SEC-SIHY", ["G2.1"]),
    ]


@pytest.mark.neo4j
def test_cross_representation(pushed):
    rows = pushed("cross_representation", date="2025-09-01")
    got = {r["member"]: r["bodies"] for r in rows}
    assert got["R-TJ-ELVO"] == ["B-ELVOLTK", "B-JOHTORYHMA", "B-KEKE-OR", "B-MAANKAYTTORYHMA", "B-MATKAILU-KR",
                                "B-STRATEGIARYHMA"]
    assert got["PER-J"] == ["B-KH", "B-POL-STRATEGIA", "B-SIHYLTK", "B-VALTUUSTO"]
    assert got["PER-H"] == ["B-POL-STRATEGIA", "B-VALTUUSTO"]  # B-KH seat ended 2025-05-31
    assert "PER-E" not in got and "PER-I" not in got  # their seats ended before that day
    assert len(rows) == 15 and rows[0]["body_count"] == 6
    per_j = next(r for r in rows if r["member"] == "PER-J")
    assert per_j["kind"] == "Person" and "B-SIHYLTK (kaupunginhallituksen edustaja)" in per_j["seats"]
    anytime = {r["member"]: r["body_count"] for r in pushed("cross_representation")}
    assert anytime["PER-E"] == 3 and anytime["PER-H"] == 3
    assert all(r["body_count"] >= 4 for r in pushed("cross_representation", min_bodies=4))


@pytest.mark.neo4j
def test_network_members_by_level(pushed):
    rows = pushed("network_members_by_level", level="international")
    assert [(r["network"], r["members"]) for r in rows] == [
        ("N-ARCTICMAYORS", ["R-KAUPUNGINJOHTAJA"]), ("N-COVENANT", ["R-ILMASTOKOORD", "U-YMPARISTO"]),
        ("N-NEB", ["U-HANKE"])]
    levels = [r["level"] for r in pushed("network_members_by_level")]
    assert levels == sorted(levels, key=["international", "national", "regional", "local"].index)
    assert len(levels) == 16


@pytest.mark.neo4j
def test_shortest_path_between_organisations(pushed):
    [row] = pushed("shortest_path_between_organisations", **{"from": "U-YMPARISTO", "to": "SH-LAPINAMK"})
    assert row["hops"] == 2 and row["ids"][0] == "U-YMPARISTO" and row["ids"][-1] == "SH-LAPINAMK"
    assert len(row["relationships"]) == 2 and len(row["names"]) == 3
    [far] = pushed("shortest_path_between_organisations", **{"from": "U-NUORISO", "to": "SH-LAPINAMK"})
    assert far["hops"] == 4 and len(far["ids"]) == 5
    assert pushed("shortest_path_between_organisations", **{"from": "U-NUORISO", "to": "NO-SUCH"}) == []


@pytest.mark.neo4j
def test_shortest_path_skips_hubs_unless_asked(pushed):
    """Two units whose projects share only a funding source or a theme: the path through the hub is one step
    shorter, and says nothing; by default it is not taken."""
    ends = {"from": "U-ELINKEINO", "to": "U-HENKILOSTO"}
    [through_hubs] = pushed("shortest_path_between_organisations", skip_labels=[], **ends)
    [default] = pushed("shortest_path_between_organisations", **ends)
    assert through_hubs["hops"] == 4 and default["hops"] == 5
    kinds = pushed("shortest_path_between_organisations", skip_labels=[], **ends)[0]["relationships"]
    assert {"FUNDED_BY", "HAS_THEME"} & set(kinds) and not {"FUNDED_BY", "HAS_THEME"} & set(default["relationships"])


@pytest.mark.neo4j
def test_shortest_path_keeps_below_the_degree_asked(pushed, neo4j_dev_server):
    ends = {"from": "U-NUORISO", "to": "SH-LAPINAMK"}
    [capped] = pushed("shortest_path_between_organisations", max_degree=10, **ends)
    degree = "MATCH (n) WHERE n._sg_owner = $owner AND n.id IN $ids RETURN n.id AS id, COUNT { (n)--() } AS degree"
    degrees = {r["id"]: r["degree"] for r in run_cypher(
        neo4j_dev_server, degree, {"owner": pushed.owner, "ids": capped["ids"]}).rows}
    assert capped["hops"] >= 2 and all(degrees[i] <= 10 for i in capped["ids"][1:-1])
    # a node between the ends has at least two relationships, so a cap of 1 leaves no path at all
    assert pushed("shortest_path_between_organisations", max_degree=1, **ends) == []


@pytest.mark.neo4j
def test_collaboration_path_steps_only_through_collaboration(pushed):
    collaboration = {"LED_BY", "HAS_PARTNER", "HAS_MEMBER", "PARTY", "INVOLVES", "PART_OF", "POST_IN", "HELD_BY",
                     "STEERED_BY"}
    [row] = pushed("shortest_collaboration_path_between_organisations", **{"from": "U-ELINKEINO", "to": "U-HENKILOSTO"})
    assert set(row["relationships"]) <= collaboration and row["hops"] >= 5
    assert pushed("shortest_collaboration_path_between_organisations", **{"from": "U-NUORISO", "to": "NO-SUCH"}) == []


def _example_params(query) -> dict:
    """The parameters of the query's ``// example:`` line (``--param key=value`` or ``-p key:=JSON``)."""
    words = query.example.split()
    return parse_params(words[i + 1] for i, word in enumerate(words[:-1]) if word in ("--param", "-p"))


@pytest.mark.neo4j
@pytest.mark.parametrize("query", list_queries(), ids=lambda q: q.name)
def test_every_library_query_runs_clean_on_the_example(neo4j_dev_server, pushed, query):
    """No notification at all from the server (a misspelt property, a cartesian product, a deprecation...):
    run as its example line says, on the example city."""
    result = run_cypher(neo4j_dev_server, query.text, {"owner": pushed.owner, **_example_params(query)})
    assert result.notifications == [], f"{query.name}: {result.notifications}"
