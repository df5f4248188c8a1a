"""Accepted matches (``owl:sameAs``) folded into the projection: the analyses see one organisation.

``stratgraph match --accept`` keeps decisions as a source of ``owl:sameAs`` triples whose object is the
canonical node. :func:`folded` derives from a :class:`~queries.projection.GraphData` the graph in which
every edge of a matched node points at (or leaves from) its canonical node, labels it lacked are added,
and the matched node itself is gone (:func:`queries.projection.load_graph` folds the store's matches on
the projection read before them).

Examples
--------
>>> from queries.projection import GraphData
>>> g = GraphData(types={"P1": "Project", "A": "Stakeholder", "B": "Stakeholder"},
...               labels={"A": {"fi": "Laurea Oy"}, "B": {"fi": "Laurea"}})
>>> g.edges["has_partner"] += [("P1", "A"), ("P1", "B")]
>>> merged = folded(g, {"A": "B"})
>>> sorted(merged.types), merged.edges["has_partner"], merged.merged
(['B', 'P1'], [('P1', 'B')], {'A': 'B'})
"""

from __future__ import annotations

from collections import defaultdict

from graph_model.store import GraphStore
from graph_model.terms import id_of

__all__ = ["same_as_map", "folded"]

_SAME_AS = "http://www.w3.org/2002/07/owl#sameAs"


def same_as_map(store: GraphStore) -> dict[str, str]:
    """Every matched id -> its canonical id (chains followed), from all live sources."""
    pairs = {}
    for row in store.query(f"SELECT ?a ?b WHERE {{ ?a <{_SAME_AS}> ?b }}"):
        a, b = id_of(row["a"].value), id_of(row["b"].value)
        if a and b and a != b:
            pairs[a] = b
    out = {}
    for a in pairs:
        node, seen = a, {a}
        while node in pairs and pairs[node] not in seen:
            node = pairs[node]
            seen.add(node)
        out[a] = node
    return out


def folded(graph, canonical: dict[str, str]):
    """A new graph: ``graph`` with every id of ``canonical`` replaced by its canonical id (a pair whose
    canonical node is not in the graph is ignored; the pairs used are added to ``merged``), ``graph`` itself unchanged. Copy-on-write: what the fold does not touch (an untouched
    relation's edge list, a node's label or property dict) is shared with ``graph``, so the projection of
    one accepted match more is derived in a fraction of a second from the one before its matches
    (:func:`queries.projection.load_graph`); neither is to be changed afterwards.

    >>> from queries.projection import GraphData
    >>> g = GraphData(types={"P1": "Project", "A": "Stakeholder", "B": "Stakeholder"},
    ...               labels={"A": {"fi": "Laurea Oy", "en": "Laurea"}, "B": {"fi": "Laurea"}},
    ...               edges={"has_partner": [("P1", "A"), ("P1", "B")], "part_of": [("A", "B")]})
    >>> new = folded(g, {"A": "B"})
    >>> new.labels["B"], dict(new.edges), sorted(g.types), g.labels["B"]
    ({'fi': 'Laurea', 'en': 'Laurea'}, {'has_partner': [('P1', 'B')], 'part_of': []}, ['A', 'B', 'P1'], {'fi': 'Laurea'})
    """
    new_graph = type(graph)  # GraphData (queries.projection imports this module), its caches empty
    canonical = {a: b for a, b in canonical.items() if a in graph.types and b in graph.types}
    if not canonical:
        return new_graph(graph.types, graph.labels, graph.descriptions, graph.props, graph.edges, graph.merged)
    types, labels, descriptions, props = dict(graph.types), dict(graph.labels), dict(graph.descriptions), \
        dict(graph.props)
    for old, new in canonical.items():  # the canonical node's labels first, then its members' in order
        for lang, text in labels.get(old, {}).items():
            if lang not in labels.get(new, {}):
                labels[new] = {**labels.get(new, {}), lang: text}  # a new dict: graph's stays as it was
        for table in (types, labels, descriptions, props):
            table.pop(old, None)

    def c(ident: str) -> str:
        return canonical.get(ident, ident)
    edges = defaultdict(list)
    for rel, pairs in graph.edges.items():
        if any(s in canonical or o in canonical or s == o for s, o in pairs):
            edges[rel] = sorted({(c(s), c(o)) for s, o in pairs if c(s) != c(o)})
        else:  # nothing to fold: kept as it is when sorted and without repeats
            edges[rel] = pairs if all(a < b for a, b in zip(pairs, pairs[1:])) else sorted(set(pairs))
    return new_graph(types, labels, descriptions, props, edges, {**graph.merged, **canonical})
