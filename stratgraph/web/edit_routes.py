"""The web app's write routes: owners' updates, comments, review decisions and an admin's revert, with
their pages (``edit/<id>.html``, ``review.html``).

Each write route parses its input, calls the library (:mod:`ingest.updates`, :mod:`graph_model.edits`,
:mod:`graph_model.review`, :mod:`ingest.review`) through :func:`graph_model.edits.open_for_edit`, and
answers. The same route takes an HTML form (then it answers with a redirect to the page it came from, or
with that page re-shown, what the user typed in its form) or a JSON object (then it answers JSON):

========================================  ==========  ===========================================
route (POST)                              rule        fields
========================================  ==========  ===========================================
``/edit/{ident}/observation``             edit ident  value, date, comment
``/edit/{ident}/narrative``               edit ident  period, text
``/edit/{ident}/action``                  edit ident  what, answered_by, due, state
``/edit/{ident}/action/{action}``         edit ident  state, due, answered_by (an action of ident)
``/edit/{ident}/milestone``               edit ident  what, due, state
``/edit/{ident}/comment``                 account     text
``/review/{kind}`` (link/match/duplicate) review      a, b, verdict (accept/reject), note
``/changes/{change}/revert``              admin       (none)
========================================  ==========  ===========================================

Versions: a form carries the entity's version (field ``version``), a JSON client sends it as
``If-Match``; a stale one is a 409 saying so, the form re-shown with the user's input and the current
version (sending it again applies it). Every successful JSON answer carries the entity's new version as
its ``ETag``. An edit while a CLI ingest holds the store waits :func:`graph_model.edits.edit_wait`
seconds, then is a 503 with ``Retry-After``, the input kept. After an edit the app re-reads the store
at once, so the next page shows the new status (a decision keeps the projection served:
:meth:`stratgraph.web.live.LiveStore.refresh`).

Examples
--------
>>> [route.path for route, rule in edit_routes(Path("city.db"))][:3]
['/edit/{ident}.{fmt}', '/review.{fmt}', '/edit/{ident}/observation']
>>> edit_page_path("M-1"), edit_page_path("a b")
('edit/M-1.html', 'edit/a%20b.html')
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable
from pathlib import Path
from urllib.parse import quote

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import Route

from graph_model.edits import (EDITS_SOURCE, ChangeRecord, comment, edit_wait, entity_version, no_edit_meanwhile,
                               open_for_edit)
from graph_model.review import VERDICTS, decide_pair
from graph_model.store import GraphStore
from ingest.review import decide_match, revert_change
from ingest.updates import add_action, add_milestone, observe, update_action, write_narrative
from ontologies.errors import (BusyError, ConflictError, ForbiddenError, InputError, NotFoundError,
                               StratgraphError)
from queries.owners import action_state
from queries.scope import can
from stratgraph.api.review import open_counts
from stratgraph.web.access import Rule, csrf_token, current_user
from stratgraph.web.error_page import error_response
from stratgraph.web.site import LiveSite, with_whoami
from visualize.i18n import LANGUAGES, translator
from visualize.naming import pair_reason
from visualize.report import _worded

__all__ = ["edit_routes", "edit_page_path", "edit_openapi", "saved_decision", "FIELDS", "REVIEW_KINDS"]

#: Where a suggested link's evidence ("shared goals: ...; shared partners: A; B") starts its next sentence.
_EVIDENCE = re.compile(r"; (?=shared )")
#: The fields each write route reads (form fields or JSON keys), by its last path part.
FIELDS = {"observation": ("value", "date", "comment"), "narrative": ("period", "text"),
          "action": ("what", "answered_by", "due", "state"), "update": ("state", "due", "answered_by"),
          "milestone": ("what", "due", "state"), "comment": ("text",), "review": ("a", "b", "verdict", "note"),
          "revert": ()}
REVIEW_KINDS = ("link", "match", "duplicate")
STATES = ("planned", "ongoing", "done")
_EDITABLE = {"Metric": ("observation", "narrative", "action", "milestone"),
             "Goal": ("narrative", "action", "milestone")}
_MAX_FIELD = 20_000
#: Seconds between the review page's asks whether its queue is ready (and the JSON's Retry-After).
REVIEW_RELOAD = 5


def edit_page_path(ident: str) -> str:
    """The report path of ``ident``'s edit page (relative to the app's root)."""
    return f"edit/{quote(ident, safe='')}.html"


# -- input and answers -------------------------------------------------------------------------------------

def _wants_json(request: Request) -> bool:
    return request.headers.get("content-type", "").startswith("application/json") or \
        request.path_params.get("fmt") == "json"


async def _input(request: Request, names: tuple[str, ...]) -> tuple[dict, str | None]:
    """The route's fields (strings, "" when absent) and the version the client saw (or None)."""
    if request.headers.get("content-type", "").startswith("application/json"):
        try:
            body = await request.json()
        except ValueError as exc:
            raise InputError(f"the body is not JSON: {str(exc)[:80]}") from exc
        if not isinstance(body, dict):
            raise InputError("the body must be a JSON object")
        version = request.headers.get("if-match", "").removeprefix("W/").strip('" ') or None
    else:
        body = dict(await request.form())
        version = str(body.get("version", "")) or None
    data, problems = {}, []
    for name in names:
        value = body.get(name)
        value = "" if value is None else value if isinstance(value, str) else str(value)
        if len(value) > _MAX_FIELD:
            problems.append(f"{name}: {len(value):,} characters; at most {_MAX_FIELD:,}")
        data[name] = value
    if problems:
        raise InputError("nothing was changed: " + "; ".join(problems))
    return data, version


