"""Which words name a topic: place names, compound parts, boilerplate, unknown words, common organisations."""

from __future__ import annotations

import numpy as np
import pytest
import scipy.sparse as sp

from graph_model.schema_types import NodeType, RelType
from queries.projection import GraphData
from queries.related import COMMON_MIN, RelatedIndex
from queries.term_weights import Emphasis, TermCounter, _gazetteer, coherence, place_terms, term_factors
from queries.text_analysis import load_analyser
from queries.text_similarity import TextIndex

pytestmark = pytest.mark.skipif(load_analyser("simplemma").name != "simplemma", reason="needs simplemma")


@pytest.fixture(scope="module")
def analyser():
    return load_analyser("simplemma")


def test_the_gazetteer_holds_every_region_and_the_municipalities():
    names = set(_gazetteer())
    regions = {"Uusimaa", "Varsinais-Suomi", "Satakunta", "Kanta-Häme", "Pirkanmaa", "Päijät-Häme", "Kymenlaakso",
               "Etelä-Karjala", "Etelä-Savo", "Pohjois-Savo", "Pohjois-Karjala", "Keski-Suomi", "Etelä-Pohjanmaa",
               "Pohjanmaa", "Keski-Pohjanmaa", "Pohjois-Pohjanmaa", "Kainuu", "Lappi", "Ahvenanmaa"}
    assert regions <= names
    assert len(names) > 500 and {"Rovaniemi", "Helsinki", "Utsjoki", "Maarianhamina"} <= names


@pytest.mark.parametrize("text", ["Lapissa", "Itä-Suomen", "Pohjois-Pohjanmaan", "Oulun", "lappilaisten", "Helsingin"])
def test_inflected_place_names_meet_the_gazetteer(analyser, text):
    terms = analyser.terms(text)
    assert any(t.lower() in place_terms(analyser) for t in terms), terms


@pytest.mark.parametrize("word", ["kiertotalous", "matkailu", "tunturi", "kesä", "hauki", "meri", "koulutus"])
def test_topic_words_are_not_places(analyser, word):
    assert analyser.word_terms(word)[0].lower() not in place_terms(analyser)


def test_a_place_name_is_not_split_into_parts(analyser):
    counter = TermCounter(analyser)
    counter.fit_transform(["Rovaniemen kehittäminen", "Niemen kylä", "Jyväskylän kylät"])
    row = counter.transform(["Rovaniemi"]).toarray()[0]
    assert {t for t, i in counter.vocabulary_.items() if row[i]} == {"rovaniemi"}


@pytest.mark.parametrize("support, part", [(1.0, 0.25), (2.0, 0.5), (10.0, 1.0)])
def test_parts_of_a_frequent_compound_count_less(analyser, support, part):
    counter = TermCounter(analyser, part_support=support)
    counter.fit_transform(["kiertotalous"] * 4 + ["talous"])
    row = counter.transform(["kiertotalous"]).toarray()[0]
    assert row[counter.vocabulary_["kiertotalous"]] == 1.0
    assert row[counter.vocabulary_["talous"]] == pytest.approx(part)


def test_an_unknown_word_reads_as_the_known_words_sharing_its_stem(analyser):
    counter = TermCounter(analyser)
    counter.fit_transform(["Työohjeiden digitalisointi", "Koulujen ruokapalvelu", "Matkailu"])
    row = counter.transform(["digitalisaatio"]).toarray()[0]
    assert {t for t, i in counter.vocabulary_.items() if row[i]} == {"digitalisointi"}
    assert not counter.transform(["xyzzyplugh"]).toarray().any()


def test_an_unknown_word_reads_as_every_word_sharing_its_stem_the_closest_most(analyser):
    counter = TermCounter(analyser)
    counter.fit_transform(["Työohjeiden digitalisointi", "Digitaalinen media", "Arkiston digitointi",
                           "Digimedia", "Matkailu"])
    row = counter.transform(["digitalisaatio"]).toarray()[0]
    weights = {t: float(row[i]) for t, i in counter.vocabulary_.items() if row[i]}
    assert set(weights) == {"digitalisointi", "digitaalinen", "digitointi"}  # digimedia shares four letters
    assert weights["digitalisointi"] > weights["digitaalinen"] > weights["digitointi"]
    assert sum(weights.values()) == pytest.approx(1.0)  # one occurrence, shared


def test_a_word_shared_by_related_texts_is_more_coherent_than_one_spread_evenly():
    # columns: generic, tourism, hotel, school, teacher
    rows = [[1, 1, 1, 0, 0], [1, 1, 1, 0, 0], [1, 0, 0, 1, 1], [1, 0, 0, 1, 1], [0, 1, 1, 0, 0], [0, 0, 0, 1, 1]]
    ratio = coherence(sp.csr_matrix(np.array(rows, dtype=float)))
    assert ratio[1] > 1.0 > ratio[0]


