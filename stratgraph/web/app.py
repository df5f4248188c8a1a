"""The ASGI app of ``stratgraph serve``: settings, the live store, the routes and the middleware.

Every page of :data:`stratgraph.web.pages.ALL_PAGES` answers at ``/<path>.html`` (the report's page,
rendered now from the store as it is) and ``/<path>.json`` (the same rows as the CLI's ``--format json``,
paged); a few also at ``.csv``/``.xlsx`` (cells neutralised) or ``.png``/``.svg``. Links between pages
are relative, as in the report, so the app works under any path prefix behind a reverse proxy.

Besides the pages: ``/healthz`` (the store version served, whether the indexes are warm),
``/openapi.json`` (:mod:`stratgraph.web.openapi`) and ``/static/`` (the package's own assets: no CDN).

Every answer carries a strict Content-Security-Policy: scripts and styles only from ``/static/``, no
inline script, no request to another origin (a map page, which inlines its two scripts, allows exactly
those by hash). A query string or path that is not UTF-8 is refused with a 400 saying so, a parameter
that is wrong with a 400 naming it; the access log has no query strings (they may hold a person's idea).

Examples
--------
>>> import tempfile, pathlib
>>> from starlette.testclient import TestClient
>>> from examples import EXAMPLE_DIR
>>> from graph_model.store import GraphStore
>>> from ingest.pipeline import ingest
>>> db = pathlib.Path(tempfile.mkdtemp()) / "city.db"
>>> with GraphStore(db) as store:
...     _ = ingest(EXAMPLE_DIR, store)
>>> with TestClient(create_app(WebSettings(db, warm=False, public=True))) as client:
...     client.get("/healthz").json()["status"], client.get("/search.json?q=hiilineutraali").json()["rows"][0]["id"]
('ready', 'P-HNR')
>>> with TestClient(create_app(WebSettings(db, warm=False))) as client:  # not public: log in first
...     client.get("/search.json?q=hiilineutraali").status_code, client.get("/healthz").status_code
(401, 200)
"""

from __future__ import annotations

import contextlib
import json
import logging
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote_to_bytes

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, PlainTextResponse, RedirectResponse, Response
from starlette.routing import BaseRoute, Mount, Route
from starlette.staticfiles import StaticFiles

from ontologies.errors import AuthError, ForbiddenError, NotFoundError, StoreError, StratgraphError
from graph_model.accounts import Accounts
from stratgraph.web.access import Rule, csrf_token, current_user, route_rules
from stratgraph.web.accounts.guard import AccessGuard
from stratgraph.web.accounts.routes import AccountSettings, account_routes
from stratgraph.web.answers import Answer, Answers, answer_key
from stratgraph.web.error_page import bare_site, error_response, guard_page, status_of
from stratgraph.web.handle import SnapshotHandle
from stratgraph.web.live import LiveStore
from stratgraph.web.pages import ALL_PAGES
from stratgraph.web.review_work import ReviewWork
from stratgraph.web.site import LiveSite, with_whoami
from graph_model.store import GraphStore
from stratgraph.web.sparql_endpoint import sparql_route
from stratgraph.web.views import LANG_PARAM, PAGING, Context, Page, Param, View, json_response
from visualize.html import STATIC_DIR, map_policy
from visualize.i18n import LANGUAGES, translator

__all__ = ["WebSettings", "create_app", "POLICY", "LANG_PARAM", "ANSWER_HEADER"]

log = logging.getLogger("stratgraph.web.access")

#: The Content-Security-Policy of every page but the maps.
POLICY = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
          "form-action 'self'; base-uri 'none'; frame-ancestors 'none'")
#: The longest query string accepted (an idea of 20,000 characters, percent-encoded, fits).
MAX_QUERY_BYTES = 200_000
#: Says whether an answer was kept from an earlier request (``kept``) or worked out for this one (``new``).
ANSWER_HEADER = "x-stratgraph-answer"
_DOWNLOADS = {"csv": "text/csv; charset=utf-8",
              "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
              "png": "image/png", "svg": "image/svg+xml"}


