"""The report: a static HTML site (open index.html, no server) a city can put on its intranet.

Pages: the overview (counts, sources, when ingested), strategy coverage (goals x sectors heat map),
silo goals, governance gaps, missing links with their evidence, the maps (interactive pages and
PNG/SVG images), and a page per project (with its related projects and why), per organisation
(sector, unit, stakeholder) and per governing body. One language per site (``fi`` or ``en``).

Every page is rendered by Jinja2 with autoescaping, inlines its small stylesheet and runs no script
at all (its Content-Security-Policy says so), so a name like ``<img src=x onerror=alert(1)>`` shows as
those characters. The map pages are :mod:`visualize.html` pages. File names of per-node pages are
made from ids with everything but ``A-Z a-z 0-9 _ -`` replaced, plus a hash when that changed the id.

Examples
--------
>>> slug("P-HNR"), slug("../x y")
('P-HNR', '___x_y-...')
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import time
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from markupsafe import Markup, escape

from graph_model.schema_types import NodeType, RelType
from graph_model.store import GraphStore
from queries.as_of import load_with_dated
from queries.projection import GraphData
from queries.stats import summary
from visualize.html import page_environment, write_map
from visualize.i18n import Translator, translator
from visualize.maps import build_map
from visualize.naming import CLOSEST_REASON, reason_lines, shared_lines
from visualize.paths import slug
from visualize.static_image import write_image

__all__ = ["ReportResult", "write_report", "slug", "source_rows", "sources_as_rows", "REPORT_MAPS", "PAGE_DIRS", "Site", "ANALYSIS_PAGES",
           "project_page", "organisation_page", "body_page"]

#: The maps the report draws, in order.
REPORT_MAPS = ("collaboration", "goals", "bodies", "networks")
#: Node type -> folder of its page.
PAGE_DIRS = {NodeType.PROJECT: "projects", NodeType.SECTOR: "organisations", NodeType.UNIT: "organisations",
             NodeType.STAKEHOLDER: "organisations", NodeType.GOVERNING_BODY: "bodies"}
_NAV = (("overview", "index.html"), ("coverage", "coverage.html"), ("silos", "silos.html"), ("gaps", "gaps.html"),
        ("links", "links.html"), ("followup", "followup.html"), ("crosswalk", "crosswalk.html"), ("maps", "maps.html"), ("projects", "projects/index.html"),
        ("organisations", "organisations/index.html"), ("bodies", "bodies/index.html"))
#: The pages about goals, left out (with a note on the overview) when the store holds none.
GOAL_PAGES = ("coverage", "silos", "followup", "crosswalk")
_RELATED = 8
_LINKS = 25
Progress = Callable[[str], None]


@dataclass
class ReportResult:
    """Where the report is and what it holds."""

    out_dir: Path
    index: Path
    pages: int
    seconds: float


class _Site:
    """Renders pages into ``out`` with links relative to each page's own folder."""

    def __init__(self, out: Path, graph: GraphData, t: Translator):
        self.out, self.graph, self.t = out, graph, t
        self.env = page_environment()
        self.css = Markup((Path(__file__).resolve().parent / "static" / "report.css").read_text(encoding="utf-8"))
        self.generated = t.date(dt.datetime.now().astimezone())
        self.pages = 0
        self.nav = _NAV
        self.paths: dict[str, str] = {}
        seen: dict[str, str] = {}
        for ident, kind in sorted(graph.types.items()):
            folder = PAGE_DIRS.get(kind)
            if folder is None:
                continue
            stem = slug(ident)
            if stem.casefold() in seen:  # case-insensitive file systems: keep names distinct
                stem = f"{stem}-{hashlib.sha1(ident.encode('utf-8')).hexdigest()[:10]}"
            seen[stem.casefold()] = ident
            self.paths[ident] = f"{folder}/{stem}.html"

    def href(self, ident: str, here: str) -> str | None:
        """The link from the page at ``here`` (a path under the root) to ``ident``'s page."""
        target = self.paths.get(ident)
        if target is None:
            return None
        return "../" * here.count("/") + target

    def link_maker(self, here: str) -> Callable[[str, str | None], Markup]:
        def link(ident: str, label: str | None = None) -> Markup:
            text = label if label is not None else self.graph.label(ident, self.t.lang)
            href = self.href(ident, here)
            if href is None:
                return escape(text)
            return Markup('<a href="{}">{}</a>').format(href, text)
        return link

    def html(self, template: str, path: str, title: str, current: str = "", **context: object) -> str:
        """The page at ``path`` as HTML (the web app renders the same pages with :meth:`page_context`)."""
        return self.env.get_template(f"report/{template}").render(
            lang=self.t.lang, t=self.t, title=title, root="../" * path.count("/"), nav=self.nav, current=current,
            css=self.css, generated=self.generated, link=self.link_maker(path), **self.page_context(path),
            **context)

    def page_context(self, path: str) -> dict:
        """Extra template variables of the page at ``path``: none for the static report."""
        return {}

    def render(self, template: str, path: str, title: str, current: str = "", **context: object) -> Path:
        page = self.html(template, path, title, current, **context)
        target = self.out / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(page, encoding="utf-8")
        self.pages += 1
        return target


