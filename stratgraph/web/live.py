"""The store as the web app reads it: an immutable snapshot in memory, replaced when a source changes.

One process writes the store (the CLI's ``ingest``, ``sources remove``); the web app only reads it. It
holds one :class:`Snapshot` (the projection and the indexes built from it) and serves every request
from the snapshot it holds at that moment. A request that finds the store's folder changed (its
modification time: every ingest writes new files there) asks a background thread to re-read the
sources; when their live graphs differ, the thread loads the new projection (from a checkpoint of the
store, :meth:`graph_model.store.GraphStore.reading_copy`, so that a writer is not kept out however long
that takes, by however many worker processes), builds its indexes and only then swaps the snapshot in,
in one assignment. So an answer comes from the store before or after an ingest,
never from a half state, and no request waits for a reload: until the first snapshot is ready, pages
say what is being read (:attr:`LiveStore.step`). A new version with the projection served already (its
:func:`queries.projection.projection_key`: a reviewer's decision, a comment) keeps that projection and
its search and related indexes, and re-reads only the dates, the edit log and the decisions: on the real
list of 20,000 projects a decision's refresh took 7-9 s and takes 0.02-0.04 s. An accepted or undone
organisation match changes the projection's folds only: the snapshot keeps the projection before them
(:func:`queries.projection.load_unfolded`) and the new one folds the matches on top of it in memory
(:func:`queries.same_as.folded`, copy-on-write: the graph served is never changed), 0.1 s instead of 3-5 s. In public mode the
pseudonymised copy is kept between versions and updated a source at a time, and the version read last is
kept beside the store and served at a start while the store is read (:mod:`stratgraph.web.public_copy`).

Examples
--------
>>> import tempfile, pathlib
>>> from examples import EXAMPLE_DIR
>>> from graph_model.store import GraphStore
>>> from ingest.pipeline import ingest
>>> db = pathlib.Path(tempfile.mkdtemp()) / "city.db"
>>> with GraphStore(db) as store:
...     _ = ingest(EXAMPLE_DIR, store)
>>> live = LiveStore(db)
>>> live.refresh()  # what the background thread does
True
>>> snap = live.snapshot()
>>> snap.graph.type_of("P-HNR"), [h.id for h in snap.search_index().query("hiilineutraali")][:1]
('Project', ['P-HNR'])
>>> snap.remember(("twice",), lambda: [1]) is snap.remember(("twice",), lambda: [2])
True
"""

from __future__ import annotations

import hashlib
import logging
import os
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from graph_model.edits import edit_log, no_edit_meanwhile
from graph_model.review import pair_decisions
from graph_model.store import GraphStore, SourceInfo
from ontologies.errors import StoreError, StratgraphError
from queries.as_of import read_all_dated
from queries.projection import GraphData, load_graph, load_unfolded, projection_keys
from queries.same_as import folded, same_as_map

__all__ = ["LiveStore", "Snapshot"]

log = logging.getLogger("stratgraph.web")
#: Seconds between two looks at the store's folder (a look is one ``stat``).
CHECK_EVERY = 0.5
#: How many answers (searches, ideas) a snapshot keeps for when they are asked again.
ANSWERS_KEPT = 512
#: The indexes made from the projection alone: a new version with the same projection keeps them.
FROM_GRAPH_ONLY = ("search", "related")


