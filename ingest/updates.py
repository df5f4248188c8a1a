"""Owners' updates as web edits on record: an observation of a metric, a status narrative, actions,
milestones and comments. Each function checks its input (every problem at once), writes one change
through :func:`graph_model.edits.apply_change` and returns its record.

The nodes these make are the schema's own (``Observation``, ``StatusNarrative``, ``Action``,
``Milestone``), so the follow-up, the pages and the Neo4j projection read them like a file's; their ids
start with ``WEB-`` so that a spreadsheet never defines the same id. ``expected_version`` is the target's
:func:`~graph_model.edits.entity_version` the caller saw (its ETag); a stale one raises
:class:`~ontologies.errors.ConflictError` carrying the caller's input.

Examples
--------
>>> import datetime
>>> from graph_model.store import GraphStore
>>> from ingest.pipeline import ingest
>>> from examples import EXAMPLE_DIR
>>> store = GraphStore(None)
>>> _ = ingest(EXAMPLE_DIR, store, source="city")
>>> rec = observe(store, "M-VAKILUKU", "66000", on=datetime.date(2025, 6, 30), author="ann", comment="<b>up</b>")
>>> rec.kind, rec.entity
('observe', 'M-VAKILUKU')
>>> [c.text for c in comments_on(store, "M-VAKILUKU")]
[]
>>> comment(store, "M-VAKILUKU", "<script>x</script>", author="bob").kind
'comment'
>>> [c.text for c in comments_on(store, "M-VAKILUKU")]
['<script>x</script>']
"""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal, InvalidOperation

import pyoxigraph as ox

from graph_model.edits import MAX_TEXT, Change, ChangeRecord, Text, apply_change, comment, comments_on, triple, web_lines_about
from graph_model.schema_types import ActionState
from graph_model.store import GraphStore
from graph_model.terms import RDF_TYPE, node_iri
from ontologies.errors import InputError, NotFoundError
from ontologies.schema import load_schema

__all__ = ["observe", "write_narrative", "add_action", "update_action", "add_milestone", "MAX_TEXT"]

_TARGETS = {"Goal", "Metric"}
_ANSWERERS = {"Person", "Unit", "Sector", "Role"}


def _iri(name: str) -> str:
    schema = load_schema()
    if name in schema.node_types:
        return schema.expand(schema.node_types[name].iri)
    if name in schema.relations:
        return schema.expand(schema.relations[name].iri)
    return schema.expand(schema.properties[name].iri)


def _type_of(store: GraphStore, ident: str) -> str | None:
    sg = load_schema().namespaces["sg"]
    for row in store.query(f"SELECT * WHERE {{ ?s <{RDF_TYPE}> ?t }}", {"s": node_iri(ident)}):
        if row["t"].value.startswith(sg):
            return row["t"].value[len(sg):]
    return None


def _require(store: GraphStore, ident: str, kinds: set[str], what: str, problems: list[str]) -> None:
    kind = _type_of(store, ident)
    if kind is None:
        problems.append(f"{what}: no {' or '.join(sorted(kinds)).lower()} {ident!r} in the store")
    elif kind not in kinds:
        problems.append(f"{what}: {ident!r} is a {kind}, not a {' or '.join(sorted(kinds))}")


def _text_field(text: str | None, what: str, problems: list[str], *, required: bool = True) -> str:
    text = (text or "").strip()
    if required and not text:
        problems.append(f"{what}: empty")
    if len(text) > MAX_TEXT:
        problems.append(f"{what}: {len(text):,} characters; at most {MAX_TEXT:,}")
    return text


def _date_field(value: dt.date | str | None, what: str, problems: list[str]) -> dt.date | None:
    if value is None or value == "" or isinstance(value, dt.date):
        return value or None
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        problems.append(f"{what}: {str(value)[:40]!r} is not a date (YYYY-MM-DD)")
        return None


def _raise(problems: list[str], submitted: dict) -> None:
    if problems:
        error = InputError("nothing was changed: " + "; ".join(problems))
        error.submitted = submitted  # the form keeps what was typed
        raise error


