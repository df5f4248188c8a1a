"""The store's graph as arrays: nodes with their type, labels and sector, and edges per relation.

Whole-graph analyses (related projects, missing links, silos, centrality) run on this projection with
scipy.sparse and networkx rather than as one big SPARQL query: measured on 20,000 projects, sparse
incidence products are ~20x faster than networkx and SPARQL GROUP BYs over all pairs did not finish.

Examples
--------
>>> graph = load_graph(example_store)
>>> graph.type_of("P-HNR"), graph.sector_of("U-YMPARISTO")
('Project', 'SEC-KYMP')
>>> incidence(graph, "Project", "contributes_to", "Goal").shape[0] == len(graph.ids_of("Project"))
True
"""

from __future__ import annotations

from collections import defaultdict
import hashlib
import os
import pickle
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import scipy.sparse as sp
from rdflib.namespace import DCTERMS, SKOS

from graph_model.build_once import build_once
from graph_model.edits import EDITS_SOURCE
from graph_model.review import DECISIONS_SOURCE
from graph_model.schema_types import SG, NodeType, RelType
from graph_model.store import GraphStore
from graph_model.terms import RDF_TYPE, id_of
from ontologies.schema import load_schema
from queries.same_as import folded, same_as_map

__all__ = ["GraphData", "PARTICIPATION", "load_graph", "load_unfolded", "projection_key", "projection_keys", "incidence",
           "participation_matrix"]

_CACHE_VERSION = 4  # bump when GraphData changes shape (4: the projection before the match folds)
#: Sources written by reviewers a decision at a time: the projection's key reads what of them it uses.
_REVIEWERS_SOURCES = (EDITS_SOURCE, DECISIONS_SOURCE)
_SAME_AS = "http://www.w3.org/2002/07/owl#sameAs"
#: Projections kept beside the store: the present one and the two before it (an observation reverted
#: read back in 0.1-0.2 s instead of 4-9 s on the real list). An accepted or undone match keeps the file:
#: it holds the projection before the match folds, which :func:`load_graph` applies on top.
PROJECTIONS_KEPT = 3
#: Who takes part in what: context type -> the relations from a context to those taking part in it.
#: Analyses that count fewer relations say so with ``relations=`` (e.g. a service's involved only).
PARTICIPATION: dict[str, tuple[str, ...]] = {
    NodeType.PROJECT: (RelType.LED_BY, RelType.HAS_PARTNER),
    NodeType.GOVERNING_BODY: (RelType.HAS_MEMBER,),
    NodeType.NETWORK: (RelType.HAS_MEMBER, RelType.LED_BY),
    NodeType.SERVICE: (RelType.INVOLVES, RelType.RESPONSIBLE),
    NodeType.AGREEMENT: (RelType.PARTY,),
}
_SKOS_LABEL = str(SKOS.prefLabel)
_DESCRIPTION = str(DCTERMS.description)
#: Literals every node has that no analysis reads (the id is in the IRI already).
_SKIP = {str(DCTERMS.identifier), str(SG.sourceRow)}


