"""The review queue of each store version, worked out in a background thread so that no page waits for it.

On the real 2007-2013 list (20,000 projects, 12,000 organisations) the queue's match candidates and
possible duplicates take about 20 s to work out. :class:`ReviewWork` starts that work when the app
reads a new version of the store (the refresher calls :meth:`ReviewWork.prepare`) or when the queue is
asked for first; a request waits at most :attr:`ReviewWork.wait` seconds for it, then the page says
that the queue is being worked out and reloads itself (the JSON answers 503 with ``Retry-After``).
The costly parts are kept in memory and beside the store (:func:`stratgraph.api.review.cached_parts`),
so a restart reads them back, and a decision works out only what it changed.

The work reads a checkpoint of the store (:meth:`graph_model.store.GraphStore.reading_copy`): a
reviewer's decision, which writes the store, is not kept waiting by it.

Examples
--------
>>> import tempfile, pathlib
>>> from examples import EXAMPLE_DIR
>>> from graph_model.store import GraphStore
>>> from ingest.pipeline import ingest
>>> from stratgraph.web.live import LiveStore
>>> db = pathlib.Path(tempfile.mkdtemp()) / "city.db"
>>> with GraphStore(db) as store:
...     _ = ingest(EXAMPLE_DIR, store)
>>> live = LiveStore(db)
>>> _ = live.refresh()
>>> work = ReviewWork(db, wait=30)
>>> rows, totals = work.queue(live.snapshot())
>>> rows[0]["kind"], totals
('link', {'match': 0, 'duplicate': 0})
>>> work.queue(live.snapshot())[0] is rows  # once per version
True
"""

from __future__ import annotations

import logging
import threading
from concurrent.futures import Future, ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from pathlib import Path

from graph_model.edits import no_edit_meanwhile
from graph_model.store import GraphStore
from ontologies.errors import StoreError
from stratgraph.api.review import cached_parts, open_counts, review_parts, review_queue

__all__ = ["ReviewWork", "WAIT"]

log = logging.getLogger("stratgraph.web")
#: Seconds a request waits for its version's queue before the page says it is being worked out.
WAIT = 2.0
_VERSIONS_KEPT = 2


class ReviewWork:
    """The review queue (rows and totals) of each store version, worked out one version at a time in a
    background thread; ``wait``: seconds a request waits for it (:data:`WAIT`)."""

    def __init__(self, db: Path | str, *, wait: float | None = None):
        self.db = Path(db)
        self.wait = WAIT if wait is None else wait  # read when made, so a test on a loaded machine can widen it
        self._kept: dict = {}  # the costly parts by key (stratgraph.api.review.cached_parts)
        self._jobs: dict[str, Future] = {}
        self._lock = threading.Lock()
        self._pool = ThreadPoolExecutor(1, thread_name_prefix="stratgraph-review")

    def prepare(self, snapshot) -> Future:
        """Start working out the queue of ``snapshot`` (once per version); the refresher calls this for
        every new version, so the queue is ready before a reviewer asks."""
        with self._lock:
            job = self._jobs.get(snapshot.version)
            if job is None:
                job = self._jobs[snapshot.version] = self._pool.submit(self._work, snapshot)
                for version in list(self._jobs)[:-_VERSIONS_KEPT]:  # the oldest versions go
                    del self._jobs[version]
            return job

    def queue(self, snapshot, wait: float | None = None) -> tuple[list[dict], dict[str, int]] | None:
        """The open review items of ``snapshot`` and how many of each kind wait in all; None while they
        are still being worked out after ``wait`` seconds (default :attr:`wait`)."""
        job = self.prepare(snapshot)
        try:
            return job.result(timeout=self.wait if wait is None else wait)
        except FutureTimeout:
            return None
        except Exception:
            with self._lock:  # a failed try (a store held, a file gone) is tried again at the next ask
                if self._jobs.get(snapshot.version) is job:
                    del self._jobs[snapshot.version]
            raise

    def _work(self, snapshot) -> tuple[list[dict], dict[str, int]]:
        from stratgraph.web.live import _version

        with no_edit_meanwhile(self.db), GraphStore(self.db, read_only=True) as store:
            try:
                copy = store.reading_copy()  # a decision meanwhile must not wait for the 20 s below
            except StoreError:  # a folder we may not write to: nobody writes the store from here either
                return self._rows(store, snapshot, keep=True)
        try:
            # the store changed since the snapshot was read: its parts are not this version's to keep
            return self._rows(copy, snapshot, keep=_version(copy.sources()) == snapshot.version)
        finally:
            copy.close()

    def _rows(self, store: GraphStore, snapshot, keep: bool) -> tuple[list[dict], dict[str, int]]:
        decided = snapshot.decisions if snapshot.decisions is not None else {}
        parts = cached_parts(store, snapshot.graph, self._kept) if keep else review_parts(store, snapshot.graph)
        rows = review_queue(store, snapshot.graph, decided=decided, parts=parts)
        log.info("review queue of store version %s worked out", snapshot.version)
        return rows, open_counts(parts, decided)