#: The renderer of the report's pages (the web app renders the same pages live through a subclass).
Site = _Site


def write_report(store: GraphStore, out_dir: Path | str, *, lang: str = "fi",
                 progress: Progress | None = None, seed: int = 1,
                 as_of: dt.date | None = None) -> ReportResult:
    """Write the report site for the store into ``out_dir``; return where its index.html is.

    Parameters
    ----------
    store : GraphStore
        The store to report on.
    out_dir : path
        The site's folder (created; existing files with the same names are replaced).
    lang : {"fi", "en"}
        The site's language.
    progress : callable, optional
        Called with a short message before each step.
    as_of : datetime.date, optional
        Report the store as it was on that date (:func:`queries.as_of.graph_as_of`: memberships, roles
        and running projects then); the maps' titles and the follow-up pages say the date.

    Raises
    ------
    UsageError
        An unknown language.
    InputError
        The store holds nothing at all.

    A store without goals (a project list alone) gets the projects, organisations, bodies, maps,
    links and gaps, and a note on the overview that the goal pages (:data:`GOAL_PAGES`) are left out.
    """
    started = time.perf_counter()
    say = progress or (lambda message: None)
    t = translator(lang)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    say("reading the store")
    graph, dated = load_with_dated(store, as_of)  # the dated relationships are read once for the whole site
    site = _Site(out, graph, t)
    say("analysing")
    from queries.coverage import coverage
    from queries.gaps import governance_gaps
    from queries.network import collaboration_network
    from queries.silos import goal_spread
    from visualize.maps import suggested_links

    strategic = bool(graph.ids_of(NodeType.GOAL))  # a project list alone: no goal pages, a note instead
    if not strategic:
        site.nav = tuple((key, href) for key, href in _NAV if key not in GOAL_PAGES)
    spreads, gaps = goal_spread(graph) if strategic else [], governance_gaps(graph) if graph.types else []
    links = suggested_links(graph, level="unit", top=_LINKS)
    network = collaboration_network(graph, level="organisation")
    say("drawing the maps")
    maps = _maps(site, seed, as_of)
    _index(site, store, spreads, gaps, links, maps)
    if strategic:
        _coverage(site, coverage(graph))
        _silos(site, spreads)
    _gaps(site, gaps)
    _links(site, links)
    site.render("maps.html.j2", "maps.html", t("maps"), "maps", maps=maps)
    if strategic:
        say("writing the follow-up and goal pages")
        from visualize.followup_pages import write_followup_pages
        write_followup_pages(site, graph, dated, as_of=as_of)
    say("writing the project, organisation and body pages")
    _projects(site)
    _organisations(site, network)
    _bodies(site)
    return ReportResult(out, out / "index.html", site.pages, time.perf_counter() - started)


# -- pages -------------------------------------------------------------------------------------------

def _maps(site: _Site, seed: int, as_of: dt.date | None = None) -> list[dict]:
    t, out = site.t, []
    for kind in REPORT_MAPS:
        if kind == "goals" and not site.graph.ids_of(NodeType.GOAL):
            continue
        data = build_map(site.graph, kind, lang=t.lang, href=lambda ident: site.href(ident, "maps/x.html"),
                         seed=seed, as_of=as_of)
        if not data.nodes:  # no bodies or no networks: no empty picture
            continue
        write_map(data, site.out / "maps" / f"{kind}.html", back_href="../index.html")
        write_image(data, site.out / "maps" / f"{kind}.png", dpi=110)
        write_image(data, site.out / "maps" / f"{kind}.svg")
        site.pages += 1
        out.append({"kind": kind, "title": data.title, "description": data.subtitle,
                    "html": f"maps/{kind}.html", "png": f"maps/{kind}.png", "svg": f"maps/{kind}.svg"})
    return out


