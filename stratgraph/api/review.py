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

import hashlib
import json
import logging
import sys
from pathlib import Path

from graph_model.build_once import build_once
from graph_model.edits import EDITS_SOURCE
from graph_model.review import pair_decisions
from graph_model.store import GraphStore
from ingest import matching
from ingest.matching import DECISIONS_SOURCE, Candidate, OrgName, decisions, find_candidates, with_states
from ontologies.errors import InputError
from queries import duplicates as duplicates_module
from queries.duplicates import Duplicate, near_titles, possible_duplicates
from queries.links import missing_links
from queries.projection import GraphData
from stratgraph.api.rows import Rows

__all__ = ["QUEUE_COLUMNS", "review_queue", "review_parts", "cached_parts", "parts_key", "open_counts",
           "ReviewMethods"]

log = logging.getLogger("stratgraph.review")

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
    ``matches`` (:func:`ingest.matching.find_candidates`, decided ones too, with their states) and
    ``duplicates`` (every possible duplicate, decided or not: the queue leaves out the decided ones).

    >>> {part: len(found) for part, found in review_parts(example_store, example_graph).items()}
    {'matches': 0, 'duplicates': 0}
    """
    return {"matches": find_candidates(store, include_decided=True), "duplicates": _duplicates(graph)}


def _duplicates(graph: GraphData, near: list | None = None) -> list[Duplicate]:
    try:
        return possible_duplicates(graph, near=near)
    except InputError:
        return []  # no projects, no duplicates


def _near_titles(graph: GraphData) -> list[tuple[str, str, float]]:
    try:
        return near_titles(graph)
    except InputError:
        return []


#: The modules whose code makes the parts: a change to any of them makes new keys.
_CODE = (matching, sys.modules[__name__], duplicates_module)
_FORMAT = 2  # 2: the near-identical titles kept, not the duplicates


def parts_key(store: GraphStore, part: str) -> str:
    """The key of ``part`` (``matches``, ``titles`` or ``duplicates``) of the queue of ``store``'s present
    sources: every source but the web edits (a decision on a link or a duplicate) and the match decisions
    (they change the candidates' states only: :func:`ingest.matching.with_states`; the near-identical
    titles read projects only), for the duplicates the accepted matches instead (the projection folds
    matched organisations into one, and a duplicate says whether the two projects share their lead; a
    rejection changes nothing); and the code that works them out.

    >>> with GraphStore(None) as store:
    ...     len(parts_key(store, "matches")), parts_key(store, "matches") != parts_key(store, "duplicates")
    (32, True)
    """
    key = hashlib.sha256(f"{part}|format {_FORMAT}".encode())
    for module in _CODE:
        key.update(Path(module.__file__).read_bytes())
    for source in store.sources():
        if source.name not in (EDITS_SOURCE, DECISIONS_SOURCE):
            key.update(f"|{source.name}|{source.graph}|{source.checksum}".encode())
    if part == "duplicates":
        key.update(json.dumps(sorted(decisions(store)[0].items())).encode())
    return key.hexdigest()[:32]


def cached_parts(store: GraphStore, graph: GraphData, kept: dict | None = None) -> dict:
    """The parts of :func:`review_parts`, each taken from ``kept`` (a dict this fills: the parts in
    memory, by key), else from the store's cache folder (``<db>.cache/review-<part>-<key>.json``), else
    worked out (and written there). So a restart, or a decision, does not work them out again: a match decision only
    re-reads the match candidates' states (:func:`ingest.matching.with_states`); an accepted one puts the
    duplicates together again (it may make two projects' leads one) from the near-identical titles kept
    (:func:`queries.duplicates.near_titles`, the costly part: 9 s on the real list), a rejected one does not.

    >>> from graph_model.store import GraphStore
    >>> with GraphStore(example_db()) as store:  # an on-disk store of the example city (conftest.py)
    ...     first = cached_parts(store, example_graph)
    ...     files = sorted(p.name.split("-")[1] for p in store.cache_dir.glob("review-*"))
    ...     again = cached_parts(store, example_graph)
    >>> files, again == first
    (['matches', 'titles'], True)
    """
    kept = kept if kept is not None else {}
    work = {"matches": lambda: find_candidates(store, include_decided=True), "titles": lambda: _near_titles(graph)}
    parts = {}
    for part, build in work.items():
        key = parts_key(store, part)
        if key not in kept:
            path = store.cache_dir / f"review-{part}-{key}.json" if store.cache_dir is not None else None
            found = _read_part(path, part)
            if found is None:
                found = _built_once(path, part, build)
            if len(kept) > 6:  # versions gone by
                kept.clear()
            kept[key] = found
        parts[part] = kept[key]
    key = parts_key(store, "duplicates")  # the titles' pairs, ordered and marked by the leaders of this projection
    if key not in kept:
        kept[key] = _duplicates(graph, parts["titles"])
    parts["duplicates"] = kept[key]
    parts["matches"] = with_states(parts["matches"], decisions(store))
    return parts


def _built_once(path: Path | None, part: str, build) -> list:
    """Work ``part`` out and write it, unless another process (a worker of the same app) does so
    meanwhile: then its file is read (:func:`graph_model.build_once.build_once`)."""
    if path is None:
        return build()
    with build_once(path.with_name(f".review-{part}.lock")) as held:
        found = _read_part(path, part) if held else None
        if found is None:
            found = build()
            _write_part(path, part, found)
            log.info("review part %s worked out (%d rows)", part, len(found))
    return found


def _read_part(path: Path | None, part: str) -> list | None:
    if path is None:
        return None
    try:
        rows = json.loads(path.read_text(encoding="utf-8"))
        if part == "matches":
            return [(OrgName(**a), OrgName(**b), Candidate(**c), state) for a, b, c, state in rows]
        return [(a, b, float(similarity)) for a, b, similarity in rows]
    except (OSError, ValueError, TypeError):
        return None  # absent or damaged: worked out again


def _write_part(path: Path | None, part: str, found: list) -> None:
    if path is None:
        return
    if part == "matches":
        rows = [(a.__dict__, b.__dict__, c.as_dict(), state) for a, b, c, state in found]
    else:
        rows = [list(pair) for pair in found]
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        for old in path.parent.glob(f"review-{part}-*"):
            old.unlink(missing_ok=True)
        tmp = path.with_name(path.name + ".tmp")
        tmp.write_text(json.dumps(rows, ensure_ascii=False), encoding="utf-8")
        tmp.replace(path)
    except OSError:
        pass  # a place we may not write: the parts are worked out at the next start


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

    def review_parts(self, kept: dict | None = None) -> dict:
        """The costly parts of the queue (:func:`cached_parts`: from ``kept``, from the cache beside
        the store, else worked out)."""
        with self.store() as store:
            return cached_parts(store, self.graph(), kept)
