"""Dated relationships read back from the store: memberships (org:Membership) and statements alike."""

from __future__ import annotations

import datetime
import json

import pytest

from graph_model.store import GraphStore
from ingest.popolo import import_popolo
from queries.followup import read_dated

D = datetime.date


@pytest.mark.parametrize("source, relation, target, day, holds", [
    ("B-KH", "has_member", "PER-E", D(2024, 1, 1), True),     # membership 2023-06-01..2025-05-31
    ("B-KH", "has_member", "PER-E", D(2025, 6, 1), False),
    ("B-KH", "has_member", "PER-G", D(2025, 5, 31), True),    # two memberships, the second open-ended
    ("B-KH", "has_member", "PER-G", D(2030, 1, 1), True),
    ("B-KH", "has_member", "PER-G", D(2023, 5, 31), False),
    ("R-KH-PJ", "held_by", "PER-E", D(2025, 6, 1), False),    # an rdf:Statement, as before
    ("B-KH", "has_member", "PER-G", None, True),
])
def test_memberships_and_statements_hold_in_their_periods(example_city, source, relation, target, day, holds):
    store, _ = example_city
    assert read_dated(store).holds(source, relation, target, day) is holds


def test_membership_periods_come_from_org_memberships(example_city):
    store, graph = example_city
    dated = read_dated(store)
    assert sorted(dated.periods[("B-KH", "has_member", "PER-G")]) == [(D(2023, 6, 1), D(2025, 5, 31)),
                                                                      (D(2025, 6, 1), None)]
    # the projection still sees the member relation between the body and the person
    assert ("B-KH", "PER-G") in graph.edges["has_member"]


def test_popolo_memberships_are_dated(tmp_path):
    data = {"organizations": [{"id": "c1", "name": "Council", "classification": "council"}],
            "persons": [{"id": "p1", "name": "Kate"}],
            "memberships": [{"person_id": "p1", "organization_id": "c1", "start_date": "2020-11-01",
                             "end_date": "2024-10-31"}]}
    path = tmp_path / "c.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    with GraphStore(None) as store:
        import_popolo(path, store)
        dated = read_dated(store)
    assert dated.holds("POPOLO-c1", "has_member", "POPOLO-p1", D(2022, 1, 1))
    assert not dated.holds("POPOLO-c1", "has_member", "POPOLO-p1", D(2024, 11, 1))