def _index(site: _Site, store: GraphStore, spreads, gaps, links, maps) -> None:
    t, stats = site.t, summary(store)
    counts = sorted(((t.type_label(k).capitalize(), n) for k, n in stats["nodes_by_type"].items()),
                    key=lambda row: row[0].casefold())
    site.render("index.html.j2", "index.html", t("report_title"), "overview", counts=counts,
                total_nodes=stats["nodes"], total_relationships=stats["relationships"], sources=source_rows(store, t),
                n_silos=sum(1 for s in spreads if s.silo), n_gaps=len(gaps),
                n_links=len(links), no_goals=not site.graph.ids_of(NodeType.GOAL),
                n_projects=len(site.graph.ids_of(NodeType.PROJECT)), maps=maps)


def source_rows(store: GraphStore, t: Translator) -> list[dict]:
    """The store's sources as a shared page lists them: name, when ingested, triples; never the file's
    local path (it would show the user's folder layout on a shared site).

    >>> from visualize.i18n import translator
    >>> [sorted(row) for row in source_rows(example_store, translator("fi"))]
    [['ingested', 'name', 'triples']]
    """
    return sources_as_rows(store.sources(), t)


def sources_as_rows(sources, t: Translator) -> list[dict]:
    """:func:`source_rows` of a list of :class:`graph_model.store.SourceInfo` (the web app's snapshot)."""
    rows = []
    for s in sources:
        try:
            when = t.date(dt.datetime.fromisoformat(s.ingested_at).astimezone())
        except ValueError:
            when = s.ingested_at
        rows.append({"name": s.name, "ingested": when, "triples": t.number(s.triples, ",d")})
    return rows


def _levels(values: Sequence[float], top: float) -> list[int]:
    """Heat classes 0..5 (0 = empty), relative to ``top``."""
    return [0 if v <= 0 or top <= 0 else min(5, 1 + int(4 * v / top)) for v in values]


def _strategy_of(graph: GraphData, goals: Sequence[str], lang: str) -> dict[str, tuple[tuple, str]]:
    """Goal -> (sort key, heading): its strategy, earliest-starting first, so that a page that lists
    the goals of two strategies (the 2021 one and a draft for 2026) shows them apart, not as two
    "1 ..." rows. The heading is "" when the goals belong to one strategy (or none)."""
    from queries.followup.dated import parse_date

    strategy = {g: s for g, s in graph.edges.get(RelType.PART_OF.value, ()) if graph.type_of(s) == NodeType.STRATEGY}
    used = sorted({strategy.get(g) for g in goals} - {None})
    start = {s: parse_date(graph.props.get(s, {}).get("start_date")) or dt.date.min for s in used}
    rank = {s: n for n, s in enumerate(sorted(used, key=lambda s: (start[s], s)))}
    many = len(used) > 1
    return {g: ((rank.get(strategy.get(g), len(rank)),), graph.label(strategy[g], lang) if many and g in strategy
                else "") for g in goals}


def _headed(rows: list[dict], groups: list[str]) -> list[dict]:
    """``rows`` with ``group`` set on the first row of each strategy's run (the heading to show)."""
    previous = None
    for row, group in zip(rows, groups):
        row["group"] = group if group and group != previous else ""
        previous = group
    return rows


def _coverage(site: _Site, cov) -> None:
    t = site.t
    sectors = [site.graph.label(s, t.lang) for s in cov.sectors]
    strategy = _strategy_of(site.graph, cov.goals, t.lang)
    order = sorted(range(len(cov.goals)), key=lambda i: (strategy[cov.goals[i]][0], i))

    def rows(matrix, fmt):
        top = float(matrix.max()) if matrix.size else 0.0
        out = []
        for i in order:
            values = [float(v) for v in matrix[i]]
            out.append({"label": _goal_name(site.graph, cov.goals[i], t),
                        "cells": [{"value": fmt(v) if v else "", "level": lv}
                                  for v, lv in zip(values, _levels(values, top))],
                        "total": fmt(sum(values))})
        return _headed(out, [strategy[cov.goals[i]][1] for i in order])

    site.render("coverage.html.j2", "coverage.html", t("coverage"), "coverage", sectors=sectors,
                rows=rows(cov.projects, lambda v: f"{v:.0f}"),
                budget_rows=rows(cov.budget, lambda v: _money(v, t.lang)))


