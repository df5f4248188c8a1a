"""Organisation match decisions from the review queue: stored in the decisions source that
``stratgraph match`` writes (:func:`ingest.matching.record_decisions`), so the analyses fold accepted
matches into one node as they do for the CLI's, and kept on record (who, when, why) as a change.

Examples
--------
>>> from graph_model.store import GraphStore
>>> from ingest.pipeline import ingest
>>> from examples import EXAMPLE_DIR
>>> store = GraphStore(None)
>>> _ = ingest(EXAMPLE_DIR, store, source="city")
>>> decide_match(store, "SH-ULAPLAND", "SH-LAPINAMK", accept=False, author="rev", note="two schools").kind
'decision:match'
"""

from __future__ import annotations

from graph_model.edits import Change, ChangeRecord, apply_change, changes
from graph_model.store import GraphStore
from ingest.matching import _root, decisions, not_orgs, record_decisions
from ontologies.errors import InputError, NotFoundError

__all__ = ["decide_match", "settle_match_decisions"]


def decide_match(store: GraphStore, a: str, b: str, *, accept: bool, author: str, note: str = "") -> ChangeRecord:
    """Accept (``a`` joins ``b``'s canonical id) or reject the match of organisations ``a`` and ``b``.

    Raises
    ------
    NotFoundError
        An id is not an organisation in the store.
    InputError
        ``a == b``, or a rejection without a reason.
    """
    if not accept and not note.strip():
        error = InputError("nothing was changed: note: a rejection needs its reason")
        error.submitted = {"a": a, "b": b, "accept": accept, "note": note}
        raise error
    settle_match_decisions(store)
    for ident in not_orgs(store, (a, b)):
        raise NotFoundError(f"no organisation {ident!r} in the store")
    if a == b:
        raise InputError(f"{a!r} cannot be matched with itself")
    verdict = "accepted" if accept else "rejected"
    said = f"match {a} - {b}: {verdict}" + (f" ({note.strip()[:80]})" if note.strip() else "")
    # The record first, then the decision: a crash between the two leaves a record whose decision
    # settle_match_decisions (at the next decision, and when the app starts) carries out.
    record = apply_change(store, Change(a, author, said, kind="decision:match",
                                        submitted={"a": a, "b": b, "accept": accept, "note": note}))
    record_decisions(store, accept=[(a, b)] if accept else [], reject=[] if accept else [(a, b)])
    return record


def settle_match_decisions(store: GraphStore) -> int:
    """Carry out the match decisions on record that the decisions source does not hold (a writer killed
    between the two writes of :func:`decide_match`); return how many. The newest decision on a pair counts.

    >>> settle_match_decisions(example_store)  # nothing on record: nothing to settle
    0
    """
    newest: dict[frozenset[str], dict] = {}
    for record in changes(store):
        if record.kind == "decision:match" and isinstance(record.submitted, dict):
            newest[frozenset((record.submitted.get("a"), record.submitted.get("b")))] = record.submitted
    if not newest:
        return 0
    accepted, rejected = decisions(store)
    accept, reject = [], []
    for pair, said in newest.items():
        a, b = said.get("a"), said.get("b")
        if said.get("accept") and _root(a, accepted) != _root(b, accepted):
            accept.append((a, b))
        elif not said.get("accept") and pair not in rejected:
            reject.append((a, b))
    if accept or reject:
        record_decisions(store, accept=accept, reject=reject)
    return len(accept) + len(reject)
