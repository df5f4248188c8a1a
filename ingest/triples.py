"""Write checked entities and relationships as N-Triples, with the row each fact came from.

Each node gets ``rdf:type``, ``dct:identifier``, its literals and ``sg:sourceRow`` ("sheet!row"); each
relationship is a plain triple, and one from the relationships sheet (or Popolo) is also kept with its
dates, role, note and row, so that nothing of the row is lost: a membership (``has_member``, whose
schema relation is ``qualified_by`` a class) as W3C ORG's ``org:Membership`` (``org:organization``,
``org:member``, ``org:role`` when a post is known, the dates as ``sg:startDate``/``sg:endDate``), any
other relation as an ``rdf:Statement``. A membership's IRI comes from its facts and, when the reader
gives one, its ``key`` (a Popolo membership's id or all its fields), so that two records are never one.

Examples
--------
>>> from ingest.records import Entity
>>> e = Entity("U1", "Unit", "units.csv", "units", 2, [("label", "fi", "Kirjasto")])
>>> print(b"".join(ntriples_chunks({"U1": e}, [])).decode().splitlines()[1])
<https://w3id.org/stratgraph/id/U1> <http://purl.org/dc/terms/identifier> "U1" .
"""

from __future__ import annotations

from collections.abc import Iterator

from graph_model.schema_types import QUALIFIED, RelType
from graph_model.terms import RDF, RDF_TYPE, literal, node_iri, statement_iri
from ingest.records import Edge, Entity
from ontologies.schema import load_schema

__all__ = ["ntriples_chunks"]

_CHUNK = 20_000


def ntriples_chunks(entities: dict[str, Entity], edges: list[Edge]) -> Iterator[bytes]:
    """N-Triples text in UTF-8 chunks of a few thousand lines."""
    schema = load_schema()
    x = schema.expand
    prop_iri = {name: x(p.iri) for name, p in schema.properties.items()}
    rel_prop_iri = {name: x(p.iri) for name, p in schema.relation_properties.items()}
    rel_iri = {name: x(r.iri) for name, r in schema.relations.items()}
    class_iri = {name: x(t.iri) for name, t in schema.node_types.items()}
    ident_p, row_p = f"<{prop_iri['id']}>", f"<{prop_iri['source_row']}>"
    lines: list[str] = []
    for entity in entities.values():
        s = f"<{node_iri(entity.id)}>"
        lines.append(f"{s} <{RDF_TYPE}> <{class_iri[entity.type]}> .\n")
        lines.append(f"{s} {ident_p} {literal(entity.id)} .\n")
        for name, lang, value in entity.values:
            lines.append(f"{s} <{prop_iri[name]}> {literal(value, lang)} .\n")
        lines.append(f"{s} {row_p} {literal(entity.where)} .\n")
        if len(lines) >= _CHUNK:
            yield "".join(lines).encode("utf-8")
            lines.clear()
    for edge in edges:
        s, p, o = node_iri(edge.source), rel_iri[edge.relation], node_iri(edge.target)
        lines.append(f"<{s}> <{p}> <{o}> .\n")
        if edge.qualified:
            lines += _qualified(edge, s, p, o, rel_prop_iri, row_p)
        if len(lines) >= _CHUNK:
            yield "".join(lines).encode("utf-8")
            lines.clear()
    if lines:
        yield "".join(lines).encode("utf-8")


def _qualified(edge: Edge, s: str, p: str, o: str, rel_prop_iri: dict[str, str], row_p: str) -> list[str]:
    """The lines of the node that qualifies one relationship: an ``org:Membership`` or an ``rdf:Statement``."""
    props = edge.props or {}
    qualified = QUALIFIED.get(RelType(edge.relation))
    if qualified is None:
        st = f"<{statement_iri(s, p, o, props)}>"
        lines = [f"{st} <{RDF_TYPE}> <{RDF}Statement> .\n", f"{st} <{RDF}subject> <{s}> .\n",
                 f"{st} <{RDF}predicate> <{p}> .\n", f"{st} <{RDF}object> <{o}> .\n"]
    else:
        cls, source_p, target_p, _ = qualified
        links = {k: str(v) for k, v in edge.links}
        keyed = {**props, **links, **({"\x00key": edge.key} if edge.key else {})}
        st = f"<{statement_iri(s, p, o, keyed, 'membership')}>"
        lines = [f"{st} <{RDF_TYPE}> <{cls}> .\n", f"{st} <{source_p}> <{s}> .\n", f"{st} <{target_p}> <{o}> .\n"]
        lines += [f"{st} <{pred}> <{node_iri(target)}> .\n" for pred, target in edge.links]
    for name, value in props.items():
        lines.append(f"{st} <{rel_prop_iri[name]}> {literal(value)} .\n")
    lines.append(f"{st} {row_p} {literal(edge.where)} .\n")
    return lines
