"""The embedded graph store: an Oxigraph database on disk, one named graph per source.

How a source is replaced without ever showing half of it: the new triples are bulk-loaded into a fresh
*staging* graph, checked, and then a single SPARQL update (one transaction) points the source's record
in the meta graph at the new graph. Queries only read the graphs that the meta graph calls live, so a
crash or Ctrl-C before that update leaves the store exactly as it was.

Nothing of a write may outlive it. Its temporary files live in a staging folder of its own
(``.staging-<pid>-<id>`` in the store folder), removed on every exit path (SIGTERM reaches the CLI as
an interrupt, so ``finally`` runs); what a killed process left (staging folders, ``tmp*.nt`` and
``bulk*.sst`` files, a half-loaded staging graph) is removed the next time the store is opened for
writing, in bounded time and memory: at most :data:`GC_SLICE` leftover triples per opening, the rest on
the next ones (leftover graphs are never read, so they only take disk space meanwhile). ``notes`` says
what was cleaned.

Readers never wait for a writer. A writer, once it holds the store, takes a snapshot of it (a RocksDB
checkpoint: hard links, no copy) in ``.snapshot-<pid>-<id>``; a reader that finds the store held by a
writer reads that snapshot, which is the state before the write, instead of waiting. The writer removes
its snapshot when it closes, unless a reader still reads it (a shared lock on the snapshot); then the
next writer removes it.

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
import itertools
import json
import os
import re
import shutil
import tempfile
import time
import uuid
from collections.abc import Callable, Iterable, Iterator, Sequence
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
#: The most leftover staging triples dropped per opening for writing (bounded time and memory).
GC_SLICE = 100_000
#: Sources up to this many bytes of N-Triples load in one transaction rather than by the bulk loader.
SMALL_LOAD = 4 * 2**20
#: How long a failed or interrupted write goes on dropping its own staging graph before it stops.
DROP_SECONDS = 5.0
_STAGING = ".staging-"
_SNAPSHOT = ".snapshot-"
_READY = "snapshot.ready"
_META = ox.NamedNode(META_GRAPH)
_NS = str(SG._NS)  # the source records' own terms are not part of the schema's vocabulary
P_GRAPH, P_LOCATION, P_CHECKSUM, P_INGESTED, P_TRIPLES, P_FORMAT = (
    _NS + "sourceGraph", _NS + "sourceLocation", _NS + "sourceChecksum", str(PROV.generatedAtTime),
    _NS + "sourceTriples", _NS + "sourceFormat")
P_ACCOUNT = _NS + "sourceAccount"  # the import's account as JSON: read, stored, not kept per kind
P_ABOUT = _NS + "sourceAbout"  # what the source says of what it describes and the schema has no node for (JSON)


@dataclass(frozen=True)
class SourceDraft:
    """What the caller knows about a source before it is stored."""

    name: str
    location: str
    checksum: str
    format: str
    account: dict | None = None  # what the importer read, stored and did not keep (ingest.account)
    #: What the source says of what it describes and the schema keeps no node for, as data: a register's
    #: own city (``{"city": {"name": ..., "names": {"fi": ...}, "from": ...}}``, :mod:`ingest.register`).
    about: dict | None = None


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
    account: dict | None = None
    about: dict | None = None  # as :attr:`SourceDraft.about`

    def as_dict(self) -> dict:
        """The source as a plain dict (for JSON output); the importer's account as data, when kept."""
        return dict(self.__dict__)


