"""Organisation matching: keys, the automatic rule, blocking, decisions that survive re-imports."""

from __future__ import annotations

import pytest

from graph_model.orgnames import business_id, name_key
from ingest.matching import (DECISIONS_SOURCE, decisions, find_candidates, is_auto, match_key, match_names,
                             record_decisions)
from ingest.pipeline import ingest
from ontologies.errors import NotFoundError
from queries.projection import load_graph
from tests.ingest.conftest import write_csvs
from tests.ingest.mapping.conftest import DATA, EXAMPLE_MAPPING


@pytest.mark.parametrize("a, b", [
    ("Laurea-ammattikorkeakoulu Oy", "Laurea - ammattikorkeakoulu"),
    ("PUHALLUSMIEHET OY", "Puhallusmiehet Oy"),
    ("Svenska kulturfonden rf", "Svenska Kulturfonden"),
    ("Pohjois-Pohjanmaan sairaanhoitopiirin kuntayhtymä", "Pohjois-Pohjanmaan sairaanhoitopiirin ky."),
    ("Oy Kehitys Ab", "KEHITYS"),
])
def test_same_key(a, b):
    assert name_key(a) == name_key(b)


@pytest.mark.parametrize("a, b, auto", [
    ("Helsingin yliopisto Palmenia Kotka", "Helsingin yliopisto Palmenia Kouvola", False),
    ("Geologian tutkimuskeskus Itä-Suomen yksikkö", "Geologian tutkimuskeskus/Etelä-Suomen yksikkö", False),
    ("AM-Koneistus Oy", "M-Koneistus", False),
    ("Juvan kunta", "Juuan kunta", False),
    ("Kontiolahden kunta", "Kontolahden kunta", True),
    ("Oulun yliopisto Koulutus- ja tutkimuspalvelut", "Oulun yliopiston koulutus- ja tutkimuspalvelut", True),
    ("KITTILÄN KUNTAKIDEVE ELINKEINOPALVELUT", "Kittilän kunta/Kideve Elinkeinopalvelut", True),
    ("Terveyden ja hyvinvoinnin laitos", "TERVEYDEN JA HYVINVOINNIN LAITOS (THL)", True),
])
def test_automatic_rule_on_real_pairs(a, b, auto):
    assert is_auto(match_key(a), match_key(b)) is auto


def test_blocking_finds_variants_and_business_ids():
    left = ["Laurea-ammattikorkeakoulu Oy", "Oulun kaupunki", "Firma X"]
    right = ["LAUREA AMMATTIKORKEAKOULU", "Oulun kaupunki Tekninen keskus", "Yritys Y", "Turun kaupunki"]
    pairs = match_names(left, right, ids=(["", "", "0112038-9"], ["", "", "0112038-9", ""]))
    found = {(c.a, c.b): c for c in pairs}
    assert found[(0, 0)].auto and found[(0, 0)].reason == "same name"
    assert found[(2, 2)].reason == "business id" and found[(2, 2)].auto
    assert (1, 3) not in found or not found[(1, 3)].auto
    assert business_id("0112038-8") is None


def test_decisions_survive_a_reimport_and_the_projection_sees_one_organisation(store, tmp_path):
    table = DATA / "projektilista-excerpt.csv"
    ingest(table, store, mapping=EXAMPLE_MAPPING)
    write_csvs(tmp_path / "own", {"stakeholders": [["id", "label_fi", "stakeholder_kind", "code"],
                                                   ["LAUREA", "Laurea-ammattikorkeakoulu", "university", "1020573-5"]]})
    ingest(tmp_path / "own", store)
    candidates = find_candidates(store)
    laurea = [(a.id, b.id, state) for a, b, c, state in candidates if "LAUREA" in (a.id, b.id)]
    assert laurea == [("LAUREA", "ORG-laurea-ammattikorkeakoulu", "auto")]
    record_decisions(store, accept=[("ORG-laurea-ammattikorkeakoulu", "LAUREA")])
    graph = load_graph(store, cache=False)
    assert graph.type_of("ORG-laurea-ammattikorkeakoulu") is None
    led = [p for p, o in graph.edges["led_by"] if o == "LAUREA"]
    assert len(led) == 8
    # a newer export of the list replaces its source; the decision stays and still applies
    ingest(DATA / "projektilista-later-headers.csv", store, mapping=EXAMPLE_MAPPING,
           source="projektilista-excerpt.csv")
    assert decisions(store)[0] == {"ORG-laurea-ammattikorkeakoulu": "LAUREA"}
    assert store.source(DECISIONS_SOURCE) is not None
    graph = load_graph(store, cache=False)
    assert graph.type_of("ORG-laurea-ammattikorkeakoulu") is None
    assert len([p for p, o in graph.edges["led_by"] if o == "LAUREA"]) == 6  # the six rows of the later list


def test_rejections_are_kept_and_hidden(store, tmp_path):
    write_csvs(tmp_path / "own", {"stakeholders": [["id", "label_fi", "stakeholder_kind"],
                                                   ["A", "Palmenia Kotka", "university"],
                                                   ["B", "Palmenia Kouvola", "university"]]})
    ingest(tmp_path / "own", store)
    assert [state for *_, state in find_candidates(store, min_score=0.1)] == ["review"]
    record_decisions(store, reject=[("A", "B")])
    assert find_candidates(store, min_score=0.1) == []
    assert [state for *_, state in find_candidates(store, min_score=0.1, include_decided=True)] == ["rejected"]
    with pytest.raises(NotFoundError, match="no organisation 'C'"):
        record_decisions(store, accept=[("A", "C")])


def test_the_report_says_why_pairs_and_decisions_differ(store, tmp_path):
    """Issue 22 item 17: `match --accept-auto` said "recorded 202 accepted ... holds 172 decisions"."""
    write_csvs(tmp_path / "own", {"stakeholders": [["id", "label_fi", "stakeholder_kind"],
                                                   ["A", "Lapin yliopisto", "university"],
                                                   ["B", "Lapin Yliopisto", "university"],
                                                   ["C", "LAPIN YLIOPISTO", "university"],
                                                   ["D", "Oulun yliopisto", "university"]]})
    ingest(tmp_path / "own", store)
    first = record_decisions(store, accept=[("B", "A"), ("C", "B"), ("C", "A")], reject=[("A", "D")])
    assert (first.accepted, first.joined, first.implied, first.known) == (3, 2, 1, 0)
    assert (first.same_as, first.groups, first.different_from) == (2, 1, 1)  # B and C under A; A is not D
    assert first.source.triples == 3
    assert [(a.id, b.id) for a, b, *_ in find_candidates(store) if "D" not in (a.id, b.id)] == []  # A=C is implied
    again = record_decisions(store, accept=[("C", "A")])
    assert (again.accepted, again.joined, again.known, again.same_as) == (1, 0, 1, 2)
    assert again.text().startswith("recorded 1 accepted pair(s), 0 rejected: 0 joined two groups, 1 already one "
                                   "group by earlier decisions")
    assert "holds 2 sameAs decision(s) (one per id under its group's canonical id: 1 group(s))" in again.text()