_JSON_ESCAPES = {ord("<"): "\\u003c", ord(">"): "\\u003e", ord("&"): "\\u0026"}


def _json(value: object, status: int = 200, headers: dict | None = None) -> Response:
    """JSON with ``<``, ``>`` and ``&`` escaped, as every JSON answer of the app (no text reads as markup).

    >>> _json({"a": "<b>"}).body
    b'{"a": "\\\\u003cb\\\\u003e"}'
    """
    text = json.dumps(value, ensure_ascii=False, default=str, allow_nan=False).translate(_JSON_ESCAPES)
    return Response(text, status_code=status, headers=headers, media_type="application/json")


def _status(exc: StratgraphError) -> int:
    if isinstance(exc, ConflictError):
        return 409
    if isinstance(exc, BusyError):
        return 503
    if isinstance(exc, NotFoundError):
        return 404
    return getattr(exc, "status", 400)


def _json_error(exc: StratgraphError, data: dict) -> Response:
    status, headers = _status(exc), {}
    body = {"error": str(exc), "submitted": data}
    if isinstance(exc, ConflictError):
        body["version"] = exc.current
        headers["ETag"] = f'"{exc.current}"'
    if isinstance(exc, BusyError):
        headers["Retry-After"] = str(math.ceil(edit_wait()))
    return _json(body, status, headers)


def _lang(request: Request) -> str:
    lang = request.query_params.get("lang") or request.cookies.get("lang")
    return lang if lang in LANGUAGES else "fi"


# -- the routes --------------------------------------------------------------------------------------------