@dataclass
class GraphData:
    """Nodes (by id) with type, labels, descriptions and literal properties; edges per relation name."""

    types: dict[str, str] = field(default_factory=dict)
    labels: dict[str, dict[str, str]] = field(default_factory=dict)
    descriptions: dict[str, dict[str, str]] = field(default_factory=dict)
    props: dict[str, dict[str, str]] = field(default_factory=dict)
    edges: dict[str, list[tuple[str, str]]] = field(default_factory=lambda: defaultdict(list))
    #: Matched id -> canonical id of the nodes folded into one by accepted ``owl:sameAs`` matches
    #: (:func:`queries.same_as.folded`); facts read beside the projection map their ids through it.
    merged: dict[str, str] = field(default_factory=dict)
    _by_type: dict[str, list[str]] = field(default_factory=dict, repr=False)
    _sector: dict[str, str | None] = field(default_factory=dict, repr=False)
    _adjacency: dict[tuple, dict[str, list[str]]] = field(default_factory=dict, repr=False)

    def type_of(self, ident: str) -> str | None:
        """The node type of ``ident`` (None when unknown)."""
        return self.types.get(ident)

    def ids_of(self, type_name: str) -> list[str]:
        """The ids of one node type, sorted (the row order of :func:`incidence`)."""
        if type_name not in self._by_type:
            self._by_type[type_name] = sorted(i for i, t in self.types.items() if t == type_name)
        return self._by_type[type_name]

    def label(self, ident: str, lang: str = "fi") -> str:
        """The label in ``lang``, else in any language, else the id."""
        labels = self.labels.get(ident, {})
        return labels.get(lang) or labels.get("en") or labels.get("fi") or next(iter(labels.values()), ident)

    def adjacency(self, relation: str, source_type: str | None = None, *, reverse: bool = False
                  ) -> dict[str, list[str]]:
        """``relation``'s edges (only from nodes of ``source_type`` if given) as source -> targets, or
        target -> sources with ``reverse``; built once per graph. Do not change the lists.

        >>> g = GraphData(types={"P1": "Project", "N1": "Network", "U1": "Unit"},
        ...               edges={"led_by": [("N1", "U1"), ("P1", "U1")]})
        >>> g.adjacency("led_by", "Project"), g.adjacency("led_by", reverse=True)
        ({'P1': ['U1']}, {'U1': ['N1', 'P1']})
        """
        key = (relation, source_type, reverse)
        if key not in self._adjacency:
            out: dict[str, list[str]] = {}
            for s, o in self.edges.get(relation, ()):
                if source_type is None or self.types.get(s) == source_type:
                    out.setdefault(o if reverse else s, []).append(s if reverse else o)
            self._adjacency[key] = out
        return self._adjacency[key]

    def targets(self, source: str, relation: str) -> list[str]:
        """The targets of ``relation`` edges leaving ``source``."""
        return list(self.adjacency(relation).get(source, ()))

    def sources(self, target: str, relation: str) -> list[str]:
        """The sources of ``relation`` edges reaching ``target``."""
        return list(self.adjacency(relation, reverse=True).get(target, ()))

    def participation(self, context_type: str, relations: Sequence[str] | None = None) -> list[tuple[str, str]]:
        """Who takes part in what: the ``(context, participant)`` pairs of every context of
        ``context_type``, through ``relations`` (default: ``PARTICIPATION[context_type]``), relation by
        relation.

        >>> g = GraphData(types={"P1": "Project", "U1": "Unit", "U2": "Unit", "X": "Service"},
        ...               edges={"led_by": [("P1", "U1")], "has_partner": [("P1", "U2")],
        ...                      "involves": [("X", "U1")], "responsible": [("X", "U2")]})
        >>> g.participation("Project"), g.participation("Service", relations=("involves",))
        ([('P1', 'U1'), ('P1', 'U2')], [('X', 'U1')])
        """
        chosen = PARTICIPATION[context_type] if relations is None else relations
        return [(context, member) for relation in chosen
                for context, members in self.adjacency(relation, context_type).items() for member in members]

    def participants(self, context: str, relations: Sequence[str] | None = None) -> list[str]:
        """Who takes part in ``context`` (see :meth:`participation`), relation by relation."""
        kind = self.types.get(context)
        chosen = PARTICIPATION.get(kind, ()) if relations is None else relations
        return [m for relation in chosen for m in self.adjacency(relation, kind).get(context, ())]

    def rolled_up(self, ident: str, level: str) -> list[str]:
        """The organisations ``ident`` counts for at ``level`` (``organisation``, ``unit`` or ``sector``):
        itself at ``organisation``; from ``unit`` up, a role counts for the organisation it is a post in
        and a person for their roles' organisations; at ``sector`` a unit (or such a role) counts for its
        sector. Stakeholders, bodies and persons without a role count for themselves. The one rule for
        rolling up, shared by the collaboration network and the maps.

        >>> g = GraphData(types={"S1": "Sector", "U1": "Unit", "R1": "Role", "H1": "Person"},
        ...               edges={"part_of": [("U1", "S1")], "post_in": [("R1", "U1")], "held_by": [("R1", "H1")]})
        >>> g.rolled_up("H1", "organisation"), g.rolled_up("H1", "unit"), g.rolled_up("R1", "sector")
        (['H1'], ['U1'], ['S1'])
        """
        if level == "organisation":
            return [ident]
        kind = self.types.get(ident)
        roles = self.adjacency(RelType.HELD_BY, reverse=True).get(ident)
        if kind == NodeType.PERSON and roles:
            return sorted({up for role in roles for up in self.rolled_up(role, level)})
        post_in = self.adjacency(RelType.POST_IN).get(ident)
        if kind == NodeType.ROLE and post_in:
            ident = post_in[-1]  # at most one (schema); the last, as sector_of reads it
            kind = self.types.get(ident)
        if level == "sector" and kind in (NodeType.UNIT, NodeType.ROLE) and self.sector_of(ident):
            return [self.sector_of(ident)]
        return [ident]

    def sector_of(self, ident: str) -> str | None:
        """The sector an organisational node belongs to: itself for a sector, up ``part_of`` for a unit,
        the ``post_in`` organisation's sector for a role, the leader's sector for a project."""
        if not self._sector:
            self._compute_sectors()
        return self._sector.get(ident)

    def _compute_sectors(self) -> None:
        parent = dict(self.edges.get(RelType.PART_OF, ()))
        post_in = dict(self.edges.get(RelType.POST_IN, ()))
        led_by = dict(self.edges.get(RelType.LED_BY, ()))

        def up(node: str, seen: set[str]) -> str | None:
            while node is not None and node not in seen:
                seen.add(node)
                kind = self.types.get(node)
                if kind == NodeType.SECTOR:
                    return node
                node = parent.get(node) if kind == NodeType.UNIT else post_in.get(node) if kind == NodeType.ROLE else \
                    led_by.get(node) if kind == NodeType.PROJECT else None
            return None

        for ident, kind in self.types.items():
            if kind in (NodeType.SECTOR, NodeType.UNIT, NodeType.ROLE, NodeType.PROJECT):
                self._sector[ident] = up(ident, set())


