"""The maps: collaboration, goals, governing bodies, networks and the neighbourhood of any node.

Each builder turns the store's graph (:class:`queries.projection.GraphData`) into a :class:`MapData`
whose nodes carry their facts (tooltips), filter values (goal, theme, sector) and group path (for the
aggregated view of large maps); :func:`build_map` picks one by name. Drawing is elsewhere:
:func:`visualize.html.render_map` and :func:`visualize.static_image.write_image`.

============== ===================================================================================
kind           what
============== ===================================================================================
collaboration  who works with whom (:func:`queries.network.collaboration_network`): units, sectors,
               stakeholders and bodies, edge width = collaboration, size = betweenness; suggested
               missing links (:func:`queries.links.missing_links`) dashed
goals          goals - projects - sectors: which projects advance which goal, led from which sector
bodies         governing bodies and their members; members sitting in several bodies stand out
networks       networks coloured by level, their leaders, members and the goals they advance
neighbourhood  any node and everything within ``depth`` relationships of it
============== ===================================================================================

Examples
--------
>>> m = build_map(example_graph, "neighbourhood", focus="P-HNR", lang="en")
>>> m.node("P-HNR").label, m.node("P-HNR").emphasis
('Carbon-neutral Rovaniemi', True)
>>> goals = build_map(example_graph, "goals", lang="fi")
>>> sorted({n.type for n in goals.nodes})
['Goal', 'Project', 'Sector']
"""

from __future__ import annotations

import datetime
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable

import networkx as nx

from ontologies.errors import NotFoundError, UsageError
from queries.links import missing_links
from graph_model.schema_types import NodeType, RelType
from queries.projection import PARTICIPATION, GraphData
from visualize.i18n import Translator, translator
from visualize.model import MapData, MapEdge, MapNode
from visualize.naming import shared_lines

__all__ = ["MAP_KINDS", "GROUP_CAP", "cap_groups", "works_with", "build_map", "collaboration_map", "goals_map", "bodies_map", "networks_map",
           "neighbourhood_map", "suggested_links", "as_of_text"]

MAP_KINDS = ("collaboration", "goals", "bodies", "networks", "neighbourhood")
Href = Callable[[str], "str | None"]
_FACT_PROPS = ("code", "status", "body_kind", "stakeholder_kind", "level", "funding_kind", "budget",
               "start_date", "end_date", "unit_of_measure", "target", "target_year", "sdg_target")
_DESCRIPTION_CHARS = 240
#: Relations left out of neighbourhood maps: observations would drown a metric's neighbourhood, and a
#: drawn map's project and types are hubs that would join every element of it in two steps.
_SKIP_NEIGHBOURHOOD = (RelType.OBSERVATION_OF, RelType.ON_MAP, RelType.MAP_TYPE)


#: The most nodes or sub-groups a group shows when a person opens it (:func:`cap_groups`).
GROUP_CAP = 100


