"""The one place where every request meets its session, its CSRF check and its route's access rule.

:class:`AccessGuard` wraps the Starlette app (inside :class:`stratgraph.web.app._Guard`, which sets the
security headers). For each HTTP request it:

1. finds the session of the session cookie (:class:`graph_model.accounts.Accounts`); an unknown,
   expired or revoked one is anonymous (and its cookie is cleared);
2. finds the route the request goes to and its :class:`~stratgraph.web.access.Rule`; a route with no
   rule is refused (403): access is never decided by forgetting it;
3. for an unsafe method (POST, PUT, PATCH, DELETE) compares the ``X-CSRF-Token`` header, or the
   ``csrf_token`` form field, with the session's token (an anonymous visitor's token is a random
   cookie, double-submitted: it covers the login form); a missing or wrong one is refused (403);
4. applies the rule (:func:`stratgraph.web.access.decide`): an anonymous refusal is a 401 (an HTML page
   asked with GET is sent to the login page instead), any other a 403.

Cookies: the session cookie is HttpOnly, SameSite=Lax (Strict would drop it when a person follows a
link from an e-mail to the app) and Secure, named with the ``__Host-`` prefix (no Domain, Path=/,
Secure: a sibling subdomain cannot plant it). ``secure=False`` is for plain-http 127.0.0.1 development
only (``serve --insecure-cookies`` refuses any other host).
"""

from __future__ import annotations

import hmac
import json
import re
import secrets
from urllib.parse import quote

from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.formparsers import MultiPartException
from starlette.requests import Request
from starlette.responses import PlainTextResponse, RedirectResponse, Response
from starlette.routing import Match

from graph_model.accounts import Accounts
from stratgraph.web.access import Rule, decide

__all__ = ["AccessGuard", "UNSAFE_METHODS", "CSRF_FIELD", "CSRF_HEADER", "cookie_names", "local_path"]

UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "x-csrf-token"
#: The largest form body read to find the CSRF field (a bigger form must send the header).
MAX_FORM_BYTES = 2_000_000
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{20,100}$")
_FORMS = ("application/x-www-form-urlencoded", "multipart/form-data")


def cookie_names(secure: bool) -> tuple[str, str]:
    """The session cookie's and the anonymous CSRF cookie's names (``__Host-`` needs Secure).

    >>> cookie_names(True), cookie_names(False)
    (('__Host-stratgraph', '__Host-stratgraph-csrf'), ('stratgraph', 'stratgraph-csrf'))
    """
    prefix = "__Host-" if secure else ""
    return f"{prefix}stratgraph", f"{prefix}stratgraph-csrf"


def local_path(value: str | None, default: str = "index.html") -> str:
    r"""``value`` as a page of this app relative to its root (``goals/G1.html``), if it is one (not a URL,
    ``//host`` or ``\host``), else ``default``: a login never sends anyone to another site.

    >>> local_path("/goals/G1.html?lang=en"), local_path("goals/G1.html"), local_path("//evil.example/")
    ('goals/G1.html?lang=en', 'goals/G1.html', 'index.html')
    >>> local_path("https://evil.example"), local_path("/\\evil.example"), local_path(None)
    ('index.html', 'index.html', 'index.html')
    """
    if not value or value.startswith(("//", "/\\", "\\")) or any(c in value for c in "\r\n\\"):
        return default
    path = value[1:] if value.startswith("/") else value
    if not path or ":" in path.split("/", 1)[0].split("?", 1)[0]:
        return default
    return path