@dataclass(frozen=True)
class WebSettings:
    """How the app serves: the store, the default language, read-only, and ``warm``: read the store and
    build the indexes in the background at start-up, pages showing progress meanwhile (else the store is
    read before the first request and the indexes are built on first use, as tests want).

    Accounts (:mod:`stratgraph.web.accounts`): ``public`` lets anonymous readers in (persons are
    pseudonymised then); ``secure_cookies`` (off only for plain-http development on 127.0.0.1); the
    sessions' idle and absolute lifetimes; ``oidc``, the city's OIDC provider (None: local accounts only);
    ``path_prefix``, the path a reverse proxy serves the app under (links are relative and need none; the
    OIDC callback URL, which the provider must know in full, does)."""

    db: Path
    lang: str = "fi"
    read_only: bool = False
    warm: bool = True
    public: bool = False
    secure_cookies: bool = True
    idle_seconds: float = 30 * 60
    absolute_seconds: float = 12 * 3600
    oidc: object | None = None  # stratgraph.web.accounts.oidc.OidcSettings
    path_prefix: str = ""


def create_app(settings: WebSettings, routes: Sequence[tuple[BaseRoute, Rule]] = ()) -> _Guard:
    """The app serving ``settings.db``; the store is read in a background thread once the app starts.

    ``routes`` are more routes, each with its access rule (:class:`stratgraph.web.access.Rule`); every
    request goes through the access guard (:mod:`stratgraph.web.accounts.guard`): session, CSRF, rule.
    Raises StoreError when there is no store at ``settings.db``.
    """
    if not Path(settings.db).exists():
        raise StoreError(f"no store at {settings.db}: ingest something first (e.g. `stratgraph demo`)")
    from stratgraph.web.edit_routes import edit_routes

    review = ReviewWork(settings.db)
    routes = [*edit_routes(Path(settings.db), read_only=settings.read_only), *routes]  # the write routes
    live = LiveStore(settings.db, pseudonymise=settings.public)
    if settings.warm and not settings.public:  # the queue is ready before a reviewer asks (20 s on a big list)
        live.listeners.append(review.prepare)
    answers = Answers()
    accounts = Accounts(settings.db, idle=settings.idle_seconds, absolute=settings.absolute_seconds)
    account_settings = AccountSettings(settings.secure_cookies, settings.public, settings.idle_seconds,
                                       settings.absolute_seconds, settings.oidc, settings.path_prefix)
    app_routes = [Route("/", _redirect_index), Route("/healthz", _health(live, settings, answers)),
              Route("/openapi.json", _openapi),
              sparql_route(lambda: GraphStore(settings.db, read_only=True)),
              Mount("/static", StaticFiles(directory=STATIC_DIR), name="static")]
    app_routes += account_routes(accounts, account_settings, settings.lang)  # before the pages' {folder}/{name}
    app_routes += [route for route, _ in routes]
    app_routes += [Route(f"/{page.path}.{{fmt}}", _endpoint(page, live, settings, answers))
                   for page in ALL_PAGES]
    rules = {**route_rules([page.path for page in ALL_PAGES]), **{route.path: rule for route, rule in routes}}

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette):
        if not settings.warm:
            live.refresh()  # read the store before the first request; indexes are built on first use
        live.start() if settings.warm else live.start(warm=())
        yield
        live.stop()

    app = Starlette(routes=app_routes, lifespan=lifespan,
                    exception_handlers={AuthError: _refused, ForbiddenError: _refused, 404: _no_route,
                                        405: _no_route})
    app.state.lang = settings.lang
    app.state.error_page = guard_page(settings.lang)
    app.state.live, app.state.accounts, app.state.rules, app.state.answers = live, accounts, rules, answers
    app.state.review = review
    return _Guard(AccessGuard(app, accounts, rules, public=settings.public, secure=settings.secure_cookies))


async def _refused(request: Request, exc: Exception) -> Response:
    """A route's :func:`stratgraph.web.access.require` said no: 401 (or 429) or 403, as JSON on a JSON route,
    else the site's error page."""
    status = getattr(exc, "status", 403)
    response = error_response(exc, request, request.app.state.lang, status=status)
    if getattr(exc, "retry_after", None):
        response.headers["Retry-After"] = str(exc.retry_after)
    return response


async def _redirect_index(request: Request) -> Response:
    return RedirectResponse("index.html", status_code=307)


def _health(live: LiveStore, settings: WebSettings, answers: Answers):
    def health(request: Request) -> Response:
        snap = live.snapshot()
        status = "ready" if snap is not None else "warming"
        return _json({"status": status, "step": live.step, "version": snap.version if snap else None,
                             "sources": len(snap.sources) if snap else 0, "read_only": settings.read_only,
                             "warm": {k: bool(snap and snap.ready(k)) for k in ("search", "related")},
                             "error": live.error, "answers": answers.counts()})
    return health