def build_map(graph: GraphData, kind: str, *, lang: str = "fi", focus: str | None = None, depth: int = 1,
              level: str | None = None, aggregate: str = "auto", links: bool = True, href: Href | None = None,
              seed: int = 1, as_of: datetime.date | None = None) -> MapData:
    """Build the map ``kind`` (see :data:`MAP_KINDS`) and lay it out.

    Parameters
    ----------
    graph : GraphData
        The store's projection (:func:`queries.projection.load_graph`).
    kind : str
        ``collaboration``, ``goals``, ``bodies``, ``networks`` or ``neighbourhood``.
    lang : {"fi", "en"}
        The language of labels and facts.
    focus, depth : str, int
        Keep only the nodes within ``depth`` steps of ``focus`` (required for ``neighbourhood``).
    level : str, optional
        ``collaboration``: ``organisation``, ``unit`` (default) or ``sector``.
    aggregate : {"auto", "sector", "unit", "none"}
        How the page opens (see :data:`visualize.model.AGGREGATE_MODES`).
    links : bool
        Draw suggested missing links (collaboration map).
    href : callable, optional
        id -> relative URL of the node's report page, or None.
    as_of : datetime.date, optional
        The date ``graph`` describes (:func:`queries.as_of.graph_as_of`), written in the title.

    Raises
    ------
    UsageError
        An unknown kind, or ``neighbourhood`` without ``focus``.
    NotFoundError
        ``focus`` is not on the map.
    """
    t = translator(lang)
    if kind not in MAP_KINDS:
        raise UsageError(f"unknown map {kind!r}; choose from {', '.join(MAP_KINDS)}")
    if depth < 0:
        raise UsageError("--depth must be 0 or more")
    if focus and as_of is not None and graph.type_of(focus) is None:
        raise NotFoundError(f"no node {focus!r} as of {as_of.isoformat()}: not in the store, or outside its "
                            "start and end dates then")
    if kind == "neighbourhood":
        if not focus:
            raise UsageError("the neighbourhood map needs --focus ID")
        data = neighbourhood_map(graph, focus, depth, t)
    elif kind == "collaboration":
        data = collaboration_map(graph, t, level or "unit", links)
    elif kind == "goals":
        data = goals_map(graph, t)
    elif kind == "bodies":
        data = bodies_map(graph, t)
    else:
        data = networks_map(graph, t)
    if focus and kind != "neighbourhood":
        _restrict(data, focus, depth, graph)
    if as_of is not None:
        data.title = f"{data.title} ({t('as_of')} {as_of_text(as_of, t.lang)})"
    data.aggregate = aggregate
    cap_groups(data)
    if href is not None:
        for node in data.nodes:
            node.href = href(node.id)
    data.finish(seed=seed)
    return data


# -- shared pieces -------------------------------------------------------------------------------------

def as_of_text(day: datetime.date, lang: str) -> str:
    """A date as a reader of ``lang`` writes it.

    >>> as_of_text(datetime.date(2025, 6, 1), "fi"), as_of_text(datetime.date(2025, 6, 1), "en")
    ('1.6.2025', '2025-06-01')
    """
    return f"{day.day}.{day.month}.{day.year}" if lang == "fi" else day.isoformat()


def _new_map(graph: GraphData, kind: str, t: Translator, title: str, subtitle: str) -> MapData:
    sectors = graph.ids_of(NodeType.SECTOR)
    data = MapData(kind, title, t.lang, subtitle=subtitle)
    data.colour_labels = {s: graph.label(s, t.lang) for s in sectors}
    data.type_labels = {name: t.type_label(name) for name in _all_types(graph)}
    data.suggested_label = t("suggested_link")
    data.facet_labels = {"goal": t("facet_goal"), "theme": t("facet_theme"), "sector": t("facet_sector"),
                         "level": t("facet_level")}
    data.facets = {"goal": {g: _goal_label(graph, g, t) for g in graph.ids_of(NodeType.GOAL)},
                   "theme": {x: graph.label(x, t.lang) for x in graph.ids_of(NodeType.THEME)},
                   "sector": dict(data.colour_labels)}
    data.group_labels = dict(data.colour_labels)
    return data


def _all_types(graph: GraphData) -> set[str]:
    return set(graph.types.values())


def _goal_label(graph: GraphData, goal: str, t: Translator) -> str:
    code = graph.props.get(goal, {}).get("code")
    label = graph.label(goal, t.lang)
    return f"{code} {label}" if code and not label.startswith(code) else label


