"""RDF to the property graph: quads become node and relationship rows, statements fold into relationships.

See :mod:`graph_model.neo4j_mapping` for how the RDF looks in Neo4j; :func:`to_property_graph` is the
one entry point.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Iterable
from typing import Any

import pyoxigraph as ox

from graph_model.neo4j_keys import (
    GENERIC_REL,
    LEX_PREFIX,
    NodeRow,
    PropertyGraph,
    PropertyGraphMapping,
    RelRow,
    Term,
    build_mapping,
    term_key,
)
from graph_model.neo4j_same_as import merge_same_as
from graph_model.neo4j_values import XSD_DECIMAL, decimal_text, to_value
from graph_model.terms import RDF_OBJECT, RDF_PREDICATE, RDF_STATEMENT, RDF_SUBJECT, RDF_TYPE

__all__ = ["RDF_STATEMENT", "RDF_SUBJECT", "RDF_PREDICATE", "RDF_OBJECT", "to_property_graph"]

_REIFICATION = (RDF_SUBJECT, RDF_PREDICATE, RDF_OBJECT)
_LEX = LEX_PREFIX


class _Element:
    """Collects one node's or relationship's properties and the graphs of the triples it stands for."""

    __slots__ = ("values", "extra", "rdf_types", "triples")

    def __init__(self) -> None:
        self.values: dict[str, list[tuple[str, Any]]] = {}
        self.extra: list[str] = []
        self.rdf_types: list[str] = []
        self.triples: list[tuple[Term, str, Term, frozenset]] = []

    def literal(self, m: PropertyGraphMapping, p: str, lit: ox.Literal) -> None:
        lk = m.literals.get(p)
        converted = to_value(lk, lit, m.languages) if lk is not None else None
        if converted is None:
            self.extra.append(f"<{p}> {lit}")
        else:
            key, value = converted
            self.values.setdefault(key, []).append((lit.value, value))

    def props(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key, pairs in self.values.items():
            pairs.sort(key=lambda pair: pair[0])
            lexical = [lex for lex, _ in pairs]
            values = [v for _, v in pairs]
            out[key] = values[0] if len(values) == 1 else values
            if isinstance(values[0], float) and any(decimal_text(v) != lex for lex, v in pairs):
                out[_LEX + key] = lexical[0] if len(lexical) == 1 else lexical
        if self.rdf_types:
            out["_rdf_types"] = sorted(self.rdf_types)
        if self.extra:
            out["_extra"] = sorted(self.extra)
        self._graphs(out)
        return out

    def _graphs(self, out: dict[str, Any]) -> None:
        if not self.triples:
            return
        first = self.triples[0][3]
        if all(t[3] == first for t in self.triples):
            default, odd = first, []
        else:
            counts = Counter(t[3] for t in self.triples)
            default = min(counts, key=lambda gs: (-counts[gs], sorted(gs)))
            odd = [t for t in self.triples if t[3] != default]
        out["_sg_source"] = _graphs_value(default)
        if odd:
            out["_sg_quads"] = sorted({json.dumps([_triple_text(s, p, o), sorted(gs)], ensure_ascii=False)
                                       for s, p, o, gs in odd})


def _graphs_value(graphs: frozenset) -> str | list[str]:
    names = sorted(graphs)
    return names[0] if len(names) == 1 else names


def _triple_text(s: Term, p: str, o: Term) -> str:
    return str(ox.Triple(s, ox.NamedNode(p), o))



def _foldable(st: str, st_term: Term, po: dict, subjects: dict, objects: set, m: PropertyGraphMapping
              ) -> tuple[tuple[str, str, Term], str, tuple[str, ...]] | None:
    """What a qualifying node can be folded into, else None: ``((subject key, predicate, object), key,
    link predicates)``, where ``key`` is the relationship property keeping the node's IRI (``stmt`` for an
    ``rdf:Statement``, ``membership`` for an ``org:Membership``) and the link predicates are the ones the
    relationship itself stands for."""
    if st_term in objects:
        return None
    types = [o for (p, o) in po if p == RDF_TYPE]
    if len(types) != 1 or not isinstance(types[0], ox.NamedNode):
        return None
    qualifier = m.qualifiers.get(types[0].value)
    if types[0].value == RDF_STATEMENT:
        links, key = _REIFICATION, "stmt"
    elif qualifier is not None:
        links, key = (qualifier.source, qualifier.target), qualifier.key
    else:
        return None
    parts = {}
    for (p, o) in po:
        if p in links:
            if p in parts:
                return None
            parts[p] = o
        elif p != RDF_TYPE and isinstance(o, ox.BlankNode):
            return None
    if len(parts) != len(links):
        return None
    if qualifier is None:
        s, p, o = parts[RDF_SUBJECT], parts[RDF_PREDICATE], parts[RDF_OBJECT]
    else:
        s, p, o = parts[qualifier.source], ox.NamedNode(qualifier.relation), parts[qualifier.target]
    if isinstance(s, ox.Literal) or isinstance(o, ox.Literal) or not isinstance(p, ox.NamedNode) \
            or p.value == RDF_TYPE:
        return None
    sk = term_key(s)
    if st in (sk, term_key(o)) or (p.value, o) not in subjects.get(sk, {}):
        return None
    return (sk, p.value, o), key, links


def to_property_graph(quads: Iterable[tuple[Term, ox.NamedNode, Term, str | None]],
                      mapping: PropertyGraphMapping | None = None) -> PropertyGraph:
    """Map ``(subject, predicate, object, source name)`` quads to Neo4j rows, losing nothing.

    A source name of "" or None is the default graph. Nodes come out sorted by IRI, list values sorted,
    so the same quads give the same rows. Nodes joined by ``owl:sameAs`` are one node
    (:func:`graph_model.neo4j_same_as.merge_same_as`).

    >>> import pyoxigraph as ox
    >>> q = [(ox.NamedNode("urn:m"), ox.NamedNode("https://w3id.org/stratgraph/ontology#budget"),
    ...       ox.Literal("0.1", datatype=ox.NamedNode(XSD_DECIMAL)), "s")]
    >>> to_property_graph(q).nodes[0].props
    {'budget': 0.1, '_sg_source': 's'}
    """
    m = mapping or build_mapping()
    subjects: dict[str, dict[tuple[str, Term], frozenset]] = {}
    s_terms: dict[str, Term] = {}
    objects: set[Term] = set()
    single: dict[str, frozenset] = {}  # one frozenset per graph: most triples are in exactly one
    literal, blank = ox.Literal, ox.BlankNode
    for s, p, o, g in quads:
        sk = "_:" + s.value if type(s) is blank else s.value
        po = subjects.get(sk)
        if po is None:
            po = subjects[sk] = {}
            s_terms[sk] = s
        key = (p.value, o)
        graphs = po.get(key)
        g = g or ""
        one = single.get(g)
        if one is None:
            one = single[g] = frozenset((g,))
        po[key] = one if graphs is None else graphs | one
        if type(o) is not literal:
            objects.add(o)

    folded: dict[str, tuple[tuple[str, str, Term], str, tuple[str, ...]]] = {}
    statements: dict[tuple[str, str, Term], list[str]] = defaultdict(list)
    qualifying = [(RDF_TYPE, ox.NamedNode(c)) for c in (RDF_STATEMENT, *m.qualifiers)]
    for sk, po in subjects.items():
        if any(t in po for t in qualifying):
            fold = _foldable(sk, s_terms[sk], po, subjects, objects, m)
            if fold is not None:
                folded[sk] = fold
                statements[fold[0]].append(sk)

    graph = PropertyGraph()
    for sk in sorted(subjects):
        if sk in folded:
            continue
        s, po = s_terms[sk], subjects[sk]
        node, labels = _Element(), set()
        for (p, o), gs in po.items():
            if type(o) is literal:
                node.literal(m, p, o)
            elif p == RDF_TYPE and isinstance(o, ox.NamedNode):
                label = m.labels.get(o.value)
                if label:
                    labels.add(label)
                else:
                    node.rdf_types.append(o.value)
            else:
                _relationships(graph, m, sk, s, p, o, gs, statements.get((sk, p, o), ()), folded, subjects, s_terms)
                continue
            node.triples.append((s, p, o, gs))
        graph.nodes.append(NodeRow(sk, tuple(sorted(labels)), node.props()))
    ends = {r.o for r in graph.relationships}
    for ok in sorted(ends - subjects.keys()):
        graph.nodes.append(NodeRow(ok, (), {}))
    return merge_same_as(graph, m)  # accepted matches (owl:sameAs) are one node


def _relationships(graph: PropertyGraph, m: PropertyGraphMapping, sk: str, s: Term, p: str, o: Term,
                   gs: frozenset, stmts: Iterable[str], folded: dict, subjects: dict, s_terms: dict) -> None:
    rel_type = m.rel_types.get(p, GENERIC_REL)
    ok = term_key(o)
    if not stmts:
        element = _Element()
        element.triples.append((s, p, o, gs))
        props = element.props()
        key = ""
        if rel_type == GENERIC_REL:
            props["predicate"], key = p, "p:" + p
        graph.relationships.append(RelRow(rel_type, sk, ok, key, props))
        return
    for st in sorted(stmts):
        element, st_term, st_po = _Element(), s_terms[st], subjects[st]
        _, st_key, links = folded[st]
        element.triples.append((s, p, o, gs))
        for (sp, so), st_gs in st_po.items():
            element.triples.append((st_term, sp, so, st_gs))
            if sp == RDF_TYPE or sp in links:
                continue
            if isinstance(so, ox.Literal):
                element.literal(m, sp, so)
            else:
                element.extra.append(f"<{sp}> {so}")
        props = element.props()
        props[st_key] = st
        if rel_type == GENERIC_REL:
            props["predicate"] = p
        graph.relationships.append(RelRow(rel_type, sk, ok, "s:" + st, props))
