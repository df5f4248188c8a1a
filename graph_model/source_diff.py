"""What a new version of a source changes: nodes and relationships added, removed, changed.

:func:`diff_graphs` compares a source's live graph with a staging graph (a dry run loads one): nodes are
the typed subjects of the data namespace; a node is *changed* when its literal properties differ (the row
it came from, ``sg:sourceRow``, is provenance and does not count); relationships are the schema's relation
triples between data nodes.

Examples
--------
>>> import pyoxigraph as ox
>>> from graph_model.store import GraphStore, SourceDraft
>>> nt = lambda *lines: "".join(lines).encode()
>>> t = ('<https://w3id.org/stratgraph/id/{}> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> '
...      '<https://w3id.org/stratgraph/ontology#Unit> .\\n')
>>> with GraphStore(None) as store:
...     info = store.replace_source(SourceDraft("r", "r.csv", "1", "x"), nt(t.format("U1"), t.format("U2")))
...     staging = ox.NamedNode("urn:staging")
...     store.oxigraph.load(nt(t.format("U2"), t.format("U3")), ox.RdfFormat.N_TRIPLES, to_graph=staging)
...     d = diff_graphs(store, info.graph, staging)
>>> d.nodes_added, d.nodes_removed, d.summary()
(['U3'], ['U1'], '1 node added, 1 removed, 0 changed; 0 relationships added, 0 removed')
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import asdict, dataclass, field

import pyoxigraph as ox

from graph_model.schema_types import DATA_NAMESPACE, REL_IRIS
from graph_model.terms import RDF_TYPE, id_of

__all__ = ["SourceDiff", "diff_graphs"]

_SOURCE_ROW = "https://w3id.org/stratgraph/ontology#sourceRow"
_RELATIONS = {iri: rel.value for rel, iri in REL_IRIS.items()}


@dataclass
class SourceDiff:
    """Ids of nodes added, removed and changed (with the properties that changed), and relationships
    ``(source, relation, target)`` added and removed."""

    nodes_added: list[str] = field(default_factory=list)
    nodes_removed: list[str] = field(default_factory=list)
    nodes_changed: dict[str, list[str]] = field(default_factory=dict)
    relationships_added: list[tuple[str, str, str]] = field(default_factory=list)
    relationships_removed: list[tuple[str, str, str]] = field(default_factory=list)

    def summary(self) -> str:
        """One line of counts."""
        n = len(self.nodes_added)
        return (f"{n} node{'s' if n != 1 else ''} added, {len(self.nodes_removed)} removed, "
                f"{len(self.nodes_changed)} changed; {len(self.relationships_added)} relationships added, "
                f"{len(self.relationships_removed)} removed")

    def as_dict(self) -> dict:
        """The diff as plain data (for JSON output)."""
        return asdict(self)


def _read(store: ox.Store, graph: ox.NamedNode):
    types, literals, edges = {}, defaultdict(set), set()
    for quad in store.quads_for_pattern(None, None, None, graph):
        s, p, o = quad.subject, quad.predicate.value, quad.object
        if not isinstance(s, ox.NamedNode) or not s.value.startswith(DATA_NAMESPACE):
            continue
        ident = id_of(s.value)
        if p == RDF_TYPE:
            types[ident] = o.value
        elif p in _RELATIONS and isinstance(o, ox.NamedNode):
            target = id_of(o.value)
            if target is not None:
                edges.add((ident, _RELATIONS[p], target))
        elif isinstance(o, ox.Literal) and p != _SOURCE_ROW:
            literals[ident].add((p, o.value, o.language or ""))
    return types, literals, edges


def diff_graphs(store, old_graph: str | None, new_graph: ox.NamedNode) -> SourceDiff:
    """The changes from ``old_graph`` (a live source graph's IRI; None = nothing) to ``new_graph``."""
    oxi = store.oxigraph
    old = _read(oxi, ox.NamedNode(old_graph)) if old_graph else ({}, {}, set())
    new = _read(oxi, new_graph)
    diff = SourceDiff(sorted(set(new[0]) - set(old[0])), sorted(set(old[0]) - set(new[0])))
    for ident in sorted(set(new[0]) & set(old[0])):
        before, after = old[1].get(ident, set()), new[1].get(ident, set())
        if before != after or old[0][ident] != new[0][ident]:
            changed = {p for p, _, _ in before ^ after}
            diff.nodes_changed[ident] = sorted(p.rsplit("#", 1)[-1].rsplit("/", 1)[-1] for p in changed) or ["type"]
    diff.relationships_added = sorted(new[2] - old[2])
    diff.relationships_removed = sorted(old[2] - new[2])
    return diff