def _facts(graph: GraphData, ident: str, t: Translator, extra: Iterable[tuple[str, str]] = ()) -> list[tuple[str, str]]:
    """The tooltip rows of a node: type, id, sector, its literal properties, description."""
    kind = graph.type_of(ident) or ""
    rows = [(t("type"), t.type_label(kind)), (t("id"), ident)]
    sector = graph.sector_of(ident)
    if sector and sector != ident:
        rows.append((t("sector"), graph.label(sector, t.lang)))
    props = graph.props.get(ident, {})
    for name in _FACT_PROPS:
        if props.get(name):
            value = t.enum_label(name, props[name])
            if name == "budget":
                value = _money(props[name], t.lang)
            elif name.endswith("_date"):
                try:
                    value = t.date(datetime.date.fromisoformat(props[name][:10]))
                except ValueError:
                    pass  # shown as written
            label = t.property_label(name)
            rows.append((label[:1].upper() + label[1:], value))  # a heading like "Tyyppi" beside it
    rows += list(extra)
    description = graph.descriptions.get(ident, {})
    text = description.get(t.lang) or description.get("en") or description.get("fi") or ""
    if text:
        rows.append((t("description"), text if len(text) <= _DESCRIPTION_CHARS
                     else text[:_DESCRIPTION_CHARS - 1].rstrip() + "…"))
    return rows


def _money(value: str, lang: str) -> str:
    try:
        amount = float(value)
    except ValueError:
        return value
    text = f"{amount:,.0f}".replace(",", "\u00a0" if lang == "fi" else ",")
    return f"{text}\u00a0€" if lang == "fi" else f"EUR {text}"


#: The work an organisation's map facets come from: context type -> (relations of those taking part,
#: relation to its goals). A project's steering bodies take part too; a body's own goals do not count.
_FACET_WORK = {NodeType.PROJECT: ((*PARTICIPATION[NodeType.PROJECT], RelType.STEERED_BY), RelType.CONTRIBUTES_TO),
               NodeType.NETWORK: (PARTICIPATION[NodeType.NETWORK], RelType.ADVANCES),
               NodeType.SERVICE: (PARTICIPATION[NodeType.SERVICE], RelType.CONTRIBUTES_TO),
               NodeType.AGREEMENT: (PARTICIPATION[NodeType.AGREEMENT], RelType.ADVANCES)}


def _org_facets(graph: GraphData) -> dict[str, dict[str, set[str]]]:
    """Per organisation (unit, sector, stakeholder, role, person, body): the goals and themes of the
    work it takes part in - projects it leads, partners or steers, networks, services, agreements."""
    out: dict[str, dict[str, set[str]]] = defaultdict(lambda: {"goal": set(), "theme": set()})
    for context_type, (relations, goal_relation) in _FACET_WORK.items():
        for work, org in graph.participation(context_type, relations):
            out[org]["goal"].update(graph.adjacency(goal_relation).get(work, ()))
            out[org]["theme"].update(graph.adjacency(RelType.HAS_THEME).get(work, ()))
    return out


def _sector_path(graph: GraphData, ident: str, t: Translator, data: MapData, unit: str | None = None,
                 works_with: dict[str, str] | None = None) -> tuple[str, ...]:
    """The group path of a node: (sector, unit) for what belongs to a sector, else (type, kind, the
    sector or theme it works with (``works_with``))."""
    sector = graph.sector_of(ident)
    if sector:
        if unit and unit != sector:
            data.group_labels.setdefault(unit, graph.label(unit, t.lang))
            return (sector, unit)
        return (sector,)
    kind = graph.type_of(ident) or "other"
    data.group_labels.setdefault(kind, t.type_label(kind, plural=True).capitalize())
    sub = graph.props.get(ident, {}).get("stakeholder_kind") or graph.props.get(ident, {}).get("level")
    path: tuple[str, ...] = (kind,)
    if sub:
        key = f"{kind}:{sub}"
        prop = "stakeholder_kind" if kind == NodeType.STAKEHOLDER else "level"
        data.group_labels.setdefault(key, t.enum_label(prop, sub).capitalize())
        path = (kind, key)
    partner = (works_with or {}).get(ident)
    if partner:  # a stakeholder by the sector (else the theme) of the work it takes part in
        key = f"{path[-1]}>{partner}"
        word = t("works_with") if graph.type_of(partner) == NodeType.SECTOR else t("works_on")
        data.group_labels.setdefault(key, f"{word}: {graph.label(partner, t.lang)}")
        path = (*path, key)
    return path


