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

from graph_model.edits import Change, ChangeRecord, apply_change, changes, get_change, revert
from graph_model.store import GraphStore
from ingest.matching import _root, decisions, group_of, not_orgs, record_decisions, undo_decision
from ontologies.errors import InputError, NotFoundError

__all__ = ["decide_match", "settle_match_decisions", "revert_change"]


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
    submitted = {"a": a, "b": b, "accept": accept, "note": note}
    if accept:  # which group joins which, so that a revert can split it off again
        (ra, members), (rb, _) = group_of(store, a), group_of(store, b)
        submitted["joined"] = {"from": ra, "to": rb, "members": members} if ra != rb else None
    # The record first, then the decision: a crash between the two leaves a record whose decision
    # settle_match_decisions (at the next decision, and when the app starts) carries out.
    record = apply_change(store, Change(a, author, said, kind="decision:match", submitted=submitted))
    record_decisions(store, accept=[(a, b)] if accept else [], reject=[] if accept else [(a, b)])
    return record


def settle_match_decisions(store: GraphStore) -> int:
    """Carry out the match decisions on record that the decisions source does not hold (a writer killed
    between the two writes of :func:`decide_match`); return how many. The newest decision on a pair counts.

    >>> settle_match_decisions(example_store)  # nothing on record: nothing to settle
    0
    """
    newest: dict[frozenset[str], dict] = {}
    records = changes(store)
    undone = _undone(records)
    for record in records:
        if record.kind == "decision:match" and isinstance(record.submitted, dict) and record.id not in undone:
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


def _undone(records) -> set[str]:
    """The ids of the changes a revert in force undoes (a revert that is itself reverted is not in force)."""
    by_id = {r.id: r for r in records}
    undoers: dict[str, list[str]] = {}
    for r in records:
        if r.reverts:
            undoers.setdefault(r.reverts, []).append(r.id)

    def in_force(ident: str, seen: frozenset = frozenset()) -> bool:
        return ident not in seen and not any(in_force(u, seen | {ident}) for u in undoers.get(ident, ()))

    return {r.reverts for r in records if r.reverts and r.reverts in by_id and in_force(r.id)}


def revert_change(store: GraphStore, change_id: str, author: str) -> ChangeRecord:
    """Undo change ``change_id`` by a new change on record, as :func:`graph_model.edits.revert` does; a
    match decision is taken back in the decisions source too (an accepted match splits off again, a
    rejected pair may be proposed again), and reverting that revert makes the decision again.

    >>> from graph_model.store import GraphStore
    >>> from ingest.pipeline import ingest
    >>> from examples import EXAMPLE_DIR
    >>> store = GraphStore(None)
    >>> _ = ingest(EXAMPLE_DIR, store, source="city")
    >>> made = decide_match(store, "SH-ULAPLAND", "SH-LAPINAMK", accept=True, author="rev")
    >>> decisions(store)[0]
    {'SH-ULAPLAND': 'SH-LAPINAMK'}
    >>> revert_change(store, made.id, "admin").kind, decisions(store)[0]
    ('revert', {})
    """
    original = get_change(store, change_id)
    record = revert(store, change_id, author)
    target = get_change(store, original.reverts) if original.kind == "revert" and original.reverts else original
    said = target.submitted if target.kind == "decision:match" and isinstance(target.submitted, dict) else None
    if said and {"a", "b"} <= said.keys():
        if target is original and said.get("accept") and "joined" in said and not said["joined"]:
            pass  # the two were one group already: the decision changed nothing, so nothing is taken back
        elif target is original:  # the decision is taken back
            undo_decision(store, a=said["a"], b=said["b"], accept=bool(said.get("accept")),
                          joined=said.get("joined"))
        elif said.get("accept"):  # the revert is taken back: the decision holds again
            record_decisions(store, accept=[(said["a"], said["b"])])
        else:
            record_decisions(store, reject=[(said["a"], said["b"])])
    return record
