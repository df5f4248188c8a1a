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

__all__ = ["Duplicate", "possible_duplicates", "near_identical", "title_key", "DUPLICATE_RATIO",
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
                        decided: Collection[frozenset] = ()) -> list[Duplicate]:
    """Pairs of projects with the same or a near-identical title, most similar first (then by ids);
    without the ``decided`` pairs (frozensets of two ids a reviewer confirmed or called distinct).

    Raises
    ------
    InputError
        When the graph holds no project.
    """
    ids = graph.ids_of(NodeType.PROJECT.value)
    if not ids:
        raise InputError("the store holds no projects; run `stratgraph demo` or `stratgraph ingest`")
    titles = [graph.labels.get(p, {}).get("fi") or graph.label(p) if graph.labels.get(p) else "" for p in ids]
    keys = [title_key(t) for t in titles]
    leaders = dict(graph.edges.get("led_by", ()))
    by_key: dict[str, list[int]] = {}
    for i, key in enumerate(keys):
        if key:
            by_key.setdefault(key, []).append(i)
    out = []
    for rows in by_key.values():  # one title: a chain (by leader), not every pair (5,270 of one real title)
        chain = sorted(rows, key=lambda r: (leaders.get(ids[r]) or "", r))
        out += [_pair(ids, titles, leaders, min(a, b), max(a, b), 1.0, "same title") for a, b in zip(chain, chain[1:])]
    firsts = [rows[0] for rows in by_key.values()]  # each title once: the candidate search is over titles
    index = TextIndex.build([ids[r] for r in firsts], [titles[r] for r in firsts], load_analyser("plain"))
    pairs = {(min(i, j), max(i, j)) for i, row in enumerate(index.neighbours(NEIGHBOURS).tolist()) for j in row
             if j >= 0}
    for i, j in pairs:
        a, b = sorted((firsts[i], firsts[j]))
        similarity = near_identical(titles[a], titles[b])
        if similarity is not None and similarity >= min_ratio:
            out.append(_pair(ids, titles, leaders, a, b, similarity, "near-identical title"))
    decided = set(decided)
    return sorted((d for d in out if frozenset((d.a, d.b)) not in decided), key=lambda d: (-d.similarity, d.a, d.b))


def _pair(ids: list[str], titles: list[str], leaders: dict[str, str], a: int, b: int, similarity: float,
          reason: str) -> Duplicate:
    same_leader = leaders.get(ids[a]) is not None and leaders.get(ids[a]) == leaders.get(ids[b])
    return Duplicate(ids[a], ids[b], titles[a], titles[b], similarity, reason, same_leader)
