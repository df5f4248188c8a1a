"""Review decisions on pairs, as changes on record: a suggested missing link accepted ("introduced",
with a note) or rejected (with a reason), and a possible duplicate project pair confirmed or called
distinct. A later decision on the same pair replaces the earlier one; every decision stays in the
history. (Organisation matches are kept in the decisions source that ``stratgraph match`` writes: see
:func:`ingest.review.decide_match`.)

Examples
--------
>>> from graph_model.store import SourceDraft
>>> from graph_model.terms import node_iri
>>> store = GraphStore(None)
>>> _ = store.replace_source(SourceDraft("c", "c", "x", "nt"), "".join(
...     f'<{node_iri(i)}> <urn:p> "x" .\\n' for i in ("U1", "U2")).encode())
>>> _ = decide_pair(store, "link", "U2", "U1", "rejected", author="rev", note="they met in 2024")
>>> pair_decisions(store)["link"][frozenset(("U1", "U2"))]["verdict"]
'rejected'
"""

from __future__ import annotations

import datetime as dt
import hashlib

from graph_model.edits import EDIT_NS, Change, ChangeRecord, Text, apply_change, triple, web_lines_about
from graph_model.store import GraphStore
from ontologies.errors import InputError

__all__ = ["VERDICTS", "DECISIONS_SOURCE", "decide_pair", "pair_decisions"]

#: The source that holds organisation match decisions (``stratgraph match``, the review queue's matches:
#: :mod:`ingest.matching`); named here so that the projection's cache can tell it from the data.
DECISIONS_SOURCE = "match-decisions"

#: The verdicts per kind of pair; the first accepts, the second rejects (and needs a reason).
VERDICTS = {"link": ("introduced", "rejected"), "duplicate": ("duplicate", "distinct")}
DECISION_PREFIX = "urn:stratgraph:decision:"
P_KIND, P_A, P_B, P_VERDICT, P_NOTE, P_BY, P_AT = (EDIT_NS + n for n in (
    "pairKind", "pairA", "pairB", "verdict", "note", "decidedBy", "decidedAt"))


def _iri(kind: str, a: str, b: str) -> str:
    x, y = sorted((a, b))
    return DECISION_PREFIX + kind + ":" + hashlib.sha1(f"{x}\x1f{y}".encode("utf-8")).hexdigest()[:20]


def decide_pair(store: GraphStore, kind: str, a: str, b: str, verdict: str, *, author: str, note: str = "",
                expected_version: str | None = None) -> ChangeRecord:
    """Record ``verdict`` on the pair (a, b) of ``kind`` (``link`` or ``duplicate``), on record under
    ``a``'s history; replaces an earlier decision on the pair.

    Raises
    ------
    InputError
        Unknown kind or verdict, a == b, or a rejection without a reason.
    """
    problems = []
    if kind not in VERDICTS:
        problems.append(f"kind: {kind!r} is not one of {', '.join(VERDICTS)}")
    elif verdict not in VERDICTS[kind]:
        problems.append(f"verdict: {verdict!r} is not one of {', '.join(VERDICTS[kind])}")
    elif verdict == VERDICTS[kind][1] and not note.strip():
        problems.append("note: a rejection needs its reason")
    if a == b:
        problems.append(f"pair: {a!r} twice")
    if problems:
        error = InputError("nothing was changed: " + "; ".join(problems))
        error.submitted = {"kind": kind, "a": a, "b": b, "verdict": verdict, "note": note}
        raise error
    d = _iri(kind, a, b)
    x, y = sorted((a, b))
    old = web_lines_about(store, d)
    now = dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
    new = [triple(d, P_KIND, Text(kind)), triple(d, P_A, Text(x)), triple(d, P_B, Text(y)),
           triple(d, P_VERDICT, Text(verdict)), triple(d, P_NOTE, Text(note.strip())), triple(d, P_BY, Text(author)),
           triple(d, P_AT, Text(now))]
    said = f"{kind} {a} - {b}: {verdict}" + (f" ({note.strip()[:80]})" if note.strip() else "")
    return apply_change(store, Change(a, author, said,
                                      add=new, remove=old, kind=f"decision:{kind}", expected_version=expected_version,
                                      submitted={"kind": kind, "a": a, "b": b, "verdict": verdict, "note": note}))


def pair_decisions(store: GraphStore) -> dict[str, dict[frozenset, dict]]:
    """The standing decisions by kind: pair -> verdict, note, author, time."""
    out: dict[str, dict[frozenset, dict]] = {kind: {} for kind in VERDICTS}
    rows = store.query(f"SELECT * WHERE {{ ?d <{P_KIND}> ?kind ; <{P_A}> ?a ; <{P_B}> ?b ; <{P_VERDICT}> ?v ; "
                       f"<{P_NOTE}> ?note ; <{P_BY}> ?by ; <{P_AT}> ?at }}")
    for r in rows:
        kind = r["kind"].value
        out.setdefault(kind, {})[frozenset((r["a"].value, r["b"].value))] = {
            "a": r["a"].value, "b": r["b"].value, "verdict": r["v"].value, "note": r["note"].value,
            "author": r["by"].value, "at": r["at"].value}
    return out
