"""Who may use which route: the one table of rules, and the calls a route makes about its user.

Every route of the app declares a :class:`Rule` in :func:`route_rules` (or, for a route added later, in
the ``rules`` given with it to :func:`stratgraph.web.app.create_app`); the guard
(:mod:`stratgraph.web.accounts.guard`) applies it to every request before the route runs, so a route
cannot forget it, and refuses a route that has no rule. A rule names an action:

====================  =============================================================================
``open``              anyone, logged in or not: ``/healthz``, ``/static``, the login pages
``read``              the pages and their JSON: anyone in public mode (``serve --public``), else an account
``account``           any logged-in account (logout)
``query``             the raw graph (``/sparql``): an account, even in public mode (no pseudonyms there)
``review``            reviewers (decide suggested links, matches, duplicates)
``admin``             admins (accounts)
``edit``              editors whose scope holds the target named by the rule's path parameter
====================  =============================================================================

Inside a route, :func:`current_user` is the account (or None) and :func:`require` checks one more
action on one target (:func:`queries.scope.can`), raising :class:`~ontologies.errors.AuthError` (401)
or :class:`~ontologies.errors.ForbiddenError` (403).

Examples
--------
>>> from graph_model.accounts import User
>>> editor = User(1, "ann", "Ann", None, ("editor",), ("SEC-A",))
>>> decide(Rule("read"), None, public=True), decide(Rule("admin"), editor, public=False)
(None, 'this needs the role admin')
>>> decide(Rule("read"), None, public=False)
'log in first'
"""

from __future__ import annotations

from dataclasses import dataclass

from ontologies.errors import AuthError, ForbiddenError
from queries.scope import can

__all__ = ["Rule", "route_rules", "decide", "current_user", "current_session", "require", "csrf_token",
           "RULE_ACTIONS"]

RULE_ACTIONS = ("open", "read", "account", "query", "review", "admin", "edit")


@dataclass(frozen=True)
class Rule:
    """Who may use a route: ``action`` (see the module) and, for ``edit``, the path parameter that
    names the target (a graph id)."""

    action: str
    target: str | None = None

    def __post_init__(self):
        if self.action not in RULE_ACTIONS:
            raise ValueError(f"unknown rule action {self.action!r} (actions: {', '.join(RULE_ACTIONS)})")
        if (self.action == "edit") != (self.target is not None):
            raise ValueError("an edit rule names its target's path parameter, and only an edit rule does")


def route_rules(page_paths: list[str]) -> dict[str, Rule]:
    """The rules of the app's own routes, by route path (Starlette's, with ``{placeholders}``).

    >>> rules = route_rules(["index", "projects/{ident}"])
    >>> rules["/projects/{ident}.{fmt}"], rules["/admin/users.html"].action, rules["/healthz"].action
    (Rule(action='read', target=None), 'admin', 'open')
    """
    rules = {"/": Rule("read"), "/healthz": Rule("open"), "/static": Rule("open"),
             "/openapi.json": Rule("read"), "/sparql": Rule("query"),
             "/login": Rule("open"), "/login/oidc": Rule("open"), "/login/oidc/callback": Rule("open"),
             "/whoami.json": Rule("open"), "/logout": Rule("account"),
             "/admin/users.html": Rule("admin"), "/admin/users.json": Rule("admin"),
             "/admin/users": Rule("admin"), "/admin/users/{login}": Rule("admin")}
    rules.update({f"/{path}.{{fmt}}": Rule("read") for path in page_paths})
    return rules


def decide(rule: Rule, user, *, public: bool, target: str | None = None, graph=None) -> str | None:
    """Why ``user`` (an account or None) may not use a route with ``rule``, or None when they may.
    A refusal of an anonymous user starts with "log in" (the app answers 401 then, else 403)."""
    if rule.action == "open" or rule.action == "read" and public:
        return None
    if user is None:
        return "log in first"
    if user.disabled:
        return "this account is disabled"
    if rule.action in ("read", "account", "query"):
        return None
    if rule.action == "edit":
        return None if can(user, "edit", target, graph) else f"you may not edit {str(target)[:80]}"
    return None if can(user, rule.action, None, graph) else f"this needs the role {_ROLE_OF[rule.action]}"


_ROLE_OF = {"review": "reviewer", "admin": "admin"}


def current_user(request):
    """The account of ``request`` (a :class:`graph_model.accounts.User`), or None when anonymous."""
    return request.scope.get("state", {}).get("user")


def current_session(request):
    """The session of ``request`` (:class:`graph_model.accounts.Session`), or None when anonymous."""
    return request.scope.get("state", {}).get("session")


def csrf_token(request) -> str:
    """The CSRF token a form on this request's page must send back (field ``csrf_token`` or the
    ``X-CSRF-Token`` header): the session's, or the anonymous visitor's (a cookie the guard sets)."""
    return request.scope.get("state", {}).get("csrf", "")


def require(request, action: str, target: str | None = None) -> None:
    """Raise AuthError (401) or ForbiddenError (403) unless the request's user may do ``action``
    (``read``, ``edit``, ``review``, ``admin``) to ``target``; the graph is the app's current snapshot."""
    user = current_user(request)
    if user is None:
        raise AuthError("log in first")
    live = getattr(request.app.state, "live", None)
    snapshot = live.snapshot() if live is not None else None
    if not can(user, action, target, snapshot.graph if snapshot is not None else None):
        what = f"{action} {target[:80]}" if target else action
        raise ForbiddenError(f"{user.login} may not {what}")