def _money(value: float, lang: str) -> str:
    if not value:
        return "0"
    if value >= 1e6:
        text = f"{value / 1e6:.1f}".replace(".", "," if lang == "fi" else ".")
        return f"{text} M€"
    text = f"{value / 1e3:.0f}"
    return f"{text} k€"


def _goal_name(graph: GraphData, goal: str, t: Translator) -> str:
    code = graph.props.get(goal, {}).get("code")
    label = graph.label(goal, t.lang)
    return f"{code} {label}" if code and not label.startswith(code) else label


def _silos(site: _Site, spreads) -> None:
    t, graph = site.t, site.graph
    strategy = _strategy_of(graph, [s.goal for s in spreads], t.lang)
    ordered = sorted(spreads, key=lambda s: (strategy[s.goal][0], not s.silo, s.index, s.goal))
    rows = [{"label": _goal_name(graph, s.goal, t), "silo": s.silo, "index": t.number(s.index, ".2f"),
             "level": int(round(s.index * 10)),
             "sectors": [(graph.label(sector, t.lang), n) for sector, n in s.sectors.items()]}
            for s in ordered]
    site.render("silos.html.j2", "silos.html", t("silos"), "silos",
                spreads=_headed(rows, [strategy[s.goal][1] for s in ordered]))


def _gaps(site: _Site, gaps) -> None:
    from queries.gaps import RULES, word_detail

    t, by_rule = site.t, defaultdict(list)
    for gap in gaps:
        detail = word_detail(t(f"detail_{gap.detail_key}"), gap.facts, t("and_more"))
        by_rule[gap.rule].append({"label": site.graph.label(gap.node, t.lang), "href": site.href(gap.node, "gaps.html"),
                                  "type": t.type_label(gap.node_type), "detail": detail})
    rules = [{"title": t(f"rule_{rule}", RULES[rule].capitalize()), "gaps": by_rule[rule]}
             for rule in RULES if by_rule.get(rule)]
    site.render("gaps.html.j2", "gaps.html", t("gaps"), "gaps", rules=rules)


def _links(site: _Site, links) -> None:
    t, graph = site.t, site.graph
    rows = [{"a": link.a, "a_label": graph.label(link.a, t.lang), "b": link.b, "b_label": graph.label(link.b, t.lang),
             "score": t.number(link.score, ".3g"), "evidence": shared_lines(graph, link.shared, t), "broker": link.broker,
             "broker_label": graph.label(link.broker, t.lang) if link.broker else None}
            for link in links]
    site.render("links.html.j2", "links.html", t("links"), "links", links=rows)


_MORE = re.compile(r"; and (\d+) more$")
_REASON_HEADS = ("shared goals", "shared themes", "shared partners", "shared funding", "similar words",
                 CLOSEST_REASON)


def _worded(t, reason: str) -> str:
    """A reason or evidence sentence of the analyses ("shared goals: G7 ...") with its head in the page's language.

    >>> from visualize.i18n import translator
    >>> _worded(translator("fi"), "shared goals: G7 Kestävä liikkuminen")
    'yhteiset tavoitteet: G7 Kestävä liikkuminen'
    >>> _worded(translator("fi"), "shared partners: R-A A; R-B B; and 3 more")
    'yhteiset kumppanit: R-A A; R-B B; ja 3 muuta'
    """
    head, sep, rest = reason.partition(": ")
    if not sep or head not in _REASON_HEADS:
        return reason
    more = _MORE.search(rest)
    if more:
        rest = rest[:more.start()] + "; " + t("and_more").format(n=more.group(1))
    return f"{t(head.replace(' ', '_'))}{sep}{rest}"


def _facts(site: _Site, ident: str) -> list[tuple[str, str]]:
    from visualize.maps import _facts as map_facts

    return [(name, value) for name, value in map_facts(site.graph, ident, site.t) if name != site.t("description")]


def _description(site: _Site, ident: str) -> str:
    texts = site.graph.descriptions.get(ident, {})
    return texts.get(site.t.lang) or texts.get("en") or texts.get("fi") or ""


def _items(site: _Site, ids, note: Callable[[str], str] | None = None) -> list[tuple[str, str, str]]:
    rows = [(i, site.graph.label(i, site.t.lang), note(i) if note else "") for i in ids]
    return sorted(set(rows), key=lambda r: r[1].casefold())


