"""Possible duplicates: the same title under two codes, near-identical titles, and what is not a duplicate."""

from __future__ import annotations

import pytest

from ontologies.errors import InputError
from queries.duplicates import near_identical, possible_duplicates
from queries.projection import GraphData
from queries.related import RelatedIndex


def _graph(titles: dict[str, str], leaders: dict[str, str] | None = None) -> GraphData:
    leaders = leaders or {}
    return GraphData(types={**{p: "Project" for p in titles}, **{o: "Stakeholder" for o in leaders.values()}},
                     labels={p: {"fi": t} for p, t in titles.items() if t},
                     edges={"led_by": sorted(leaders.items())})


def test_the_same_title_under_two_codes_is_a_possible_duplicate():
    graph = _graph({"S10324": "HoivaRekry", "S20001": "HOIVAREKRY.", "S3": "Hoivan laatu"},
                   {"S10324": "ORG-1", "S20001": "ORG-1", "S3": "ORG-2"})
    [found] = possible_duplicates(graph)
    assert (found.a, found.b, found.reason, found.similarity, found.same_leader) == (
        "S10324", "S20001", "same title", 1.0, True)


def test_near_identical_titles_and_what_is_too_different():
    graph = _graph({"A": "Matkailun kehittäminen Itä-Lapissa 2008-2010",
                    "B": "Matkailun kehittäminen Itä-Lapissa 2010-2012",
                    "C": "Matkailun markkinointi Länsi-Lapissa", "D": "KIT", "E": "KITE", "F": ""})
    found = possible_duplicates(graph)
    assert [(d.a, d.b, d.reason) for d in found] == [("A", "B", "near-identical title")]


@pytest.mark.parametrize("a, b, expected", [
    ("Investointi ja kehittäminen", "INVESTOINTI JA KEHITTÄMINEN", 1.0),
    ("Kiertotalous", "Kiertotalous II", None),        # short titles must be equal
    ("", "", None), ("123", "123", 1.0)])
def test_near_identical(a, b, expected):
    assert near_identical(a, b) == expected


def test_related_flags_a_possible_duplicate():
    graph = _graph({"P1": "Lapin matkailun kehittäminen", "P2": "Lapin matkailun kehittäminen",
                    "P3": "Lapin matkailun markkinointi"})
    found = RelatedIndex.build(graph).query("P1", top=2)
    assert [(r.id, r.possible_duplicate) for r in found] == [("P2", True), ("P3", False)]


def test_a_store_without_projects_is_a_clear_error():
    with pytest.raises(InputError, match="holds no projects"):
        possible_duplicates(GraphData())


def test_one_title_of_many_projects_is_a_chain_not_every_pair():
    # The real list has 5,270 projects called "Investointi ja kehittäminen": every pair was 13.9 million.
    titles = {f"P{i:04d}": "Investointi ja kehittäminen" for i in range(400)}
    leaders = {p: f"ORG-{int(p[1:]) % 3}" for p in titles}
    titles["Q"] = "Investointi ja kehittäminen II"
    found = possible_duplicates(_graph(titles, leaders))
    same = [d for d in found if d.reason == "same title"]
    assert len(same) == 399 and all(d.a < d.b for d in same)
    assert sum(d.same_leader for d in same) == 397  # sorted by leader: only the 2 seams between leaders differ
    assert len({(d.a, d.b) for d in found}) == len(found)
    assert {(d.a, d.b, d.reason) for d in found if "Q" in (d.a, d.b)} == {("P0000", "Q", "near-identical title")}


def test_the_titles_kept_from_before_an_accepted_match_give_the_duplicates_of_after():
    """The review queue keeps the near-identical titles (the costly part) across an accepted match, which
    folds two leaders into one: the duplicates put together from them are those worked out afresh."""
    from queries.duplicates import near_titles
    from queries.same_as import folded

    titles = {f"P{i:03d}": "Investointi ja kehittäminen" for i in range(30)}
    titles.update({"Q1": "Matkailun kehittäminen Itä-Lapissa 2008-2010",
                   "Q2": "Matkailun kehittäminen Itä-Lapissa 2010-2012", "Q3": "Investointi ja kehittäminen II"})
    before = _graph(titles, {p: f"ORG-{n % 4}" for n, p in enumerate(sorted(titles))})
    after = folded(before, {"ORG-1": "ORG-3", "ORG-2": "ORG-0"})
    kept = near_titles(before)
    assert kept and kept == near_titles(after)
    fresh = possible_duplicates(after)
    assert possible_duplicates(after, near=kept) == fresh != possible_duplicates(before)
    assert sum(d.same_leader for d in fresh) > sum(d.same_leader for d in possible_duplicates(before))
