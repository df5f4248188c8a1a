"""Counts: a relationship is counted once per dated period, as ingest reports it and Neo4j holds it
(issue 22 item 17: `stratgraph demo` said 870 relationships where `stratgraph ingest` said 876)."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from examples import EXAMPLE_DIR
from graph_model.neo4j_fold import to_property_graph
from graph_model.neo4j_push import store_quads
from graph_model.store import GraphStore
from ingest.pipeline import ingest
from ingest.popolo import import_popolo
from queries.stats import relationship_counts, summary

POPOLO = Path(__file__).resolve().parent.parent / "data" / "popolo" / "aland-excerpt.json"


def test_the_example_counts_agree_with_ingest_and_neo4j():
    with GraphStore(None) as store:
        report = ingest(EXAMPLE_DIR, store)
        totals, folded = summary(store), to_property_graph(store_quads(store))
    assert totals["relationships"] == report.relationships == len(folded.relationships) == 876
    assert totals["relationships_by_type"] == dict(sorted(Counter(r.type for r in folded.relationships).items()))
    # five council members re-elected (two dated periods each), one chair's role held twice
    assert totals["relationships_by_type"]["HAS_MEMBER"] == 144 and totals["relationships_by_type"]["HELD_BY"] == 12


def test_popolo_memberships_count_once_per_period():
    with GraphStore(None) as store:
        import_popolo(POPOLO, store)
        counts = {r["relation"]: r["count"] for r in relationship_counts(store)}
        folded = Counter(r.type for r in to_property_graph(store_quads(store)).relationships)
    assert counts["HAS_MEMBER"] == folded["HAS_MEMBER"] > 0
