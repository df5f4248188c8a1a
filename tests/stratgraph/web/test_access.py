"""The role x route matrix, generated from the app's own route table: every route is tried by anonymous,
by each role, and by an editor outside their scope, in private and in public mode, and allowed or refused
as :data:`EXPECTED` says. A route with no access rule, or missing from :data:`EXPECTED`, fails.

Every route is tried with a fresh session (a logout must not end the next try). A refusal is the guard's:
401, 403, or a GET of a page sent to the login page (303 to ``/login``)."""

from __future__ import annotations

import itertools
import secrets

import pytest
from starlette.responses import PlainTextResponse
from starlette.routing import Mount, Route
from starlette.testclient import TestClient

from graph_model.accounts import Accounts
from stratgraph.web.access import Rule, require
from stratgraph.web.accounts.guard import cookie_names
from stratgraph.web.app import WebSettings, create_app

WHO = ("anonymous", "reader", "editor", "editor_outside", "reviewer", "admin")
EVERYONE = set(WHO)
ACCOUNTS = EVERYONE - {"anonymous"}
#: Who may use a route, by its kind; the public mode lets anonymous readers in, nothing more.
KINDS = {"open": EVERYONE, "read": ACCOUNTS, "account": ACCOUNTS, "query": ACCOUNTS,
         "admin": {"admin"}, "review": {"reviewer", "admin"}, "edit": {"editor", "admin"}}
PUBLIC = {"read"}
#: The table: every route of the app (Starlette's path) and its kind.
EXPECTED = {
    "/": "read", "/healthz": "open", "/openapi.json": "read", "/sparql": "query", "/static": "open",
    "/login": "open", "/logout": "account", "/whoami.json": "open",
    "/admin/users.html": "admin", "/admin/users.json": "admin", "/admin/users": "admin",
    "/admin/users/{login}": "admin",
    "/index.{fmt}": "read", "/search.{fmt}": "read", "/idea.{fmt}": "read", "/silos.{fmt}": "read",
    "/gaps.{fmt}": "read", "/links.{fmt}": "read", "/coverage.{fmt}": "read", "/followup.{fmt}": "read",
    "/followup-{variant}.{fmt}": "read", "/crosswalk.{fmt}": "read", "/maps.{fmt}": "read",
    "/maps/{kind}.{fmt}": "read", "/{folder}/index.{fmt}": "read", "/{folder}/{name}.{fmt}": "read",
    # the write routes and their pages (stratgraph.web.edit_routes)
    "/owe/{who}.{fmt}": "read", "/edit/{ident}.{fmt}": "account", "/review.{fmt}": "review", "/edit/{ident}/observation": "edit",
    "/edit/{ident}/narrative": "edit", "/edit/{ident}/action": "edit", "/edit/{ident}/action/{action}": "edit",
    "/edit/{ident}/milestone": "edit", "/edit/{ident}/comment": "account", "/review/{kind}": "review",
    "/changes/{change}/revert": "admin",
    # a route added with its rule: an editor may edit what their sector owns
    "/try-edit/{ident}": "edit", "/try-review": "review", "/try-require/{ident}": "edit",
}
#: Concrete values for the path parameters (the example city; M-TYOTTOMYYS is owned by a unit of SEC-ELVO).
SAMPLES = {"fmt": "json", "variant": "metrics", "kind": "collaboration", "folder": "projects", "name": "P-HNR",
           "login": "nobody-here", "ident": "M-TYOTTOMYYS",
           "action": "no-such-action", "change": "no-such-change", "who": "SEC-ELVO"}
FORMS = {"/sparql": {"query": "ASK {}"}, "/admin/users/{login}": {"do": "revoke"}}


async def _ok(request):
    return PlainTextResponse("done")


async def _checks_inside(request):
    require(request, "edit", request.path_params["ident"])  # a route may check one more thing itself
    return PlainTextResponse("done")


EXTRA = [(Route("/try-edit/{ident}", _ok, methods=["POST"]), Rule("edit", target="ident")),
         (Route("/try-review", _ok, methods=["POST"]), Rule("review")),
         (Route("/try-require/{ident}", _checks_inside, methods=["POST"]), Rule("account"))]


