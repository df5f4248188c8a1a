"""Who may do what to which entity: the one decision every web route and edit goes through.

:func:`can` answers for an account (:class:`graph_model.accounts.User`), an action (:data:`ACTIONS`) and
an optional target id in the graph:

- ``read``: any enabled account (anonymous readers are the web app's decision: public mode);
- ``review`` (decide suggested links, matches, duplicates): reviewers;
- ``admin`` (accounts): admins;
- ``edit`` a metric, goal, project or action: an editor whose scopes hold the target itself, or an
  organisation that owns it or one its owner is part of. Owners are read from the graph as follow-up
  reads them: ``responsible`` (a goal's or metric's unit, body or role), ``led_by`` (a project's unit);
  a role counts for the organisation it is a post in; a metric with no owner of its own is owned by the
  owners of the goals it measures. So an editor scoped to a sector edits what the sector's units own.

Admins may do everything; a disabled account nothing.

Examples
--------
>>> from graph_model.accounts import User
>>> from queries.projection import GraphData
>>> g = GraphData(types={"SEC-A": "Sector", "U-1": "Unit", "G-1": "Goal", "M-1": "Metric", "M-2": "Metric"},
...               edges={"part_of": [("U-1", "SEC-A")], "responsible": [("G-1", "U-1")],
...                      "measures": [("M-1", "G-1"), ("M-2", "G-9")]})
>>> ann = User(1, "ann", "Ann", None, ("editor",), ("SEC-A",))
>>> can(ann, "edit", "G-1", g), can(ann, "edit", "M-1", g), can(ann, "edit", "M-2", g), can(ann, "review", None, g)
(True, True, False, False)
>>> owners_of("M-1", g)
['SEC-A', 'U-1']
"""

from __future__ import annotations

from graph_model.schema_types import NodeType, RelType
from queries.projection import GraphData

__all__ = ["ACTIONS", "can", "owners_of"]

#: What an account may be allowed to do.
ACTIONS = ("read", "edit", "review", "admin")
_NEEDS = {"read": None, "review": "reviewer", "admin": "admin", "edit": "editor"}


def owners_of(target: str, graph: GraphData) -> list[str]:
    """The organisations that own ``target``, with every organisation they are part of (sorted)."""
    direct = [*graph.targets(target, RelType.RESPONSIBLE.value), *graph.targets(target, RelType.LED_BY.value)]
    if not direct and graph.type_of(target) == NodeType.METRIC:
        direct = [o for goal in graph.targets(target, RelType.MEASURES.value)
                  for o in graph.targets(goal, RelType.RESPONSIBLE.value)]
    seen: set[str] = set()
    todo = list(direct)
    while todo:
        node = todo.pop()
        if node in seen:
            continue
        seen.add(node)
        todo += graph.targets(node, RelType.PART_OF.value) + graph.targets(node, RelType.POST_IN.value)
    return sorted(seen)


def can(user, action: str, target: str | None, graph: GraphData | None) -> bool:
    """Whether ``user`` (an account, or None for anonymous) may do ``action`` to ``target``."""
    if action not in _NEEDS:
        raise ValueError(f"unknown action {action!r} (actions: {', '.join(ACTIONS)})")
    if user is None or user.disabled:
        return False
    if "admin" in user.roles:
        return True
    needed = _NEEDS[action]
    if needed is None:
        return True
    if needed not in user.roles:
        return False
    if action != "edit" or target is None:
        return action != "edit"  # an edit names what it edits
    scopes = set(user.scopes)
    return target in scopes or graph is not None and bool(scopes.intersection(owners_of(target, graph)))