def edit_routes(db: Path, *, read_only: bool = False) -> list[tuple[Route, Rule]]:
    """The write routes and their pages on the store at ``db``, each with its access rule (for
    :func:`stratgraph.web.app.create_app`). ``read_only``: every write is refused (403)."""

    def render(request: Request, template: str, path: str, title: str, status: int = 200,
               headers: dict | None = None, **context) -> HTMLResponse:
        t = translator(_lang(request))
        snap = request.app.state.live.snapshot()
        site = LiveSite(snap.graph, t).for_request(csrf=csrf_token(request), query=dict(request.query_params),
                                                   json=True)
        site.render(template, path, title, "", **context)
        html = with_whoami(site.rendered[path], t, path, current_user(request), csrf_token(request), False)
        return HTMLResponse(html, status_code=status, headers=headers)

    # -- the edit page of one entity ------------------------------------------------------------------
    def edit_state(request: Request, ident: str) -> dict:
        snap = request.app.state.live.snapshot()
        graph, user = snap.graph, current_user(request)
        kind = graph.type_of(ident)
        if kind is None:
            raise NotFoundError(f"no entity {ident[:80]!r} in the graph")
        with no_edit_meanwhile(db), GraphStore(db, read_only=True) as store:
            version = entity_version(store, ident)
        record = snap.edits.record_of(ident) if snap.edits is not None else {"history": [], "comments": []}
        import datetime

        today = datetime.date.today()
        actions = [{"id": a, "label": graph.label(a, _lang(request)), "kind": graph.type_of(a),
                    "due": graph.props.get(a, {}).get("due_date"), "state": action_state(graph.props.get(a, {}), today),
                    "stored_state": graph.props.get(a, {}).get("action_state") or "planned",  # late is derived
                    "answered_by": graph.targets(a, "answered_by")}
                   for a in sorted(graph.sources(ident, "action_for")) if graph.type_of(a) in ("Action", "Milestone")]
        forms = _EDITABLE.get(kind, ()) if can(user, "edit", ident, graph) and not read_only else ()
        return {"id": ident, "type": kind, "label": graph.label(ident, _lang(request)), "version": version,
                "forms": list(forms), "may_comment": not read_only, "may_revert": can(user, "admin", None, graph)
                and not read_only, "actions": actions, **record}

    def edit_page(request: Request, ident: str, *, error: str | None = None, status: int = 200,
                  typed: dict | None = None, version: str | None = None, headers: dict | None = None,
                  at: str | None = None) -> Response:
        """The edit page of ``ident``; ``at`` is the path it is shown at when not its own (a refused
        form comes back at the form's URL: links are relative to it)."""
        state = edit_state(request, ident)
        if version is not None:
            state["version"] = version
        t = translator(_lang(request))
        path = at or edit_page_path(ident)
        site_path = LiveSite(request.app.state.live.snapshot().graph, t).href(ident, path)
        return render(request, "edit.html.j2", path, f"{t('edit_title', 'Updates')}: {state['label']}", status,
                      headers, edit=state, error=error, typed=typed or {}, entity_href=site_path,
                      done=request.query_params.get("done", "")[:80], states=STATES)

    async def show_edit(request: Request) -> Response:
        ident, fmt = request.path_params["ident"], request.path_params["fmt"]
        try:
            if fmt == "json":
                state = await run_in_threadpool(edit_state, request, ident)
                return _json(state, headers={"ETag": f'"{state["version"]}"'})
            if fmt != "html":
                raise NotFoundError(f"no such page: .{fmt[:20]}")
            return await run_in_threadpool(edit_page, request, ident)
        except StratgraphError as exc:
            return error_response(exc, request, _lang(request), as_json=fmt == "json", status=_status(exc))

    # -- the review queue -----------------------------------------------------------------------------
    def queue(request: Request) -> tuple[list[dict], dict[str, int]] | None:
        """The open items of the snapshot served now and how many of each kind wait in all, worked out
        once per version in the background (:mod:`stratgraph.web.review_work`: 20 s on a list of 20,000
        projects and 12,000 organisations); None while that is not done."""
        done = request.app.state.review.queue(request.app.state.live.snapshot())
        if done is None:
            return None
        rows, totals = done
        return [dict(row) for row in rows], totals  # copies: the page adds its links

    def review_page(request: Request, *, error: str | None = None, status: int = 200, typed: dict | None = None,
                    headers: dict | None = None, at: str | None = None) -> Response:
        t = translator(_lang(request))
        snap = request.app.state.live.snapshot()
        done_id = request.query_params.get("done", "")[:80]
        saved = saved_decision(snap, done_id, t)
        done = queue(request)
        if done is None:  # the page says so and reloads itself when the queue is ready (web.js asks review.json)
            return render(request, "review.html.j2", at or "review.html", t("review_title", "Review queue"), 200,
                          {"Retry-After": str(REVIEW_RELOAD)}, rows=[], totals={}, kinds=(), error=error,
                          typed=typed or {}, read_only=read_only, pending=REVIEW_RELOAD, done=done_id, saved=saved)
        rows, totals = done
        site = LiveSite(snap.graph, t)
        path = at or "review.html"
        for row in rows:
            row["a_href"], row["b_href"] = site.href(row["a"], path), site.href(row["b"], path)
            row["key"] = f"{row['kind']}-{row['a']}-{row['b']}"
            row["why"] = "; ".join(_worded(t, e) for e in _EVIDENCE.split(row["why"])) if row["kind"] == "link" \
                else pair_reason(t, row["why"])
        return render(request, "review.html.j2", path, t("review_title", "Review queue"), status, headers,
                      rows=rows, totals=totals, kinds=REVIEW_KINDS, error=error, typed=typed or {}, read_only=read_only,
                      done=done_id, saved=saved)

    async def show_review(request: Request) -> Response:
        fmt = request.path_params["fmt"]
        if fmt == "json":
            done = await run_in_threadpool(queue, request)
            if done is None:
                return _json({"error": "the review queue is being worked out; try again shortly"}, 503,
                             {"Retry-After": str(REVIEW_RELOAD)})
            rows, totals = done
            return _json({"rows": rows, "totals": totals})
        if fmt != "html":
            return _json({"error": f"no such page: .{fmt[:20]}"}, 404)
        return await run_in_threadpool(review_page, request)

    # -- writing --------------------------------------------------------------------------------------
    def writer(name: str, work: Callable[[GraphStore, Request, dict, str, str | None], ChangeRecord],
               back: Callable[[Request, dict, ChangeRecord | None], str],
               reshow: Callable[..., Response]):
        """A POST endpoint: parse ``FIELDS[name]``, run ``work`` in one edit, refresh, answer."""

        async def endpoint(request: Request) -> Response:
            data: dict = {}
            try:
                if read_only:
                    raise ForbiddenError("this app serves the store read-only: no edits")
                data, version = await _input(request, FIELDS[name])
                author = current_user(request).login

                def run() -> tuple[ChangeRecord, str]:
                    with open_for_edit(db, submitted=data) as store:
                        record = work(store, request, data, author, version)
                        return record, entity_version(store, record.entity)
                record, new_version = await run_in_threadpool(run)
                await run_in_threadpool(request.app.state.live.refresh)
            except StratgraphError as exc:
                if _wants_json(request):
                    return _json_error(exc, data)
                headers = {"Retry-After": str(math.ceil(edit_wait()))} if isinstance(exc, BusyError) else None
                try:
                    return await run_in_threadpool(
                        reshow, request, error=str(exc), status=_status(exc), typed={name: data}, headers=headers,
                        version=exc.current if isinstance(exc, ConflictError) else None,
                        at=request.url.path.lstrip("/"))  # shown at the form's URL: its links relative to it
                except StratgraphError:
                    return error_response(exc, request, _lang(request), as_json=False, status=_status(exc))
            if _wants_json(request):
                return _json({"change": {k: v for k, v in record.as_dict().items() if k != "submitted"},
                              "version": new_version}, 201, {"ETag": f'"{new_version}"'})
            return RedirectResponse(back(request, data, record), status_code=303)
        return endpoint

    def on_target(request: Request, **kwargs) -> Response:
        return edit_page(request, request.path_params["ident"], **kwargs)

    def on_review(request: Request, version=None, **kwargs) -> Response:
        return review_page(request, **kwargs)

    def on_change(request: Request, version=None, **kwargs) -> Response:
        with no_edit_meanwhile(db), GraphStore(db, read_only=True) as store:
            from graph_model.edits import get_change

            entity = get_change(store, request.path_params["change"]).entity
        return edit_page(request, entity, **kwargs)

    def to_edit_page(up: int):
        def back(request: Request, data: dict, record: ChangeRecord | None) -> str:
            page = request.path_params.get("ident", record.entity)  # an action's change: back to its target
            return "../" * up + f"{quote(page, safe='')}.html?done={quote(record.id)}"
        return back

    def to_review(request: Request, data: dict, record: ChangeRecord | None) -> str:
        return f"../review.html?done={quote(record.id)}"

    def to_history(request: Request, data: dict, record: ChangeRecord | None) -> str:
        return f"../../{edit_page_path(record.entity)}?done={quote(record.id)}"

    def ident(request: Request) -> str:
        return request.path_params["ident"]

    def do_observe(store, request, d, author, version):
        return observe(store, ident(request), d["value"], on=d["date"], author=author, comment=d["comment"],
                       expected_version=version)

    def do_narrative(store, request, d, author, version):
        return write_narrative(store, ident(request), d["text"], period=d["period"], author=author,
                               expected_version=version)

    def do_action(store, request, d, author, version):
        return add_action(store, ident(request), d["what"], author=author, answered_by=d["answered_by"] or None,
                          due=d["due"] or None, state=d["state"] or "planned", expected_version=version)

    def do_update(store, request, d, author, version):
        action = request.path_params["action"]
        graph = request.app.state.live.snapshot().graph
        if ident(request) not in graph.targets(action, "action_for"):
            raise NotFoundError(f"{action[:80]!r} is not an action or milestone of {ident(request)[:80]!r}")
        return update_action(store, action, author=author, state=d["state"] or None, due=d["due"] or None,
                             answered_by=d["answered_by"] or None, expected_version=version)

    def do_milestone(store, request, d, author, version):
        return add_milestone(store, ident(request), d["what"], due=d["due"], author=author,
                             state=d["state"] or "planned", expected_version=version)

    def do_comment(store, request, d, author, version):
        return comment(store, ident(request), d["text"], author=author)

    def do_review(store, request, d, author, version):
        kind = request.path_params["kind"]
        if kind not in REVIEW_KINDS:
            raise NotFoundError(f"no review kind {kind[:20]!r} (kinds: {', '.join(REVIEW_KINDS)})")
        if d["verdict"] not in ("accept", "reject"):
            raise InputError(f"nothing was changed: verdict: {d['verdict'][:20]!r} is not accept or reject")
        if not d["a"] or not d["b"]:
            raise InputError("nothing was changed: a and b: the pair's two ids are needed")
        accept = d["verdict"] == "accept"
        if kind == "match":
            return decide_match(store, d["a"], d["b"], accept=accept, author=author, note=d["note"])
        verdict = VERDICTS[kind][0 if accept else 1]
        return decide_pair(store, kind, d["a"], d["b"], verdict, author=author, note=d["note"],
                           expected_version=version)

    def do_revert(store, request, d, author, version):
        return revert_change(store, request.path_params["change"], author)

    edit = Rule("edit", target="ident")
    return [
        (Route("/edit/{ident}.{fmt}", show_edit), Rule("account")),
        (Route("/review.{fmt}", show_review), Rule("review")),
        (Route("/edit/{ident}/observation", writer("observation", do_observe, to_edit_page(1), on_target),
               methods=["POST"]), edit),
        (Route("/edit/{ident}/narrative", writer("narrative", do_narrative, to_edit_page(1), on_target),
               methods=["POST"]), edit),
        (Route("/edit/{ident}/action", writer("action", do_action, to_edit_page(1), on_target),
               methods=["POST"]), edit),
        (Route("/edit/{ident}/action/{action}", writer("update", do_update, to_edit_page(2), on_target),
               methods=["POST"]), edit),
        (Route("/edit/{ident}/milestone", writer("milestone", do_milestone, to_edit_page(1), on_target),
               methods=["POST"]), edit),
        (Route("/edit/{ident}/comment", writer("comment", do_comment, to_edit_page(1), on_target),
               methods=["POST"]), Rule("account")),
        (Route("/review/{kind}", writer("review", do_review, to_review, on_review), methods=["POST"]),
         Rule("review")),
        (Route("/changes/{change}/revert", writer("revert", do_revert, to_history, on_change), methods=["POST"]),
         Rule("admin")),
    ]


