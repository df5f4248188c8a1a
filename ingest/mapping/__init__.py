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

from graph_model.orgnames import name_key
from graph_model.store import GraphStore
from graph_model.terms import id_of
from ingest.mapping.apply import NameIndex, apply_mapping
from ingest.mapping.source import read_table
from ingest.mapping.spec import Mapping, load_mapping
from ingest.records import Parsed

__all__ = ["read_mapped", "store_names", "load_mapping", "Mapping", "NameIndex", "SAME_AS"]

SAME_AS = "http://www.w3.org/2002/07/owl#sameAs"
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
    return apply_mapping(mapping, table, store_names(store, types, source) if types else NameIndex())