def _node(ident: str, type_name: str, values: list[tuple[str, object, str | None]], author: str) -> list[str]:
    s = node_iri(ident)
    lines = [triple(s, RDF_TYPE, _iri(type_name)), triple(s, _iri("id"), Text(ident)),
             triple(s, _iri("source_row"), Text(f"web!{author}"))]
    for name, value, lang in values:
        if value is None or value == "":
            continue
        if lang:
            lines.append(f"<{s}> <{_iri(name)}> {ox.Literal(str(value), language=lang)} .")
        else:
            lines.append(triple(s, _iri(name), Text(value) if isinstance(value, str) else value))
    return lines


def _new_id(kind: str, target: str) -> str:
    return f"WEB-{kind}-{target}-{uuid.uuid4().hex[:8]}"


def observe(store: GraphStore, metric: str, value: str | float | Decimal, *, on: dt.date | str, author: str,
            comment: str = "", expected_version: str | None = None) -> ChangeRecord:
    """Record an observation of ``metric``: ``value`` on day ``on``, with an optional comment.

    The follow-up counts it in the year of ``on``; a dated observation comes before a yearly
    spreadsheet row of the same year (it is newer, and says who entered it).
    """
    submitted = {"metric": metric, "value": str(value), "on": str(on), "comment": comment}
    problems: list[str] = []
    _require(store, metric, {"Metric"}, "metric", problems)
    try:
        number = Decimal(str(value).strip().replace(",", ".").replace("\u2212", "-"))
        if not number.is_finite():
            raise InvalidOperation
    except (InvalidOperation, ValueError):
        problems.append(f"value: {str(value)[:40]!r} is not a number")
        number = None
    day = _date_field(on, "date", problems)
    if day is None and not any(p.startswith("date") for p in problems):
        problems.append("date: missing")
    note = _text_field(comment, "comment", problems, required=False)
    _raise(problems, submitted)
    ident = _new_id("OBS", metric)
    lines = _node(ident, "Observation", [("label", f"{metric} {day.isoformat()}", "fi"), ("year", day.year, None),
                                         ("value", number, None), ("observed_on", day, None),
                                         ("description", note, "fi")], author)
    lines.append(triple(node_iri(ident), _iri("observation_of"), node_iri(metric)))
    return apply_change(store, Change(metric, author, f"observation {number} on {day.isoformat()}"
                                      + (f": {note[:80]}" if note else ""), add=lines, kind="observe",
                                      expected_version=expected_version, submitted=submitted))


def write_narrative(store: GraphStore, target: str, text: str, *, period: str, author: str,
                    expected_version: str | None = None) -> ChangeRecord:
    """A status narrative of goal or metric ``target`` for ``period`` (e.g. ``2025-Q3``)."""
    submitted = {"target": target, "text": text, "period": period}
    problems: list[str] = []
    _require(store, target, _TARGETS, "target", problems)
    text = _text_field(text, "text", problems)
    period = _text_field(period, "period", problems)
    _raise(problems, submitted)
    ident = _new_id("NARR", target)
    lines = _node(ident, "StatusNarrative", [("label", f"{target} {period}", "fi"), ("description", text, "fi"),
                                              ("period", period, None)], author)
    lines.append(triple(node_iri(ident), _iri("action_for"), node_iri(target)))
    return apply_change(store, Change(target, author, f"status for {period}: {text[:80]}", add=lines,
                                      kind="narrative", expected_version=expected_version, submitted=submitted))


def _check_state(state: str | None, problems: list[str]) -> None:
    if state is not None and state not in {s.value for s in ActionState}:
        problems.append(f"state: {str(state)[:20]!r} is not one of {', '.join(s.value for s in ActionState)} "
                        "(late is derived from the due date)")