class AccessGuard:
    """The ASGI middleware of the module: ``app`` is the Starlette app whose routes ``rules`` covers."""

    def __init__(self, app, accounts: Accounts, rules: dict[str, Rule], *, public: bool, secure: bool):
        self.app, self.accounts, self.rules = app, accounts, rules
        self.state = app.state
        self.public, self.secure = public, secure
        self.session_cookie, self.csrf_cookie = cookie_names(secure)

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request = Request(scope)
        token = request.cookies.get(self.session_cookie)
        found = await run_in_threadpool(self.accounts.session, token) if token else None
        user, session = found or (None, None)
        anonymous_token = request.cookies.get(self.csrf_cookie, "")
        minted = None
        if session is not None:
            csrf = session.csrf
        elif _TOKEN.match(anonymous_token):
            csrf = anonymous_token
        else:
            csrf = minted = secrets.token_urlsafe(32)
        state = scope.setdefault("state", {})
        state.update(user=user, session=session, csrf=csrf, session_token=token if session else None)
        cookies = []
        if token and session is None:
            cookies.append(self._cookie(self.session_cookie, "", max_age=0))
        if minted and not scope.get("path", "").startswith("/static/"):
            cookies.append(self._cookie(self.csrf_cookie, minted))

        path, params = self._route(scope)
        rule = self.rules.get(path) if path is not None else None
        refusal = None
        if path is not None and rule is None:
            refusal = self._refuse(scope, 403, f"the route {path} declares no access rule, so nobody may use it")
        elif scope["method"] in UNSAFE_METHODS:  # on any path, a route or not
            receive, sent = await _csrf_sent(scope, receive)
            if sent is None:
                refusal = self._refuse(scope, 413, "the form is too large to check its CSRF token: send the"
                                              " X-CSRF-Token header")
            elif minted or not sent or not hmac.compare_digest(sent.encode(), csrf.encode()):
                refusal = self._refuse(scope, 403, "missing or wrong CSRF token: reload the page and try again"
                                              " (an API client sends the X-CSRF-Token header)")
        if refusal is None and rule is not None:
            refusal = self._check(scope, rule, user, params)

        async def send_with_cookies(message) -> None:
            if message["type"] == "http.response.start" and cookies:
                headers = message.get("headers", [])
                set_here = {v.split(b"=", 1)[0] for k, v in headers if k.lower() == b"set-cookie"}
                ours = [c.encode("latin-1") for c in cookies if c.split("=", 1)[0].encode() not in set_here]
                message = {**message, "headers": [*headers, *((b"set-cookie", c) for c in ours)]}  # a login's
            await send(message)  # new session cookie wins over clearing the stale one

        if refusal is not None:
            await refusal(scope, receive, send_with_cookies)
        else:
            await self.app(scope, receive, send_with_cookies)

    def _check(self, scope, rule: Rule, user, params: dict) -> Response | None:
        target = str(params.get(rule.target)) if rule.target else None
        graph = dated = None
        if rule.action == "edit":
            live = getattr(self.app.state, "live", None)
            snap = live.snapshot() if live is not None else None
            graph, dated = (snap.graph, snap.dated) if snap is not None else (None, None)
        why = decide(rule, user, public=self.public, target=target, graph=graph, dated=dated)
        if why is None:
            return None
        if user is not None:
            return self._refuse(scope, 403, why)
        path = scope.get("path", "")
        if scope["method"] == "GET" and path.endswith(".html") or path == "/":
            query = scope.get("query_string", b"").decode("latin-1")
            here = path.lstrip("/") + (f"?{query}" if query else "")
            up = "../" * (path.count("/") - 1)  # relative, as every link: the app may sit under a path prefix
            return RedirectResponse(f"{up}login?next={quote(here, safe='')}", 303)
        return self._refuse(scope, 401, why)

    def _refuse(self, scope, status: int, message: str) -> Response:
        """A refusal: JSON to a JSON client, else the app's error page (``app.state.error_page``, when the
        app gives one: the site's header and a way back), else plain text."""
        return _refuse(scope, status, message, getattr(self.state, "error_page", None))

    def _route(self, scope) -> tuple[str | None, dict]:
        """The path of the route the request goes to (with a wrong method too), and its path parameters."""
        partial = None
        for route in self.app.router.routes:
            match, child = route.matches(scope)
            if match == Match.FULL:
                return route.path, child.get("path_params", {})
            if match == Match.PARTIAL and partial is None:
                partial = (route.path, child.get("path_params", {}))
        return partial or (None, {})

    def _cookie(self, name: str, value: str, max_age: int | None = None) -> str:
        parts = [f"{name}={value}", "Path=/", "HttpOnly", "SameSite=Lax"]
        if self.secure:
            parts.append("Secure")
        if max_age is not None:
            parts.append(f"Max-Age={max_age}")
        return "; ".join(parts)

    def session_cookie_header(self, token: str) -> str:
        """The Set-Cookie value giving the browser ``token`` (a session cookie: ends with the browser)."""
        return self._cookie(self.session_cookie, token)

    def clear_session_cookie_header(self) -> str:
        """The Set-Cookie value that removes the session cookie."""
        return self._cookie(self.session_cookie, "", max_age=0)


async def _csrf_sent(scope, receive):
    """The token the request sends (header, else form field; "" when none) and a ``receive`` that
    replays the body read to find it; the token is None when the form is too large to read."""
    for name, value in scope.get("headers", []):
        if name == CSRF_HEADER.encode():
            return receive, value.decode("latin-1")
    content_type = dict(scope.get("headers", [])).get(b"content-type", b"").decode("latin-1").lower()
    if not content_type.startswith(_FORMS):
        return receive, ""
    chunks, size, more = [], 0, True
    while more:
        message = await receive()
        if message["type"] != "http.request":
            return receive, ""
        chunks.append(message.get("body", b""))
        size += len(chunks[-1])
        more = message.get("more_body", False)
        if size > MAX_FORM_BYTES:
            return receive, None
    body = b"".join(chunks)

    def replay():
        done = False

        async def again():
            nonlocal done
            if not done:
                done = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()
        return again

    try:
        form = await Request(scope, replay()).form()
        sent = form.get(CSRF_FIELD)
        await form.close()
    except (HTTPException, MultiPartException, ValueError):  # a malformed form holds no token
        sent = None
    return replay(), sent if isinstance(sent, str) else ""


def _refuse(scope, status: int, message: str, page=None) -> Response:
    path = scope.get("path", "")
    headers = dict(scope.get("headers", []))
    accept = headers.get(b"accept", b"").decode("latin-1")
    sent_json = headers.get(b"content-type", b"").decode("latin-1").lower().startswith("application/json")
    if path.endswith(".json") or "application/json" in accept or sent_json:  # a JSON client gets JSON
        return Response(json.dumps({"error": message}), status, media_type="application/json")
    if page is not None:
        return page(scope, status, message)
    return PlainTextResponse(message, status_code=status)
