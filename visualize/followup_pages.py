"""The follow-up pages of the report: the scorecard, a page per goal and the strategy crosswalk.

The scorecard is sortable without a script (report pages run none: their Content-Security-Policy
forbids it): it is rendered once per order (status, progress, goal) and the column heads link to the
other orders. Each goal page has an inline SVG chart per metric (:mod:`visualize.metric_chart`).
Off-track goals served by one sector only are called out at the top of the scorecard.

Examples
--------
>>> from visualize.followup_pages import WORDS
>>> WORDS["fi"]["status_off_track"], WORDS["en"]["status_off_track"]
('ei tavoitteessa', 'off track')
"""

from __future__ import annotations

import datetime
from collections.abc import Callable

from graph_model.schema_types import NodeType, RelType
from queries.followup import ALL_STRATEGIES, DatedEdges, GoalFollowup, current_strategy, followup
from queries.followup.progress import Note, Thresholds
from queries.followup.crosswalk import LINKS, crosswalk
from queries.projection import GraphData
from queries.silos import natural_key
from visualize.i18n import FOLLOWUP_NOTES, FOLLOWUP_WORDS, LocalNumber
from visualize.metric_chart import metric_svg
from visualize.paths import goal_path, slug

__all__ = ["WORDS", "write_followup_pages", "strategy_pairs", "ORDERS", "rule_text", "legend_text", "note_text",
           "scorecard_paths", "goal_path"]

#: lang -> key -> text (kept with the report's other words in visualize/words.yaml).
WORDS = FOLLOWUP_WORDS

_RANK = {s: i for i, s in enumerate(("off_track", "behind", "on_track", "no_data", "no_target", "no_baseline",
                                     "no_direction", "no_metric"))}
#: The pre-rendered orders of the scorecard: key -> (file name, sort key).
ORDERS: dict[str, tuple[str, Callable[[GoalFollowup], tuple]]] = {
    "status": ("followup.html", lambda g: (_RANK.get(g.status, 99), -(g.gap or 0), natural_key(g.goal))),
    "progress": ("followup-progress.html", lambda g: (g.progress is None, g.progress or 0, natural_key(g.goal))),
    "goal": ("followup-goal.html", lambda g: natural_key(g.goal)),
}


def strategy_pairs(graph: GraphData) -> list[tuple[str, str]]:
    """(old, new) strategy pairs that a crosswalk relation links, in id order.

    >>> g = GraphData(types={"S1": "Strategy", "S2": "Strategy", "A": "Goal", "B": "Goal"},
    ...               edges={"part_of": [("A", "S1"), ("B", "S2")], "merges": [("B", "A")]})
    >>> strategy_pairs(g)
    [('S1', 'S2')]
    """
    strategy = {g: s for g, s in graph.edges.get(RelType.PART_OF.value, ()) if graph.type_of(g) == NodeType.GOAL}
    pairs = {(strategy[o], strategy[n]) for rel in LINKS for n, o in graph.edges.get(rel, ())
             if n in strategy and o in strategy and strategy[n] != strategy[o]}
    return sorted(pairs)


def _goal_row(site, g: GoalFollowup, w: dict, here: str) -> dict:
    level = 0 if g.progress is None else int(round(g.progress * 10))
    return {"goal": g.goal, "label": site.graph.label(g.goal, site.t.lang), "href": "../" * here.count("/")
            + goal_path(g.goal), "status": g.status, "status_text": w[f"status_{g.status}"],
            "progress": site.t.number(g.progress, ".0%"), "expected": site.t.number(g.expected_progress, ".0%"),
            "level": level,
            "owner": ", ".join(site.graph.label(o["id"], site.t.lang) + (f" ({', '.join(o['persons'])})"
                                                                        if o["persons"] else "") for o in g.owners),
            "projects": len(g.projects), "sectors": len(g.sectors), "index": site.t.number(g.cross_sector_index, ".2f"),
            "callout": g.needs_cross_sector_help,
            "entered": next((text for m in g.metrics if (text := entered_text(site, m.metric, m.latest_year, w))), "")}


def scorecard_paths(strategy: str | None = None) -> dict[str, str]:
    """Order -> file of a strategy's scorecard; without a strategy, the current one's (``followup.html``).

    >>> scorecard_paths()["status"], scorecard_paths("S-2021")["progress"]
    ('followup.html', 'followup-S-2021-progress.html')
    """
    if strategy is None:
        return {key: path for key, (path, _) in ORDERS.items()}
    stem = f"followup-{slug(strategy)}"
    return {key: path.replace("followup", stem, 1) for key, (path, _) in ORDERS.items()}