def _alive(pid_text: str) -> bool:
    """Whether the process with this pid (as text) runs."""
    try:
        os.kill(int(pid_text), 0)
    except (ValueError, ProcessLookupError):
        return False
    except PermissionError:
        return True
    return True


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
        self.notes: list[str] = []
        #: Where this store's caches live (``<path>.cache``): a reading copy's are those of its store.
        self.cache_dir: Path | None = Path(f"{self.path}.cache") if self.path is not None else None
        self._scratch: Path | None = None
        if self.path is None:  # in memory: validation without a store, tests
            self._store = ox.Store()
            return
        if not self.path.exists() and (read_only or not create):
            raise StoreError(f"no store at {self.path}: ingest something first (e.g. `stratgraph demo`)")
        #: Made by this opening: a failure that leaves it without a source removes it again (``__exit__``).
        self.created = not self.path.exists()
        self._snapshot: Path | None = None
        self._snapshot_lock: StoreLock | None = None
        opened_at, self._lock = self.path, None
        if read_only and self.path.is_dir():
            reader = StoreLock(self.path, exclusive=False)
            if reader.try_acquire():
                self._lock = reader
            else:
                opened_at = self._reader_of_snapshot()  # a writer holds the store: read the state before it
        if opened_at == self.path and self._lock is None:
            self._lock = StoreLock(self.path, exclusive=not read_only).acquire()  # one writer or many readers
        if not read_only:
            self._remove_leftover_files()
        try:
            self._store = ox.Store.read_only(str(opened_at)) if read_only else ox.Store(str(self.path))
        except (OSError, RuntimeError) as exc:  # RuntimeError: RocksDB reports a damaged file
            for lock in (self._lock, self._snapshot_lock):
                if lock is not None:
                    lock.release()
            detail = str(exc)
            if "lock" in detail.lower():
                raise StoreError(f"the store {self.path} is in use by another stratgraph process") from exc
            raise StoreError(f"cannot open the store {self.path}: {detail}") from exc
        if not read_only:
            self.collect_garbage()
            self._take_snapshot()

    def _take_snapshot(self) -> None:
        """A checkpoint of the store as it is before this writer changes it, for readers meanwhile."""
        target = self.path / f"{_SNAPSHOT}{os.getpid()}-{uuid.uuid4().hex[:12]}"
        try:
            self._store.flush()
            target.mkdir()
            self._store.backup(str(target / "db"))
            (target / _READY).write_text(str(os.getpid()), encoding="utf-8")
        except (OSError, RuntimeError) as exc:  # a full disk: readers wait for the writer, as before
            shutil.rmtree(target, ignore_errors=True)
            self.notes.append(f"no snapshot for readers during this write ({exc})")
            return
        self._snapshot = target

    def reading_copy(self) -> GraphStore:
        """A read-only store on a checkpoint of this one as it is now (RocksDB: hard links, no copy of the
        data), already open: a long read from it (the web app loading a snapshot of a big store) does not
        hold this store, so a writer is not kept out meanwhile. Closing the copy removes it; one that a
        killed process left is removed by the next writer, as a writer's snapshot is.

        >>> import tempfile, pathlib
        >>> store = GraphStore(pathlib.Path(tempfile.mkdtemp()) / "demo.db")
        >>> _ = store.replace_source(SourceDraft("demo", "demo.nt", "abc", "ntriples"), b'<urn:x> <urn:p> "1" .\\n')
        >>> store.close()
        >>> with GraphStore(store.path, read_only=True) as reader:
        ...     copy = reader.reading_copy()
        >>> with GraphStore(store.path) as writer:  # the copy is still being read: the writer gets in
        ...     _ = writer.remove_source("demo")
        >>> [s.name for s in copy.sources()], copy.path.parent == store.path, copy.cache_dir == reader.cache_dir
        (['demo'], True, True)
        >>> copy.close(); copy.path.exists()
        False
        """
        if self.path is None:
            raise StoreError("an in-memory store has no checkpoint")
        target = self.path / f"{_SNAPSHOT}{os.getpid()}-{uuid.uuid4().hex[:12]}"
        try:
            self._store.backup(str(target))
        except (OSError, RuntimeError) as exc:
            shutil.rmtree(target, ignore_errors=True)
            raise StoreError(f"cannot make a reading copy of the store {self.path}: {exc}") from exc
        try:
            copy = GraphStore(target, read_only=True)
        except StoreError:
            shutil.rmtree(target, ignore_errors=True)
            raise
        copy._remove_on_close = True
        copy.cache_dir = self.cache_dir  # the same sources: the same cached projection, kept beside the store
        return copy

    def _reader_of_snapshot(self) -> Path:
        """The newest ready snapshot, locked for reading; the store itself when there is none."""
        ready = sorted((p for p in self.path.glob(f"{_SNAPSHOT}*") if (p / _READY).is_file()),
                       key=lambda p: (p / _READY).stat().st_mtime, reverse=True)
        for snapshot in ready:
            lock = StoreLock(snapshot, exclusive=False)
            if lock.try_acquire() and (snapshot / _READY).is_file():
                self._snapshot_lock = lock
                self.notes.append("an ingest is running: this shows the store as it was before it")
                return snapshot / "db"
            lock.release()
        return self.path

    def _drop_snapshot(self) -> None:
        snapshot, self._snapshot = self._snapshot, None
        if snapshot is None:
            return
        lock = StoreLock(snapshot, exclusive=True)
        if lock.try_acquire():  # no reader reads it
            (snapshot / _READY).unlink(missing_ok=True)
            lock.release()
            shutil.rmtree(snapshot, ignore_errors=True)

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
        """Flush and release the store (and remove this store's staging folder)."""
        if getattr(self, "_scratch", None) is not None:
            shutil.rmtree(self._scratch, ignore_errors=True)
            self._scratch = None
        if getattr(self, "_store", None) is not None:
            if not self.read_only and self.path is not None:
                self._store.flush()
            del self._store
            self._store = None
        if getattr(self, "_snapshot", None) is not None:
            self._drop_snapshot()
        if getattr(self, "_snapshot_lock", None) is not None:
            snapshot = self._snapshot_lock.path
            self._snapshot_lock.release()
            self._snapshot_lock = None
            if not _alive((snapshot / _READY).read_text(encoding="utf-8") if (snapshot / _READY).is_file() else ""):
                self._remove_stale_snapshot(snapshot)  # its writer is gone and left it to us
        if getattr(self, "_lock", None) is not None:
            self._lock.release()
            self._lock = None
        if getattr(self, "_remove_on_close", False):
            shutil.rmtree(self.path, ignore_errors=True)

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
                                  int(rec.get(P_TRIPLES, "0")),
                                  json.loads(rec[P_ACCOUNT]) if P_ACCOUNT in rec else None,
                                  json.loads(rec[P_ABOUT]) if P_ABOUT in rec else None))
        return sorted(out, key=lambda s: s.name)

    def source(self, name: str) -> SourceInfo | None:
        """The live source called ``name``, or None."""
        return next((s for s in self.sources() if s.name == name), None)

    def live_graphs(self, exclude: str | None = None) -> list[ox.NamedNode]:
        """The named graphs of the live sources (optionally without the source ``exclude``)."""
        return [ox.NamedNode(s.graph) for s in self.sources() if s.name != exclude]

    def collect_garbage(self, budget: int | None = None) -> list[str]:
        """Drop staging graphs left by an interrupted ingest, at most ``budget`` triples of them at a time;
        return the names of the graphs dropped whole (a bigger one is cut down, and noted in ``notes``)."""
        budget = GC_SLICE if budget is None else budget
        live = {s.graph for s in self.sources()}
        dropped = []
        for graph in list(self._store.named_graphs()):
            if graph.value.startswith(SOURCE_PREFIX) and graph.value not in live:
                removed, whole = self._drop_graph(graph, budget)
                budget -= removed
                if whole:
                    dropped.append(graph.value)
                else:
                    self.notes.append(f"removed {removed:,} triples that an interrupted ingest left; the rest "
                                      "goes on the next writes (they are never read)")
                if budget <= 0:
                    break
        return dropped

    def _drop_graph(self, graph: ox.NamedNode, budget: int) -> tuple[int, bool]:
        """Remove ``graph`` if it holds at most ``budget`` triples, else ``budget`` of them, one by one (so
        memory stays small: a single removal of a large graph holds it all in one transaction)."""
        batch = list(itertools.islice(self._store.quads_for_pattern(None, None, None, graph), budget + 1))
        if len(batch) <= budget:
            self._store.remove_graph(graph)
            return len(batch), True
        for quad in batch[:budget]:
            self._store.remove(quad)
        return budget, False

    @staticmethod
    def _remove_stale_snapshot(snapshot: Path) -> None:
        """A snapshot of an earlier writer: removed unless a reader still reads it."""
        lock = StoreLock(snapshot, exclusive=True)
        try:
            taken = lock.try_acquire()
        except StoreError:
            return
        if taken:
            (snapshot / _READY).unlink(missing_ok=True)
            lock.release()
            shutil.rmtree(snapshot, ignore_errors=True)

    def _remove_leftover_files(self) -> None:
        """Remove the staging files of writers that are gone (we hold the exclusive lock)."""
        if not self.path.is_dir():
            return
        freed = 0
        for item in self.path.iterdir():
            if item.name.startswith(_SNAPSHOT) and item.is_dir():
                self._remove_stale_snapshot(item)
                continue
            stale = (item.name.startswith(_STAGING) and not item.name.startswith(f"{_STAGING}{os.getpid()}-")) \
                or (item.is_file() and item.name.startswith("tmp") and item.suffix == ".nt") \
                or (item.is_file() and item.name.startswith("bulk") and item.suffix == ".sst")
            if not stale:
                continue
            try:
                freed += sum(f.stat().st_size for f in item.rglob("*") if f.is_file()) if item.is_dir() \
                    else item.stat().st_size
            except OSError:
                pass
            shutil.rmtree(item, ignore_errors=True) if item.is_dir() else item.unlink(missing_ok=True)
        if freed:
            self.notes.append(f"removed {freed / 2**20:,.1f} MB of staging files that an interrupted ingest left")

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
            if isinstance(ntriples, (bytes, bytearray)) and len(ntriples) <= SMALL_LOAD:
                # one transaction: a bulk load writes new files (0.2 s), too slow for one web edit
                self._store.load(input=bytes(ntriples), format=ox.RdfFormat.N_TRIPLES, to_graph=staging)
            elif isinstance(ntriples, (bytes, bytearray)):
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
                              dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"), count, draft.account,
                              draft.about)
            old = self.source(draft.name)
            if dry_run:
                self._store.remove_graph(staging)
                return info
            self._swap(info)
        except BaseException:
            # The staging graph goes in slices (bounded memory) for at most DROP_SECONDS: an interrupt
            # must end soon; what is left of a very big one is never read and goes at the next openings.
            deadline = time.monotonic() + DROP_SECONDS
            while self._store.contains_named_graph(staging):
                if self._drop_graph(staging, GC_SLICE)[1] or time.monotonic() > deadline:
                    break
            raise
        finally:
            if tmp is not None:
                tmp.unlink(missing_ok=True)
        if old is not None:
            self._store.remove_graph(ox.NamedNode(old.graph))
        if self.path is not None:
            self._store.flush()
        return info

    def amend_source(self, name: str, add: Sequence[str], remove: Sequence[str], checksum: str) -> SourceInfo:
        """Add and remove N-Triples lines (without their final dot's newline) of the live source ``name``,
        and update its record (triples, checksum, time), in one transaction (one SPARQL update): for a
        small change to a source that :meth:`replace_source` would rewrite whole (a web edit). Lines
        already there are not added again; lines not there are not removed.

        >>> store = GraphStore(None)
        >>> _ = store.replace_source(SourceDraft("s", "s", "c", "nt"), b'<urn:a> <urn:p> "1" .\\n')
        >>> store.amend_source("s", ['<urn:a> <urn:p> "2" .'], ['<urn:a> <urn:p> "1" .'], "c2").triples
        1
        >>> store.select("SELECT ?o WHERE { <urn:a> <urn:p> ?o }")[1]
        [['2']]
        """
        self._writable()
        info = self.source(name)
        if info is None:
            raise NotFoundError(f"no source called {name!r}")
        graph = ox.NamedNode(info.graph)

        def there(line: str) -> bool:
            [t] = list(ox.parse(input=line.encode("utf-8"), format=ox.RdfFormat.N_TRIPLES))
            return next(iter(self._store.quads_for_pattern(t.subject, t.predicate, t.object, graph)), None) is not None

        remove = [line for line in dict.fromkeys(remove) if there(line)]
        add = [line for line in dict.fromkeys(add) if line in remove or not there(line)]
        count = info.triples - len(remove) + len(add)
        now = dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
        src = f"<{_source_iri(name)}>"
        parts = [f"DELETE DATA {{ GRAPH <{info.graph}> {{ {' '.join(remove)} }} }}"] if remove else []
        if add:
            parts.append(f"INSERT DATA {{ GRAPH <{info.graph}> {{ {' '.join(add)} }} }}")
        parts += [f"DELETE WHERE {{ GRAPH <{META_GRAPH}> {{ {src} <{p}> ?o }} }}" for p in (P_TRIPLES, P_CHECKSUM, P_INGESTED)]
        parts.append(f"INSERT DATA {{ GRAPH <{META_GRAPH}> {{ {src} <{P_TRIPLES}> {literal(count)} . "
                     f"{src} <{P_CHECKSUM}> {literal(checksum)} . {src} <{P_INGESTED}> \"{now}\"^^<{XSD}dateTime> }} }}")
        # Every line was parsed as N-Triples above; the IRIs of the record are ours (percent-encoded).
        self._store.update(" ;\n".join(parts))
        if self.path is not None:
            self._store.flush()
        return SourceInfo(name, info.graph, info.location, checksum, info.format, now, count, info.account, info.about)

    @property
    def scratch_dir(self) -> str | None:
        """Where temporary files go: this store's staging folder in the store's folder (same disk; removed
        at :meth:`close`, and by the next writer if this process is killed), or the system default in memory."""
        if self.path is None:
            return None
        if self._scratch is None or not self._scratch.is_dir():
            self._scratch = self.path / f"{_STAGING}{os.getpid()}-{uuid.uuid4().hex[:12]}"
            self._scratch.mkdir(parents=True, exist_ok=True)
        return str(self._scratch)

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
        if info.account is not None:
            fields[P_ACCOUNT] = literal(json.dumps(info.account, ensure_ascii=False))
        if info.about is not None:
            fields[P_ABOUT] = literal(json.dumps(info.about, ensure_ascii=False))
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
