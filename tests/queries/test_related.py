"""Related projects: true to the example city, robust to bad input, and the same in every engine.

The facts come from the example's author (examples/rovaniemi/projects.csv): the climate and circular-economy
projects of four sectors relate to each other; P-KAVELY shares goals, themes and funding, but no
partner, with P-LIIKKUVA and P-LAHILIIKUNTA.
"""

from __future__ import annotations

import random
import re
from pathlib import Path

import numpy as np
import pytest

from graph_model.store import GraphStore
from graph_model.terms import node_iri
from ontologies.errors import InputError, NotFoundError, UsageError
from queries.projection import GraphData, load_graph
from queries import text_similarity
from queries.related import (CLOSEST_REASON, DEFAULT_FEEDBACK, FEEDBACK, HUB_DF, TEXT_WEIGHT, WORDS_WEIGHT, RelatedIndex,
                             related_projects)
from queries.sparql import SPARQL_DIR, run_select
from queries.text_analysis import load_analyser
from queries.text_similarity import EXACT_LIMIT, TextIndex, shared_words


@pytest.fixture(scope="module")
def index(example_city) -> RelatedIndex:
    return RelatedIndex.build(example_city[1])


# -- true to the source document ----------------------------------------------------------------------

def test_carbon_neutral_rovaniemi_meets_the_climate_and_circular_projects_of_every_other_sector(index):
    found = index.query("P-HNR", other_sectors=True, top=30)
    assert found and all(r.sector != "SEC-KYMP" for r in found)
    best_per_sector: dict[str, str] = {}
    for r in found:
        best_per_sector.setdefault(r.sector, r.id)
    assert best_per_sector == {"SEC-KOHA": "P-NEB", "SEC-ELVO": "P-KIERTO", "SEC-LIIKE": "P-BIOKAASU",
                               "SEC-SIHY": "P-KOULUKIERTO"}


def test_climate_and_circular_economy_projects_are_led_by_four_sectors_and_related(index, example_city):
    graph = example_city[1]
    climate = {p for p, t in graph.edges["has_theme"] if t == "T-CLIMATE"}
    circular = {p for p, t in graph.edges["has_theme"] if t == "T-CIRCULAR"}
    assert len({graph.sector_of(p) for p in climate | circular}) >= 4
    assert {r.id for r in index.query("P-HNR", top=10)} & circular        # climate -> circular
    assert {r.id for r in index.query("P-KIERTO", top=10)} & climate      # circular -> climate


def test_the_circular_economy_network_is_closest_to_the_other_circular_projects(index):
    best = index.query("P-KIERTO", top=3)
    assert {r.id for r in best} == {"P-KOULUKIERTO", "P-KIERTORAK", "P-RUOKAHAVIKKI"}
    assert all("T-CIRCULAR" in r.shared["themes"] and "G11.2" in r.shared["goals"] for r in best)


def test_walking_and_cycling_relates_to_active_mobility_without_a_shared_partner(index):
    best = index.query("P-KAVELY", top=2)
    assert {r.id for r in best} == {"P-LIIKKUVA", "P-LAHILIIKUNTA"}
    for r in best:
        assert r.shared["partners"] == [] and r.shared["funding"] == ["F-KUNTA"]
        assert "G7" in r.shared["goals"] and {"T-MOBILITY", "T-WELLBEING"} <= set(r.shared["themes"])
        assert r.sector == "SEC-SIHY" and any(reason.startswith("shared goals: G7") or "G7 " in reason
                                               for reason in r.reasons)