def write_followup_pages(site, graph: GraphData, dated: DatedEdges, as_of: datetime.date | None = None) -> None:
    """Render the scorecards, the goal pages and the crosswalk page into ``site`` (``dated``: the
    store's dated relationships, :func:`queries.as_of.load_with_dated`).

    One strategy per scorecard: the current one (:func:`queries.followup.current_strategy` on
    ``as_of``) at ``followup.html``, and every strategy at its own ``followup-<id>.html`` (each in every
    order, :func:`scorecard_paths`), with links between them; every goal of every strategy has its page.
    """
    w = WORDS[site.t.lang]
    thresholds = Thresholds()
    card = followup(graph, dated, as_of=as_of, strategy=ALL_STRATEGIES, thresholds=thresholds)
    rule = rule_text(w, thresholds, site.t.lang)
    legend = legend_text(w, thresholds, site.t.lang)
    for g in card:  # goals get pages: every later link to a goal leads to its page
        site.paths.setdefault(g.goal, goal_path(g.goal))
    strategies = sorted(graph.ids_of(NodeType.STRATEGY), key=natural_key)
    current = current_strategy(graph, as_of)
    choices = [{"id": s, "label": graph.label(s, site.t.lang), "href": scorecard_paths(s)["status"],
                "current": s == current} for s in strategies]
    for strategy in [None, *strategies] if strategies else [None]:
        shown = strategy or current
        goals = [g for g in card if shown is None or g.strategy == shown]
        paths = scorecard_paths(strategy)
        for key, path in paths.items():
            rows = [_goal_row(site, g, w, path) for g in sorted(goals, key=ORDERS[key][1])]
            site.render("followup.html.j2", path, w["followup"], "followup", w=w, rows=rows, order=key,
                        orders=paths, rule=rule, legend=legend, strategies=choices, strategy=shown,
                        form_values={"strategy": shown},  # the app's selector shows this page's strategy
                        callouts=[r for r in rows if r["callout"]], as_of=site.t.date(as_of or datetime.date.today()))
    for g in card:
        _goal_page(site, g, w, rule)
    _crosswalk_page(site, graph, w)


def legend_text(w: dict, thresholds: Thresholds, lang: str = "en") -> str:
    """The status rule in two sentences (the scorecard's legend; :func:`rule_text` has the details).

    >>> legend_text(WORDS["fi"], Thresholds(), "fi").split(". ")[1]
    'Tavoitteessa: enintään 10 prosenttiyksikköä odotetusta jäljessä; jäljessä: enintään 25; muuten ei tavoitteessa.'
    """
    return w["legend"].format(behind=LocalNumber(round(thresholds.behind * 100, 1), lang),
                              off_track=LocalNumber(round(thresholds.off_track * 100, 1), lang))


def rule_text(w: dict, thresholds: Thresholds, lang: str = "en") -> str:
    """The roll-up and status rule in the page's language, with the thresholds in force (numbers in
    ``lang``'s style).

    >>> rule_text(WORDS["fi"], Thresholds(), "fi").split(". ")[2]
    'Tila on tavoitteessa, kun ero on enintään 0,1, jäljessä, kun ero on enintään 0,25, ja muuten ei tavoitteessa'
    """
    return w["rule_text"].format(behind=LocalNumber(thresholds.behind, lang),
                                 off_track=LocalNumber(thresholds.off_track, lang),
                                 min_observations=thresholds.min_observations)


def note_text(note: Note | None, t) -> str:
    """A metric's reason or warning in the translator ``t``'s language (a direction by its schema name).

    >>> from visualize.i18n import translator
    >>> note_text(Note("target_wrong_side", {"target": 5, "baseline": 8, "direction": "increase"}), translator("fi"))
    'tavoite 5 on lähtötason 8 väärällä puolella, kun suunta on kasvava; edistyminen lasketaan kohti tavoitetta'
    """
    if note is None:
        return ""
    facts = {key: LocalNumber(value, t.lang) if isinstance(value, (int, float)) and not isinstance(value, bool)
             else value for key, value in note.facts.items()}
    if facts.get("direction"):
        facts["direction"] = t.enum_label("direction", facts["direction"])
    return Note(note.code, facts).text(FOLLOWUP_NOTES[t.lang])


def entered_text(site, metric: str, year: int | None, w: dict) -> str:
    """Who entered, on the web, the figure of ``metric`` for ``year`` that its status rests on, and when
    ("entered by ann on 7.12.2026 klo 5.40"); empty when the figure came from a file or there is no
    edit log (the static report of a store without web edits)."""
    log = (getattr(site, "request", None) or {}).get("edit_log")
    record = log.latest_observation(metric, year) if log is not None and year is not None else None
    if record is None:
        return ""
    at = datetime.datetime.fromisoformat(record.at)
    return w["entered_by"].format(who=log.shown(record.author), when=site.t.date(at))


