"""Mapped import: any CSV or xlsx table plus a YAML mapping file -> one source in the store.

:func:`read_mapped` reads the mapping (:mod:`ingest.mapping.spec`) and the table
(:mod:`ingest.mapping.source`), applies one to the other (:mod:`ingest.mapping.apply`) with the names
already in the store for relations given by name, and returns the same :class:`~ingest.records.Parsed`
as the template reader, which :func:`ingest.pipeline.ingest` checks and stores atomically.

Examples
--------
>>> import tempfile, pathlib
>>> from graph_model.store import GraphStore
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> _ = (folder / "l.csv").write_text("Koodi,Nimi,Toteuttaja\\nS1,Aurinko,Laurea Oy\\n", encoding="utf-8")
>>> _ = (folder / "m.yaml").write_text('''node:
...   type: Project
...   id: "SF-{Koodi}"
...   properties: {label_fi: Nimi}
...   relations: {led_by: {column: Toteuttaja, by_name: Stakeholder, create: {stakeholder_kind: other}}}
... ''', encoding="utf-8")
>>> with GraphStore(None) as store:
...     parsed = read_mapped(folder / "l.csv", folder / "m.yaml", store, "l.csv")
>>> sorted(parsed.entities)
['SF-S1', 'STAKEHOLDER-laurea']
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import pyoxigraph as ox

from graph_model.orgnames import name_key
from graph_model.store import GraphStore
from graph_model.terms import id_of, node_iri
from ingest.mapping.apply import NameIndex, apply_mapping
from ingest.mapping.source import read_table
from ingest.mapping.spec import Mapping, load_mapping
from ingest.problems import Problem
from ingest.records import Parsed
from ingest.triples import ntriples_chunks

__all__ = ["read_mapped", "reuse_entities", "store_names", "load_mapping", "Mapping", "NameIndex", "SAME_AS"]

SAME_AS = "http://www.w3.org/2002/07/owl#sameAs"
_SOURCE_ROW = "https://w3id.org/stratgraph/ontology#sourceRow"
_NAMES = """SELECT ?s ?t ?label WHERE { ?s a ?t ; <http://www.w3.org/2004/02/skos/core#prefLabel> ?label }"""
_SAME = f"SELECT ?a ?b WHERE {{ ?a <{SAME_AS}> ?b }}"


def store_names(store: GraphStore, types: set[str], exclude_source: str | None = None) -> NameIndex:
    """The names (labels in any language) of the store's nodes of ``types``, and the accepted matches
    (``owl:sameAs``: the object is the canonical node), without the source ``exclude_source``."""
    if not store.sources():
        return NameIndex()
    prefix = "https://w3id.org/stratgraph/ontology#"
    names: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for row in store.query(_NAMES, exclude_source=exclude_source):
        type_name = row["t"].value.removeprefix(prefix)
        ident = id_of(row["s"].value)
        if type_name in types and ident is not None:
            names[type_name][name_key(row["label"].value)].add(ident)
    canonical = {}
    for row in store.query(_SAME, exclude_source=exclude_source):
        a, b = id_of(row["a"].value), id_of(row["b"].value)
        if a and b:
            canonical[a] = b
    return NameIndex({t: dict(v) for t, v in names.items()}, canonical)


def read_mapped(path: Path | str, mapping_path: Path | str, store: GraphStore, source: str) -> Parsed:
    """The entities and edges of the table ``path`` under the mapping file ``mapping_path``.

    Raises
    ------
    InvalidInput
        For problems of the mapping (all of them, with the closest names) or of the file; row problems
        are returned in ``Parsed.problems`` for the pipeline to report with its own checks.
    """
    mapping = load_mapping(mapping_path)
    table = read_table(path, mapping.sheet)
    types = {t for spec in mapping.node.relations for t in spec.by_name}
    parsed = apply_mapping(mapping, table, store_names(store, types, source) if types else NameIndex())
    if mapping.entities and store.sources():
        reuse_entities(parsed, mapping.file, store, source)
    return parsed


def _facts(store: GraphStore, ident: str, source: str) -> set[tuple[str, str]]:
    """The (predicate, object) pairs the other sources give the node ``ident``, its source rows aside."""
    rows = store.query("SELECT ?s ?p ?o WHERE { ?s ?p ?o }", {"s": ox.NamedNode(node_iri(ident))},
                       exclude_source=source)
    return {(str(r["p"]), str(r["o"])) for r in rows if r["p"].value != _SOURCE_ROW}


def reuse_entities(parsed: Parsed, mapping_file: str, store: GraphStore, source: str) -> None:
    """Let one mapping read several lists into one store: an entity of the mapping's ``entities:`` block
    that another source already holds with the same content is taken from there (and named so in the
    account); with another content it is a conflict, reported on the mapping's line."""
    for ident, entity in list(parsed.entities.items()):
        if entity.file != mapping_file or entity.sheet != "entities":
            continue
        existing = _facts(store, ident, source)
        if not existing:
            continue
        lines = b"".join(ntriples_chunks({ident: entity}, [])).decode("utf-8")
        mine = {(str(t.predicate), str(t.object)) for t in ox.parse(lines.encode(), format=ox.RdfFormat.N_TRIPLES)
                if t.predicate.value != _SOURCE_ROW}
        if mine == existing:
            del parsed.entities[ident]
            parsed.account.stored("mapping entities", -1)
            parsed.account.not_kept("mapping entities", "already in the store with the same content", where=ident)
            continue
        differ = sorted(p.rsplit("#", 1)[-1].rsplit("/", 1)[-1].rstrip(">") for p, _ in mine ^ existing)
        parsed.problems.append(Problem(mapping_file, "entities", entity.row, "id",
                                       f"{ident!r} is already in the store with other content "
                                       f"({', '.join(dict.fromkeys(differ))} differ)", "conflict"))
