"""Counts of nodes per type and source, and of relationships per type.

A relationship is counted as ingest reports it and as Neo4j holds it: once per dated period. A link
given with two periods (a council member re-elected, a role held twice) is one ``sg:hasMember`` triple
with two qualifying nodes (``org:Membership`` or ``rdf:Statement``, each with its dates), so it counts
twice; a link without qualifiers counts once.

Examples
--------
>>> rows = node_counts(example_store)
>>> any(r["type"] == "Project" and r["count"] >= 30 for r in rows)
True
"""

from __future__ import annotations

from graph_model.neo4j_keys import build_mapping
from graph_model.store import GraphStore
from ontologies.schema import load_schema

__all__ = ["node_counts", "relationship_counts", "summary"]

_NODES = """
SELECT ?graph ?type (COUNT(DISTINCT ?s) AS ?n) WHERE {
  GRAPH ?graph { ?s a ?type }
  VALUES ?type { %s }
} GROUP BY ?graph ?type
"""
_RELS = """
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
SELECT ?graph ?p (COUNT(*) AS ?n) WHERE {
  GRAPH ?graph { ?s ?p ?o }
  VALUES ?p { %s }
  OPTIONAL { GRAPH ?graph {
    { ?q a rdf:Statement ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o } %s
  } }
} GROUP BY ?graph ?p
"""


def _source_names(store: GraphStore) -> dict[str, str]:
    return {s.graph: s.name for s in store.sources()}


def node_counts(store: GraphStore) -> list[dict]:
    """Rows ``{source, type, count}`` for every node type present, sorted by source and type."""
    schema = load_schema()
    ns = schema.namespaces["sg"]
    names = _source_names(store)
    out = []
    # The VALUES list holds schema IRIs only, never user text.
    query = _NODES % " ".join(f"<{schema.expand(t.iri)}>" for t in schema.node_types.values())
    for row in store.query(query):
        out.append({"source": names.get(row["graph"].value, row["graph"].value),
                    "type": row["type"].value[len(ns):], "count": int(row["n"].value)})
    return sorted(out, key=lambda r: (r["source"], r["type"]))


def relationship_counts(store: GraphStore) -> list[dict]:
    """Rows ``{source, relation, count}`` (relation = Neo4j relationship type), a link with several dated
    periods once per period.

    >>> {r["relation"]: r["count"] for r in relationship_counts(example_store)}["HAS_MEMBER"]  # 5 re-elected
    144
    """
    schema = load_schema()
    by_iri = {schema.expand(r.iri): r.neo4j_type for r in schema.relations.values()}
    names = _source_names(store)
    qualified = " ".join(f"UNION {{ ?q a <{q.cls}> ; <{q.source}> ?s ; <{q.target}> ?o BIND(<{q.relation}> AS ?p) }}"
                         for q in build_mapping().qualifiers.values())
    # The VALUES list and the qualifiers hold schema IRIs only, never user text.
    query = _RELS % (" ".join(f"<{iri}>" for iri in by_iri), qualified)
    out = [{"source": names.get(row["graph"].value, row["graph"].value), "relation": by_iri[row["p"].value],
            "count": int(row["n"].value)} for row in store.query(query)]
    return sorted(out, key=lambda r: (r["source"], r["relation"]))


def summary(store: GraphStore) -> dict:
    """Totals: sources, nodes per type, relationships per type, triples.

    >>> from graph_model.store import GraphStore
    >>> summary(GraphStore(None))["nodes"]
    0
    """
    nodes: dict[str, int] = {}
    for row in node_counts(store):
        nodes[row["type"]] = nodes.get(row["type"], 0) + row["count"]
    rels: dict[str, int] = {}
    for row in relationship_counts(store):
        rels[row["relation"]] = rels.get(row["relation"], 0) + row["count"]
    sources = store.sources()
    return {"sources": [s.name for s in sources], "triples": sum(s.triples for s in sources),
            "nodes": sum(nodes.values()), "relationships": sum(rels.values()),
            "nodes_by_type": dict(sorted(nodes.items())), "relationships_by_type": dict(sorted(rels.items()))}