def saved_decision(snapshot, change: str, t) -> dict | None:
    """What the review decision ``change`` (a change id) saved, in words for the notice above the queue:
    ``what`` (the verdict), the pair's names and the pair's first organisation's or project's page of
    changes (where an admin can undo it); None when ``change`` is no review decision of ``snapshot``.

    >>> from types import SimpleNamespace
    >>> from graph_model.edits import EditLog
    >>> from queries.projection import GraphData
    >>> from visualize.i18n import translator
    >>> record = ChangeRecord("c1", "S-1", "rev", "2026-12-07", "decision:match", "match S-1 - S-2: rejected",
    ...                       submitted={"a": "S-1", "b": "S-2", "accept": False, "note": "eri"})
    >>> snap = SimpleNamespace(edits=EditLog(changes={"S-1": [record]}),
    ...                        graph=GraphData(labels={"S-1": {"fi": "Oulun yliopisto"}, "S-2": {"fi": "OY"}}))
    >>> saved = saved_decision(snap, "c1", translator("fi"))
    >>> t = translator("fi"); t("review_saved").format(what=saved["what"], a=saved["a_label"], b=saved["b_label"])
    'Tallennettu: organisaatiot pidetty erillään: Oulun yliopisto – OY.'
    >>> saved["history_href"], saved_decision(snap, "c2", translator("fi"))
    ('edit/S-1.html', None)

    An accepted match folds its first organisation into the second: the notice still names it (from the
    projection before the folds) and links the page of changes of the one kept, where the decision is.

    >>> accepted = ChangeRecord("c3", "S-1", "rev", "2026-12-08", "decision:match", "match S-1 - S-2: accepted",
    ...                         submitted={"a": "S-1", "b": "S-2", "accept": True, "note": ""})
    >>> folded = SimpleNamespace(edits=EditLog(changes={"S-1": [accepted]}), unfolded=snap.graph,
    ...                          graph=GraphData(labels={"S-2": {"fi": "OY"}}, merged={"S-1": "S-2"}))
    >>> saved = saved_decision(folded, "c3", t)
    >>> saved["a_label"], saved["history_href"]
    ('Oulun yliopisto', 'edit/S-2.html')

    Two duplicates often have the same title: then each name says its id, or the notice names one
    project twice.

    >>> twins = SimpleNamespace(edits=snap.edits, graph=GraphData(labels={"S-1": {"fi": "OuKa"}, "S-2": {"fi": "OuKa"}}))
    >>> saved = saved_decision(twins, "c1", t)
    >>> saved["a_label"], saved["b_label"]
    ('OuKa (S-1)', 'OuKa (S-2)')
    """
    if not change or snapshot is None or snapshot.edits is None:
        return None
    record = next((r for records in snapshot.edits.changes.values() for r in records if r.id == change), None)
    if record is None or not record.kind.startswith("decision:") or not isinstance(record.submitted, dict):
        return None
    kind, said = record.kind.removeprefix("decision:"), record.submitted
    if kind not in REVIEW_KINDS:
        return None
    accept = said.get("accept") if kind == "match" else said.get("verdict") == VERDICTS[kind][0]
    a, b = str(said.get("a", "")), str(said.get("b", ""))
    what = t(f"review_saved_{kind}_{'accept' if accept else 'reject'}")
    a_label, b_label = _label_before_folds(snapshot, a, t.lang), _label_before_folds(snapshot, b, t.lang)
    if a_label == b_label:
        a_label, b_label = f"{a_label} ({a})", f"{b_label} ({b})"
    return {"what": what, "a_label": a_label, "b_label": b_label,
            "history_href": edit_page_path(snapshot.graph.merged.get(record.entity, record.entity))}


