"""The embedded graph store: an Oxigraph database on disk, one named graph per source.

How a source is replaced without ever showing half of it: the new triples are bulk-loaded into a fresh
*staging* graph, checked, and then a single SPARQL update (one transaction) points the source's record
in the meta graph at the new graph. Queries only read the graphs that the meta graph calls live, so a
crash or Ctrl-C before that update leaves the store exactly as it was; leftover staging graphs are
dropped the next time the store is opened for writing.

Examples
--------
>>> import tempfile, pathlib
>>> store = GraphStore(pathlib.Path(tempfile.mkdtemp()) / "demo.db")
>>> info = store.replace_source(SourceDraft("demo", "demo.nt", "abc", "ntriples"),
...                             b'<urn:x> <urn:p> "1" .\\n')
>>> [(s.name, s.triples) for s in store.sources()]
[('demo', 1)]
>>> store.select("SELECT ?o WHERE { <urn:x> <urn:p> ?o }")[1]
[['1']]
>>> store.close()
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import tempfile
import uuid
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, unquote

import pyoxigraph as ox
from rdflib.namespace import PROV

from graph_model.lock import StoreLock
from graph_model.schema_types import SG
from graph_model.terms import META_GRAPH, RDF_TYPE, SOURCE_PREFIX, XSD, id_of, literal
from ontologies.errors import InputError, NotFoundError, StoreError

__all__ = ["GraphStore", "SourceDraft", "SourceInfo", "DEFAULT_DB", "term_text"]

DEFAULT_DB = Path("stratgraph.db")
_META = ox.NamedNode(META_GRAPH)
_NS = str(SG._NS)  # the source records' own terms are not part of the schema's vocabulary
P_GRAPH, P_LOCATION, P_CHECKSUM, P_INGESTED, P_TRIPLES, P_FORMAT = (
    _NS + "sourceGraph", _NS + "sourceLocation", _NS + "sourceChecksum", str(PROV.generatedAtTime),
    _NS + "sourceTriples", _NS + "sourceFormat")


@dataclass(frozen=True)
class SourceDraft:
    """What the caller knows about a source before it is stored."""

    name: str
    location: str
    checksum: str
    format: str


@dataclass(frozen=True)
class SourceInfo:
    """A stored source: its live named graph, where it came from and when."""

    name: str
    graph: str
    location: str
    checksum: str
    format: str
    ingested_at: str
    triples: int

    def as_dict(self) -> dict:
        """The source as a plain dict (for JSON output)."""
        return dict(self.__dict__)


def term_text(term: object) -> str | None:
    """The plain text of an Oxigraph term (IRI, literal value or blank node id); None for unbound."""
    if term is None:
        return None
    return term.value if hasattr(term, "value") else str(term)


_AT = re.compile(r"error at (\d+):(\d+)")


def syntax_error_text(query: str, message: str, prefixes: dict[str, str] | None = None) -> str:
    r"""A SPARQL syntax error as a person reads it: line, column, the line with a caret, and what to do
    about an unknown prefix (not the parser's list of every token it could have taken).

    >>> print(syntax_error_text("SELECT ?x WHERE {\n  ?x owl:sameAs ?y }", "error at 2:16: expected one of Prefix not found, ..."))
    SPARQL syntax error at line 2, column 16: unknown prefix 'owl:' (declare it with PREFIX owl: <...>)
      ?x owl:sameAs ?y }
         ^
    >>> print(syntax_error_text("SELECT ?x WHERE {", "error at 1:18: expected one of ..."))
    SPARQL syntax error at line 1, column 18: the query ends too early
    SELECT ?x WHERE {
                     ^
    """
    at = _AT.search(message)
    if at is None:
        return f"SPARQL syntax error: {' '.join(message.split())[:200]}"
    line_no, column = int(at.group(1)), int(at.group(2))
    lines = query.splitlines() or [""]
    line = lines[min(line_no, len(lines)) - 1]
    caret = min(max(column - 1, 0), len(line))
    head = line[:caret]
    what = "unexpected text here"
    name = re.search(r"([A-Za-z_][\w.-]*)?:[\w.-]*$", head) or re.search(r"^\s*([A-Za-z_][\w.-]*)?:", line[caret:])
    if "Prefix not found" in message and name:
        known = f"; predeclared: {', '.join(sorted(prefixes))}" if prefixes else ""
        what = f"unknown prefix '{name.group(1) or ''}:' (declare it with PREFIX {name.group(1) or ''}: <...>{known})"
        caret = name.start() if name.re.pattern.endswith("$") else caret
    elif line_no >= len(lines) and not line[caret:].strip() and not "\n".join(lines[line_no:]).strip():
        what = "the query ends too early"
    return f"SPARQL syntax error at line {line_no}, column {column}: {what}\n{line}\n{' ' * caret}^"


def _source_iri(name: str) -> str:
    return SOURCE_PREFIX + quote(name, safe="")


class GraphStore:
    """An Oxigraph store in a folder; use as a context manager, or call :meth:`close`."""

    def __init__(self, path: Path | str | None = DEFAULT_DB, *, read_only: bool = False, create: bool = True):
        self.path = Path(path) if path is not None else None
        self.read_only = read_only
        if self.path is None:  # in memory: validation without a store, tests
            self._store = ox.Store()
            return
        if not self.path.exists() and (read_only or not create):
            raise StoreError(f"no store at {self.path}: ingest something first (e.g. `stratgraph demo`)")
        #: Made by this opening: a failure that leaves it without a source removes it again (``__exit__``).
        self.created = not self.path.exists()
        self._lock = StoreLock(self.path, exclusive=not read_only).acquire()  # one writer or many readers
        try:
            self._store = ox.Store.read_only(str(self.path)) if read_only else ox.Store(str(self.path))
        except (OSError, RuntimeError) as exc:  # RuntimeError: RocksDB reports a damaged file
            self._lock.release()
            detail = str(exc)
            if "lock" in detail.lower():
                raise StoreError(f"the store {self.path} is in use by another stratgraph process") from exc
            raise StoreError(f"cannot open the store {self.path}: {detail}") from exc
        if not read_only:
            self.collect_garbage()

    def __enter__(self) -> GraphStore:
        return self

    def __exit__(self, exc_type: object, *exc: object) -> None:
        """Close; a store this opening created is removed again when the block failed and it holds no
        source (a failed first ingest leaves no empty folder behind)."""
        remove = exc_type is not None and getattr(self, "created", False) and self._store is not None \
            and not self.sources()
        self.close()
        if remove:
            shutil.rmtree(self.path, ignore_errors=True)

    def close(self) -> None:
        """Flush and release the store."""
        if getattr(self, "_store", None) is not None:
            if not self.read_only and self.path is not None:
                self._store.flush()
            del self._store
            self._store = None
        if getattr(self, "_lock", None) is not None:
            self._lock.release()

    # -- sources ---------------------------------------------------------------------------------------
    def sources(self) -> list[SourceInfo]:
        """Every live source, by name."""
        rows = self._store.query(
            "SELECT ?s ?p ?o WHERE { ?s ?p ?o }", default_graph=_META)
        records: dict[str, dict[str, str]] = {}
        for row in rows:
            records.setdefault(row["s"].value, {})[row["p"].value] = row["o"].value
        out = []
        for iri, rec in records.items():
            if P_GRAPH not in rec:
                continue
            out.append(SourceInfo(unquote(iri[len(SOURCE_PREFIX):]), rec[P_GRAPH], rec.get(P_LOCATION, ""),
                                  rec.get(P_CHECKSUM, ""), rec.get(P_FORMAT, ""), rec.get(P_INGESTED, ""),
                                  int(rec.get(P_TRIPLES, "0"))))
        return sorted(out, key=lambda s: s.name)

    def source(self, name: str) -> SourceInfo | None:
        """The live source called ``name``, or None."""
        return next((s for s in self.sources() if s.name == name), None)

    def live_graphs(self, exclude: str | None = None) -> list[ox.NamedNode]:
        """The named graphs of the live sources (optionally without the source ``exclude``)."""
        return [ox.NamedNode(s.graph) for s in self.sources() if s.name != exclude]

    def collect_garbage(self) -> list[str]:
        """Drop staging graphs left by an interrupted ingest; return their names."""
        live = {s.graph for s in self.sources()}
        dropped = []
        for graph in list(self._store.named_graphs()):
            if graph.value.startswith(SOURCE_PREFIX) and graph.value not in live:
                self._store.remove_graph(graph)
                dropped.append(graph.value)
        return dropped

    def replace_source(self, draft: SourceDraft, ntriples: bytes | Path | Iterable[bytes],
                       check: Callable[[ox.NamedNode], None] | None = None, *,
                       dry_run: bool = False) -> SourceInfo:
        """Load ``ntriples`` as the new content of source ``draft.name``, atomically.

        ``ntriples`` is N-Triples as bytes, a file path, or an iterable of byte chunks (streamed to a
        temporary file). ``check`` is called with the staging graph before it goes live; when it raises,
        the staging graph is dropped and the store is unchanged. With ``dry_run`` the staging graph is
        loaded and checked, then dropped.
        """
        self._writable()
        staging = ox.NamedNode(f"{_source_iri(draft.name)}/{uuid.uuid4().hex}")
        tmp = None
        try:
            if isinstance(ntriples, (bytes, bytearray)):
                self._store.bulk_load(input=bytes(ntriples), format=ox.RdfFormat.N_TRIPLES, to_graph=staging)
            else:
                if not isinstance(ntriples, Path):
                    fd, name = tempfile.mkstemp(suffix=".nt", dir=self.scratch_dir)
                    tmp = Path(name)
                    with os.fdopen(fd, "wb") as out:
                        for chunk in ntriples:
                            out.write(chunk)
                    ntriples = tmp
                self._store.bulk_load(path=str(ntriples), format=ox.RdfFormat.N_TRIPLES, to_graph=staging)
            if check is not None:
                check(staging)
            count = self.count_triples(staging)
            info = SourceInfo(draft.name, staging.value, draft.location, draft.checksum, draft.format,
                              dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"), count)
            old = self.source(draft.name)
            if dry_run:
                self._store.remove_graph(staging)
                return info
            self._swap(info)
        except BaseException:
            self._store.remove_graph(staging) if self._store.contains_named_graph(staging) else None
            raise
        finally:
            if tmp is not None:
                tmp.unlink(missing_ok=True)
        if old is not None:
            self._store.remove_graph(ox.NamedNode(old.graph))
        if self.path is not None:
            self._store.flush()
        return info

    @property
    def scratch_dir(self) -> str | None:
        """Where temporary files go: the store's folder (same disk), or the system default in memory."""
        return str(self.path) if self.path is not None else None

    @property
    def oxigraph(self) -> ox.Store:
        """The underlying Oxigraph store (for validators that query a staging graph)."""
        return self._store

    def _swap(self, info: SourceInfo) -> None:
        """Point the source's record at its new graph in one transaction."""
        src = f"<{_source_iri(info.name)}>"
        fields = {P_GRAPH: f"<{info.graph}>", P_LOCATION: literal(info.location),
                  P_CHECKSUM: literal(info.checksum), P_FORMAT: literal(info.format),
                  P_INGESTED: f'"{info.ingested_at}"^^<{XSD}dateTime>',
                  P_TRIPLES: literal(info.triples)}
        body = " ".join(f"{src} <{p}> {o} ." for p, o in fields.items())
        # Every term above is an IRI we minted (percent-encoded) or a literal escaped by terms.literal.
        self._store.update(f"DELETE WHERE {{ GRAPH <{META_GRAPH}> {{ {src} ?p ?o }} }} ; "
                           f"INSERT DATA {{ GRAPH <{META_GRAPH}> {{ {body} }} }}")

    def remove_source(self, name: str) -> SourceInfo:
        """Remove a source and its triples."""
        self._writable()
        info = self.source(name)
        if info is None:
            raise NotFoundError(f"no source called {name!r}; sources: {', '.join(s.name for s in self.sources()) or 'none'}")
        src = f"<{_source_iri(name)}>"
        self._store.update(f"DELETE WHERE {{ GRAPH <{META_GRAPH}> {{ {src} ?p ?o }} }}")
        self._store.remove_graph(ox.NamedNode(info.graph))
        if self.path is not None:
            self._store.flush()
        return info

    def _writable(self) -> None:
        if self.read_only:
            raise StoreError("the store was opened read-only")

    # -- reading -----------------------------------------------------------------------------------------
    def count_triples(self, graph: ox.NamedNode) -> int:
        """The number of triples in one named graph."""
        result = self._store.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", default_graph=graph)
        return int(next(iter(result))["n"].value)

    def query(self, sparql: str, bindings: dict[str, object] | None = None, *,
              exclude_source: str | None = None, extra_graphs: list[ox.NamedNode] = (),
              prefixes: dict[str, str] | None = None):
        """Run SPARQL over the union of the live sources; ``bindings`` pre-bind variables (no pasting).

        Values in ``bindings`` may be Oxigraph terms, or Python str (-> IRI if it looks like one, else
        a literal) / int / float.
        """
        graphs = self.live_graphs(exclude_source) + list(extra_graphs)
        subs = {ox.Variable(k): _term(v) for k, v in (bindings or {}).items()}
        try:
            return self._store.query(sparql, default_graph=graphs or [ox.DefaultGraph()],
                                     named_graphs=graphs, substitutions=subs or None, prefixes=prefixes)
        except SyntaxError as exc:
            raise InputError(syntax_error_text(sparql, str(exc), prefixes)) from exc
        except RuntimeError as exc:
            if "projection" in str(exc):
                raise InputError(f"{exc}: a bound parameter must appear in the SELECT clause (or use SELECT *)"
                                 ) from exc
            raise InputError(f"SPARQL query failed: {exc}") from exc

    def select(self, sparql: str, bindings: dict[str, object] | None = None,
               prefixes: dict[str, str] | None = None) -> tuple[list[str], list[list]]:
        """A SELECT query's variable names and rows of plain values (str/None)."""
        result = self.query(sparql, bindings, prefixes=prefixes)
        if isinstance(result, bool) or not hasattr(result, "variables"):
            raise InputError("this command runs SELECT queries; use `stratgraph export` for graphs")
        names = [v.value for v in result.variables]
        try:  # rows are computed while read: a SERVICE call or an evaluation error fails here
            return names, [[term_text(row[n]) for n in names] for row in result]
        except (OSError, RuntimeError, ValueError) as exc:
            raise InputError(f"SPARQL query failed: {' '.join(str(exc).split())}") from exc

    def ids_by_type(self, exclude_source: str | None = None) -> dict[str, str]:
        """Every node id in the store (optionally without one source) -> its node type name."""
        result = self.query(f"SELECT ?s ?t WHERE {{ ?s <{RDF_TYPE}> ?t }}", exclude_source=exclude_source)
        out = {}
        prefix = _NS
        for row in result:
            ident = id_of(row["s"].value)
            if ident is not None and row["t"].value.startswith(prefix):
                out[ident] = row["t"].value[len(prefix):]
        return out

    def quads(self) -> Iterator[ox.Quad]:
        """Every quad of the live sources (with their graph names)."""
        for graph in self.live_graphs():
            yield from self._store.quads_for_pattern(None, None, None, graph)


def _term(value: object):
    if isinstance(value, (ox.NamedNode, ox.Literal, ox.BlankNode)):
        return value
    if isinstance(value, str) and (value.startswith(("http://", "https://", "urn:"))):
        return ox.NamedNode(value)
    if isinstance(value, bool):
        return ox.Literal(str(value).lower(), datatype=ox.NamedNode(XSD + "boolean"))
    if isinstance(value, int):
        return ox.Literal(str(value), datatype=ox.NamedNode(XSD + "integer"))
    return ox.Literal(str(value))