def _openapi(request: Request) -> Response:
    from stratgraph.web.openapi import openapi

    from stratgraph.web.edit_routes import edit_openapi

    spec = openapi(ALL_PAGES)
    spec["paths"].update(edit_openapi())
    return _json(spec)


# -- the pages ---------------------------------------------------------------------------------------------

def _endpoint(page: Page, live: LiveStore, settings: WebSettings, answers: Answers):
    """The route of ``page``: a kept answer is sent by the event loop itself; a new one is worked out in a
    thread (:mod:`stratgraph.web.answers`); the header's account part is added per request."""
    sites: dict[tuple[str, str], LiveSite] = {}

    def work(request: Request, snap, lang: str, fmt: str) -> Answer:  # in a thread
        try:
            site = sites.get((snap.version, lang))
            if site is None:
                sites.clear()  # one version at a time
                site = sites[(snap.version, lang)] = LiveSite(snap.graph, translator(lang))
            values = {**request.query_params, **request.path_params}
            params = {p.name: p.parse(values.get(p.name)) for p in (*page.params, *PAGING)}
            here = _report_path(page, request.path_params)
            ctx = Context(params, snap, site.for_request(q=request.query_params.get("q", "") if page.path == "search"
                                                         else "", query=dict(request.query_params), json=True),
                          SnapshotHandle(settings.db, snap), path=here)
            response = _respond(page.view(ctx), fmt, ctx)
        except StratgraphError as exc:
            response = error_response(exc, request, lang, as_json=fmt == "json")
        headers = [(k, v) for k, v in response.raw_headers if k != b"content-length"]
        return Answer(response.status_code, headers, response.body)

    async def endpoint(request: Request) -> Response:
        fmt = request.path_params["fmt"]
        if fmt not in ("html", "json", *page.formats):
            return await _no_route(request, NotFoundError(f"no such page: .{fmt[:20]}"))
        try:
            lang = LANG_PARAM.parse(request.query_params.get("lang")) or request.cookies.get("lang")
        except StratgraphError as exc:
            return error_response(exc, request, settings.lang, as_json=fmt == "json")
        lang = lang if lang in LANGUAGES else settings.lang
        snap = live.snapshot()
        if snap is None or any(not snap.ready(n) and live.step.startswith("index") for n in page.needs):
            return _warming(live, lang, fmt == "json")
        key = answer_key(request.url.path, fmt, lang, request.query_params.multi_items())
        answer, how = await answers.answer(snap.version, key, lambda: work(request, snap, lang, fmt), lane=page.path,
                                           heavy=page.heavy)
        response = Response(answer.body, status_code=answer.status, headers={
            **{k.decode("latin-1"): v.decode("latin-1") for k, v in answer.headers}, ANSWER_HEADER: how})
        if fmt == "html" and answer.status == 200:
            response = _with_whoami(response, request, lang, here=_report_path(page, request.path_params),
                                    settings=settings)
        if request.query_params.get("lang") in LANGUAGES:
            response.set_cookie("lang", request.query_params["lang"], samesite="lax", httponly=True)
        return response
    return endpoint


def _with_whoami(response: Response, request: Request, lang: str, here: str, settings: WebSettings) -> Response:
    """The page with its header saying who is logged in (the rest of the page is the same for every reader)."""
    html = with_whoami(response.body.decode("utf-8"), translator(lang), here, current_user(request),
                       csrf_token(request), settings.public)
    fresh = HTMLResponse(html, status_code=response.status_code)
    for name, value in response.headers.items():
        if name.lower() not in ("content-length", "content-type"):
            fresh.headers[name] = value
    return fresh


def _report_path(page: Page, path_params: dict) -> str:
    path = page.path
    for name, value in path_params.items():
        path = path.replace("{" + name + "}", str(value))
    return f"{path}.html"


def _respond(view: View, fmt: str, ctx: Context) -> Response:
    if fmt == "html":
        response = HTMLResponse(view.html())
        if ctx.path.startswith("maps/"):
            response.headers["Content-Security-Policy"] = map_policy() + "; frame-ancestors 'none'"
        return response
    if fmt in ("png", "svg"):
        from stratgraph.web.pages.maps import map_image

        return Response(map_image(ctx, fmt), media_type=_DOWNLOADS[fmt])
    if fmt in ("csv", "xlsx"):
        return _download(view.row_list(), fmt, ctx.path.rsplit("/", 1)[-1][:-len(".html")])
    rows = view.row_list()
    page, size = ctx.params["page"], ctx.params["size"]
    shown = rows[(page - 1) * size:page * size]
    extra = view.extra() if callable(view.extra) else view.extra
    return _json({**extra, "rows": shown, "page": page, "size": size, "total": len(rows)})


