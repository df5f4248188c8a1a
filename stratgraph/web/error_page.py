"""The page a browser gets when the app cannot answer: the site's header, a title in the reader's
language, what went wrong, and links that work from wherever the address pointed.

One page for every refusal: a mistyped address or method (404, 405: no route has it), a page's own
error (a wrong parameter, an unknown entity), the access guard's 401/403/413/429 and an edit form that
cannot be shown again. A JSON client gets ``{"error": ...}`` instead. The page is rendered at the
request's own path, so ``../`` links and the stylesheet resolve from ``a/b/c`` as from ``index.html``.

Examples
--------
>>> from ontologies.errors import NotFoundError
>>> scope = {"type": "http", "path": "/projects/NOBODY.html", "query_string": b"lang=en", "headers": []}
>>> answer = error_response(NotFoundError("no such project"), Request(scope), default_lang="fi")
>>> answer.status_code, "<h1>Page not found</h1>" in answer.body.decode(), 'href="../index.html"' in answer.body.decode()
(404, True, True)
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import HTMLResponse, Response

from ontologies.errors import NotFoundError, StoreError, StratgraphError
from queries.projection import GraphData
from stratgraph.web.site import LiveSite
from stratgraph.web.views import json_response
from visualize.i18n import LANGUAGES, translator

#: The page title's word for each status (anything else is a bad request).
TITLES = {401: "login_needed_page", 403: "forbidden_page", 404: "not_found_page", 405: "not_allowed_page",
          409: "conflict_page", 413: "too_large_page", 429: "throttled_page", 503: "unavailable_page"}


def bare_site(lang: str, **request: object) -> LiveSite:
    """A site with no graph, for pages about the app rather than the store (errors, "being read").

    >>> bare_site("en", note="hello").request["note"]
    'hello'
    """
    return LiveSite(GraphData(), translator(lang)).for_request(**request)


def status_of(exc: StratgraphError) -> int:
    """The HTTP status of ``exc``: its own ``status``, else 404 for a thing not found, 503 for the store,
    400 for the rest.

    >>> status_of(NotFoundError("x")), status_of(StratgraphError("x"))
    (404, 400)
    """
    return getattr(exc, "status", None) or (404 if isinstance(exc, NotFoundError) else 503
                                            if isinstance(exc, StoreError) else 400)


def error_response(exc: StratgraphError, request: Request, default_lang: str, as_json: bool | None = None,
                   status: int | None = None) -> Response:
    """The error page of ``exc`` at the request's path (or its JSON when ``as_json``, by default when the
    request asks for JSON), with ``status`` (else :func:`status_of`)."""
    status = status or status_of(exc)
    if wants_json(request) if as_json is None else as_json:
        return json_response({"error": str(exc)}, status)
    lang = reader_lang(request, default_lang)
    at = app_path(request) or "index.html"
    site = bare_site(lang, note=str(exc))
    site.render("list.html.j2", at, translator(lang)(TITLES.get(status, "bad_request")), sections=[])
    return HTMLResponse(site.rendered[at], status_code=status)


def app_path(request: Request) -> str:
    """The request's path inside the app (behind a proxy's prefix; a mount such as ``/static`` does not
    count), without its leading slash.

    >>> app_path(Request({"type": "http", "path": "/kartta/projects/P1.html", "root_path": "/kartta"}))
    'projects/P1.html'
    >>> app_path(Request({"type": "http", "path": "/static/x.css", "root_path": "/static", "app_root_path": ""}))
    'static/x.css'
    """
    scope = request.scope
    path, prefix = scope["path"], scope.get("app_root_path", scope.get("root_path", ""))
    if prefix and path.startswith(prefix + "/"):
        path = path[len(prefix):]
    return path.lstrip("/")


def reader_lang(request: Request, default: str) -> str:
    """The language of a page outside the pages' routes: ``?lang=``, the reader's cookie, else ``default``.

    >>> reader_lang(Request({"type": "http", "query_string": b"lang=en", "headers": []}), "fi")
    'en'
    """
    for lang in (request.query_params.get("lang"), request.cookies.get("lang")):
        if lang in LANGUAGES:
            return lang
    return default


def wants_json(request: Request) -> bool:
    """Whether the request asks for JSON (a ``.json`` path or an ``Accept`` naming it).

    >>> wants_json(Request({"type": "http", "path": "/x.json", "headers": []}))
    True
    """
    return request.url.path.endswith(".json") or "application/json" in request.headers.get("accept", "")


def guard_page(default_lang: str):
    """What the access guard answers a browser it refuses (``page(scope, status, message)``)."""
    def page(scope, status: int, message: str) -> Response:
        return error_response(StratgraphError(message), Request(scope), default_lang, as_json=False, status=status)
    return page