def load_graph(store: GraphStore, *, cache: bool = True) -> GraphData:
    """Read every typed node, its labels and literals, and every schema relation from the store, with the
    accepted organisation matches folded in (:func:`queries.same_as.folded`).

    With ``cache``, the projection before the folds (:func:`load_unfolded`) is kept in a pickle beside an
    on-disk store (``<db>.cache/``), keyed by the live graphs of its sources: every ingest makes new
    graphs, so a stale cache is never read; the folds are applied on top at every load (a match accepted
    or undone reads no projection again).
    """
    return folded(load_unfolded(store, cache=cache), same_as_map(store))


def load_unfolded(store: GraphStore, *, cache: bool = True) -> GraphData:
    """The projection of ``store`` before its accepted matches are folded in: what :func:`load_graph`
    folds, kept beside an on-disk store under :func:`projection_keys`' first key (``cache``).

    >>> graph = load_unfolded(example_store)
    >>> graph.merged, graph.type_of("P-HNR")
    ({}, 'Project')
    """
    cache_file = _cache_file(store) if cache else None
    if cache_file is None:
        return _read_graph(store)
    graph = _read_cache(cache_file)
    if graph is None:
        # the app's workers see a new store version at once: one reads it, the others wait for its file
        with build_once(cache_file.parent / ".projection.lock") as held:
            graph = _read_cache(cache_file) if held else None
            if graph is None:
                graph = _read_graph(store)
                _write_cache(cache_file, graph)
    return graph


def _read_cache(cache_file: Path) -> GraphData | None:
    try:
        with cache_file.open("rb") as handle:
            return pickle.load(handle)
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError):
        return None  # absent, or broken: read from the store


def projection_key(store: GraphStore) -> str:
    """What the projection of ``store`` is made of, as a key: the live graph of every data source, and
    of the reviewers' sources (the web edits, the match decisions) only the triples the projection reads
    (types, labels, descriptions, schema properties and relations, ``owl:sameAs``). So a decision on a
    link or a duplicate, a rejected match, a comment (the log's own terms only) keep the key, and the
    projection read before is still the store's; an observation or an accepted match make a new one.

    >>> from graph_model.edits import comment
    >>> from graph_model.store import SourceDraft
    >>> from graph_model.terms import node_iri
    >>> store = GraphStore(None)
    >>> _ = store.replace_source(SourceDraft("city", "city.ttl", "c1", "nt"),
    ...     f'<{node_iri("U1")}> <{RDF_TYPE}> <{SG}Unit> .\\n'.encode())
    >>> before = projection_key(store)
    >>> _ = comment(store, "U1", "a word on record", author="rev")
    >>> projection_key(store) == before
    True
    """
    return projection_keys(store)[1]


