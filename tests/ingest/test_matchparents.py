"""A body's known parent is part of its identity (issue 21, tenth round): real register and list names."""

from __future__ import annotations

import pytest

from ingest.matcheval import best_scores
from ingest.matching import match_names
from ingest.matchparents import written_parent

HELSINKI = "Helsingin kaupunki"


@pytest.mark.parametrize("bare, other", [  # unseen8's register draw: another city's unit of the register's name
    ("Kulttuurikeskus", "Vaasan kaupunki Kulttuurikeskus"),
    ("Tilakeskus", "Mikkelin kaupunki Tilakeskus"),
    ("Tekniset palvelut", "Keminmaan kunta Tekniset palvelut"),
    ("Liikuntavirasto", "Oulun kaupunki / Liikuntavirasto"),
    ("Hallintoyksikkö", "Lapin yliopisto / Hallintoyksikkö"),
])
def test_a_unit_of_another_parent_is_never_automatic(bare, other):
    plain, known = best_scores([(bare, other, False)] * 2, [("", ""), (HELSINKI, "")])
    assert plain.auto  # names alone read a bare unit as the unit without its parent
    assert known is None or not known.auto
    assert known is None or "another body" in known.explanation


@pytest.mark.parametrize("bare, other", [
    ("Kaupunginkirjasto", "Helsingin kaupunki / Helsingin kaupunginkirjasto"),
    ("Nuorisoasiainkeskus", "Helsingin kaupungin nuorisoasiainkeskus"),
    ("Ympäristökeskus", "Helsingin kaupungin ympäristökeskus"),
])
def test_a_unit_written_with_its_own_parent_is_automatic(bare, other):
    found = match_names([other], [bare], min_score=0, parents=([""], [HELSINKI]))
    assert found and found[0].auto, found
    assert "read as a unit of 'Helsingin kaupunki'" in found[0].explanation


def test_the_same_parent_or_none_known_reads_as_today():
    today = match_names(["Hallinto-osasto"], ["Hallinto-osasto"])
    assert [c.auto for c in today] == [True]
    both = match_names(["Hallinto-osasto"], ["Hallinto-osasto"], parents=([("Talouskeskus", HELSINKI)],
                                                                          [("Talouskeskus", HELSINKI)]))
    assert [(c.score, c.auto) for c in both] == [(c.score, c.auto) for c in today]
    bare = match_names(["Kulttuurikeskus"], ["Kulttuurikeskus"], parents=([HELSINKI], [""]))
    assert [c.auto for c in bare] == [True]  # the other name writes no parent: nothing to tell them apart


def test_two_units_of_different_parents_are_not_automatic():
    found = match_names(["Hallinto-osasto"], ["Hallinto-osasto"], min_score=0,
                        parents=([("Talouskeskus", HELSINKI)], [("Rakennusvirasto", HELSINKI)]))
    assert found and not found[0].auto and "two bodies" in found[0].explanation


@pytest.mark.parametrize("name, parent", [
    ("Oulun kaupunki / Liikuntavirasto", ("oulun", "kaupunki")),
    ("Pohjois-Pohjanmaan sairaanhoitopiirin kuntayhtymä / Oulun yliopistollinen sairaala",
     ("pohjois", "pohjanmaan", "sairaanhoitopiirin")),
    ("Turun kaupungin sosiaali- ja terveystoimi", ("turun", "kaupungin")),
    ("Turun kaupunki", ()),
    ("Kaupunginkirjasto", ()),
    ("Oy Kaupunki Ab", ()),
])
def test_written_parent(name, parent):
    assert written_parent(name) == parent


@pytest.mark.parametrize("bare, other, auto", [  # the register guard: a place before the unit says whose it is
    ("Ympäristökeskus", "Suomen ympäristökeskus (SYKE)", False),
    ("Ympäristökeskus", "SUOMEN YMPÄRISTÖKESKUS", False),
    ("Kaupunginkirjasto", "Helsingin kaupunginkirjasto", True),
])
def test_a_place_before_the_unit_is_read_as_its_parent(bare, other, auto):
    found = match_names([bare], [other], min_score=0, parents=([HELSINKI], [""]))
    assert found and found[0].auto is auto, found