def works_with(graph: GraphData) -> dict[str, str]:
    """Organisation without a sector of its own -> the sector it works with most (the leading sector of
    the projects it takes part in), else the theme of those projects it works on most.

    >>> g = GraphData(types={"P": "Project", "U": "Unit", "S": "Sector", "SH": "Stakeholder"},
    ...               edges={"led_by": [("P", "U")], "part_of": [("U", "S")], "has_partner": [("P", "SH")]})
    >>> works_with(g)
    {'SH': 'S'}
    """
    sectors: dict[str, Counter] = defaultdict(Counter)
    themes: dict[str, Counter] = defaultdict(Counter)
    theme_of = graph.adjacency(RelType.HAS_THEME)
    for project, org in graph.participation(NodeType.PROJECT):
        if graph.sector_of(org):
            continue
        sector = graph.sector_of(project)
        if sector:
            sectors[org][sector] += 1
        themes[org].update(theme_of.get(project, ()))
    out = {}
    for org in set(sectors) | set(themes):
        counts = sectors.get(org) or themes.get(org)
        if counts:
            out[org] = min(counts, key=lambda k: (-counts[k], k))
    return out


def cap_groups(data: MapData, cap: int = GROUP_CAP) -> None:
    """Split every group of ``data`` holding more than ``cap`` nodes into groups of at most ``cap``, by
    name ("Aalto–Byggmäst"), and those again while there are more than ``cap`` of them: a group a
    person opens never shows more than ``cap`` bubbles or nodes, and every node stays on the map.

    >>> from visualize.model import MapNode
    >>> d = MapData("collaboration", "t", "fi")
    >>> for n in range(5):
    ...     d.add_node(MapNode(f"S{n}", f"Org {n}", "Stakeholder", "Stakeholder", path=("Stakeholder",)))
    >>> cap_groups(d, cap=2)
    >>> sorted({n.path for n in d.nodes})[:2]  # the lone "Stakeholder" bubble left out
    [('Stakeholder#0', 'Stakeholder#0#0'), ('Stakeholder#0', 'Stakeholder#0#1')]
    >>> d.group_labels["Stakeholder#0#0"]
    'Org 0 – Org 1'
    """
    by_path: dict[tuple[str, ...], list[MapNode]] = defaultdict(list)
    for node in data.nodes:
        if node.path:
            by_path[node.path].append(node)
    for path, nodes in by_path.items():
        if len(nodes) > cap:
            _split(data, path, sorted(nodes, key=lambda n: (n.label.casefold(), n.id)), cap)
    _drop_lone_levels(data)


def _drop_lone_levels(data: MapData) -> None:
    """Leave out a group that is the only thing inside its parent (or the only group of the map): one
    bubble that opens into one bubble tells nothing ("Sidosryhmät (12195)" -> "Muu (12195)")."""
    while True:
        children: dict[tuple[str, ...], set[str]] = defaultdict(set)
        ends = {n.path for n in data.nodes}
        for node in data.nodes:
            for i, key in enumerate(node.path):
                children[node.path[:i]].add(key)
        lone = {prefix for prefix, keys in children.items() if len(keys) == 1 and prefix not in ends}
        depth = min((len(p) for p in lone if any(len(n.path) > len(p) + 1 for n in data.nodes
                                                  if n.path[:len(p)] == p)), default=None)
        if depth is None:
            return
        changed = False
        for node in data.nodes:
            prefix = node.path[:depth]
            if prefix in lone and len(node.path) > depth + 1:
                node.path = node.path[:depth] + node.path[depth + 1:]
                changed = True
        if not changed:
            return


