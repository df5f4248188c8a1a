"""Popolo import: real (pseudonymised) councillors, dated memberships, JSON paths for bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ingest.popolo import import_popolo
from ingest.problems import InvalidInput
from queries.sparql import PREFIXES

EXCERPT = Path(__file__).resolve().parents[1] / "data" / "popolo" / "councillors-excerpt.json"


def test_real_councils_members_and_dated_memberships(store):
    report = import_popolo(EXCERPT, store)
    assert report.by_type == {"GoverningBody": 3, "Person": 29, "Stakeholder": 9} and report.memberships == 34
    assert report.not_kept == {"persons[].email": 22, "persons[].image": 22, "persons[].sources": 22}
    rows = store.select("""SELECT ?start ?end ?role ?note WHERE {
        ?st rdf:subject ?body ; rdf:predicate sg:hasMember ; rdf:object ?person ; sg:roleLabel ?role .
        ?body dct:identifier 'POPOLO-legislature/melbourne_city_council' .
        OPTIONAL { ?st sg:startDate ?start } OPTIONAL { ?st sg:endDate ?end } OPTIONAL { ?st sg:note ?note } }
        ORDER BY ?start ?end""", prefixes={**PREFIXES, "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#"})[1]
    memberships = json.loads(EXCERPT.read_text(encoding="utf-8"))["memberships"]
    distinct = {tuple(sorted(m.items())) for m in memberships
                if m["organization_id"] == "legislature/melbourne_city_council"}
    assert len(rows) == len(distinct) == 18 and any(r[1] for r in rows) and any(r[0] for r in rows)
    assert all(r[2] for r in rows)
    assert any(r[3] and r[3].startswith("on behalf of Team Doyle") for r in rows)


def test_pseudonymised_persons_hold_no_names(store):
    import_popolo(EXCERPT, store, pseudonymise=True)
    labels = [r[0] for r in store.select("SELECT ?l WHERE { ?p a sg:Person ; skos:prefLabel ?l }",
                                         prefixes=PREFIXES)[1]]
    assert len(labels) == 29 and all(label.startswith("Person ") for label in labels)
    ids = [r[0] for r in store.select("SELECT ?i WHERE { ?p a sg:Person ; dct:identifier ?i }", prefixes=PREFIXES)[1]]
    assert not any("councillor" in i for i in ids)


def test_bad_popolo_reports_json_paths(store, tmp_path):
    data = json.loads(EXCERPT.read_text(encoding="utf-8"))
    data["persons"].append(dict(data["persons"][0]))                       # duplicate id
    data["memberships"][0]["person_id"] = "nobody"                         # unknown person
    data["memberships"][1]["organization_id"] = "legislature/nowhere"      # unknown organisation
    data["memberships"][2].update(start_date="2016-10-22", end_date="2012-11-07")  # out of order
    data["memberships"][3]["start_date"] = "sometime"
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(InvalidInput) as caught:
        import_popolo(bad, store)
    assert {p.column for p in caught.value.problems} == {
        "persons[29].id", "memberships[0].person_id", "memberships[1].organization_id", "memberships[2].end_date",
        "memberships[3].start_date"}
    assert store.sources() == []


@pytest.mark.parametrize("text, message", [("{", "is not JSON"), ("[1, 2]", "is a JSON object")])
def test_not_popolo(store, tmp_path, text, message):
    path = tmp_path / "x.json"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InvalidInput, match=message):
        import_popolo(path, store)