def test_results_are_ranked_explained_and_filtered(index):
    found = index.query("P-HNR", top=37)
    assert [r.score for r in found] == sorted((r.score for r in found), reverse=True)
    assert "P-HNR" not in {r.id for r in found} and all(r.reasons for r in found)
    assert all(r.status == "ongoing" for r in index.query("P-HNR", status="ongoing", top=37))
    assert index.query("P-HNR", status="idea") == [next(r for r in found if r.id == "P-NEB")]
    shared_goals = next(r for r in found if r.id == "P-ILMASTO-OHJELMA").reasons
    assert "shared goals: G11 Kestävä kehitys ja hiilineutraali Rovaniemi; G11.1 Hiilineutraalius vuoteen " \
           "2030 mennessä" in shared_goals


def test_top_k_all_gives_the_scores_of_query(index):
    everything = index.top_k_all(5)
    assert set(everything) == set(index.ids)
    for pid in ("P-HNR", "P-KIERTO", "P-LED"):
        assert everything[pid] == [(r.id, r.score) for r in index.query(pid, top=5)]


def test_candidates_give_the_exact_top_k_of_the_example_city(index):
    assert index.top_k_all(10, exact=False) == index.top_k_all(10, exact=True)


def test_candidates_give_the_exact_top_k_of_a_synthetic_city_with_hubs(synth_city):
    index = RelatedIndex.build(synth_city[1])
    assert (np.bincount(index.structure.indices) > HUB_DF).any()
    exact, found = index.top_k_all(10, exact=True), index.top_k_all(10, exact=False)
    assert list(found) == list(exact)
    for pid, best in exact.items():
        assert [q for q, _ in found[pid]] == [q for q, _ in best]
        assert [s for _, s in found[pid]] == pytest.approx([s for _, s in best], abs=2e-6)


def test_a_hub_alone_relates_its_projects_through_its_projects_of_least_mass():
    projects = [f"P{i:03d}" for i in range(HUB_DF + 100)]
    pairs_sharing_a_goal = [(p, f"G{i // 2}") for i, p in enumerate(projects[:100])]
    graph = GraphData(types={**{p: "Project" for p in projects}, "F": "FundingSource"},
                      edges={"funded_by": [(p, "F") for p in projects], "contributes_to": pairs_sharing_a_goal})
    index = RelatedIndex.build(graph)
    found = index.top_k_all(5, exact=False)
    assert found == index.top_k_all(5, exact=True)
    assert [q for q, _ in found["P000"]] == ["P001", "P100", "P101", "P102", "P103"]
    assert [q for q, _ in found["P250"]] == ["P100", "P101", "P102", "P103", "P104"]


def test_structural_part_is_the_score_without_the_words(index):
    own = index.row["P-KAVELY"]
    structural = index.structural("P-KAVELY")
    assert index.text_weight == pytest.approx(TEXT_WEIGHT)  # every example project has goals or themes
    for r in index.query("P-KAVELY", top=5):
        words = float(index.text.similarities(row=own)[index.row[r.id]])
        overlap = structural[r.id] * (index.mass[own] + index.mass[index.row[r.id]]) / 2
        informed = structural[r.id] * overlap / (overlap + index.info_mass)
        assert r.score == pytest.approx((1 - TEXT_WEIGHT) * informed + TEXT_WEIGHT * words, abs=1e-6)


# -- free text ----------------------------------------------------------------------------------------------

@pytest.mark.parametrize("text, expected, word", [
    ("kiertotaloutta ja jätteiden vähentämistä yrityksissä", "P-KIERTO", "kiertotalouden"),   # fi, inflected
    ("cirkulär ekonomi och avfall", "P-KIERTO", "cirkulär"),                                  # sv
    ("reduce food waste in school catering", "P-RUOKAHAVIKKI", "waste"),                      # en
    ("kävelyn ja pyöräilyn edistäminen", "P-KAVELY", "kävelyn"),
])
def test_a_free_text_idea_in_any_language_finds_its_project(index, text, expected, word):
    best = index.query(text=text, top=3)
    assert best[0].id == expected
    assert word in best[0].shared["words"] and best[0].reasons[-1].startswith("similar words: ")