_json = json_response


def _download(rows: list[dict], fmt: str, name: str) -> Response:
    from stratgraph.api.rows import cell_text
    from stratgraph.output import render

    flat = [{k: " | ".join(map(cell_text, v)) if isinstance(v, list) else v for k, v in r.items() if k != "shared"}
            for r in rows]
    columns = list(flat[0]) if flat else []
    headers = {"Content-Disposition": f'attachment; filename="{name}.{fmt}"'}
    if fmt == "csv":
        return Response(render(flat, "csv", columns), media_type=_DOWNLOADS[fmt], headers=headers)
    import tempfile

    from graph_model.spreadsheet import write_xlsx

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "rows.xlsx"
        write_xlsx(path, [columns, *[[r.get(c) if isinstance(r.get(c), (int, float)) else cell_text(r.get(c))
                                      for c in columns] for r in flat]])
        return Response(path.read_bytes(), media_type=_DOWNLOADS[fmt], headers=headers)


def _warming(live: LiveStore, lang: str, as_json: bool) -> Response:
    headers = {"Retry-After": "2"}
    if as_json:
        return _json({"error": "the store is being read; try again shortly", "step": live.step}, 503, headers)
    t = translator(lang)
    site = bare_site(lang, note=t("warming").format(step=live.step), refresh=2)
    site.render("list.html.j2", "index.html", t("report_title"), sections=[])
    return HTMLResponse(site.rendered["index.html"], status_code=503, headers=headers)


async def _no_route(request: Request, exc: Exception) -> Response:
    """No route has the path (404) or its method (405): the site's error page in the reader's language
    (or JSON), not a bare "Not Found" that has neither a title, a language nor a way back."""
    status = status_of(exc) if isinstance(exc, StratgraphError) else getattr(exc, "status_code", 404)
    error = exc if isinstance(exc, StratgraphError) else StratgraphError(
        f"no page {request.url.path!r}" if status == 404 else f"{request.method} is not allowed here")
    response = error_response(error, request, request.app.state.lang, status=status)
    if status == 405 and getattr(exc, "headers", None):
        response.headers.update(exc.headers)
    return response


# -- the middleware ----------------------------------------------------------------------------------------

class _Guard:
    """Refuses a path or query string that is not UTF-8 (or is too long), sets the security headers and
    writes an access log line without the query string."""

    def __init__(self, app: AccessGuard):
        self.app = app
        self.state = app.state

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        problem = _bad_request(scope)
        started = time.perf_counter()
        status = {}

        async def send_with_headers(message) -> None:
            if message["type"] == "http.response.start":
                status["code"] = message["status"]
                headers = [(k, v) for k, v in message.get("headers", []) if k.lower() != b"x-frame-options"]
                names = {k.lower() for k, _ in headers}
                if b"content-security-policy" not in names:
                    headers.append((b"content-security-policy", POLICY.encode()))
                headers += [(b"x-content-type-options", b"nosniff"), (b"referrer-policy", b"no-referrer"),
                            (b"x-frame-options", b"DENY")]
                message = {**message, "headers": headers}
            await send(message)

        if problem:  # as JSON on a JSON route, as /openapi.json says every 400 there is
            refusal = _json({"error": problem}, 400) if scope.get("path", "").endswith(".json") \
                else PlainTextResponse(problem, status_code=400)
            await refusal(scope, receive, send_with_headers)
        else:
            await self.app(scope, receive, send_with_headers)
        log.info('%s %s %s %.0fms', scope.get("method"), scope.get("path", "")[:200], status.get("code"),
                 1000 * (time.perf_counter() - started))


def _bad_request(scope) -> str | None:
    raw_query = scope.get("query_string", b"")
    if len(raw_query) > MAX_QUERY_BYTES:
        return f"the query string is too long ({len(raw_query):,} bytes; at most {MAX_QUERY_BYTES:,})"
    try:
        raw_query.decode("ascii")
        for part in raw_query.replace(b"+", b" ").split(b"&"):
            unquote_to_bytes(part).decode("utf-8")
        raw_path = scope.get("raw_path") or scope.get("path", "").encode("utf-8", "surrogateescape")
        unquote_to_bytes(raw_path).decode("utf-8")
    except UnicodeDecodeError:
        return "the request is not valid UTF-8: encode parameters as UTF-8 and percent-encode them"
    return None
