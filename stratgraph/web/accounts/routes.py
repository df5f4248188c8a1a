"""The account routes: log in (password or OIDC), log out, who am I, and the admin page of users.

Each route parses, calls :class:`graph_model.accounts.Accounts` and renders a report template
(``login.html.j2``, ``admin.html.j2``); the guard (:mod:`stratgraph.web.accounts.guard`) has already
checked the CSRF token and the route's rule (:func:`stratgraph.web.access.route_rules`). A login always
starts a new session and ends the browser's old one; ``next`` is followed only to a path of this app.
"""

from __future__ import annotations

from dataclasses import dataclass

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import Route

from graph_model.accounts import ROLES, Accounts
from ontologies.errors import AuthError, NotFoundError, StratgraphError, ThrottledError, UsageError
from queries.projection import GraphData
from stratgraph.web.access import csrf_token, current_user
from stratgraph.web.accounts.guard import cookie_names, local_path
from stratgraph.web.site import LiveSite, with_whoami
from stratgraph.web.views import json_response
from visualize.i18n import LANGUAGES, translator

__all__ = ["AccountSettings", "account_routes"]


@dataclass(frozen=True)
class AccountSettings:
    """How accounts work in the app: cookies Secure (off only for plain-http 127.0.0.1 development),
    public mode, sessions' idle and absolute lifetimes in seconds, the OIDC provider (or None), and the
    path prefix a reverse proxy serves the app under (``/strategia``; the OIDC callback URL carries it)."""

    secure_cookies: bool = True
    public: bool = False
    idle_seconds: float = 30 * 60
    absolute_seconds: float = 12 * 3600
    oidc: object | None = None  # stratgraph.web.accounts.oidc.OidcSettings
    path_prefix: str = ""


def account_routes(accounts: Accounts, settings: AccountSettings, default_lang: str) -> list[Route]:
    """The routes of the module, on ``accounts``."""
    session_cookie, _ = cookie_names(settings.secure_cookies)

    def lang_of(request: Request) -> str:
        lang = request.query_params.get("lang") or request.cookies.get("lang")
        return lang if lang in LANGUAGES else default_lang

    def page(request: Request, template: str, path: str, title_key: str, status: int = 200, **context) -> HTMLResponse:
        t = translator(lang_of(request))
        site = LiveSite(GraphData(), t).for_request(csrf=csrf_token(request), query=dict(request.query_params))
        site.render(template, path, t(title_key), "", **context)
        html = with_whoami(site.rendered[path], t, path, current_user(request), csrf_token(request), False)
        return HTMLResponse(html, status_code=status)

    def set_session(response: Response, token: str) -> None:
        response.set_cookie(session_cookie, token, path="/", httponly=True, samesite="lax",
                            secure=settings.secure_cookies)

    def client_of(request: Request) -> str:
        return request.client.host if request.client else ""

    async def login(request: Request) -> Response:
        if request.method == "GET":
            return page(request, "login.html.j2", "login.html", "login_title", next=local_path(
                request.query_params.get("next")), login="", error=None, oidc=settings.oidc is not None)
        form = await request.form()
        name, password = str(form.get("login", ""))[:64], str(form.get("password", ""))[:1000]
        target = local_path(str(form.get("next", "")))
        old = request.scope.get("state", {}).get("session_token")
        try:
            token, _ = await run_in_threadpool(accounts.login, name, password, client=client_of(request), old_token=old)
        except AuthError as exc:
            response = page(request, "login.html.j2", "login.html", "login_title", getattr(exc, "status", 401),
                            next=target, login=name, error=_login_refusal(exc, translator(lang_of(request))),
                            oidc=settings.oidc is not None)
            if isinstance(exc, ThrottledError):
                response.headers["Retry-After"] = str(exc.retry_after)
            return response
        response = RedirectResponse(target, status_code=303)  # relative to /login: the app's root
        set_session(response, token)
        return response

    async def logout(request: Request) -> Response:
        token = request.scope.get("state", {}).get("session_token")
        if token:
            await run_in_threadpool(accounts.revoke_session, token)
        response = RedirectResponse("login", status_code=303)
        response.delete_cookie(session_cookie, path="/", httponly=True, samesite="lax", secure=settings.secure_cookies)
        return response

    def whoami(request: Request) -> Response:
        user = current_user(request)
        return json_response({"user": user.as_dict() if user else None, "csrf_token": csrf_token(request),
                      "public": settings.public, "oidc": settings.oidc is not None})

    def admin_page(request: Request, error: str | None = None, status: int = 200) -> Response:
        users = accounts.users()
        return page(request, "admin.html.j2", "admin/users.html", "admin_users", status, users=users,
                    sessions=accounts.session_counts(), roles=ROLES, error=error)

    def admin_json(request: Request) -> Response:
        counts = accounts.session_counts()
        return json_response({"rows": [{**u.as_dict(), "sessions": counts.get(u.id, 0)} for u in accounts.users()]})

    async def create_user(request: Request) -> Response:
        form = await request.form()
        try:
            await run_in_threadpool(
                accounts.add, str(form.get("login", "")).strip(), display_name=str(form.get("display_name", "")).strip()
                or None, email=str(form.get("email", "")).strip() or None,
                password=str(form.get("password", "")) or None, roles=[str(r) for r in form.getlist("roles")],
                scopes=str(form.get("scopes", "")).split())
        except StratgraphError as exc:
            return admin_page(request, str(exc), 400)
        return _back(request)

    async def change_user(request: Request) -> Response:
        form = await request.form()
        login, action = request.path_params["login"], str(form.get("do", ""))
        try:
            if action == "roles":
                await run_in_threadpool(accounts.set_roles, login, [str(r) for r in form.getlist("roles")],
                                        str(form.get("scopes", "")).split())
            elif action in ("disable", "enable"):
                await run_in_threadpool(accounts.disable, login, action == "disable")
            elif action == "revoke":
                await run_in_threadpool(accounts.revoke_sessions, login)
            else:
                raise UsageError(f"do must be roles, disable, enable or revoke, not {action[:20]!r}")
        except NotFoundError as exc:
            return admin_page(request, str(exc), 404)
        except StratgraphError as exc:
            return admin_page(request, str(exc), 400)
        return _back(request)

    routes = [Route("/login", login, methods=["GET", "POST"]), Route("/logout", logout, methods=["POST"]),
              Route("/whoami.json", whoami), Route("/admin/users.html", admin_page),
              Route("/admin/users.json", admin_json), Route("/admin/users", create_user, methods=["POST"]),
              Route("/admin/users/{login}", change_user, methods=["POST"])]
    if settings.oidc is not None:
        from stratgraph.web.accounts.oidc import oidc_routes

        routes += oidc_routes(accounts, settings, set_session)
    return routes


def _back(request: Request) -> Response:
    """Back to the admin page, relative (from /admin/users or /admin/users/<login>)."""
    return RedirectResponse("../users.html" if "login" in request.path_params else "users.html", status_code=303)


def _login_refusal(exc: AuthError, t) -> str:
    """Why a login was refused, in the page's language (the library's message is English); a lockout says
    whether the account or the address is locked, and for how long."""
    if isinstance(exc, ThrottledError):
        return t(f"login_locked_{exc.locked}").format(wait=exc.retry_after)
    return t("login_disabled") if "disabled" in str(exc) else t("login_wrong")
