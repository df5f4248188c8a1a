"""Public mode's pseudonymised copy of the store, kept between versions and updated a source at a time.

Pseudonymising a region store whole takes about 40 s (every literal is searched for every person's
name forms). What a source's quads become depends only on those quads and on the persons of the whole
store (their types and labels, :func:`graph_model.pseudonymise.person_quads`), so when a CLI ingest or
removal leaves the persons as they were, :class:`PublicCopy` drops the graphs of the sources that went,
pseudonymises only the graphs of the new ones and rewrites the small graph of source records; when the
persons changed, it pseudonymises every source again. Either way the copy holds the same quads as one
built from scratch (tests/stratgraph/web/test_public_copy.py checks that equality).

:func:`cached_read` keeps what the app reads from the copy (the projection, the dated relationships and
the edit log) in a pickle beside the store, keyed by the store's version and the pseudonym key, so a
restart on an unchanged store does not pseudonymise at all, and a restart on a changed one serves the
version read last (:func:`last_read`) while it reads the new one.

Examples
--------
>>> db = example_db()  # a new on-disk store holding the example city (see conftest.py)
>>> public = PublicCopy(b"key")
>>> with GraphStore(db, read_only=True) as store:
...     copy = public.update(store)
>>> public.last  # the first update pseudonymises every source
'full'
>>> any("Henkilö" in str(q.object) for q in copy.quads())
True
"""

from __future__ import annotations

import hashlib
import os
import pickle
from pathlib import Path
from typing import Any, Callable

import pyoxigraph as ox

from graph_model.pseudonymise import Pseudonymiser, person_quads
from graph_model.store import GraphStore
from graph_model.terms import META_GRAPH

__all__ = ["PublicCopy", "cached_read", "last_read"]

#: Bump when what :func:`cached_read` keeps changes shape (or pseudonymisation changes what it writes).
_CACHE_VERSION = 1


class PublicCopy:
    """A pseudonymised in-memory copy of a store's live sources, updated by :meth:`update`."""

    def __init__(self, key: bytes):
        self.key = key
        self.copy: GraphStore | None = None
        self.last = ""  # how the last update went: "full" or "incremental (N new, M gone)"
        self._persons: str | None = None  # a digest of the persons the copy was made with
        self._graphs: set[str] = set()  # the source graphs the copy holds
        self._pseudonymiser: Pseudonymiser | None = None  # made from those persons

    def update(self, store: GraphStore) -> GraphStore:
        """The copy, brought to ``store``'s live sources (the store is only read)."""
        persons = person_quads(store)
        digest = hashlib.sha256("\n".join(str(q) for q in persons).encode()).hexdigest()
        live = {s.graph for s in store.sources()}
        if self.copy is None or digest != self._persons:
            self._pseudonymiser = Pseudonymiser(persons, self.key)  # a second at region scale: kept too
            self.copy, todo, gone = GraphStore(None), live, set()
            self.last = "full"
        else:
            todo, gone = live - self._graphs, self._graphs - live
            self.last = f"incremental ({len(todo)} new, {len(gone)} gone)"
        target = self.copy.oxigraph
        for graph in gone:
            target.remove_graph(ox.NamedNode(graph))
        pseudonymiser = self._pseudonymiser
        for graph in sorted(todo):
            target.extend(pseudonymiser.quads(store.oxigraph.quads_for_pattern(None, None, None, ox.NamedNode(graph))))
        meta = ox.NamedNode(META_GRAPH)  # the source records: small, and every change rewrites them
        if self.last != "full":
            target.remove_graph(meta)
        target.extend(pseudonymiser.quads(store.oxigraph.quads_for_pattern(None, None, None, meta)))
        self._persons, self._graphs = digest, live
        return self.copy


def _kept(db: Path, key: bytes) -> tuple[Path, str]:
    """The folder of the kept reads and the start of the names of those read with ``key`` (a digest)."""
    return Path(f"{db}.cache"), "public-" + hashlib.sha256(f"{_CACHE_VERSION}|".encode() + key).hexdigest()[:16]


def cached_read(db: Path, version: str, key: bytes, read: Callable[[], Any], sources: Any = None) -> Any:
    """``read()``, kept in ``<db>.cache/public-<key>-<version>.pickle`` for the store version ``version``
    read with the pseudonym key ``key`` (only a digest of the key names the file; the value holds
    pseudonyms only), with ``sources`` (the version's sources, for :func:`last_read`). Only the last
    version is kept. A broken or unwritable cache costs only the time of ``read()``.

    >>> import tempfile, pathlib
    >>> db = pathlib.Path(tempfile.mkdtemp()) / "city.db"
    >>> cached_read(db, "v1", b"k", lambda: [1]), cached_read(db, "v1", b"k", lambda: [2])
    ([1], [1])
    >>> cached_read(db, "v2", b"k", lambda: [3]), len(list(pathlib.Path(f"{db}.cache").glob("public-*")))
    ([3], 1)
    """
    folder, stem = _kept(db, key)
    path = folder / f"{stem}-{hashlib.sha256(version.encode()).hexdigest()[:16]}.pickle"
    try:
        with path.open("rb") as handle:
            return pickle.load(handle)[2]
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, IndexError, TypeError):
        pass
    value = read()
    try:
        folder.mkdir(exist_ok=True)
        for old in folder.glob("public-*.pickle"):
            old.unlink(missing_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")  # workers write it at once
        with tmp.open("wb") as handle:
            pickle.dump((version, sources, value), handle, protocol=pickle.HIGHEST_PROTOCOL)
        tmp.replace(path)
    except OSError:
        pass  # a read-only place only costs the next start its time
    return value


def last_read(db: Path, key: bytes) -> tuple[str, Any, Any] | None:
    """(version, sources, value) of the last :func:`cached_read` of the store at ``db`` with ``key``; None
    when there is none. The app serves it at a start while it reads the store as it is now (a version
    the store had: an answer from it is one from the store before the changes made while it was down).

    >>> import tempfile, pathlib
    >>> db = pathlib.Path(tempfile.mkdtemp()) / "city.db"
    >>> last_read(db, b"k"), cached_read(db, "v1", b"k", lambda: [1], sources=["a"])
    (None, [1])
    >>> last_read(db, b"k"), last_read(db, b"another key")
    (('v1', ['a'], [1]), None)
    """
    folder, stem = _kept(db, key)
    for path in folder.glob(f"{stem}-*.pickle"):
        try:
            with path.open("rb") as handle:
                version, sources, value = pickle.load(handle)
            return version, sources, value
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ValueError, TypeError):
            continue
    return None