@dataclass
class Snapshot:
    """One version of the store: its sources, its projection and indexes built on first use (each once)."""

    version: str
    sources: list[SourceInfo]
    graph: GraphData
    dated: Any = None  # queries.followup.DatedEdges: the periods of every dated relationship
    edits: Any = None  # graph_model.edits.EditLog: every change and comment on record, by entity
    decisions: Any = None  # graph_model.review.pair_decisions: reviewers' decisions on links and duplicates
    projection: str | None = None  # queries.projection.projection_key of the graph (None: not known)
    store_path: Path | None = None  # the store, whose cache folder keeps the related index (None: kept in memory)
    related_key: str | None = None  # what the related index is of, when not ``projection`` (public mode)
    #: The projection before the accepted matches are folded in (queries.projection.load_unfolded) and its
    #: key: a new version that differs in its matches only folds them on top of it, in memory.
    unfolded: GraphData | None = None
    unfolded_key: str | None = None
    #: The related index of the version before an accepted or undone match (the same projects and texts):
    #: this version's re-ranker takes over its n-gram vectors (queries.related.RelatedIndex.like).
    related_like: Any = None
    _built: dict[str, Any] = field(default_factory=dict, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)
    _locks: dict[str, threading.Lock] = field(default_factory=dict, repr=False)
    _answers: OrderedDict = field(default_factory=OrderedDict, repr=False)

    def cached(self, key: str, build) -> Any:
        """The value under ``key``, built by ``build()`` the first time (one build per key and snapshot)."""
        value = self._built.get(key)
        if value is None:
            with self._lock:  # one lock per key: a build may use other keys, and others need not wait
                key_lock = self._locks.setdefault(key, threading.Lock())
            with key_lock:
                value = self._built.get(key)
                if value is None:
                    value = self._built[key] = build()
        return value

    def remember(self, key: tuple, build) -> Any:
        """The answer under ``key``, kept among the :data:`ANSWERS_KEPT` last used of this version: the
        same search or idea asked again (paging, the download, another reader) is not worked out again.
        Two requests building one key at once may both build it (the same answer)."""
        with self._lock:
            if key in self._answers:
                self._answers.move_to_end(key)
                return self._answers[key]
        value = build()
        with self._lock:
            self._answers[key] = value
            while len(self._answers) > ANSWERS_KEPT:
                self._answers.popitem(last=False)
        return value

    def keep_indexes(self, older: Snapshot) -> None:
        """Take over the indexes :data:`FROM_GRAPH_ONLY` built for ``older``, a version with the same
        projection (the same ``graph`` object): a decision does not rebuild them; a related index not built
        yet takes over what ``older``'s would (:attr:`related_like`)."""
        for key in FROM_GRAPH_ONLY:
            if key in older._built:
                self._built[key] = older._built[key]
        if "related" not in older._built:
            self.related_like = older.related_like

    def ready(self, key: str) -> bool:
        """Whether ``key`` is built already."""
        return key in self._built

    def related_index(self):
        """The :class:`queries.related.RelatedIndex` of this version (one in memory per version), with its
        re-ranker: read from the store's related cache when a process built it for this projection before
        (a restart, the CLI), else built and written there (:func:`queries.related_cache.cached_index_of`),
        so that the seconds of the re-ranker's n-gram SVD are spent once per projection."""
        from queries.related_cache import cached_index_of

        key = self.related_key or self.projection
        path = self.store_path if key is not None else None
        folder = "public" if self.related_key else ""  # the pseudonymised graph's index beside the store's
        def build():
            index = cached_index_of(path, key, self.graph, folder=folder, like=self.related_like)
            self.related_like = None  # the version before may go
            return index
        return self.cached("related", build)

    def search_index(self):
        """The :class:`queries.search.SearchIndex` of this version."""
        from queries.search import SearchIndex

        return self.cached("search", lambda: SearchIndex.build(self.graph))


def _version(sources: list[SourceInfo]) -> str:
    key = hashlib.sha256()
    for s in sources:
        key.update(f"{s.name}|{s.graph}|{s.checksum}\n".encode())
    return key.hexdigest()[:16]


