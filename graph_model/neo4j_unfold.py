"""The property graph back to RDF: node and relationship rows read from Neo4j become quads again.

:func:`to_quads` is the inverse of :func:`graph_model.neo4j_fold.to_property_graph`.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

import pyoxigraph as ox

from graph_model.neo4j_aliases import alias_quads, endpoints
from graph_model.neo4j_keys import (
    LEX_PREFIX,
    RESERVED_KEYS,
    PropertyGraphMapping,
    Term,
    build_mapping,
    key_term,
    source_graph,
)
from graph_model.neo4j_values import to_literal
from graph_model.terms import RDF_OBJECT, RDF_PREDICATE, RDF_STATEMENT, RDF_SUBJECT, RDF_TYPE

__all__ = ["to_quads"]

_LEX = LEX_PREFIX
_SKIP = RESERVED_KEYS  # the mapping's own keys: never a literal to bring back


def _as_list(value: Any) -> list:
    return list(value) if isinstance(value, (list, tuple)) else [value]


def _literals(m: PropertyGraphMapping, props: Mapping[str, Any]) -> Iterator[tuple[str, ox.Literal]]:
    """(predicate IRI, literal) for every mapped property value and ``_extra`` fragment."""
    for key, value in props.items():
        if key in _SKIP or key.startswith(_LEX):
            continue
        found = m.keys.get(key)
        if found is None:
            continue  # a property someone else set in Neo4j: not ours to bring back
        lk, lang = found
        lexical = props.get(_LEX + key)
        values = _as_list(lexical) if lexical is not None else _as_list(value)
        for v in values:
            yield lk.iri, to_literal(lk, lang, v, lexical is not None)
    extra = props.get("_extra")
    if extra:
        yield from _parse_fragments(_as_list(extra))



def _parse_fragments(fragments: list[str]) -> Iterator[tuple[str, Term]]:
    doc = "".join(f"<urn:x:s> {frag} .\n" for frag in fragments).encode("utf-8")
    for quad in ox.parse(doc, format=ox.RdfFormat.N_TRIPLES):
        yield quad.predicate.value, quad.object


def _graph_lookup(props: Mapping[str, Any]) -> tuple[list[str], dict[str, list[str]]]:
    default = props.get("_sg_source")
    odd = {}
    for entry in _as_list(props.get("_sg_quads") or []):
        text, graphs = json.loads(entry)
        odd[text] = graphs
    return ([] if default is None else _as_list(default)), odd


def _emit(triples: list[tuple[Term, ox.NamedNode, Term]], props: Mapping[str, Any]) -> Iterator[ox.Quad]:
    default, odd = _graph_lookup(props)
    for s, p, o in triples:
        graphs = odd.get(str(ox.Triple(s, p, o)), default) if odd else default
        for g in graphs:
            yield ox.Quad(s, p, o, source_graph(g))


def to_quads(nodes: Iterable[tuple[str, Iterable[str], Mapping[str, Any]]],
             relationships: Iterable[tuple[str, str, str, Mapping[str, Any]]],
             mapping: PropertyGraphMapping | None = None) -> Iterator[ox.Quad]:
    """The quads that nodes ``(iri, labels, props)`` and relationships ``(type, s, o, props)`` stand for.

    Source names become graphs ``urn:stratgraph:source:<name>`` (see :func:`source_graph`). Labels and
    properties the mapping did not write (set by someone else in Neo4j) are left out.

    >>> rows = [("urn:a", ["Theme", "Reviewed"], {"label_en": "Climate", "_sg_source": "s"})]
    >>> [str(q) for q in to_quads(rows, [])]  # doctest: +NORMALIZE_WHITESPACE
    ['<urn:a> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <https://w3id.org/stratgraph/ontology#Theme> <urn:stratgraph:source:s>',
     '<urn:a> <http://www.w3.org/2004/02/skos/core#prefLabel> "Climate"@en <urn:stratgraph:source:s>']
    """
    m = mapping or build_mapping()
    rdf_type = ox.NamedNode(RDF_TYPE)
    for iri, labels, props in nodes:
        s = key_term(iri)
        triples = [(s, rdf_type, ox.NamedNode(m.classes[label])) for label in sorted(labels) if label in m.classes]
        triples += [(s, rdf_type, ox.NamedNode(t)) for t in _as_list(props.get("_rdf_types") or [])]
        triples += [(s, ox.NamedNode(p), lit) for p, lit in _literals(m, props)]
        yield from _emit(triples, props)
        yield from alias_quads(props)
    for rel_type, s_iri, o_iri, props in relationships:
        s_iri, o_iri = endpoints(s_iri, o_iri, props)
        predicate = m.rel_iris.get(rel_type) or props.get("predicate")
        if predicate is None:
            continue  # not a relationship the mapping wrote
        s, p, o = key_term(s_iri), ox.NamedNode(predicate), key_term(o_iri)
        triples = [(s, p, o)]
        stmt = props.get("stmt")
        if stmt is not None:
            st = key_term(stmt)
            triples += [(st, rdf_type, ox.NamedNode(RDF_STATEMENT)), (st, ox.NamedNode(RDF_SUBJECT), s),
                        (st, ox.NamedNode(RDF_PREDICATE), p), (st, ox.NamedNode(RDF_OBJECT), o)]
            triples += [(st, ox.NamedNode(sp), lit) for sp, lit in _literals(m, props)]
        qualifier = m.qualified.get(predicate)
        if qualifier is not None and props.get(qualifier.key) is not None:
            q = key_term(props[qualifier.key])
            triples += [(q, rdf_type, ox.NamedNode(qualifier.cls)), (q, ox.NamedNode(qualifier.source), s),
                        (q, ox.NamedNode(qualifier.target), o)]
            triples += [(q, ox.NamedNode(qp), lit) for qp, lit in _literals(m, props)]
        yield from _emit(triples, props)