def _goal_page(site, g: GoalFollowup, w: dict, rule: str) -> None:
    graph, lang, t = site.graph, site.t.lang, site.t
    path = goal_path(g.goal)
    metrics = []
    for m in g.metrics:
        unit = graph.props.get(m.metric, {}).get("unit_of_measure", "")
        metrics.append({"label": graph.label(m.metric, lang), "status": m.status, "status_text": w[f"status_{m.status}"],
                        "progress": t.number(m.progress, ".0%"), "expected": t.number(m.expected_progress, ".0%"),
                        "latest": "" if m.latest_value is None else f"{t.number(m.latest_value)} ({m.latest_year})",
                        "trend": "" if m.trend_per_year is None else f"{t.number(m.trend_per_year, '+.3g')}{w['per_year']}",
                        "reason": note_text(m.reason_note, t), "warnings": [note_text(n, t) for n in m.warning_notes],
                        "unit": unit, "entered": entered_text(site, m.metric, m.latest_year, w),
                        "svg": metric_svg(m, unit=unit, title=graph.label(m.metric, lang),
                                          words={"observed": w["observed"], "expected": w["expected_line"],
                                                 "target": w["target"], "baseline": w["baseline"]}, lang=lang)})
    site.render("goal.html.j2", path, graph.label(g.goal, lang), "followup", w=w, g=_goal_row(site, g, w, path),
                metrics=metrics, rule=rule,
                gaps=[_gap_text(graph, t, g.goal, node, gap_rule) for node, gap_rule in g.gap_rules],
                warnings=[f"{graph.label(m.metric, lang)}: {note_text(n, t)}" for m in g.metrics for n in m.warning_notes],
                projects=[(p["id"], graph.label(p["id"], lang),
                           f"{t.enum_label('status', p['status']) if p['status'] else ''} {t.number(p['budget'] or 0, ',.0f')}\u00a0€")
                          for p in g.projects],
                owners=[(o["id"], o["label"], ", ".join(o["persons"])) for o in g.owners],
                bodies=[(b, graph.label(b, lang), "") for b in g.bodies],
                networks=[(n, graph.label(n, lang), "") for n in g.networks],
                subgoals=[(s, graph.label(s, lang), "") for s in g.subgoals],
                sectors=[(graph.label(s, lang), n) for s, n in g.sectors.items()],
                updates=_update_sections(graph, g, w, lang))


def _update_sections(graph: GraphData, g: GoalFollowup, w: dict, lang: str) -> list[tuple[str, list[dict]]]:
    """The owners' narratives, actions and milestones as (title, items); each item names its target,
    state and who answers (texts are data: the template escapes them)."""
    out = []
    for kind in ("narratives", "actions", "milestones"):
        items = [{"text": item["text"], "for": graph.label(item["for"], lang), "period": item.get("period") or "",
                  "due": item.get("due") or "", "state": item["state"], "state_text": w.get(f"state_{item['state']}", ""),
                  "answered_by": ", ".join(a["label"] for a in item["answered_by"])}
                 for item in g.updates.get(kind, ())]
        out.append((w[kind], items))
    return out


def _gap_text(graph: GraphData, t, goal: str, node: str, rule: str) -> str:
    text = t(f"rule_{rule}")
    return text if node == goal else f"{graph.label(node, t.lang)}: {text[:1].lower()}{text[1:]}"


def _crosswalk_page(site, graph: GraphData, w: dict) -> None:
    lang = site.t.lang
    walks = []
    for old, new in strategy_pairs(graph):
        walk = crosswalk(graph, old, new)
        walks.append({"old": graph.label(old, lang), "new": graph.label(new, lang),
                      "old_goals": [{**g, "label": graph.label(g["goal"], lang), "outcome_text": w[g["outcome"]],
                                     "new_labels": [graph.label(n, lang) for n in g["new_goals"]]}
                                    for g in walk.old_goals],
                      "new_goals": [{**g, "label": graph.label(g["goal"], lang),
                                     "owner_names": [graph.label(o, lang) for o in g["owners"]],
                                     "missing_text": [w[m].lower() for m in g["missing"]],
                                     "budget_text": f"{site.t.number(g['budget'], ',.0f')}\u00a0€"} for g in walk.new_goals],
                      "left": [(w["project"], p["id"], graph.label(p["id"], lang), p["old_goals"])
                               for p in walk.orphan_projects]
                      + [(w["metric"], m["id"], graph.label(m["id"], lang), m["old_goals"]) for m in walk.orphan_metrics]})
    site.render("crosswalk.html.j2", "crosswalk.html", w["crosswalk"], "crosswalk", w=w, walks=walks)