def _label_before_folds(snapshot, ident: str, lang: str) -> str:
    """``ident``'s label, from the projection before the match folds when a match folded it away."""
    unfolded = getattr(snapshot, "unfolded", None)
    if ident in snapshot.graph.merged and unfolded is not None:
        return unfolded.label(ident, lang)
    return snapshot.graph.label(ident, lang)


# -- the API's description ---------------------------------------------------------------------------------

def edit_openapi() -> dict:
    """The OpenAPI paths of the write routes (JSON bodies; the CSRF token in ``X-CSRF-Token``).

    >>> paths = edit_openapi()
    >>> sorted(paths["/edit/{ident}/observation"]["post"]["requestBody"]["content"]["application/json"]
    ...        ["schema"]["properties"])
    ['comment', 'date', 'value']
    """
    error = {"description": "Refused: the message says why (400 bad input, 401/403 access, 404 no such "
                            "entity, 409 a stale version, 503 the store is busy: retry after Retry-After).",
             "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}},
                         "text/html": {"schema": {"type": "string"}},  # a refusal of a request without JSON
                         "text/plain": {"schema": {"type": "string"}}}}  # a path or query that is not UTF-8
    done = {"description": "The change on record and the entity's new version (also the ETag).",
            "content": {"application/json": {"schema": {"type": "object", "required": ["change", "version"]}}}}
    csrf = {"name": "X-CSRF-Token", "in": "header", "required": True, "schema": {"type": "string"},
            "description": "The session's CSRF token (from /whoami.json)."}
    if_match = {"name": "If-Match", "in": "header", "required": False, "schema": {"type": "string"},
                "description": "The entity's version seen (its ETag); a stale one is a 409."}
    text = {"type": "string", "maxLength": _MAX_FIELD}
    paths = {}
    routes = {"/edit/{ident}/observation": "observation", "/edit/{ident}/narrative": "narrative",
              "/edit/{ident}/action": "action", "/edit/{ident}/action/{action}": "update",
              "/edit/{ident}/milestone": "milestone", "/edit/{ident}/comment": "comment",
              "/review/{kind}": "review", "/changes/{change}/revert": "revert"}
    for path, name in routes.items():
        params = [{"name": p, "in": "path", "required": True, "schema": {"type": "string", "maxLength": 200}}
                  for p in ("ident", "action", "kind", "change") if "{" + p + "}" in path]
        if name == "review":
            params[0]["schema"] = {"type": "string", "enum": list(REVIEW_KINDS)}
        operation = {"summary": f"Record a {name} (a change on record)", "operationId": f"post_{name}",
                     "parameters": [*params, csrf, if_match],
                     "responses": {"201": done, **{str(s): error for s in (400, 401, 403, 404, 409, 503)}}}
        if FIELDS[name]:
            operation["requestBody"] = {"required": True, "content": {"application/json": {"schema": {
                "type": "object", "properties": {f: text for f in FIELDS[name]}}}}}
        paths[path] = {"post": operation}
    return paths
