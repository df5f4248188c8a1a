"""One Neo4j node for nodes joined by ``owl:sameAs`` (accepted matches), and the RDF back exactly.

``stratgraph match --accept`` keeps its decisions as ``<alias> owl:sameAs <canonical>`` triples. In the
property graph a Neo4j user should see one organisation, so :func:`merge_same_as` folds each alias
into its canonical node:

* the alias's node disappears; the canonical node lists the aliases' ids in ``sameAs`` and keeps the
  alias's own triples (its type, labels, the ``owl:sameAs`` triple itself...) as N-Quads lines in
  ``_sg_alias_quads``;
* every relationship that started or ended at the alias starts or ends at the canonical node, with
  the alias's IRI in ``_sg_s`` / ``_sg_o`` (and in its MERGE key, so that it stays its own relationship).

:func:`~graph_model.neo4j_aliases.alias_quads` and :func:`~graph_model.neo4j_aliases.endpoints` undo this in :func:`graph_model.neo4j_unfold.to_quads`, so the
round trip stays lossless. Only unambiguous pairs are merged: an alias with one ``owl:sameAs`` target,
which is neither an alias itself nor the target of another alias's chain; other ``owl:sameAs``
triples stay ordinary ``RDF_TRIPLE`` relationships.

Examples
--------
>>> from graph_model.neo4j_keys import NodeRow, PropertyGraph, RelRow
>>> a, b, p = "https://w3id.org/stratgraph/id/S-A", "https://w3id.org/stratgraph/id/S-B", "urn:p"
>>> graph = PropertyGraph([NodeRow(a, ("Stakeholder",), {"_sg_source": "x"}), NodeRow(b, (), {}),
...                        NodeRow(p, (), {})],
...                       [RelRow("RDF_TRIPLE", a, b, "p:" + OWL_SAME_AS,
...                               {"predicate": OWL_SAME_AS, "_sg_source": "match-decisions"}),
...                        RelRow("HAS_PARTNER", p, a, "", {})])
>>> merged = merge_same_as(graph)
>>> [(n.iri[-3:], n.props.get("sameAs")) for n in merged.nodes]
[('S-B', ['S-A']), ('n:p', None)]
>>> [(r.type, r.o[-3:], r.props["_sg_o"][-3:]) for r in merged.relationships]
[('HAS_PARTNER', 'S-B', 'S-A')]
"""

from __future__ import annotations

from collections import defaultdict

from graph_model.neo4j_aliases import alias_quads, endpoints
from graph_model.neo4j_keys import GENERIC_REL, NodeRow, PropertyGraph, PropertyGraphMapping, RelRow, build_mapping
from graph_model.neo4j_unfold import to_quads
from graph_model.terms import id_of

__all__ = ["OWL_SAME_AS", "merge_same_as", "alias_quads", "endpoints"]

OWL_SAME_AS = "http://www.w3.org/2002/07/owl#sameAs"


def _aliases(graph: PropertyGraph) -> dict[str, str]:
    """alias IRI -> canonical IRI for the unambiguous ``owl:sameAs`` pairs between IRIs."""
    targets: dict[str, set[str]] = defaultdict(set)
    for r in graph.relationships:
        if r.type == GENERIC_REL and r.props.get("predicate") == OWL_SAME_AS:
            targets[r.s].add(r.o)
    pairs = {a: next(iter(bs)) for a, bs in targets.items() if len(bs) == 1}
    canonical = set(pairs.values())
    return {a: b for a, b in pairs.items()
            if a != b and b not in pairs and a not in canonical and not a.startswith("_:") and not b.startswith("_:")}


def merge_same_as(graph: PropertyGraph, mapping: PropertyGraphMapping | None = None) -> PropertyGraph:
    """``graph`` with each alias folded into its canonical node (see the module's description)."""
    aliases = _aliases(graph)
    if not aliases:
        return graph
    m = mapping or build_mapping()
    alias_rows = {n.iri: n for n in graph.nodes if n.iri in aliases}
    kept: dict[str, list[str]] = defaultdict(list)
    for iri, row in alias_rows.items():
        kept[aliases[iri]] += [str(q) for q in to_quads([(row.iri, row.labels, row.props)], [], m)]
    relationships = []
    for r in graph.relationships:
        if r.s in aliases and r.type == GENERIC_REL and r.props.get("predicate") == OWL_SAME_AS \
                and r.o == aliases[r.s]:
            kept[r.o] += [str(q) for q in to_quads([], [(r.type, r.s, r.o, r.props)], m)]
            continue
        if r.s in aliases or r.o in aliases:
            props, key = dict(r.props), r.key
            if r.s in aliases:
                props["_sg_s"], key = r.s, key + "|s:" + r.s
            if r.o in aliases:
                props["_sg_o"], key = r.o, key + "|o:" + r.o
            r = RelRow(r.type, aliases.get(r.s, r.s), aliases.get(r.o, r.o), key, props)
        relationships.append(r)
    nodes = []
    for n in graph.nodes:
        if n.iri in aliases:
            continue
        if n.iri in kept:
            same = sorted(a for a, b in aliases.items() if b == n.iri)
            n = NodeRow(n.iri, n.labels, {**n.props, "sameAs": [id_of(a) or a for a in same],
                                          "_sg_alias_quads": sorted(set(kept[n.iri]))})
        nodes.append(n)
    return PropertyGraph(nodes, relationships)
