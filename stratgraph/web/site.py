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
from urllib.parse import urlencode

from queries.projection import GraphData
from visualize.followup_pages import goal_path
from visualize.i18n import Translator
from visualize.report import Site, slug

__all__ = ["LiveSite", "ENTITY_DIR"]

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
        changes and comments) or ``edit_log`` (a :class:`graph_model.edits.EditLog` to find each page's)."""
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
        return {"web": {"q": self.request.get("q", ""), "other_lang": other,
                        "other_lang_href": f"{stem}?{urlencode({**query, 'lang': other})}",
                        "note": self.request.get("note"), "refresh": self.request.get("refresh"),
                        "json_href": json_href, "root": root, "form": self.request.get("form"),
                        "record": record}}

    def render(self, template: str, path: str, title: str, current: str = "", **context: object) -> Path:
        self.rendered[path] = self.html(template, path, title, current, **context)
        return Path(path)