def test_place_terms_weigh_less(analyser):
    factors = term_factors(np.array(["Lappi", "matkailu"]), sp.csr_matrix(np.ones((3, 2))), analyser,
                           Emphasis(place=0.25))
    assert factors.tolist() == [0.25, 1.0]


def _projects(titles: dict[str, str]) -> GraphData:
    return GraphData(types={p: NodeType.PROJECT.value for p in titles}, labels={p: {"fi": t} for p, t in titles.items()})


def test_a_shared_topic_outranks_a_shared_region():
    titles = {"Q": "Lapin matkailun kehittäminen", "PLACE": "Lapin ammattikoulutus",
              "TOPIC": "Matkailun kehittäminen Kainuussa"}
    titles |= {f"F{i}": f"Täyte {i} koulu" for i in range(30)}
    emphasised = [r.id for r in RelatedIndex.build(_projects(titles), emphasis=Emphasis(place=0.2)).query("Q", top=2)]
    assert emphasised[0] == "TOPIC"


def test_an_organisation_leading_a_large_share_is_no_partner():
    n = 2 * COMMON_MIN
    graph = _projects({f"P{i}": f"Hanke {i}" for i in range(n)})
    graph.types |= {"ELY": NodeType.STAKEHOLDER.value, "SMALL": NodeType.STAKEHOLDER.value}
    graph.edges[RelType.LED_BY.value] = [(f"P{i}", "ELY") for i in range(n)] + [("P0", "SMALL"), ("P1", "SMALL")]
    found = [r.id for r in RelatedIndex.build(graph, common_share=0.01).query("P0", by="partners", top=5)]
    assert found == ["P1"]
    assert len(RelatedIndex.build(graph).query("P0", by="partners", top=5)) == 5


def test_an_idea_in_a_word_no_title_uses_finds_the_titles_sharing_its_stem():
    titles = {"D1": "Työohjeiden digitalisointi", "D2": "Digitaalinen media yrityksille", "D3": "Arkiston digitointi",
              "D4": "Digital Factory", "X": "Koulujen ruokapalvelu", "Y": "Matkailun markkinointi"}
    found = RelatedIndex.build(_projects(titles)).query(text="digitalisaatio", top=6)
    assert [r.id for r in found][:1] == ["D1"] and {r.id for r in found} == {"D1", "D2", "D3", "D4"}
    assert all(r.same_topic for r in found)



def test_a_title_repeated_many_times_counts_once_in_document_frequency():
    texts = ["Investointi ja kehittäminen"] * 28 + ["Investointi huskyfarmiin", "Koulun kehittäminen"] + \
        [f"Täyte {a}{b}x" for a in "bcdfg" for b in "hjklmn"]  # 30 distinct titles
    ids = [str(i) for i in range(len(texts))]
    plain = TextIndex.build(ids, texts, emphasis=Emphasis())
    distinct = TextIndex.build(ids, texts, emphasis=Emphasis(distinct_df=True))

    def idf(index, word):
        return float(index.idf[index.vectorizer.vocabulary_[word]])

    # BM25's idf, log(1 + (n - df + 0.5) / (df + 0.5)): 29 of 60 texts hold "investointi", 2 of the 33
    # distinct ones; "täyte" is in 30 of 60 texts and 30 of 33 distinct ones
    assert idf(plain, "investointi") == pytest.approx(np.log(1 + 31.5 / 29.5), rel=1e-5)
    assert idf(distinct, "investointi") == pytest.approx(np.log(1 + 31.5 / 2.5), rel=1e-5)
    assert idf(plain, "täyte") == pytest.approx(np.log(2), rel=1e-5)
    assert idf(distinct, "täyte") == pytest.approx(np.log(1 + 3.5 / 30.5), rel=1e-5)


def test_a_compound_is_not_a_topic_because_its_own_parts_stand_beside_it(analyser):
    # 1,200 texts: "toimintamalli" in 25 unrelated ones (a filler word of its own each), its part "malli"
    # counted beside it in 20 of them (what the counter does with a compound); the rest two fillers each
    rng = np.random.default_rng(7)
    n, fillers = 1200, 400
    counts = np.zeros((n, 2 + fillers + 25))
    counts[:25, 0] = 1
    counts[:20, 1] = 1
    counts[np.arange(25), 2 + fillers + np.arange(25)] = 1
    for row in range(25, n):
        counts[row, 2 + rng.choice(fillers, 2, replace=False)] = 1
    whole = counts.copy()
    whole[:, 1] = 0
    terms = np.array(["toimintamalli", "malli"] + [f"f{i}" for i in range(fillers + 25)])
    emphasis = Emphasis(boilerplate=0.5, coherent=2.5)
    with_parts = term_factors(terms, sp.csr_matrix(counts), analyser, emphasis)
    written_whole = term_factors(terms, sp.csr_matrix(counts), analyser, emphasis, sp.csr_matrix(whole))
    assert with_parts[0] == 1.0  # its texts look alike only through its own part
    assert written_whole[0] == 0.5