@pytest.mark.parametrize("text", ["", "   ", "!!! 123 ?", "ja ja the och"])
def test_an_empty_idea_is_an_input_error(index, text):
    with pytest.raises(InputError, match="no words"):
        index.query(text=text)


def test_a_one_megabyte_idea_is_answered(index):
    text = ("Kiertotalous ja ruokahävikin vähentäminen kouluissa. " * 20_000)[:1_000_000]
    best = index.query(text=text, top=3)
    assert best and best[0].shared["words"]


def test_shared_words_match_finnish_inflections():
    assert shared_words("ilmastotyö ja päästöt", "Ilmaston lämpeneminen ja päästöjen vähentäminen") == [
        "ilmaston", "päästöjen"]
    assert shared_words("LED", "Katuvalojen LED-saneeraus") == ["led"]
    assert shared_words("", "anything") == [] and shared_words("something", "") == []


def test_text_index_without_text_and_with_many_documents():
    assert TextIndex.build(["a", "b"], ["", "  "]).similarities(row=0).tolist() == [0.0, 0.0]
    texts = [f"hanke numero {i} ilmasto" if i % 2 else f"koulu {i} opetus" for i in range(40)]
    index = TextIndex.build([str(i) for i in range(40)], texts)
    sims = index.similarities(text="ilmastohanke")
    assert sims.argmax() % 2 == 1 and index.block(slice(0, 3)).shape == (3, 40)


def test_text_neighbours_exact_and_approximate(monkeypatch):
    syllables = ["il", "mas", "to", "kou", "lu", "kier", "ta", "lo", "us", "py", "öräi", "ly", "sa", "ta", "ma"]
    rng = random.Random(5)
    words = ["".join(rng.choices(syllables, k=4)) for _ in range(400)]
    texts = [" ".join(rng.sample(words, 5)) for _ in range(EXACT_LIMIT + 300)]
    index = TextIndex.build([str(i) for i in range(len(texts))], texts, load_analyser("ngram"))  # reduced
    rows = np.arange(0, len(texts), 37)
    sims = index.vectors[rows] @ index.vectors.T
    sims[np.arange(len(rows)), rows] = -1.0
    truth = np.argsort(-sims, axis=1)[:, :5]
    exact = index.neighbours(5, rows=rows)
    assert [set(r) for r in exact.tolist()] == [set(r) for r in truth.tolist()]
    monkeypatch.setattr(text_similarity, "EXACT_NEIGHBOUR_CELLS", 0)
    approximate = index.neighbours(5, rows=rows)
    assert np.mean([len(set(a) & set(t)) / 5 for a, t in zip(approximate.tolist(), truth.tolist())]) >= 0.9
    assert index.pair_similarities(rows, truth[:, 0]) == pytest.approx(sims[np.arange(len(rows)), truth[:, 0]],
                                                                        abs=1e-5)


# -- bad input ---------------------------------------------------------------------------------------------

def test_an_unknown_project_names_the_closest_ids(index):
    with pytest.raises(NotFoundError, match=r"no project 'P-HNRR'; closest ids: P-HNR"):
        index.query("P-HNRR")
    with pytest.raises(NotFoundError, match="no project 'p-kierto'; closest ids: P-KIERTO"):
        index.query("p-kierto")


def test_an_empty_store_says_how_to_fill_it():
    with GraphStore(None) as store, pytest.raises(InputError, match=r"store holds no projects; run `stratgraph demo`"):
        related_projects(store, "P-HNR")


@pytest.mark.parametrize("options, message", [
    ({"project_id": "P-HNR", "text": "x"}, "not both"), ({}, "not neither"),
    ({"text": "ilmasto", "other_sectors": True}, "needs a project id"),
    ({"project_id": "P-HNR", "status": "finished"}, "unknown status 'finished'"),
    ({"project_id": "P-HNR", "top": 0}, "at least 1")])
def test_bad_option_combinations_are_usage_errors(index, options, message):
    with pytest.raises(UsageError, match=message):
        index.query(**options)