@pytest.fixture(scope="module")
def people(example_db):
    accounts = Accounts(example_db)
    suffix = secrets.token_hex(3)
    made = {"reader": accounts.add(f"m-reader-{suffix}", roles=["reader"]),
            "editor": accounts.add(f"m-editor-{suffix}", roles=["editor"], scopes=["SEC-ELVO"]),
            "editor_outside": accounts.add(f"m-outside-{suffix}", roles=["editor"], scopes=["SEC-SIHY"]),
            "reviewer": accounts.add(f"m-reviewer-{suffix}", roles=["reviewer"]),
            "admin": accounts.add(f"m-admin-{suffix}", roles=["admin"]),
            "probe": accounts.add(f"m-probe-{suffix}", password="probe-password-1")}
    return accounts, made


def _routes(app) -> list[tuple[str, str]]:
    """(method, route path) of every route of the app's router."""
    found = []
    for route in app.state.router_routes:
        if isinstance(route, Mount):
            found.append(("GET", route.path))
        else:
            found += [(m, route.path) for m in sorted(route.methods - {"HEAD"})]
    return found


def _url(path: str) -> str:
    if path == "/static":
        return "/static/web.css"
    for name, value in SAMPLES.items():
        path = path.replace("{" + name + "}", value)
    return path


def _try(app, accounts, people, who: str, method: str, path: str) -> tuple[bool, int]:
    """Whether ``who`` got through the guard on ``method path``, and the status."""
    session_cookie, csrf_cookie = cookie_names(True)
    cookies, headers = {}, {}
    if who == "anonymous":
        token = secrets.token_urlsafe(32)
        cookies[csrf_cookie], headers["X-CSRF-Token"] = token, token
    else:
        token, session = accounts.start_session(people[who])
        cookies[session_cookie], headers["X-CSRF-Token"] = token, session.csrf
    with TestClient(app, base_url="https://testserver", cookies=cookies, headers=headers,
                    follow_redirects=False) as client:
        if method == "GET":
            answer = client.get(_url(path))
        else:
            data = dict(FORMS.get(path, {}))
            if path == "/login":
                data = {"login": people["probe"].login, "password": "probe-password-1"}
            if path == "/admin/users":
                data = {"login": f"new-{secrets.token_hex(4)}", "roles": "reader"}
            answer = client.request(method, _url(path), data=data)
    refused = answer.status_code in (401, 403) or answer.status_code == 303 and "login?next=" in \
        answer.headers.get("location", "")
    return not refused, answer.status_code


@pytest.mark.parametrize("public", [False, True], ids=["private", "public"])
def test_every_route_allows_and_refuses_as_the_table_says(example_db, people, public):
    accounts, made = people
    app = create_app(WebSettings(example_db, warm=False, public=public), routes=EXTRA)
    app.state.router_routes = app.app.app.router.routes
    routes = _routes(app)
    rules = app.state.rules
    assert not [p for _, p in routes if p not in rules], "routes without an access rule"
    assert not [p for _, p in routes if p not in EXPECTED], "routes missing from the test's table"
    wrong, tried, refused = [], 0, 0
    with TestClient(app):  # read the store once
        for (method, path), who in itertools.product(routes, WHO):
            allowed, status = _try(app, accounts, made, who, method, path)
            kind = EXPECTED[path]
            expected = who in KINDS[kind] or public and kind in PUBLIC
            tried += 1
            refused += not allowed
            if allowed != expected or status >= 500:
                wrong.append(f"{who} {method} {path}: {status}, expected {'allowed' if expected else 'refused'}")
    print(f"RESULT access_matrix mode={'public' if public else 'private'} routes={len(routes)} roles={len(WHO)} "
          f"tried={tried} refused={refused} wrong={len(wrong)}")
    assert not wrong, "\n".join(wrong)


def test_a_route_without_a_rule_is_refused_to_everyone(example_db, people):
    accounts, made = people
    app = create_app(WebSettings(example_db, warm=False), routes=EXTRA)
    inner = app.app.app
    inner.router.routes.append(Route("/forgotten", _ok))
    with TestClient(app):
        assert _try(app, accounts, made, "admin", "GET", "/forgotten") == (False, 403)
        session_cookie, _ = cookie_names(True)
        token, _ = accounts.start_session(made["admin"])
        answer = TestClient(app, base_url="https://testserver", cookies={session_cookie: token}).get("/forgotten")
        assert "declares no access rule" in answer.text
