"""The review queue: the open suggestions a reviewer decides on (missing links, organisation match
candidates, possible duplicate projects) as JSON-able rows, and the handle's review methods (mixed into
:class:`stratgraph.api.handle.Stratgraph`). Decided pairs leave the queue and the analyses.

Examples
--------
>>> import stratgraph
>>> from examples import EXAMPLE_DIR
>>> with stratgraph.open(":memory:") as city:
...     _ = city.ingest(EXAMPLE_DIR)
...     queue = city.review_queue(top=3)
>>> [row["kind"] for row in queue], queue[0]["id"]
(['link', 'link', 'link'], 'link:U-LIIKENNE:U-LIIKUNTA')
"""

from __future__ import annotations

from graph_model.review import pair_decisions
from graph_model.store import GraphStore
from ingest.matching import find_candidates
from ontologies.errors import InputError
from queries.duplicates import possible_duplicates
from queries.links import missing_links
from queries.projection import GraphData
from stratgraph.api.rows import Rows

__all__ = ["QUEUE_COLUMNS", "review_queue", "review_parts", "open_counts", "ReviewMethods"]

QUEUE_COLUMNS = ["kind", "id", "a", "a_label", "b", "b_label", "score", "why"]


def review_queue(store: GraphStore, graph: GraphData, *, top: int = 20, level: str = "unit",
                 decided: dict | None = None, parts: dict | None = None) -> list[dict]:
    """The open items, up to ``top`` of each kind: ``link`` (a suggested missing link at ``level``),
    ``match`` (organisation match candidates waiting for review) and ``duplicate`` (possible duplicate
    projects). Each row has a stable ``id`` (``kind:a:b``) to decide it by. ``parts``: the costly parts
    (:func:`review_parts`) kept from an earlier version of the same organisations, projects and match
    decisions (a decision on a link or a duplicate changes none of them)."""
    decided = decided if decided is not None else pair_decisions(store)
    rows = []

    def row(kind: str, a: str, a_label: str, b: str, b_label: str, score: float, why: str) -> dict:
        return {"kind": kind, "id": f"{kind}:{a}:{b}", "a": a, "a_label": a_label, "b": b, "b_label": b_label,
                "score": round(float(score), 4), "why": why}

    try:
        for link in missing_links(graph, level, top=top, decided=decided.get("link", {})):
            rows.append(row("link", link.a, link.a_label, link.b, link.b_label, link.score, "; ".join(link.evidence)))
    except InputError:
        pass  # an empty store has no links to suggest
    parts = parts if parts is not None else review_parts(store, graph)
    for a, b, cand, state in parts["matches"]:
        if state == "review" and sum(r["kind"] == "match" for r in rows) < top:
            rows.append(row("match", a.id, a.name, b.id, b.name, cand.score, cand.reason))
    done = set(decided.get("duplicate", {}))
    for dup in [d for d in parts["duplicates"] if frozenset((d.a, d.b)) not in done][:top]:
        rows.append(row("duplicate", dup.a, dup.a_label, dup.b, dup.b_label, dup.similarity, dup.reason))
    return rows


def review_parts(store: GraphStore, graph: GraphData) -> dict:
    """What the queue costs to work out (20 s on a list of 20,000 projects and 12,000 organisations):
    ``matches`` (:func:`ingest.matching.find_candidates`) and ``duplicates`` (every possible duplicate,
    decided or not: the queue leaves out the decided ones).

    >>> {part: len(found) for part, found in review_parts(example_store, example_graph).items()}
    {'matches': 0, 'duplicates': 0}
    """
    try:
        duplicates = possible_duplicates(graph)
    except InputError:
        duplicates = []  # no projects, no duplicates
    return {"matches": find_candidates(store), "duplicates": duplicates}


def open_counts(parts: dict, decided: dict) -> dict[str, int]:
    """How many match candidates and possible duplicates wait for review in all (the queue shows the
    best ``top`` of each): ``parts`` from :func:`review_parts`, ``decided`` the reviewers' decisions.

    >>> open_counts({"matches": [], "duplicates": []}, {})
    {'match': 0, 'duplicate': 0}
    """
    done = set(decided.get("duplicate", {}))
    return {"match": sum(state == "review" for *_, state in parts["matches"]),
            "duplicate": sum(frozenset((d.a, d.b)) not in done for d in parts["duplicates"])}


class ReviewMethods:
    """Mixed into the handle: needs its ``store()`` and ``graph()``."""

    def pair_decisions(self) -> dict:
        """The reviewers' standing decisions on links and duplicates (:func:`graph_model.review.pair_decisions`)."""
        with self.store() as store:
            return pair_decisions(store)

    def review_queue(self, *, top: int = 20, level: str = "unit", parts: dict | None = None) -> Rows:
        """The open review items as rows (:func:`review_queue`; ``parts`` kept from :meth:`review_parts`)."""
        graph = self.graph()
        with self.store() as store:
            return Rows(review_queue(store, graph, top=top, level=level, decided=self.pair_decisions(),
                                     parts=parts), QUEUE_COLUMNS)

    def review_parts(self) -> dict:
        """The costly parts of the queue (:func:`review_parts`), to keep while they hold."""
        with self.store() as store:
            return review_parts(store, self.graph())
