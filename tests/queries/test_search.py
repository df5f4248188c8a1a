"""The search index behind the web app's search box: Finnish inflections and compounds, prefixes while
typing, every kind of entity, hostile text."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

from queries.projection import GraphData
from queries.text_analysis import load_analyser
from queries.search import MAX_QUERY_CHARS, PART_WEIGHT, SEARCH_KINDS, SearchIndex


@pytest.fixture(scope="module")
def index(graph) -> SearchIndex:
    return SearchIndex.build(graph)


@pytest.mark.parametrize("query, expected", [
    ("hiilineutraali rovaniemi", "P-HNR"),       # as written
    ("hiilineutraalin rovaniemen", "P-HNR"),     # inflected
    ("hiilineutr", "P-HNR"),                     # cut short while typing
    ("p-hnr", "P-HNR"),                          # the id
])
def test_finds_projects_written_and_inflected(index, query, expected):
    assert expected in [h.id for h in index.query(query, top=5)]


def test_every_kind_is_searchable(index, graph):
    for kind in SEARCH_KINDS:
        ids = graph.ids_of(kind)
        if not ids:
            continue
        ident = ids[0]
        hits = index.query(graph.label(ident, "fi"), top=50)
        assert ident in [h.id for h in hits], (kind, graph.label(ident, "fi"))


def test_kinds_filter_and_language(index):
    hits = index.query("hiilineutraali", kinds=("Goal",), top=20)
    assert hits and {h.type for h in hits} == {"Goal"}
    en = index.query("hiilineutraali", lang="en", top=1)[0]
    assert en.label != "" and en.id == "P-HNR"


def test_every_word_must_match(index):
    assert index.query("hiilineutraali zzzyyyxxx") == []


def test_an_exact_id_comes_first(index, graph):
    goal = graph.ids_of("Goal")[0]
    assert index.query(goal)[0].id == goal


@pytest.mark.parametrize("text", ["", "   ", "<script>alert(1)</script>", "' OR 1=1 --", "} DROP ALL {", "\u2028",
                                  "a" * 100_000])
def test_hostile_text_finds_nothing_or_plain_hits(index, text):
    for hit in index.query(text):
        assert hit.id and hit.type in SEARCH_KINDS


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_any_text_is_answered(text):
    g = GraphData(types={"P1": "Project"}, labels={"P1": {"fi": "Kiertotalous kouluissa"}})
    hits = SearchIndex.build(g).query(text)
    assert all(h.id == "P1" for h in hits)
    assert len(text[:MAX_QUERY_CHARS]) <= MAX_QUERY_CHARS


def test_the_name_as_written_comes_first_among_equal_scores():
    """On the real 2007-2013 list "Itä-Suomen yliopisto" found the misspelt "Itä-Suomen ylipisto" first
    (same score, shorter name): the name written exactly as searched goes first among equals."""
    names = ["Itä-Suomen ylipisto", "Itä-Suomen yliopisto", "Itä-Suomen yliopisto Kuopion Kampus"]
    g = GraphData(types={f"S{i}": "Stakeholder" for i in range(len(names))},
                  labels={f"S{i}": {"fi": name} for i, name in enumerate(names)})
    hits = SearchIndex.build(g).query("itä-suomen yliopisto", top=3)
    assert hits[0].label == "Itä-Suomen yliopisto", hits


DIGITAL = Path(__file__).parents[1] / "data" / "structural-funds" / "projektilista-digital.csv"
FUNDS_MAPPING = Path(__file__).parents[2] / "examples" / "structural-funds" / "mapping.yaml"


@pytest.fixture(scope="module")
def digital_list() -> SearchIndex:
    """The search index of 138 real rows of the 2007-2013 list: 78 titles with a digi- word, 60 others."""
    from graph_model.store import GraphStore
    from ingest.pipeline import ingest
    from queries.projection import load_graph

    with GraphStore(None) as store:
        ingest(DIGITAL, store, mapping=FUNDS_MAPPING)
        return SearchIndex.build(load_graph(store))


@pytest.mark.parametrize("query", ["digitalisaatio", "digitalisaatio ", "digitalisaation kehittäminen"])
def test_on_the_real_list_a_word_no_name_uses_finds_its_kin(digital_list, query):
    """On the real list the search box found nothing for "digitalisaatio", where the idea page found
    *digitalisointi* and *digitaalisilla*: the search reads an unknown word as the ranker does."""
    hits = digital_list.query(query, top=20, kinds=("Project",))
    assert hits and all("digi" in h.label.lower() for h in hits), [h.label for h in hits]
    assert len({h.label.lower().split("digi", 1)[1][:4] for h in hits}) > 1  # several kin words, not one


def test_on_the_real_list_names_with_the_word_itself_come_first(digital_list):
    """A word found as written (any form) outranks a word found through its kin."""
    hits = digital_list.query("digitointi ", top=10, kinds=("Project",))
    assert hits[0].label.lower().count("digitoin") and all(
        "digitoin" in h.label.lower() for h in hits[:3]), [h.label for h in hits]
    assert digital_list.query("qqqqqzzzz") == []  # nothing shares its letters: still nothing


def test_on_the_real_list_the_closest_kin_comes_first(digital_list):
    """"digitalisaatio" listed "Digitala vägen" and firms named DIGITAL before the titles that say
    *digitalisointi*: the kin sharing the most letters counts most."""
    hits = digital_list.query("digitalisaatio", top=3)
    assert all("digitalis" in h.label.lower() for h in hits), [h.label for h in hits]  # digitalisointi, -sering


COMPOUNDS = Path(__file__).parents[1] / "data" / "structural-funds" / "projektilista-compounds.csv"


@pytest.fixture(scope="module")
def compound_list() -> SearchIndex:
    """The search index of 33 real rows of the 2007-2013 list: titles and implementers with *kiertotalous*,
    *ympäristöteknologia*, or only their parts (*talous-*, *kierto-*, *ympäristö* with *teknologia*)."""
    from graph_model.store import GraphStore
    from ingest.pipeline import ingest
    from queries.projection import load_graph

    with GraphStore(None) as store:
        ingest(COMPOUNDS, store, mapping=FUNDS_MAPPING)
        return SearchIndex.build(load_graph(store))


@pytest.mark.parametrize("query", ["kiertotalous", "kiertotalous ", "kiertotalouden", "ympäristöteknologia ",
                                   "ympäristöteknologian"])
def test_on_the_real_list_a_compound_is_read_whole_before_its_parts(compound_list, query):
    """On the real list "kiertotalous" listed "Taloustieto HL Oy" and "KierTori" before "Kiertotalouden
    vientiosaamisen keskus": every name holding only *talous* or *kierto* tied with it and the shorter
    came first. A name holding the word (any inflection) now comes before one holding only its parts."""
    analyser = compound_list.analyser
    lemma = analyser.word_terms(query.strip())[0]

    def holds(label: str) -> bool:
        return any(analyser.word_terms(w)[0] == lemma for w in re.findall(r"[^\W_]+", label.lower()))

    hits = compound_list.query(query, top=30)
    whole = [h for h in hits if holds(h.label)]
    assert whole and hits[:len(whole)] == whole, [h.label for h in hits]
    parts_only = hits[len(whole):]
    assert parts_only, "names holding only the parts are still found, after"
    assert parts_only[0].score < whole[-1].score / 2, [(h.label, h.score) for h in hits]


def test_parts_count_less_the_more_names_hold_the_compound():
    """The related ranker's rule: a compound many names hold is a concept, its parts are not it."""
    def part_share(wholes: int) -> float:
        names = ["Taloustieto", *["Kiertotalous"] * wholes]
        g = GraphData(types={f"P{i}": "Project" for i in range(len(names))},
                      labels={f"P{i}": {"fi": name} for i, name in enumerate(names)})
        score = {h.label: h.score for h in SearchIndex.build(g).query("kiertotalous ", top=10)}
        return score["Taloustieto"] / score.get("Kiertotalous", 1.0)

    assert part_share(0) > 0  # no name holds the word: its parts still find
    assert PART_WEIGHT >= part_share(1) > part_share(3) > 0


