"""Owners' updates as data: the narratives, actions and milestones of a goal or metric (with the derived
state *late*), and "what I owe": a person's or unit's overdue and upcoming updates.

An action or milestone is **late** when its due date has passed and it is not done. A metric is **due**
when its latest observation is older than its update interval (``update_months``, default 12); the
parties who owe it are those responsible for it (and the persons who hold a responsible role).

Examples
--------
>>> import datetime
>>> from queries.projection import GraphData
>>> g = GraphData(types={"G": "Goal", "A": "Action", "U": "Unit"},
...               props={"A": {"action_state": "ongoing", "due_date": "2025-01-31"}},
...               edges={"action_for": [("A", "G")], "answered_by": [("A", "U")]})
>>> [(a["id"], a["state"]) for a in updates_for(g, "G", datetime.date(2025, 3, 1))["actions"]]
[('A', 'late')]
>>> [(row["kind"], row["id"], row["when"]) for row in owe(g, "U", datetime.date(2025, 3, 1))]
[('action', 'A', 'overdue')]
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable

from graph_model.schema_types import NodeType, RelType
from ontologies.errors import NotFoundError
from queries.projection import GraphData

__all__ = ["updates_for", "action_state", "owe", "owe_account", "owed_by_party", "OWE_COLUMNS", "DEFAULT_UPDATE_MONTHS", "UPCOMING_DAYS"]

DEFAULT_UPDATE_MONTHS = 12
#: How far ahead "what I owe" looks for what comes due.
UPCOMING_DAYS = 30
OWE_COLUMNS = ["when", "kind", "id", "label", "for", "due", "state", "why"]
_PARTIES = {NodeType.PERSON.value, NodeType.UNIT.value, NodeType.SECTOR.value, NodeType.ROLE.value,
            NodeType.GOVERNING_BODY.value}


def _date(text: str | None) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(text[:10]) if text else None
    except ValueError:
        return None


def action_state(props: dict, day: datetime.date) -> str:
    """planned, ongoing or done as recorded; late when past its due date and not done.

    >>> action_state({"action_state": "planned", "due_date": "2024-12-31"}, datetime.date(2025, 1, 1))
    'late'
    >>> action_state({"action_state": "done", "due_date": "2024-12-31"}, datetime.date(2025, 1, 1))
    'done'
    """
    state = props.get("action_state") or "planned"
    due = _date(props.get("due_date"))
    return "late" if state != "done" and due is not None and due < day else state


def _item(graph: GraphData, ident: str, day: datetime.date) -> dict:
    p = graph.props.get(ident, {})
    return {"id": ident, "label": graph.label(ident), "text": graph.descriptions.get(ident, {}).get("fi")
            or next(iter(graph.descriptions.get(ident, {}).values()), graph.label(ident)),
            "due": p.get("due_date"), "state": action_state(p, day), "period": p.get("period"),
            "answered_by": [{"id": who, "label": graph.label(who)} for who in graph.targets(ident, RelType.ANSWERED_BY.value)]}


def updates_for(graph: GraphData, target: str, day: datetime.date | None = None) -> dict[str, list[dict]]:
    """The status narratives (newest period first), actions and milestones (by due date) of ``target``."""
    day = day or datetime.date.today()
    out: dict[str, list[dict]] = {"narratives": [], "actions": [], "milestones": []}
    kinds = {NodeType.STATUS_NARRATIVE.value: "narratives", NodeType.ACTION.value: "actions",
             NodeType.MILESTONE.value: "milestones"}
    for ident in graph.sources(target, RelType.ACTION_FOR.value):
        kind = kinds.get(graph.type_of(ident))
        if kind:
            out[kind].append(_item(graph, ident, day))
    out["narratives"].sort(key=lambda n: (n["period"] or "", n["id"]), reverse=True)
    for kind in ("actions", "milestones"):
        out[kind].sort(key=lambda a: (a["due"] or "9999", a["id"]))
    return out


def _latest_observation(graph: GraphData, metric: str) -> datetime.date | None:
    latest = None
    for obs in graph.sources(metric, RelType.OBSERVATION_OF.value):
        p = graph.props.get(obs, {})
        day = _date(p.get("observed_on"))
        if day is None and p.get("year") not in (None, ""):
            day = datetime.date(int(float(p["year"])), 12, 31)  # a yearly row stands for its year's end
        if day is not None and (latest is None or day > latest):
            latest = day
    return latest


def _add_months(day: datetime.date, months: int) -> datetime.date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return datetime.date(year, month, min(day.day, 28 if month == 2 else 30 if month in (4, 6, 9, 11) else 31))


def _parties_of(graph: GraphData, who: str) -> set[str]:
    """``who`` and, for a person, the roles they hold."""
    parties = {who}
    if graph.type_of(who) == NodeType.PERSON.value:
        parties.update(graph.sources(who, RelType.HELD_BY.value))
    return parties


def owe(graph: GraphData, who: str, day: datetime.date | None = None, *, upcoming_days: int = UPCOMING_DAYS) -> list[dict]:
    """What ``who`` (a person, unit, sector, role or body) owes on ``day``: metrics they answer for whose
    next observation is overdue or comes due within ``upcoming_days``, and actions and milestones
    (of their metrics and goals, or answered by them) that are late or come due. Overdue first.

    Raises
    ------
    NotFoundError
        ``who`` is not a person, unit, sector, role or body in the store.
    """
    day = day or datetime.date.today()
    if graph.type_of(who) not in _PARTIES:
        raise NotFoundError(f"no person, unit, sector, role or body {who!r} in the store")
    parties = _parties_of(graph, who)
    owned = {t for party in parties for t in graph.sources(party, RelType.RESPONSIBLE.value)
             if graph.type_of(t) in (NodeType.GOAL.value, NodeType.METRIC.value)}
    horizon = day + datetime.timedelta(days=upcoming_days)
    rows = []
    for metric in sorted(m for m in owned if graph.type_of(m) == NodeType.METRIC.value):
        p = graph.props.get(metric, {})
        months = int(float(p.get("update_months") or DEFAULT_UPDATE_MONTHS))
        latest = _latest_observation(graph, metric)
        due = _add_months(latest, months) if latest else day
        if due <= horizon:
            rows.append({"when": "overdue" if due <= day else "upcoming", "kind": "observation", "id": metric,
                         "label": graph.label(metric), "for": metric, "due": due.isoformat(), "state": "",
                         "why": f"latest observation {latest.isoformat() if latest else 'none'}; "
                                f"one expected every {months} months"})
    items: dict[str, str] = {}
    for target in owned:
        for ident in graph.sources(target, RelType.ACTION_FOR.value):
            items[ident] = target
    for party in parties:
        for ident in graph.sources(party, RelType.ANSWERED_BY.value):
            items[ident] = next(iter(graph.targets(ident, RelType.ACTION_FOR.value)), "")
    rows += _item_rows(graph, items, day, horizon)
    return sorted(rows, key=lambda r: (r["when"] != "overdue", r["due"] or "", r["id"]))


def _item_rows(graph: GraphData, items: dict[str, str], day: datetime.date, horizon: datetime.date) -> list[dict]:
    """The late or coming actions and milestones among ``items`` (id -> the goal or metric it is for)."""
    rows = []
    for ident, target in sorted(items.items()):
        kind = {NodeType.ACTION.value: "action", NodeType.MILESTONE.value: "milestone"}.get(graph.type_of(ident))
        if kind is None:
            continue
        item = _item(graph, ident, day)
        due = _date(item["due"])
        if item["state"] == "done" or due is None or due > horizon:
            continue
        rows.append({"when": "overdue" if item["state"] == "late" else "upcoming", "kind": kind, "id": ident,
                     "label": item["label"], "for": target, "due": item["due"], "state": item["state"],
                     "why": "answered by " + ", ".join(a["id"] for a in item["answered_by"]) if item["answered_by"]
                     else f"for {target}"})
    return rows


def owe_account(graph: GraphData, created: Iterable[str], day: datetime.date | None = None, *,
                upcoming_days: int = UPCOMING_DAYS) -> list[dict]:
    """What an account owes: the late or coming actions and milestones among ``created`` (the ids of
    those it entered: :meth:`graph_model.edits.EditLog.created_by`), overdue first."""
    day = day or datetime.date.today()
    items = {i: next(iter(graph.targets(i, RelType.ACTION_FOR.value)), "") for i in created if graph.type_of(i)}
    rows = _item_rows(graph, items, day, day + datetime.timedelta(days=upcoming_days))
    return sorted(rows, key=lambda r: (r["when"] != "overdue", r["due"] or "", r["id"]))


def owed_by_party(graph: GraphData, day: datetime.date | None = None) -> dict[str, list[dict]]:
    """:func:`owe` for every party that owes something (for a digest)."""
    out: dict[str, list[dict]] = defaultdict(list)
    for kind in _PARTIES:
        for party in graph.ids_of(kind):
            rows = owe(graph, party, day)
            if rows:
                out[party] = rows
    return dict(out)
