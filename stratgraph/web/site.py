"""The report's pages rendered live: the web app's URLs are the report's paths, so its links work as they are.

:class:`LiveSite` is the report's :class:`visualize.report.Site` with three differences: a page is
returned as a string instead of written to a file; every entity kind has a page (the report has pages
for projects, organisations, bodies and goals; the others are at ``entities/<id>.html``); and each page
gets the web app's header (search box, language switch, stylesheets and script from ``static/``) through
:meth:`LiveSite.page_context`. One site is kept per snapshot and language; :meth:`LiveSite.for_request`
copies it (shallowly) with the request's own details.

Examples
--------
>>> from queries.projection import GraphData
>>> from visualize.i18n import translator
>>> g = GraphData(types={"P-1": "Project", "M-1": "Metric", "G-1": "Goal"}, labels={"M-1": {"fi": "<b>Mittari</b>"}})
>>> site = LiveSite(g, translator("fi"))
>>> site.paths["P-1"], site.paths["M-1"], site.paths["G-1"]
('projects/P-1.html', 'entities/M-1.html', 'goals/G-1.html')
>>> site.ident_at("entities/M-1.html"), site.ident_at("nowhere.html")
('M-1', None)
"""

from __future__ import annotations

import copy
from pathlib import Path
from urllib.parse import quote, urlencode

from queries.projection import GraphData
from visualize.followup_pages import goal_path
from visualize.i18n import Translator
from visualize.report import Site, slug

__all__ = ["LiveSite", "ENTITY_DIR", "with_whoami", "WHOAMI_SLOT"]

#: Where the header says who is logged in; filled per request (a page may be cached for everyone).
WHOAMI_SLOT = "<!--stratgraph:whoami-->"
#: The folder of the pages of entity kinds the report has no page for.
ENTITY_DIR = "entities"


class LiveSite(Site):
    """A report site whose :meth:`render` keeps pages in memory (``rendered``: path -> HTML)."""

    def __init__(self, graph: GraphData, t: Translator):
        super().__init__(Path("."), graph, t)
        for ident, kind in sorted(graph.types.items()):
            if ident in self.paths:
                continue
            self.paths[ident] = goal_path(ident) if kind == "Goal" else f"{ENTITY_DIR}/{slug(ident)}.html"
        self.by_path = {path: ident for ident, path in self.paths.items()}
        self.rendered: dict[str, str] = {}
        self.request: dict = {}

    def ident_at(self, path: str) -> str | None:
        """The entity whose page is at ``path`` (a report path such as ``projects/P-HNR.html``), or None."""
        return self.by_path.get(path)

    def for_request(self, **request: object) -> LiveSite:
        """A copy for one request: ``q`` (the search box's text), ``query`` (the other parameters, kept by
        the language switch), ``note`` (a notice above the content), ``refresh`` (seconds), ``form`` (a filter
        form: action and fields), ``json`` (whether the page has a ``.json`` twin), ``record`` (the page's
        changes and comments) or ``edit_log`` (a :class:`graph_model.edits.EditLog` to find each page's),
        and ``csrf`` (the token forms send back; the header's account part is added per request by
        :func:`with_whoami`)."""
        site = copy.copy(self)
        site.rendered = {}
        site.request = request
        return site

    def page_context(self, path: str) -> dict:
        root = "../" * path.count("/")
        other = "en" if self.t.lang == "fi" else "fi"
        query = {k: v for k, v in dict(self.request.get("query") or {}).items() if k != "lang"}
        stem = path.rsplit("/", 1)[-1]
        json_href = stem[:-len(".html")] + ".json" if self.request.get("json") and stem.endswith(".html") else None
        if json_href and query:
            json_href += "?" + urlencode(query)
        record, log = self.request.get("record"), self.request.get("edit_log")
        if record is None and log is not None and self.ident_at(path) is not None:
            record = log.record_of(self.ident_at(path))  # pages built once per version: goal pages
        ident = self.ident_at(path)
        edit_href = f"{root}edit/{quote(ident, safe='')}.html" if ident is not None else None  # updates, comments
        return {"web": {"q": self.request.get("q", ""), "other_lang": other, "edit_href": edit_href,
                        "other_lang_href": f"{stem}?{urlencode({**query, 'lang': other})}",
                        "note": self.request.get("note"), "refresh": self.request.get("refresh"),
                        "json_href": json_href, "root": root, "form": self.request.get("form"),
                        "csrf": self.request.get("csrf", ""), "record": record}}

    def render(self, template: str, path: str, title: str, current: str = "", **context: object) -> Path:
        self.rendered[path] = self.html(template, path, title, current, **context)
        return Path(path)


def with_whoami(html: str, t: Translator, path: str, user, csrf: str, login_link: bool) -> str:
    """``html`` (a page at report path ``path``) with its header saying who is logged in, with a logout
    form carrying ``csrf`` (or a login link when ``login_link``). The slot is in the template, never in
    data: a label reading ``<!--stratgraph:whoami-->`` is escaped before it gets here.

    >>> from graph_model.accounts import User
    >>> from visualize.i18n import translator
    >>> ann = User(1, "ann", "<b>Ann</b>", None, ("editor",), ())
    >>> out = with_whoami("<header>" + WHOAMI_SLOT + "</header>", translator("en"), "goals/G1.html", ann, "tok", False)
    >>> "&lt;b&gt;Ann&lt;/b&gt;" in out, 'action="../logout"' in out, 'value="tok"' in out
    (True, True, True)
    """
    from visualize.html import page_environment

    fragment = _whoami_template(page_environment).render(t=t, user=user, csrf=csrf, login_link=login_link,
                                                          root="../" * path.count("/"))
    return html.replace(WHOAMI_SLOT, fragment, 1)


_TEMPLATES: dict = {}


def _whoami_template(environment):
    if "whoami" not in _TEMPLATES:
        _TEMPLATES["whoami"] = environment().get_template("report/whoami.html.j2")
    return _TEMPLATES["whoami"]