def projection_keys(store: GraphStore) -> tuple[str, str]:
    """The keys of the projection of ``store`` before the accepted matches are folded in
    (:func:`load_unfolded`; the ``owl:sameAs`` triples of the reviewers' sources left out) and after
    (:func:`projection_key`): an accepted or undone match changes the second only.

    >>> from ingest.review import decide_match
    >>> with GraphStore(example_db()) as store:  # a new on-disk store of the example city (conftest.py)
    ...     unfolded, key = projection_keys(store)
    ...     _ = decide_match(store, "SH-ULAPLAND", "SH-LAPINAMK", accept=True, author="rev")
    ...     projection_keys(store)[0] == unfolded, projection_keys(store)[1] == key
    (True, False)
    """
    unfolded = hashlib.sha256(f"{_CACHE_VERSION}|{load_schema().version}".encode())
    key = unfolded.copy()
    for source in store.sources():
        if source.name in _REVIEWERS_SOURCES:  # none of it read: as if there were no such source
            read = sorted(_projected_triples(store, source.graph))
            if read:
                key.update(f"|{source.name}|".encode() + "\n".join(read).encode())
            read = [line for line in read if f" <{_SAME_AS}> " not in line]
            if read:
                unfolded.update(f"|{source.name}|".encode() + "\n".join(read).encode())
        else:
            for hashed in (unfolded, key):
                hashed.update(f"|{source.name}|{source.graph}|{source.checksum}".encode())
    return unfolded.hexdigest()[:32], key.hexdigest()[:32]


def _projected_triples(store: GraphStore, graph: str) -> list[str]:
    """The triples of the named graph ``graph`` that the projection reads (a reviewers' source: small)."""
    schema = load_schema()
    read = [_SKOS_LABEL, _DESCRIPTION, _SAME_AS, *(schema.expand(p.iri) for p in schema.properties.values()),
            *(schema.expand(r.iri) for r in schema.relations.values())]
    values = " ".join(f"<{iri}>" for iri in dict.fromkeys(read))
    typed = f"{{ ?s <{RDF_TYPE}> ?o . FILTER(STRSTARTS(STR(?o), \"{SG}\")) BIND(<{RDF_TYPE}> AS ?p) }}"
    rows = store.query(f"SELECT ?s ?p ?o WHERE {{ GRAPH <{graph}> {{ {{ VALUES ?p {{ {values} }} ?s ?p ?o }} "
                       f"UNION {typed} }} }}")
    return [f"{row['s']} {row['p']} {row['o']}" for row in rows]


def _cache_file(store: GraphStore) -> Path | None:
    folder = getattr(store, "cache_dir", None)  # a reading copy's is its store's
    if store.path is None or folder is None:
        return None
    return folder / f"projection-{projection_keys(store)[0]}.pickle"


def _write_cache(cache_file: Path, graph: GraphData) -> None:
    try:
        cache_file.parent.mkdir(exist_ok=True)
        older = sorted(cache_file.parent.glob("projection-*.pickle"), key=_mtime, reverse=True)
        for old in older[PROJECTIONS_KEPT - 1:]:  # the last few stay: an undo goes back to one of them
            old.unlink(missing_ok=True)
        tmp = cache_file.with_suffix(f".{os.getpid()}.tmp")  # workers write it at once
        with tmp.open("wb") as handle:
            pickle.dump(graph, handle, protocol=pickle.HIGHEST_PROTOCOL)
        tmp.replace(cache_file)
    except OSError:
        pass  # a read-only place only costs the next load its time


