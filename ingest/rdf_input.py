"""Read RDF input (Turtle, N-Triples, N-Quads, TriG, JSON-LD, RDF/XML) that uses the stratgraph ontology.

Syntax errors are reported with their line and column; a term in the stratgraph namespace that the
schema does not define (a typo such as ``sg:Projet``) is an error with the closest term suggested;
typed nodes must be IRIs in the data namespace whose ``dct:identifier`` matches. The shapes are
checked later, on the staging graph (:mod:`ingest.pipeline`).

Examples
--------
>>> import tempfile, pathlib
>>> f = pathlib.Path(tempfile.mkdtemp()) / "bad.ttl"
>>> _ = f.write_text('@prefix sg: <https://w3id.org/stratgraph/ontology#> .\\n<a> a sg:Goal ;\\n  sg:code "1" ')
>>> try:
...     read_rdf(f, {})
... except InvalidInput as exc:
...     print(exc.problems[0].row, exc.problems[0].rule)
3 syntax
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from graph_model.schema_types import DATA_NAMESPACE
from graph_model.terms import RDF_TYPE, id_of
from ingest.account import ImportAccount
from ingest.limits import check_file_size, check_xml_entities
from ingest.problems import InvalidInput, Problem
from ontologies.schema import load_schema

__all__ = ["RDF_SUFFIXES", "RdfInput", "read_rdf"]

RDF_SUFFIXES = {".ttl": ox.RdfFormat.TURTLE, ".nt": ox.RdfFormat.N_TRIPLES, ".nq": ox.RdfFormat.N_QUADS,
                ".trig": ox.RdfFormat.TRIG, ".jsonld": ox.RdfFormat.JSON_LD, ".json": ox.RdfFormat.JSON_LD,
                ".rdf": ox.RdfFormat.RDF_XML, ".owl": ox.RdfFormat.RDF_XML, ".xml": ox.RdfFormat.RDF_XML}
_MAX_PROBLEMS = 1000


@dataclass
class RdfInput:
    """Parsed, checked RDF: its triples, the id -> type of its typed nodes and its relationship count."""

    triples: list[ox.Triple]
    types: dict[str, str]
    relationships: int
    format: str

    def account(self) -> ImportAccount:
        """What the file holds and what the store keeps: every triple (a triple written twice is one, as
        RDF is a set) and every typed node."""
        account, distinct = ImportAccount(), len(set(self.triples))
        account.read("triples", len(self.triples))
        account.stored("triples", distinct)
        if len(self.triples) > distinct:
            account.not_kept("triples", "the same triple again (an RDF graph is a set)", len(self.triples) - distinct)
        if self.types:
            account.read("typed nodes", len(self.types))
            account.stored("typed nodes", len(self.types))
        return account

    def chunks(self) -> Iterator[bytes]:
        """The triples as N-Triples bytes."""
        yield ox.serialize(self.triples, format=ox.RdfFormat.N_TRIPLES)


def _parse(path: Path) -> list[ox.Triple]:
    fmt = RDF_SUFFIXES[path.suffix.lower()]
    check_file_size(path, path.name)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InvalidInput([Problem(path.name, message=f"cannot be read: {exc.strerror}")]) from exc
    if not data.strip():
        raise InvalidInput([Problem(path.name, message="is empty")])
    if fmt == ox.RdfFormat.RDF_XML:
        check_xml_entities(data, path.name)  # entity bombs and external entities, before the parser
    try:
        return [q.triple if isinstance(q, ox.Quad) else q
                for q in ox.parse(data, format=fmt, base_iri=path.resolve().as_uri())]
    except SyntaxError as exc:
        line, col = getattr(exc, "lineno", None), getattr(exc, "offset", None)
        raise InvalidInput([Problem(path.name, None, line, f"character {col}" if col else None,
                                    f"{fmt.name} syntax error: {exc.msg if hasattr(exc, 'msg') else exc}",
                                    "syntax")]) from exc


def read_rdf(path: Path, existing: dict[str, str]) -> RdfInput:
    """Parse and check an RDF file; ``existing`` maps ids of other sources to types (duplicates)."""
    path = Path(path)
    triples = _parse(path)
    schema = load_schema()
    sg = schema.namespaces["sg"]
    known = {iri for iri in schema._by_iri}
    ident_p = schema.expand(schema.properties["id"].iri)
    rel_iris = {schema.expand(r.iri) for r in schema.relations.values()}
    problems: list[Problem] = []
    types: dict[str, str] = {}
    identifiers: dict[str, str] = {}
    relationships = 0
    for s, p, o in triples:
        for term in (p, o if p.value == RDF_TYPE else None):
            if isinstance(term, ox.NamedNode) and term.value.startswith(sg) and term.value not in known \
                    and len(problems) < _MAX_PROBLEMS:
                hint = difflib.get_close_matches(term.value, known, n=1)
                problems.append(Problem(path.name, column=term.value[len(sg):],
                                        message=f"unknown term sg:{term.value[len(sg):]}"
                                        + (f"; did you mean sg:{hint[0][len(sg):]}?" if hint else ""),
                                        rule="unknown-term"))
        if p.value == RDF_TYPE and isinstance(o, ox.NamedNode) and o.value.startswith(sg):
            ident = id_of(s.value) if isinstance(s, ox.NamedNode) else None
            if ident is None:
                problems.append(Problem(path.name, message=f"{s} is typed {o.value[len(sg):]} but is not an IRI "
                                        f"under {DATA_NAMESPACE} (write <{DATA_NAMESPACE}ID>)", rule="bad-id"))
            else:
                types[ident] = o.value[len(sg):]
        elif p.value == ident_p and isinstance(o, ox.Literal):
            identifiers[s.value] = o.value
        elif p.value in rel_iris:
            relationships += 1
    for iri, value in identifiers.items():
        if id_of(iri) is not None and id_of(iri) != value:
            problems.append(Problem(path.name, column="identifier",
                                    message=f"<{iri}> has dct:identifier {value!r}; it must be {id_of(iri)!r}",
                                    rule="bad-id"))
    for ident, type_name in types.items():
        if ident in existing:
            problems.append(Problem(path.name, column="id", message=f"duplicate id {ident!r}: another source "
                                    f"in the store defines it (as {existing[ident]})", rule="duplicate-id"))
    if problems:
        raise InvalidInput(problems)
    return RdfInput(triples, types, relationships, RDF_SUFFIXES[path.suffix.lower()].name)