def _split(data: MapData, path: tuple[str, ...], nodes: list[MapNode], cap: int) -> None:
    size = cap
    while -(-len(nodes) // size) > cap:  # more chunks than a person can read: a level of chunks of chunks
        size *= cap
    for n, start in enumerate(range(0, len(nodes), size)):
        chunk = nodes[start:start + size]
        key = f"{path[-1]}#{n}"
        data.group_labels[key] = f"{chunk[0].label[:24]} – {chunk[-1].label[:24]}"
        for node in chunk:
            node.path = (*path, key)
        if len(chunk) > cap:
            _split(data, (*path, key), chunk, cap)


def _colour_key(graph: GraphData, ident: str) -> str:
    return graph.sector_of(ident) or graph.type_of(ident) or ""


def _importance(net: nx.Graph) -> dict[str, float]:
    """Degree centrality scaled to 0..1 (the size of a node on maps without their own centrality)."""
    if net.number_of_nodes() == 0:
        return {}
    degree = dict(net.degree(weight="weight"))
    top = max(degree.values()) or 1.0
    return {n: d / top for n, d in degree.items()}


def _finish_sizes(data: MapData) -> None:
    net = nx.Graph()
    net.add_nodes_from(n.id for n in data.nodes)
    for e in data.edges:
        if not e.suggested:
            w = net.get_edge_data(e.a, e.b, {"weight": 0})["weight"]
            net.add_edge(e.a, e.b, weight=w + e.weight)
    for node, value in _importance(net).items():
        if data.has_node(node):
            data.node(node).importance = value


def _restrict(data: MapData, focus: str, depth: int, graph: GraphData) -> None:
    if not data.has_node(focus):
        known = graph.type_of(focus)
        hint = f" ({focus} is a {known}, not on this map)" if known else ""
        raise NotFoundError(f"{focus!r} is not on the {data.kind} map{hint}")
    net = nx.Graph()
    net.add_nodes_from(n.id for n in data.nodes)
    net.add_edges_from((e.a, e.b) for e in data.edges)
    keep = set(nx.single_source_shortest_path_length(net, focus, cutoff=depth))
    data.keep_only(keep)
    data.node(focus).emphasis = True


# -- the maps ------------------------------------------------------------------------------------------

def collaboration_map(graph: GraphData, t: Translator, level: str = "unit", links: bool = True) -> MapData:
    """Who works with whom: the collaboration network at ``level``, sized by betweenness."""
    from queries.network import collaboration_network

    net = collaboration_network(graph, level=level)
    activity = _org_facets(graph)
    data = _new_map(graph, "collaboration", t, t("map_collaboration"), t("desc_collaboration"))
    rolled = _rolled_members(graph, level, net.graph)
    partners = works_with(graph)
    top = max((d.get("betweenness", 0.0) for _, d in net.graph.nodes(data=True)), default=0.0) or 1.0
    for ident, attrs in net.graph.nodes(data=True):
        goals, themes = set(), set()
        for member in rolled.get(ident, (ident,)):
            goals |= activity[member]["goal"] if member in activity else set()
            themes |= activity[member]["theme"] if member in activity else set()
        sector = graph.sector_of(ident)
        extra = [(t("degree"), str(attrs.get("degree", 0))), (t("strength"), f"{attrs.get('strength', 0):g}"),
                 (t("betweenness"), f"{attrs.get('betweenness', 0.0):.3f}")]
        if attrs.get("community", -1) >= 0:
            extra.append((t("community"), str(attrs["community"] + 1)))
        if attrs.get("memberships"):
            extra.append((t("memberships"), str(attrs["memberships"])))
        importance = 0.15 + 0.85 * (attrs.get("betweenness", 0.0) / top) ** 0.5
        data.add_node(MapNode(ident, graph.label(ident, t.lang), graph.type_of(ident) or "",
                              _colour_key(graph, ident), importance, _facts(graph, ident, t, extra),
                              {"goal": sorted(goals), "theme": sorted(themes),
                               "sector": [sector] if sector else []},
                              _sector_path(graph, ident, t, data, works_with=partners)))
    for a, b, attrs in net.graph.edges(data=True):
        kinds = [(t("weight"), f"{attrs.get('weight', 1.0):g}")]
        kinds += [(k, str(attrs[k])) for k in net.weights if attrs.get(k)]
        data.edges.append(MapEdge(a, b, float(attrs.get("weight", 1.0)), "collaboration", facts=kinds))
    if links:
        _add_suggestions(graph, data, t, "sector" if level == "sector" else "unit")
    return data


def _rolled_members(graph: GraphData, level: str, net: nx.Graph) -> dict[str, list[str]]:
    """For a rolled-up network: which organisations each node stands for (their facets are merged);
    the rule is :meth:`GraphData.rolled_up`, the one the network itself rolls up by."""
    if level == "organisation":
        return {}
    out: dict[str, list[str]] = defaultdict(list)
    for ident, kind in graph.types.items():
        if kind in (NodeType.UNIT, NodeType.ROLE, NodeType.SECTOR):
            for target in graph.rolled_up(ident, level):
                if target in net:
                    out[target].append(ident)
    return out


def suggested_links(graph: GraphData, level: str = "unit", top: int = 20) -> list:
    """The suggested missing links drawn dashed: :func:`queries.links.missing_links`."""
    return missing_links(graph, level=level, top=top)


def _add_suggestions(graph: GraphData, data: MapData, t: Translator, level: str) -> None:
    for link in suggested_links(graph, level=level, top=20):
        if not (data.has_node(link.a) and data.has_node(link.b)):
            continue
        facts = [(t("suggested_link"), f"{graph.label(link.a, t.lang)} – {graph.label(link.b, t.lang)}"),
                 (t("score"), t.number(link.score, ".3g"))]
        facts += [(t("evidence"), text) for text in shared_lines(graph, link.shared, t)]
        if link.broker:
            facts.append((t("broker"), graph.label(link.broker, t.lang)))
        data.edges.append(MapEdge(link.a, link.b, float(link.score), "suggested", suggested=True, facts=facts))


def goals_map(graph: GraphData, t: Translator) -> MapData:
    """Goals - projects - sectors: which projects advance which goal and where they are led from."""
    data = _new_map(graph, "goals", t, t("map_goals"), t("desc_goals"))
    data.group_labels[NodeType.GOAL] = t("goals")
    for goal in graph.ids_of(NodeType.GOAL):
        data.add_node(MapNode(goal, _goal_label(graph, goal, t), NodeType.GOAL, NodeType.GOAL,
                              facts=_facts(graph, goal, t),
                              facets={"goal": [goal], "theme": graph.targets(goal, RelType.HAS_THEME), "sector": []},
                              path=(NodeType.GOAL,)))
        for broader in graph.targets(goal, RelType.BROADER):
            data.edges.append(MapEdge(goal, broader, 1.0, RelType.BROADER))
    for sector in graph.ids_of(NodeType.SECTOR):
        data.add_node(MapNode(sector, graph.label(sector, t.lang), NodeType.SECTOR, sector,
                              facts=_facts(graph, sector, t),
                              facets={"goal": [], "theme": [], "sector": [sector]}, path=(sector,)))
    for project in graph.ids_of(NodeType.PROJECT):
        goals = graph.targets(project, RelType.CONTRIBUTES_TO)
        sector = graph.sector_of(project)
        partners = {graph.sector_of(p) for p in graph.targets(project, RelType.HAS_PARTNER)} - {None}
        leader = (graph.targets(project, RelType.LED_BY) or [None])[0]
        data.add_node(MapNode(project, graph.label(project, t.lang), NodeType.PROJECT, _colour_key(graph, project),
                              facts=_facts(graph, project, t),
                              facets={"goal": goals, "theme": graph.targets(project, RelType.HAS_THEME),
                                      "sector": sorted({sector} | partners - {None})},
                              path=_sector_path(graph, project, t, data, unit=leader)))
        for goal in goals:
            data.edges.append(MapEdge(project, goal, 1.0, RelType.CONTRIBUTES_TO))
        if sector:
            data.edges.append(MapEdge(project, sector, 0.5, RelType.LED_BY))
    _finish_sizes(data)
    return data


def bodies_map(graph: GraphData, t: Translator) -> MapData:
    """Governing bodies, their members and who reports to whom; cross-representation stands out."""
    activity = _org_facets(graph)
    data = _new_map(graph, "bodies", t, t("map_bodies"), t("desc_bodies"))
    bodies = graph.ids_of(NodeType.GOVERNING_BODY)
    seats = graph.adjacency(RelType.HAS_MEMBER, NodeType.GOVERNING_BODY, reverse=True)  # member -> bodies
    for body in bodies:
        members = graph.targets(body, RelType.HAS_MEMBER)
        data.add_node(MapNode(body, graph.label(body, t.lang), NodeType.GOVERNING_BODY, NodeType.GOVERNING_BODY,
                              facts=_facts(graph, body, t, [(t("members_title"), str(len(members)))]),
                              facets=_facets_of(graph, body, activity), path=(NodeType.GOVERNING_BODY,)))
        for member in members:
            data.edges.append(MapEdge(body, member, 1.0, RelType.HAS_MEMBER))
        for parent in graph.targets(body, RelType.REPORTS_TO):
            data.edges.append(MapEdge(body, parent, 0.5, RelType.REPORTS_TO))
    for member, where in seats.items():
        if data.has_node(member):
            continue
        extra = [(t("bodies_count"), str(len(where))),
                 (t("member_of"), ", ".join(graph.label(b, t.lang) for b in sorted(where)))]
        data.add_node(MapNode(member, graph.label(member, t.lang), graph.type_of(member) or "",
                              _colour_key(graph, member), facts=_facts(graph, member, t, extra),
                              facets=_facets_of(graph, member, activity), emphasis=len(where) > 1,
                              path=_sector_path(graph, member, t, data)))
    _finish_sizes(data)
    for member, where in seats.items():  # size = how many bodies a member sits in
        if data.node(member).type != NodeType.GOVERNING_BODY:
            data.node(member).importance = min(1.0, (len(where) - 1) / 3)
    return data


def _facets_of(graph: GraphData, ident: str, activity: dict) -> dict[str, list[str]]:
    sector = graph.sector_of(ident)
    found = activity.get(ident, {"goal": set(), "theme": set()})
    return {"goal": sorted(found["goal"]), "theme": sorted(found["theme"]), "sector": [sector] if sector else []}


def networks_map(graph: GraphData, t: Translator) -> MapData:
    """Networks by level (international ... local), their leaders and members, the goals they advance."""
    activity = _org_facets(graph)
    data = _new_map(graph, "networks", t, t("map_networks"), t("desc_networks"))
    levels = {}
    for network in graph.ids_of(NodeType.NETWORK):
        level = graph.props.get(network, {}).get("level", "")
        key = f"level:{level}"
        levels[key] = t.enum_label("level", level).capitalize() if level else t("other")
        data.colour_labels[key] = levels[key]
        goals = graph.targets(network, RelType.ADVANCES)
        members = graph.targets(network, RelType.HAS_MEMBER)
        leaders = graph.targets(network, RelType.LED_BY)
        data.add_node(MapNode(network, graph.label(network, t.lang), NodeType.NETWORK, key,
                              facts=_facts(graph, network, t, [(t("members_title"), str(len(members)))]),
                              facets={"goal": goals, "theme": graph.targets(network, RelType.HAS_THEME), "sector": [],
                                      "level": [key]},
                              path=_sector_path(graph, network, t, data)))
        for goal in goals:
            data.edges.append(MapEdge(network, goal, 0.5, RelType.ADVANCES))
        for other in members + leaders:
            data.edges.append(MapEdge(network, other, 2.0 if other in leaders else 1.0,
                                      RelType.LED_BY if other in leaders else RelType.HAS_MEMBER))
    data.facets["level"] = dict(sorted(levels.items()))
    for edge in list(data.edges):
        other = edge.b
        if data.has_node(other):
            continue
        kind = graph.type_of(other) or ""
        facets = {**_facets_of(graph, other, activity), "level": []}
        if kind == NodeType.GOAL:
            data.add_node(MapNode(other, _goal_label(graph, other, t), NodeType.GOAL, NodeType.GOAL,
                                  facts=_facts(graph, other, t),
                                  facets={**facets, "goal": [other]}, path=(NodeType.GOAL,)))
            data.group_labels[NodeType.GOAL] = t("goals")
        else:
            data.add_node(MapNode(other, graph.label(other, t.lang), kind, _colour_key(graph, other),
                                  facts=_facts(graph, other, t), facets=facets,
                                  path=_sector_path(graph, other, t, data)))
    for edge in data.edges:  # a member of networks at several levels passes every level filter
        node = data.node(edge.b)
        level = data.node(edge.a).colour_key
        if level not in node.facets.setdefault("level", []):
            node.facets["level"].append(level)
    _finish_sizes(data)
    return data


def neighbourhood_map(graph: GraphData, focus: str, depth: int, t: Translator) -> MapData:
    """``focus`` and every node within ``depth`` relationships of it (any relation, either direction)."""
    if graph.type_of(focus) is None:
        raise NotFoundError(f"no node {focus!r} in the store")
    net = nx.Graph()
    for relation, pairs in graph.edges.items():
        if relation in _SKIP_NEIGHBOURHOOD:
            continue
        for s, o in pairs:
            if net.has_edge(s, o):
                net[s][o]["relations"].append(relation)
            else:
                net.add_edge(s, o, relations=[relation])
    net.add_node(focus)
    keep = nx.single_source_shortest_path_length(net, focus, cutoff=depth)
    activity = _org_facets(graph)
    title = f"{t('map_neighbourhood')}: {graph.label(focus, t.lang)}"
    data = _new_map(graph, "neighbourhood", t, title, t("desc_neighbourhood"))
    for ident in sorted(keep, key=lambda i: (keep[i], i)):
        kind = graph.type_of(ident) or ""
        facets = _facets_of(graph, ident, activity)
        if kind == NodeType.GOAL:
            facets["goal"] = sorted(set(facets["goal"]) | {ident})
        if kind == NodeType.THEME:
            facets["theme"] = sorted(set(facets["theme"]) | {ident})
        if kind in (NodeType.PROJECT, NodeType.NETWORK, NodeType.SERVICE):
            facets["goal"] = sorted(set(facets["goal"]) | set(graph.targets(ident, RelType.CONTRIBUTES_TO))
                                    | set(graph.targets(ident, RelType.ADVANCES)))
            facets["theme"] = sorted(set(facets["theme"]) | set(graph.targets(ident, RelType.HAS_THEME)))
        extra = [(t("connections"), str(net.degree(ident)))]
        data.add_node(MapNode(ident, graph.label(ident, t.lang), kind, _colour_key(graph, ident),
                              facts=_facts(graph, ident, t, extra), facets=facets, emphasis=ident == focus))
    for a, b, attrs in net.subgraph(keep).edges(data=True):
        names = [(t("relationships"), ", ".join(t.relation_label(r) for r in attrs["relations"]))]
        data.edges.append(MapEdge(a, b, float(len(attrs["relations"])), attrs["relations"][0], facts=names))
    _finish_sizes(data)
    data.node(focus).importance = 1.0
    return data
