"""Possible duplicates: projects with the same or a near-identical title, under two codes or sources.

An organisation's project database imported twice, or one project listed under two codes, must not
look like twice the work. Titles are compared after :func:`title_key` (lower case, letters and digits
only, single spaces); two titles are near-identical when their keys are equal or their
:class:`difflib.SequenceMatcher` ratio is at least :data:`DUPLICATE_RATIO`. Only titles of at least
:data:`MIN_KEY_CHARS` characters can be near-identical without being equal, so that two different
acronyms (``KIT`` and ``KITE``) are not flagged.

Candidate pairs come from the word index (each title's :data:`NEIGHBOURS` most similar titles), so
the search is close to linear in the projects rather than comparing all pairs. Each distinct title
is searched once, and the projects that share one title are given as a chain of pairs (sorted by
their leader, so that pairs with the same leader come together), not as every pair: on the real
structural-funds list 5,270 projects are called "Investointi ja kehittäminen", which made 13.9
million pairs (6 minutes) where 5,269 say the same. A near-identical title is paired with the first
project (by id) of each title.

Examples
--------
>>> from queries.projection import GraphData
>>> g = GraphData(types={"A1": "Project", "B7": "Project", "C": "Project"},
...               labels={"A1": {"fi": "Matkailun kehittäminen Lapissa"},
...                       "B7": {"fi": "Matkailun kehittäminen Lapissa."}, "C": {"fi": "Koulujen ruoka"}})
>>> [(d.a, d.b, d.similarity, d.reason) for d in possible_duplicates(g)]
[('A1', 'B7', 1.0, 'same title')]
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Collection
from dataclasses import dataclass

import numpy as np

from graph_model.schema_types import NodeType
from ontologies.errors import InputError
from queries.projection import GraphData
from queries.text_analysis import load_analyser
from queries.text_similarity import TextIndex

__all__ = ["Duplicate", "possible_duplicates", "near_titles", "near_identical", "title_key", "DUPLICATE_RATIO",
           "MIN_KEY_CHARS", "NEIGHBOURS"]

#: Titles at least this similar (difflib ratio of their keys) are near-identical.
DUPLICATE_RATIO = 0.92
#: Shorter keys must be equal to be duplicates.
MIN_KEY_CHARS = 12
#: How many most similar titles of each title are compared.
NEIGHBOURS = 5
_NOT_ALNUM = re.compile(r"[\W_]+", re.UNICODE)


@dataclass
class Duplicate:
    """Two projects whose titles are the same or near-identical."""

    a: str
    b: str
    a_label: str
    b_label: str
    similarity: float
    reason: str
    same_leader: bool

    def as_dict(self) -> dict:
        """The pair as a plain dict (for JSON and tables)."""
        return dict(self.__dict__)


def title_key(title: str) -> str:
    """A title for comparison: lower case, letters and digits only, single spaces.

    >>> title_key("  KIT -projekti: Koulutus,  työ! ")
    'kit projekti koulutus työ'
    """
    return " ".join(_NOT_ALNUM.sub(" ", title.lower()).split())


def near_identical(title: str, other: str) -> float | None:
    """The similarity (difflib ratio of the keys) when the titles are near-identical, else None.

    >>> near_identical("Matkailun kehittäminen Lapissa", "Matkailun kehittäminen Lapissa II")
    0.952
    >>> near_identical("KIT", "KITE") is None, near_identical("", "") is None
    (True, True)
    """
    a, b = title_key(title), title_key(other)
    if not a or not b:
        return None
    if a == b:
        return 1.0
    if min(len(a), len(b)) < MIN_KEY_CHARS:
        return None
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    if matcher.real_quick_ratio() < DUPLICATE_RATIO or matcher.quick_ratio() < DUPLICATE_RATIO:
        return None  # upper bounds of the ratio: most pairs stop here
    ratio = matcher.ratio()
    return round(ratio, 3) if ratio >= DUPLICATE_RATIO else None


def possible_duplicates(graph: GraphData, *, min_ratio: float = DUPLICATE_RATIO,
                        decided: Collection[frozenset] = (), near: list[tuple[str, str, float]] | None = None
                        ) -> list[Duplicate]:
    """Pairs of projects with the same or a near-identical title, most similar first (then by ids);
    without the ``decided`` pairs (frozensets of two ids a reviewer confirmed or called distinct).
    ``near``: :func:`near_titles` of a graph with the same projects and titles (kept by the review queue:
    an accepted organisation match changes the leaders, which order and mark the pairs, not the titles).

    Raises
    ------
    InputError
        When the graph holds no project.
    """
    ids, titles, keys = _titles(graph)
    near = near_titles(graph) if near is None else near
    leaders = dict(graph.edges.get("led_by", ()))
    by_key: dict[str, list[int]] = {}
    for i, key in enumerate(keys):
        if key:
            by_key.setdefault(key, []).append(i)
    out = []
    for rows in by_key.values():  # one title: a chain (by leader), not every pair (5,270 of one real title)
        chain = sorted(rows, key=lambda r: (leaders.get(ids[r]) or "", r))
        out += [_pair(ids, titles, leaders, min(a, b), max(a, b), 1.0, "same title") for a, b in zip(chain, chain[1:])]
    row_of = {ident: n for n, ident in enumerate(ids)}
    for a, b, similarity in near:
        if similarity >= min_ratio and a in row_of and b in row_of:
            out.append(_pair(ids, titles, leaders, row_of[a], row_of[b], similarity, "near-identical title"))
    decided = set(decided)
    return sorted((d for d in out if frozenset((d.a, d.b)) not in decided), key=lambda d: (-d.similarity, d.a, d.b))


def near_titles(graph: GraphData) -> list[tuple[str, str, float]]:
    """The pairs of projects ``(a, b, similarity)``, ``a < b``, whose different titles are near-identical:
    the costly part of :func:`possible_duplicates` (a word index over the titles, then difflib), which
    reads the projects' ids and titles only. A near-identical title is paired with the first project
    (by id) of each title.

    >>> g = GraphData(types={"A1": "Project", "B7": "Project"},
    ...               labels={"A1": {"fi": "Matkailun kehittäminen Lapissa"},
    ...                       "B7": {"fi": "Matkailun kehittäminen Lapissa II"}})
    >>> near_titles(g)
    [('A1', 'B7', 0.952)]

    Raises
    ------
    InputError
        When the graph holds no project.
    """
    ids, titles, keys = _titles(graph)
    first_of: dict[str, int] = {}
    for i, key in enumerate(keys):
        if key:
            first_of.setdefault(key, i)
    firsts = list(first_of.values())  # each title once: the candidate search is over titles
    index = TextIndex.build([ids[r] for r in firsts], [titles[r] for r in firsts], load_analyser("plain"))
    pairs = {(min(i, j), max(i, j)) for i, row in enumerate(index.neighbours(NEIGHBOURS).tolist()) for j in row
             if j >= 0}
    out = []
    for i, j in pairs:
        a, b = sorted((firsts[i], firsts[j]))
        similarity = near_identical(titles[a], titles[b])
        if similarity is not None:
            out.append((ids[a], ids[b], similarity))
    return sorted(out)


def _titles(graph: GraphData) -> tuple[list[str], list[str], list[str]]:
    """The projects' ids (sorted), titles and :func:`title_key` s."""
    ids = graph.ids_of(NodeType.PROJECT.value)
    if not ids:
        raise InputError("the store holds no projects; run `stratgraph demo` or `stratgraph ingest`")
    titles = [graph.labels.get(p, {}).get("fi") or graph.label(p) if graph.labels.get(p) else "" for p in ids]
    return ids, titles, [title_key(t) for t in titles]


def _pair(ids: list[str], titles: list[str], leaders: dict[str, str], a: int, b: int, similarity: float,
          reason: str) -> Duplicate:
    same_leader = leaders.get(ids[a]) is not None and leaders.get(ids[a]) == leaders.get(ids[b])
    return Duplicate(ids[a], ids[b], titles[a], titles[b], similarity, reason, same_leader)
