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

from graph_model.edits import Change, ChangeRecord, apply_change
from graph_model.store import GraphStore
from ingest.matching import record_decisions
from ontologies.errors import InputError

__all__ = ["decide_match"]


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
    record_decisions(store, accept=[(a, b)] if accept else [], reject=[] if accept else [(a, b)])
    verdict = "accepted" if accept else "rejected"
    return apply_change(store, Change(a, author, f"match {a} - {b}: {verdict}" + (f" ({note.strip()[:80]})" if note.strip() else ""),
                                      kind="decision:match",
                                      submitted={"a": a, "b": b, "accept": accept, "note": note}))