class LiveStore:
    """The served store: the current :class:`Snapshot` and the thread that refreshes it; with
    ``pseudonymise`` (public mode) the snapshot is read from a pseudonymised copy (persons as
    ``Henkilö <code>``, see :mod:`graph_model.pseudonymise`)."""

    def __init__(self, path: Path | str, *, pseudonymise: bool = False):
        self.path = Path(path)
        self.pseudonymise = pseudonymise  # public mode: persons as in `--pseudonymise`
        self.step = "starting"
        self.error: str | None = None
        self._snapshot: Snapshot | None = None
        self._seen_mtime: int | None = None
        self._checked = 0.0
        self._wake = threading.Event()
        self._thread: threading.Thread | None = None
        self._stop = False
        self._public = None  # public mode: the pseudonymised copy (stratgraph.web.public_copy.PublicCopy)
        #: Called with every new snapshot once it is served (work to start for it: the review queue's).
        self.listeners: list = []

    # -- reading -----------------------------------------------------------------------------------------
    def snapshot(self) -> Snapshot | None:
        """The current snapshot (None until the first is read); looks for changes at most every
        :data:`CHECK_EVERY` seconds and, when the folder changed, wakes the refresher."""
        now = time.monotonic()
        if now - self._checked >= CHECK_EVERY:
            self._checked = now
            if self._mtime() != self._seen_mtime:
                self._wake.set()
        return self._snapshot

    def _mtime(self) -> int | None:
        try:
            return os.stat(self.path).st_mtime_ns
        except OSError:
            return None

    def refresh(self, warm: tuple[str, ...] = ()) -> bool:
        """Re-read the sources; load a new snapshot if they changed. Return whether it was replaced.

        ``warm`` names indexes (``search``, ``related``) to build before a new version replaces the one
        served, so that readers never wait for them; the first version is served at once and warmed after.
        """
        mtime = self._mtime()
        if self._snapshot is None and self.pseudonymise:
            self._serve_last_read()
        self.step = "sources"
        kept = None
        with no_edit_meanwhile(self.path), GraphStore(self.path, read_only=True) as store:  # not mid-edit
            sources = store.sources()
            version = _version(sources)
            unchanged = self._snapshot is not None and self._snapshot.version == version
            keys = (None, None) if self.pseudonymise or unchanged else projection_keys(store)
            unfolded_key, projection = keys
            served = self._snapshot
            if not unchanged and projection is not None and served is not None and served.projection == projection:
                # a decision, a comment: the projection is as it was; only the small parts are re-read
                kept, copy, unfolded = served, None, served.unfolded
                read = (kept.graph, read_all_dated(store), edit_log(store), pair_decisions(store))
            elif not unchanged and unfolded_key is not None and served is not None \
                    and served.unfolded is not None and served.unfolded_key == unfolded_key:
                # an accepted or undone match: folded on the projection before the matches, in memory
                # (a new graph: the one served is not changed under its readers)
                copy, unfolded = None, served.unfolded
                read = (folded(unfolded, same_as_map(store)), read_all_dated(store), edit_log(store),
                        pair_decisions(store))
            elif not unchanged:
                try:
                    copy = store.reading_copy()  # the long read below must not keep a CLI ingest out
                except StoreError as exc:  # a folder we may not write to: nobody writes it meanwhile either
                    log.info("reading the store itself: %s", exc)
                    copy = None
                    read, unfolded = self._read(store, version)
        if unchanged:
            self._seen_mtime = mtime
            self._warm(self._snapshot, warm)  # a version read before the start: not warmed yet
            return False
        if copy is not None:
            try:
                read, unfolded = self._read(copy, version)
                # what was read
                unfolded_key, projection = (None, None) if self.pseudonymise else projection_keys(copy)
            finally:
                copy.close()
        fresh = Snapshot(version, sources, *read, projection=projection, store_path=Path(self.path),
                         related_key=self._public_key(version), unfolded=unfolded, unfolded_key=unfolded_key)
        if kept is not None:
            fresh.keep_indexes(kept)
        elif unfolded is not None and self._snapshot is not None and self._snapshot.unfolded is unfolded:
            older = self._snapshot  # only the matches differ: the same projects and texts
            fresh.related_like = older._built.get("related") or older.related_like
        if self._snapshot is not None:
            self._warm(fresh, warm)
        self._snapshot = fresh
        self._warm(fresh, warm)
        self._seen_mtime = mtime
        self.step = "ready"
        log.info("serving store version %s (%d sources)", version, len(sources))
        for listener in self.listeners:
            listener(fresh)
        return True

    def _read(self, store: GraphStore, version: str) -> tuple[tuple[GraphData, Any, Any, Any], GraphData | None]:
        """The graph, the dated relationships, the edit log and the pair decisions of ``store``, and the
        graph before its accepted matches were folded in (None in public mode); in public
        mode the graph, dates and edit log from the pseudonymised copy (persons named in comments too),
        kept between versions and updated a source at a time (:mod:`stratgraph.web.public_copy`), and
        read from a cache beside the store when this version was read before (a restart)."""
        self.step = "graph"
        if self.pseudonymise:
            from graph_model.pseudonymise import pseudonym_key
            from stratgraph.web.public_copy import PublicCopy, cached_read

            key = pseudonym_key(self.path)
            if self._public is None or self._public.key != key:
                self._public = PublicCopy(key)

            def read():
                self.step = "pseudonyms"
                copy = self._public.update(store)
                log.info("pseudonymised copy: %s", self._public.last)
                self.step = "graph"
                return load_graph(copy, cache=False), read_all_dated(copy), edit_log(copy), pair_decisions(store)

            graph, dated, edits, decisions = cached_read(self.path, version, key, read, store.sources())
            return (graph, dated, edits.pseudonymised(key), decisions), None  # no member of staff named either
        unfolded = load_unfolded(store)
        graph = folded(unfolded, same_as_map(store))  # as load_graph(store)
        return (graph, read_all_dated(store), edit_log(store), pair_decisions(store)), unfolded

    def _public_key(self, version: str, key: bytes | None = None) -> str | None:
        """In public mode, what the related index of ``version`` is of: the version read through this store's
        pseudonyms (``key``, by default the copy's; a digest: the pseudonymised graph is not the store's
        projection). None otherwise."""
        key = key if key is not None else (self._public.key if self._public is not None else None)
        if not self.pseudonymise or key is None:
            return None
        return hashlib.sha256(b"public|" + version.encode() + b"|" + key).hexdigest()

    def _serve_last_read(self) -> None:
        """Public mode, at a start: serve the version read last (kept beside the store by :meth:`_read`)
        until the store as it is now is read; an unchanged store then needs no read at all."""
        from graph_model.pseudonymise import pseudonym_key
        from stratgraph.web.public_copy import last_read

        self.step = "last version"
        key = pseudonym_key(self.path)
        kept = last_read(self.path, key)
        if kept is not None:
            version, sources, (graph, dated, edits, decisions) = kept
            self._snapshot = Snapshot(version, sources, graph, dated, edits.pseudonymised(key), decisions,
                                      store_path=Path(self.path), related_key=self._public_key(version, key))
            log.info("serving store version %s, read before the start, while the store is read", version)

    def _warm(self, snapshot: Snapshot, keys: tuple[str, ...]) -> None:
        for key in keys:
            if not snapshot.ready(key):
                self.step = f"index: {key}"
                getattr(snapshot, f"{key}_index")()
        self.step = "ready"

    # -- the background thread ---------------------------------------------------------------------------
    def start(self, warm: tuple[str, ...] = ("search", "related")) -> None:
        """Start the refresher thread: it reads the store now, then whenever :meth:`snapshot` saw a change;
        after each new snapshot it builds the indexes named in ``warm``."""
        if self._thread is not None:
            return
        self._wake.set()
        self._thread = threading.Thread(target=self._run, args=(warm,), name="stratgraph-refresh", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        """Ask the refresher thread to end (it is a daemon: it never holds the process)."""
        self._stop = True
        self._wake.set()

    def _run(self, warm: tuple[str, ...]) -> None:
        while not self._stop:
            self._wake.wait()
            self._wake.clear()
            if self._stop:
                return
            try:
                self.refresh(warm)
                self.error = None
            except (StratgraphError, OSError) as exc:
                self.error = str(exc)  # the old snapshot stays; the next change tries again
                log.warning("could not refresh the store: %s", exc)
                time.sleep(1.0)