def test_a_name_holding_both_parts_comes_before_one_holding_one():
    names = ["Taloustieto", "Kierto ja talous", "Kiertotalousyhteistyö", "Kiertotalous"]
    g = GraphData(types={f"P{i}": "Project" for i in range(len(names))},
                  labels={f"P{i}": {"fi": name} for i, name in enumerate(names)})
    assert [h.label for h in SearchIndex.build(g).query("kiertotalous ")] == [
        "Kiertotalous", "Kiertotalousyhteistyö", "Kierto ja talous", "Taloustieto"]


def test_on_the_real_list_the_rarer_part_says_more(compound_list):
    """Of *kiertotalous*'s parts, *kierto* is in fewer names than *talous*: after the name holding the
    word, the names with a kierto- word (kiertoon, kiertoliittymä) come before the firms named Talous-."""
    hits = compound_list.query("kiertotalous", top=30)[1:]
    kierto = ["kierto" in h.label.lower() for h in hits]
    assert any(kierto) and not all(kierto) and kierto == sorted(kierto, reverse=True), [h.label for h in hits]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(alphabet="aäkiorst", min_size=1, max_size=12), max_size=30),
       st.text(alphabet="aäkiorst", min_size=1, max_size=4))
def test_the_words_holding_a_compound_are_every_word_that_holds_it(names, needle):
    g = GraphData(types={f"P{i}": "Project" for i in range(len(names))},
                  labels={f"P{i}": {"fi": name} for i, name in enumerate(names)})
    index = SearchIndex.build(g, analyser=load_analyser("plain"))
    assert list(index._words_holding(needle)) == [w for w in index.vocabulary if needle in w]
