"""Possible duplicates: projects with the same or a near-identical title, under two codes or sources.

An organisation's project database imported twice, or one project listed under two codes, must not
look like twice the work. Titles are compared after :func:`title_key` (lower case, letters and digits
only, single spaces); two titles are near-identical when their keys are equal or their
:class:`difflib.SequenceMatcher` ratio is at least :data:`DUPLICATE_RATIO`. Only titles of at least
:data:`MIN_KEY_CHARS` characters can be near-identical without being equal, so that two different
acronyms (``KIT`` and ``KITE``) are not flagged.

Candidate pairs come from the word index (each title's :data:`NEIGHBOURS` most similar titles), so
the search is close to linear in the projects rather than comparing all pairs.

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


def possible_duplicates(graph: GraphData, *, min_ratio: float = DUPLICATE_RATIO) -> list[Duplicate]:
    """Pairs of projects with the same or a near-identical title, most similar first (then by ids).

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
    pairs: set[tuple[int, int]] = set()
    by_key: dict[str, list[int]] = {}
    for i, key in enumerate(keys):
        if key:
            by_key.setdefault(key, []).append(i)
    for rows in by_key.values():
        pairs.update((a, b) for n, a in enumerate(rows) for b in rows[n + 1:])
    index = TextIndex.build(ids, titles, load_analyser("plain"))
    found = index.neighbours(NEIGHBOURS)
    for i, row in enumerate(found.tolist()):
        pairs.update((min(i, j), max(i, j)) for j in row if j >= 0)
    leaders = dict(graph.edges.get("led_by", ()))
    out = []
    for a, b in pairs:
        similarity = 1.0 if keys[a] == keys[b] and keys[a] else near_identical(titles[a], titles[b])
        if similarity is None or similarity < min_ratio:
            continue
        reason = "same title" if keys[a] == keys[b] else "near-identical title"
        out.append(Duplicate(ids[a], ids[b], titles[a], titles[b], similarity, reason,
                             leaders.get(ids[a]) is not None and leaders.get(ids[a]) == leaders.get(ids[b])))
    return sorted(out, key=lambda d: (-d.similarity, d.a, d.b))