def _entity(site: _Site, ident: str, blocks: list[dict]) -> None:
    graph, t = site.graph, site.t
    site.render("entity.html.j2", site.paths[ident], graph.label(ident, t.lang),
                PAGE_DIRS.get(graph.type_of(ident), ""), kind=t.type_label(graph.type_of(ident)),
                description=_description(site, ident), facts=_facts(site, ident), blocks=blocks, map_href=None)


def _projects(site: _Site) -> None:
    from queries.related import RelatedIndex

    graph, t = site.graph, site.t
    projects = graph.ids_of(NodeType.PROJECT)
    index = RelatedIndex.build(graph) if projects else None
    for project in projects:
        project_page(site, project, index)
    rows = [{"href": site.href(p, "projects/index.html"), "label": graph.label(p, t.lang),
             "cells": [graph.label(graph.sector_of(p), t.lang) if graph.sector_of(p) else "",
                       t.enum_label("status", graph.props.get(p, {}).get("status", ""))]}
            for p in sorted(projects, key=lambda p: graph.label(p, t.lang).casefold())]
    site.render("list.html.j2", "projects/index.html", t("projects"), "projects",
                sections=[{"title": None, "header": [t("name"), t("sector"), t("status")], "rows": rows}])


def project_page(site: _Site, project: str, index) -> None:
    """Render one project's page: its related projects (from the :class:`queries.related.RelatedIndex`
    ``index``), leader, partners, goals, themes, funding and steering bodies."""
    graph, t = site.graph, site.t
    related = []
    for r in index.query(project_id=project, top=_RELATED, lang=t.lang):
        related.append({"id": r.id, "label": graph.label(r.id, t.lang),
                        "sector": graph.label(r.sector, t.lang) if r.sector else "",
                        "status": t.enum_label("status", r.status) if r.status else "",
                        "score": t.number(r.score, ".2f"), "reasons": reason_lines(graph, r, t)})
    out = lambda rel: graph.targets(project, rel)  # noqa: E731
    blocks = [{"title": t("related_projects"), "items": related, "related": True, "project": project,
               "reranked": bool(related) and index.reranks()},
              {"title": t("leader"), "items": _items(site, out(RelType.LED_BY))},
              {"title": t("partners"), "items": _items(site, out(RelType.HAS_PARTNER))},
              {"title": t("goals"), "items": _items(site, out(RelType.CONTRIBUTES_TO))},
              {"title": t("themes"), "items": _items(site, out(RelType.HAS_THEME))},
              {"title": t("funding"), "items": _items(site, out(RelType.FUNDED_BY))},
              {"title": t.relation_label(RelType.STEERED_BY).capitalize(),
               "items": _items(site, out(RelType.STEERED_BY))}]
    _entity(site, project, blocks)


def _organisations(site: _Site, network) -> None:
    graph, t = site.graph, site.t
    net = network.graph
    orgs = graph.ids_of(NodeType.SECTOR) + graph.ids_of(NodeType.UNIT) + graph.ids_of(NodeType.STAKEHOLDER)
    for org in orgs:
        organisation_page(site, org, network)
    sections = []
    for kind in (NodeType.SECTOR, NodeType.UNIT, NodeType.STAKEHOLDER):
        ids = sorted(graph.ids_of(kind), key=lambda i: graph.label(i, t.lang).casefold())
        rows = [{"href": site.href(i, "organisations/index.html"), "label": graph.label(i, t.lang),
                 "cells": [graph.label(graph.sector_of(i), t.lang) if graph.sector_of(i) and kind == NodeType.UNIT
                           else t.enum_label("stakeholder_kind", graph.props.get(i, {}).get("stakeholder_kind", ""))]}
                for i in ids]
        header = [t("name"), t("sector") if kind != NodeType.STAKEHOLDER else t("kind")]
        sections.append({"title": t.type_label(kind, plural=True).capitalize() if kind != NodeType.SECTOR
                         else t.type_label(kind).capitalize(), "header": header, "rows": rows})
    site.render("list.html.j2", "organisations/index.html", t("organisations"), "organisations", sections=sections)


#: Projects listed per page of an organisation's page in the web app (Itä-Suomen yliopisto leads 192).
ORG_PAGE_SIZE = 50