def add_action(store: GraphStore, target: str, what: str, *, author: str, answered_by: str | None = None,
               due: dt.date | str | None = None, state: str = "planned",
               expected_version: str | None = None) -> ChangeRecord:
    """An action for goal or metric ``target``: what is done, who answers for it (a person, unit, sector
    or role), by when, and its state (planned, ongoing or done)."""
    submitted = {"target": target, "what": what, "answered_by": answered_by, "due": str(due or ""), "state": state}
    problems: list[str] = []
    _require(store, target, _TARGETS, "target", problems)
    what = _text_field(what, "what", problems)
    if answered_by:
        _require(store, answered_by, _ANSWERERS, "answered by", problems)
    day = _date_field(due, "due date", problems)
    _check_state(state, problems)
    _raise(problems, submitted)
    ident = _new_id("ACT", target)
    lines = _node(ident, "Action", [("label", what[:200], "fi"), ("description", what, "fi"),
                                    ("action_state", state, None), ("due_date", day, None)], author)
    lines.append(triple(node_iri(ident), _iri("action_for"), node_iri(target)))
    if answered_by:
        lines.append(triple(node_iri(ident), _iri("answered_by"), node_iri(answered_by)))
    return apply_change(store, Change(target, author, f"action: {what[:80]}", add=lines, kind="action",
                                      expected_version=expected_version, submitted=submitted))


def update_action(store: GraphStore, action: str, *, author: str, state: str | None = None,
                  due: dt.date | str | None = None, answered_by: str | None = None,
                  expected_version: str | None = None) -> ChangeRecord:
    """Change an action's (or milestone's) state, due date or who answers for it; the change is recorded
    on the action (its history and version)."""
    submitted = {"action": action, "state": state, "due": str(due or ""), "answered_by": answered_by}
    problems: list[str] = []
    _require(store, action, {"Action", "Milestone"}, "action", problems)
    _check_state(state, problems)
    day = _date_field(due, "due date", problems)
    if answered_by:
        _require(store, answered_by, _ANSWERERS, "answered by", problems)
    _raise(problems, submitted)
    s = node_iri(action)
    new = {"action_state": state, "due_date": day}
    old = web_lines_about(store, s)
    add, remove, said = [], [], []
    for name, value in new.items():
        if value is None:
            continue
        remove += [line for line in old if line.split(" ", 2)[1] == f"<{_iri(name)}>"]
        add.append(triple(s, _iri(name), value))
        said.append(f"{name.replace('_', ' ')} {value}")
    if answered_by:
        remove += [line for line in old if line.split(" ", 2)[1] == f"<{_iri('answered_by')}>"]
        add.append(triple(s, _iri("answered_by"), node_iri(answered_by)))
        said.append(f"answered by {answered_by}")
    if not said:
        _raise(["nothing to change: give a state, a due date or who answers"], submitted)
    return apply_change(store, Change(action, author, ", ".join(said), add=add, remove=remove, kind="action",
                                      expected_version=expected_version, submitted=submitted))


def add_milestone(store: GraphStore, target: str, what: str, *, due: dt.date | str, author: str,
                  state: str = "planned", expected_version: str | None = None) -> ChangeRecord:
    """A milestone of goal or metric ``target``: what, by when, and its state."""
    submitted = {"target": target, "what": what, "due": str(due or ""), "state": state}
    problems: list[str] = []
    _require(store, target, _TARGETS, "target", problems)
    what = _text_field(what, "what", problems)
    day = _date_field(due, "due date", problems)
    if day is None and not any(p.startswith("due") for p in problems):
        problems.append("due date: missing")
    _check_state(state, problems)
    _raise(problems, submitted)
    ident = _new_id("MS", target)
    lines = _node(ident, "Milestone", [("label", what[:200], "fi"), ("description", what, "fi"),
                                       ("action_state", state, None), ("due_date", day, None)], author)
    lines.append(triple(node_iri(ident), _iri("action_for"), node_iri(target)))
    return apply_change(store, Change(target, author, f"milestone by {day.isoformat()}: {what[:80]}", add=lines,
                                      kind="milestone", expected_version=expected_version, submitted=submitted))