def _mtime(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:
        return 0.0  # gone meanwhile (another worker's clean-up)


def _read_graph(store: GraphStore) -> GraphData:
    schema = load_schema()
    sg = schema.namespaces["sg"]
    rel_by_iri = {schema.expand(r.iri): r.name for r in schema.relations.values()}
    prop_by_iri = {schema.expand(p.iri): name for name, p in schema.properties.items()}
    graph = GraphData()
    for row in store.query(f"SELECT ?s ?t WHERE {{ ?s <{RDF_TYPE}> ?t }}"):
        ident, kind = id_of(row["s"].value), row["t"].value
        if ident is not None and kind.startswith(sg):
            graph.types[ident] = kind[len(sg):]
    wanted = " ".join(f"<{iri}>" for iri in [_SKOS_LABEL, _DESCRIPTION, *prop_by_iri] if iri not in _SKIP)
    # VALUES lists hold schema IRIs only; reading just these predicates keeps the load proportional to
    # what the analyses use (not to provenance or statement triples).
    for row in store.query(f"SELECT ?s ?p ?o WHERE {{ VALUES ?p {{ {wanted} }} ?s ?p ?o }}"):
        ident = id_of(row["s"].value)
        if ident is None or ident not in graph.types:
            continue
        p, o = row["p"].value, row["o"]
        if p == _SKOS_LABEL:
            graph.labels.setdefault(ident, {})[o.language or ""] = o.value
        elif p == _DESCRIPTION:
            graph.descriptions.setdefault(ident, {})[o.language or ""] = o.value
        else:
            graph.props.setdefault(ident, {})[prop_by_iri[p]] = o.value
    relations = " ".join(f"<{iri}>" for iri in rel_by_iri)
    for row in store.query(f"SELECT ?s ?p ?o WHERE {{ VALUES ?p {{ {relations} }} ?s ?p ?o }}"):
        s, o = id_of(row["s"].value), id_of(row["o"].value)
        if s in graph.types and o in graph.types:
            graph.edges[rel_by_iri[row["p"].value]].append((s, o))
    graph.edges = defaultdict(list, {relation: sorted(set(pairs)) for relation, pairs in graph.edges.items()})
    return graph  # the accepted organisation matches are folded in by load_graph


def incidence(graph: GraphData, source_type: str, relation: str, target_type: str | None = None,
              targets: list[str] | None = None) -> sp.csr_matrix:
    """A 0/1 sparse matrix: rows = ``graph.ids_of(source_type)``, columns = ``targets`` (default: the
    ids of ``target_type``); 1 where ``source -[relation]-> target``."""
    rows_ids = graph.ids_of(source_type)
    cols_ids = targets if targets is not None else graph.ids_of(target_type)
    row_index = {i: n for n, i in enumerate(rows_ids)}
    col_index = {i: n for n, i in enumerate(cols_ids)}
    pairs = [(row_index[s], col_index[o]) for s, o in graph.edges.get(relation, ())
             if s in row_index and o in col_index]
    data = np.ones(len(pairs), dtype=np.float32)
    r = np.fromiter((p[0] for p in pairs), dtype=np.int64, count=len(pairs))
    c = np.fromiter((p[1] for p in pairs), dtype=np.int64, count=len(pairs))
    return sp.csr_matrix((data, (r, c)), shape=(len(rows_ids), len(cols_ids)))


def participation_matrix(graph: GraphData, context_type: str, targets: list[str],
                         relations: Sequence[str] | None = None) -> sp.csr_matrix:
    """A 0/1 sparse matrix: rows = ``graph.ids_of(context_type)``, columns = ``targets``; 1 where the
    target takes part in the context (:meth:`GraphData.participation`).

    >>> g = GraphData(types={"P1": "Project", "U1": "Unit", "U2": "Unit"},
    ...               edges={"led_by": [("P1", "U1")], "has_partner": [("P1", "U1"), ("P1", "U2")]})
    >>> participation_matrix(g, "Project", ["U1", "U2"]).toarray().tolist()
    [[1.0, 1.0]]
    """
    chosen = PARTICIPATION[context_type] if relations is None else relations
    total = sum((incidence(graph, context_type, r, targets=targets) for r in chosen),
                sp.csr_matrix((len(graph.ids_of(context_type)), len(targets)), dtype=np.float32))
    return (sp.csr_matrix(total) > 0).astype(np.float32)