def test_a_project_with_no_goals_themes_or_partners_is_related_by_words_and_funding_only():
    graph = GraphData(
        types={"P1": "Project", "P2": "Project", "P3": "Project", "G": "Goal", "F": "FundingSource"},
        labels={"P1": {"fi": "Pyöräilyreitit kouluille"}, "P2": {"fi": "Pyöräilyn edistäminen"},
                "P3": {"fi": "Kirjaston avoimet ovet"}},
        edges={"contributes_to": [("P2", "G"), ("P3", "G")], "funded_by": [("P1", "F"), ("P3", "F")]})
    found = RelatedIndex.build(graph).query("P1")
    assert [r.id for r in found] == ["P3", "P2"]
    assert found[0].reasons == ["shared funding: F F"] and found[0].shared["goals"] == []
    assert found[1].reasons == ["similar words: pyöräilyn"]


def test_a_project_with_nothing_in_common_has_no_related_projects():
    graph = GraphData(types={"P1": "Project", "P2": "Project"},
                      labels={"P1": {"fi": "Kirjasto"}, "P2": {"fi": "Satama"}})
    assert RelatedIndex.build(graph).query("P1") == []


# -- the engines agree -------------------------------------------------------------------------------------

def _some_projects(graph: GraphData) -> list[str]:
    ids = graph.ids_of("Project")
    return ["P-HNR", "P-KAVELY", "P-LED"] if "P-HNR" in ids else ids[:: max(1, len(ids) // 4)][:4]


def test_sparql_gives_the_structural_scores(city):
    store, graph = city
    index = RelatedIndex.build(graph)
    query = (SPARQL_DIR / "related_projects.rq").read_text(encoding="utf-8")
    for pid in _some_projects(graph):
        names, rows = run_select(store, query, {"project": node_iri(pid)})
        got = {r[names.index("other_id")]: float(r[names.index("score")]) for r in rows}
        assert got == pytest.approx(index.structural(pid), abs=1e-9)


@pytest.mark.neo4j
def test_cypher_gives_the_structural_scores(city, cypher_on):
    store, graph = city
    run = cypher_on(store)
    index = RelatedIndex.build(graph)
    for pid in _some_projects(graph):
        rows = run("analysis_related_projects", project=pid, limit=10_000)
        assert {r["project"]: r["score"] for r in rows} == pytest.approx(index.structural(pid), abs=1e-9)


# -- data that holds little: words carry the ranking -------------------------------------------------------

def _flat_list(titles: dict[str, str], leader: dict[str, str], fund: dict[str, str]) -> GraphData:
    types = {**{p: "Project" for p in titles}, **{o: "Stakeholder" for o in leader.values()},
             **{f: "FundingSource" for f in fund.values()}}
    return GraphData(types=types, labels={p: {"fi": t} for p, t in titles.items() if t},
                     edges={"led_by": sorted(leader.items()), "funded_by": sorted(fund.items())})


def test_without_goals_or_themes_the_topic_outranks_a_busy_implementer_and_a_common_fund():
    titles = {f"P{i:03d}": f"Yrityksen investointi {i}" for i in range(300)}
    titles.update({"Q1": "Kiertotalouden yritysverkosto Lapissa", "Q2": "Kiertotaloutta rakennusjätteistä",
                   "Q3": "Lapin matkailun markkinointi"})
    leader = {p: "ORG-BIG" for p in titles}       # one implementer leads every project
    fund = {p: "F-EAKR" for p in titles}            # and one fund funds them all
    index = RelatedIndex.build(_flat_list(titles, leader, fund))
    assert index.text_weight > 0.5
    best = index.query("Q1", top=3)
    assert best[0].id == "Q2" and best[0].same_topic and best[0].topic > best[0].partners
    assert index.query("Q1", top=3, by="topic")[0].id == "Q2"
    assert {r.id for r in index.query("Q1", top=3, by="partners")} <= set(titles)


def test_a_programme_part_read_as_a_theme_does_not_let_a_busy_implementer_swamp_the_topic():
    # the structural-funds list as the shipped mapping stores it: every project has its programme part as
    # a theme, so every project "had goals or themes" and words weighed 0.1: a youth-services project's
    # best were the unrelated projects of its own ELY centre (issue 21)
    titles = {f"P{i:03d}": f"Työvoimapoliittiset toimenpiteet {i}" for i in range(150)}
    titles |= {f"R{i:03d}": f"Yritysten {word} kehittäminen" for i, word in enumerate(["vienti", "laatu"] * 75)}
    titles |= {"Q1": "Nuorten palvelut kuntoon", "Q2": "Nuorten palveluiden kehittäminen", "Q3": "Palvelut nuorille"}
    leader = {p: "ORG-ELY" for p in titles if p.startswith("P")} | {"Q1": "ORG-ELY"}
    leader |= {p: f"ORG-{p}" for p in titles if p not in leader}
    graph = _flat_list(titles, leader, {p: "F-ESR" for p in titles})
    graph.types["T-PART"] = "Theme"
    graph.edges["has_theme"] = [(p, "T-PART") for p in titles]
    index = RelatedIndex.build(graph)
    assert index.text_weight == pytest.approx(WORDS_WEIGHT)  # a theme of every project says nothing
    assert {r.id for r in index.query("Q1", top=2)} == {"Q2", "Q3"}
    assert RelatedIndex.build(graph, words_weight=TEXT_WEIGHT).query("Q1", top=1)[0].id.startswith("P")  # before


ONE_PART = Path(__file__).parents[1] / "data" / "structural-funds" / "projektilista-one-part.csv"
FUNDS_MAPPING = Path(__file__).parents[2] / "examples" / "structural-funds" / "mapping.yaml"


def test_on_the_real_list_as_mapped_a_youth_services_project_is_not_swamped_by_its_ely_centre():
    from ingest.pipeline import ingest

    with GraphStore(None) as store:  # 120 real rows of one programme part (read as a theme)
        ingest(ONE_PART, store, mapping=FUNDS_MAPPING)
        graph = load_graph(store)
    ely = {p for p, o in graph.edges["led_by"] if o == "ORG-lapin-elinkeino-liikenne-ja-ympäristökeskus"}
    assert "SF-S12378" in ely and len(ely) == 8  # seven rows spell it one way, one another
    best = RelatedIndex.build(graph).query("SF-S12378", top=5, by="all")
    assert all(b.same_topic[0].startswith("similar words") for b in best)  # what carried it comes first
    assert len({b.id for b in best} & ely) <= 1
    before = RelatedIndex.build(graph, words_weight=TEXT_WEIGHT).query("SF-S12378", top=5, by="all")
    assert {b.id for b in before} <= ely  # words at 0.1, as before: the ELY centre's other projects



DIGITAL = Path(__file__).parents[1] / "data" / "structural-funds" / "projektilista-digital.csv"


def test_on_the_real_list_an_idea_in_a_word_no_title_uses_finds_the_digital_projects():
    from ingest.pipeline import ingest

    with GraphStore(None) as store:  # 138 real rows: the 78 with a digi- word in the title, 60 others
        ingest(DIGITAL, store, mapping=FUNDS_MAPPING)
        graph = load_graph(store)
    found = RelatedIndex.build(graph).query(text="digitalisaatio", top=10)
    assert len(found) == 10
    assert all(re.search(r"(?i)digi", r.label) for r in found), [r.label for r in found]
    assert len({r.same_topic[0] for r in found}) > 3  # through digitalisointi, digitaalinen, digital ...

def test_a_rare_shared_partner_still_counts_when_words_say_nothing():
    titles = {"A": "Hanke yksi", "B": "Hanke kaksi", "C": "Hanke kolme"}
    index = RelatedIndex.build(_flat_list(titles, {"A": "ORG-1", "B": "ORG-1", "C": "ORG-2"}, {}))
    [found] = index.query("A")
    assert found.id == "B" and found.same_organisation == ["shared partners: ORG-1 ORG-1"]


@pytest.mark.parametrize("titles", [
    {"P1": "", "P2": "", "P3": ""},                                     # a store with no text at all
    {"P1": "S10324", "P2": "A30478", "P3": "12345"},                    # only codes
])
def test_a_store_without_words_ranks_by_structure_or_finds_nothing(titles):
    index = RelatedIndex.build(_flat_list(titles, {"P1": "ORG-1", "P2": "ORG-1"}, {}))
    assert [r.id for r in index.query("P1")] == ["P2"]
    assert index.query("P3") == []
    with pytest.raises(InputError, match="no words"):
        index.query(text="123 !!!")


def test_capitals_mixed_languages_and_long_descriptions_rank_sensibly():
    description = "Hankkeessa kehitetään kiertotaloutta ja materiaalitehokkuutta rakentamisessa. " * 130
    graph = GraphData(types={"P1": "Project", "P2": "Project", "P3": "Project"},
                      labels={"P1": {"fi": "KIERTOTALOUS RAKENTAMISESSA"},
                              "P2": {"fi": "Kiertotalous - circular economy in construction"},
                              "P3": {"fi": "Matkailun markkinointi"}},
                      descriptions={"P2": {"fi": description}})
    index = RelatedIndex.build(graph)
    assert [r.id for r in index.query("P1")] == ["P2"]
    assert index.query(text="circular economy")[0].id == "P2"
    assert index.query(text="Kiertotalous rakentamisessa")[0].id in {"P1", "P2"}


# -- pseudo-relevance feedback (issue 21, fifth round) ------------------------------------------------

CATERING = {"P1": "Kahvila ja ravintola", "P2": "Ravintola ja pitopalvelu", "P3": "Pitopalvelu juhliin",
            "P4": "Koulujen ruokahuolto", "P5": "Sahan laajennus"}


@pytest.fixture(scope="module")
def catering() -> GraphData:
    """A flat list (titles only, so words carry the score)."""
    return GraphData(types={p: "Project" for p in CATERING}, labels={p: {"fi": t} for p, t in CATERING.items()})


@pytest.mark.parametrize("ask", [{"project_id": "P1"}, {"text": "kahvila"}])
def test_feedback_finds_what_the_best_matches_share_and_says_so(catering, ask):
    without = RelatedIndex.build(catering, feedback=None).query(**ask)
    found = RelatedIndex.build(catering, feedback=FEEDBACK).query(**ask)
    reached = [r for r in found if r.id not in {w.id for w in without}]
    assert [w.id for w in without] == [r.id for r in found][:len(without)]  # the direct matches still lead
    assert len(reached) == 1 and reached[0].shared["words"] == []
    assert reached[0].reasons == [f"words of the closest matches: {reached[0].label.split()[0].lower()}"]


def test_feedback_leaves_a_city_whose_goals_and_themes_explain_unchanged(index, example_city):
    fed = RelatedIndex.build(example_city[1], feedback=FEEDBACK)
    for pid in index.ids:
        assert [(r.id, r.score, r.reasons) for r in index.query(pid, top=10)] == \
               [(r.id, r.score, r.reasons) for r in fed.query(pid, top=10)]


def test_feedback_is_off_unless_asked_for(catering):
    """It gained on one fresh sample and lost on the next (bench/relevance_fresh2.py), so it is an option."""
    assert DEFAULT_FEEDBACK is None and RelatedIndex.build(catering).feedback is None
    assert not any(r.reasons[0].startswith(CLOSEST_REASON) for r in RelatedIndex.build(catering).query("P1"))
