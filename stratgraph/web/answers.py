"""Finished answers kept per store version: a page asked again is sent, not worked out again.

Every page route (:data:`stratgraph.web.pages.ALL_PAGES`) has the rule ``read``: its answer depends
only on the store version, the path, the query, the language and the day, never on who asks. The
access guard still decides per request who may read; the header's account part (who is logged in)
is added per request (:func:`stratgraph.web.site.with_whoami`), outside what is kept. So one
reader's answer can be sent to the next. In public mode the snapshot itself is pseudonymised, so a
kept answer is too.

:class:`Answers` keeps the last answers of the current version (bounded in bytes), and works each
one out once however many ask for it at the same moment (the others wait for that one). Work goes to
threads in lanes, one per page route: a heavy page's lane (a map, the scorecard, the overview: seconds
at nation scale on a new version) has one thread, a light one's (search, my idea, entity pages) a
few. So a burst of heavy work never takes every thread, and an answer waits only behind answers of its
own kind, never behind a slower kind (one queue for all let 30 ms entity pages wait behind 230 ms
related-project lists); the lanes share the cores (and the GIL) by turns. The
event loop answers kept ones itself, without a thread.

Examples
--------
>>> import asyncio
>>> answers = Answers(max_bytes=1_000)
>>> calls = []
>>> def work():
...     calls.append(1)
...     return Answer(200, [(b"content-type", b"application/json")], b'{"rows": []}')
>>> async def asked(version):
...     return await answers.answer(version, ("search.json", "q=a"), work)
>>> async def three_times():
...     (first, how), (again, how_again) = await asked("v1"), await asked("v1")
...     return how, how_again, first is again, (await asked("v2"))[1]  # a new version: worked out again
>>> asyncio.run(three_times()), len(calls), answers.counts()
(('new', 'kept', True, 'new'), 2, {'kept': 1, 'new': 2, 'answers': 1, 'bytes': 12})
"""

from __future__ import annotations

import asyncio
import datetime
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass

import anyio
import anyio.to_thread

__all__ = ["Answer", "Answers", "answer_key", "MAX_BYTES", "MAX_ANSWER_BYTES", "LIGHT_THREADS"]

#: Bytes of answers kept per worker (each worker keeps its own).
MAX_BYTES = 128 * 1024 * 1024
#: An answer larger than this (a whole list as xlsx) is sent but not kept.
MAX_ANSWER_BYTES = 8 * 1024 * 1024
#: Threads working out answers of one light page route at once per worker (CPU-bound work shares one
#: GIL, so more threads only interleave it; a few let a slow answer not hold up the next).
LIGHT_THREADS = 3


@dataclass(frozen=True)
class Answer:
    """A finished answer: status, headers (without content-length) and body."""

    status: int
    headers: list[tuple[bytes, bytes]]
    body: bytes

    @property
    def keepable(self) -> bool:
        """Whether the answer may be kept: a 200 (an error may be the store being busy) of bounded size."""
        return self.status == 200 and len(self.body) <= MAX_ANSWER_BYTES


def answer_key(path: str, fmt: str, lang: str, query: list[tuple[str, str]], day: datetime.date | None = None) -> tuple:
    """What an answer depends on besides the store version: the path, the suffix, the language, the query
    (its order does not matter, ``lang`` is in ``lang`` already) and the day (``owe`` and the
    scorecard's default date are today).

    >>> answer_key("/goals/G1.json", "json", "fi", [("size", "5"), ("page", "2"), ("lang", "fi")],
    ...            datetime.date(2026, 1, 2))
    ('/goals/G1.json', 'json', 'fi', (('page', '2'), ('size', '5')), '2026-01-02')
    """
    day = day or datetime.date.today()
    return path, fmt, lang, tuple(sorted((k, v) for k, v in query if k != "lang")), day.isoformat()


class Answers:
    """The kept answers of one store version (see the module), for one worker's event loop."""

    def __init__(self, max_bytes: int = MAX_BYTES, light_threads: int = LIGHT_THREADS):
        self.max_bytes = max_bytes
        self.light_threads = light_threads
        self._version: str | None = None
        self._kept: OrderedDict[tuple, Answer] = OrderedDict()
        self._bytes = 0
        self._pending: dict[tuple, asyncio.Future] = {}
        self._limiters: dict[str, anyio.CapacityLimiter] = {}
        self._counts = {"kept": 0, "new": 0}

    async def answer(self, version: str, key: tuple, work: Callable[[], Answer], lane: str = "",
                     heavy: bool = False) -> tuple[Answer, str]:
        """The answer under ``key`` for store ``version`` and how it came: ``kept``, or ``new``: ``work()``
        run in a thread of ``lane`` (one thread if ``heavy``; once, however many ask meanwhile) and kept if
        it may be."""
        if version != self._version:  # one version at a time: the older answers are never sent again
            self._version, self._kept, self._bytes, self._pending = version, OrderedDict(), 0, {}
        kept = self._kept.get(key)
        if kept is not None:
            self._kept.move_to_end(key)
            self._counts["kept"] += 1
            return kept, "kept"
        pending = self._pending.get(key)
        if pending is None:  # its own task: a reader who leaves does not cancel it for the others
            pending = self._pending[key] = asyncio.ensure_future(self._work(version, key, work, lane, heavy))
        return await asyncio.shield(pending), "new"

    async def _work(self, version: str, key: tuple, work: Callable[[], Answer], lane: str, heavy: bool) -> Answer:
        try:
            answer = await anyio.to_thread.run_sync(work, limiter=self._limiter(lane, heavy))
        finally:
            if version == self._version:
                self._pending.pop(key, None)
        self._counts["new"] += 1
        if version == self._version and answer.keepable:
            self._keep(key, answer)
        return answer

    def _limiter(self, lane: str, heavy: bool) -> anyio.CapacityLimiter:
        if lane not in self._limiters:  # made in the loop that uses it
            self._limiters[lane] = anyio.CapacityLimiter(1 if heavy else self.light_threads)
        return self._limiters[lane]

    def _keep(self, key: tuple, answer: Answer) -> None:
        self._kept[key] = answer
        self._bytes += len(answer.body)
        while self._bytes > self.max_bytes and self._kept:
            _, dropped = self._kept.popitem(last=False)
            self._bytes -= len(dropped.body)

    def counts(self) -> dict[str, int]:
        """Answers sent as kept and worked out (since start), and the answers and bytes kept now."""
        return {**self._counts, "answers": len(self._kept), "bytes": self._bytes}