def organisation_page(site: _Site, org: str, network, page: int | None = None) -> None:
    """Render one sector's, unit's or stakeholder's page: its units, projects, memberships and the partners
    it works with most in ``network`` (:func:`queries.network.collaboration_network`). ``page``: the
    web app's page of each list of projects longer than :data:`ORG_PAGE_SIZE` (the static report
    lists them whole)."""
    graph, t = site.graph, site.t
    net = network.graph
    partners = []
    if org in net:
        ranked = sorted(net[org].items(), key=lambda kv: (-kv[1].get("weight", 0), kv[0]))[:20]
        partners = [(other, graph.label(other, t.lang), f"({data.get('weight', 0):g})") for other, data in ranked]
    into = lambda rel: graph.sources(org, rel)  # noqa: E731
    blocks = []
    if graph.type_of(org) == NodeType.SECTOR:
        blocks.append({"title": t("units"), "items": _items(site, into(RelType.PART_OF))})
    projects = [{"title": t("led_projects"), "items": _items(site, into(RelType.LED_BY))},
                {"title": t("partner_projects"), "items": _items(site, into(RelType.HAS_PARTNER))}]
    blocks += [_paged(block, page) for block in projects] + [
        {"title": t("member_of"), "items": _items(site, into(RelType.HAS_MEMBER))},
        {"title": t("partners"), "items": partners}]
    _entity(site, org, blocks)


def _paged(block: dict, page: int | None) -> dict:
    """``block`` cut to page ``page`` (the last when beyond it) when it lists more than :data:`ORG_PAGE_SIZE`,
    with ``total``, ``first``, ``last`` and ``pages`` (page number, link relative to the page, whether it
    is this one).

    >>> paged = _paged({"title": "Hankkeet", "items": list(range(120))}, 3)
    >>> len(paged["items"]), paged["total"], paged["first"], paged["last"], paged["pages"][2], paged["pages"][0][1]
    (20, 120, 101, 120, (3, '?page=3', True), '?page=1')
    >>> _paged({"items": [1, 2]}, 1)
    {'items': [1, 2]}
    """
    items = block["items"]
    if page is None or len(items) <= ORG_PAGE_SIZE:
        return block
    count = -(-len(items) // ORG_PAGE_SIZE)
    page = min(page, count)
    start = (page - 1) * ORG_PAGE_SIZE
    shown = items[start:start + ORG_PAGE_SIZE]
    return {**block, "items": shown, "total": len(items), "first": start + 1, "last": start + len(shown),
            "pages": [(n, f"?page={n}", n == page) for n in range(1, count + 1)]}


def _bodies(site: _Site) -> None:
    graph, t = site.graph, site.t
    bodies = graph.ids_of(NodeType.GOVERNING_BODY)
    seats = graph.adjacency(RelType.HAS_MEMBER, NodeType.GOVERNING_BODY, reverse=True)  # member -> bodies
    for body in bodies:
        body_page(site, body, seats)
    rows = [{"href": site.href(b, "bodies/index.html"), "label": graph.label(b, t.lang),
             "cells": [t.enum_label("body_kind", graph.props.get(b, {}).get("body_kind", "")),
                       str(len(graph.targets(b, RelType.HAS_MEMBER)))]}
            for b in sorted(bodies, key=lambda b: graph.label(b, t.lang).casefold())]
    site.render("list.html.j2", "bodies/index.html", t("bodies"), "bodies",
                sections=[{"title": None, "header": [t("name"), t("kind"), t("members_title")], "rows": rows}])


def body_page(site: _Site, body: str, seats: dict[str, list[str]]) -> None:
    """Render one governing body's page: members, who also sits elsewhere (``seats``: member -> bodies),
    whom it reports to and the projects it steers."""
    graph, t = site.graph, site.t
    members = graph.targets(body, RelType.HAS_MEMBER)
    crossing = [m for m in members if len(seats[m]) > 1]

    def elsewhere(member: str) -> str:
        return ", ".join(sorted(graph.label(b, t.lang) for b in seats[member] if b != body))

    blocks = [{"title": t("members_title"), "items": _items(site, members)},
              {"title": t("cross_represented"), "items": _items(site, crossing, elsewhere)},
              {"title": t(RelType.REPORTS_TO), "items": _items(site, graph.targets(body, RelType.REPORTS_TO))},
              {"title": t("steered_projects"), "items": _items(site, graph.sources(body, RelType.STEERED_BY))}]
    _entity(site, body, blocks)


#: The report's one-page analyses by name: ``ANALYSIS_PAGES[name](site, data)`` renders ``<name>.html``
#: from what the analysis computed (the web app renders them live with its own site).
ANALYSIS_PAGES = {"coverage": _coverage, "silos": _silos, "gaps": _gaps, "links": _links}
