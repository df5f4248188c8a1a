"""Governance gaps: nodes that break one of the follow-up rules, each finding naming the node and its rule.

The rules (``RULES``; the order is the order of the report):

===================================== ===========================================================
goal_without_metric                   no metric measures the goal
goal_without_owner                    nobody is responsible for the goal
metric_without_target                 the metric has no target value
metric_without_owner                  nobody is responsible for the metric
metric_without_data_source            the metric names no data source
project_without_goal                  the project contributes to no goal
network_without_metric                no metric of its own (in the schema metrics measure goals
                                      only, so this holds for every network, as the source
                                      document says: networks have no metrics)
network_without_goal                  the network advances no goal
body_without_cross_representation     no member of the body sits in any other governing body
body_thin_cross_representation        exactly one member of the body sits in another body
unit_without_collaboration            the unit itself leads, partners, joins or is party to
                                      nothing: no project, body, network, service or agreement
===================================== ===========================================================

Cross-representation counts governing bodies only (the same member node in two bodies); network
memberships do not make a body cross-represented.

Examples
--------
>>> [g.node for g in governance_gaps(example_graph) if g.rule == "project_without_goal"]
['P-HANKETIETOKANTA', 'P-KULTTUURIPOLKU', 'P-LED']
>>> [g.node for g in governance_gaps(example_graph, rules=["unit_without_collaboration"])]
['U-HALLINTO']
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field

from ontologies.errors import InputError, UsageError
from graph_model.schema_types import NodeType, RelType
from queries.contribution import contributors
from queries.projection import PARTICIPATION, GraphData
from queries.silos import natural_key

__all__ = ["Gap", "RULES", "DETAILS", "governance_gaps", "word_detail"]

#: Every rule, with the sentence a finding reports.
RULES: dict[str, str] = {
    "goal_without_metric": "goal has no metric",
    "goal_without_owner": "goal has no responsible owner",
    "metric_without_target": "metric has no target value",
    "metric_without_owner": "metric has no responsible owner",
    "metric_without_data_source": "metric has no data source",
    "project_without_goal": "project is linked to no goal",
    "network_without_metric": "network has no metric of its own",
    "network_without_goal": "network advances no goal",
    "body_without_cross_representation": "no member of the body sits in another body",
    "body_thin_cross_representation": "only one member of the body sits in another body",
    "unit_without_collaboration": "unit is in no project, body, network, service or agreement",
}


#: What a finding's ``detail`` says, by key, with ``{fields}`` from its ``facts`` (``{ids}``: a list of
#: ids, shortened). The report words the same keys in Finnish too (``detail_<key>`` in visualize.i18n).
DETAILS: dict[str, str] = {
    "contributing_projects": "{count} project(s) contribute to it",
    "measures": "measures {ids}",
    "measures_nothing": "measures nothing",
    "led_by": "led by {leader}",
    "led_by_nobody": "led by nobody",
    "network_advances": "metrics measure goals only; it advances {ids}",
    "network_advances_nothing": "metrics measure goals only, and it advances no goal",
    "no_goal_to_follow": "no goal to follow it by",
    "members_in_no_other_body": "its members ({ids}) sit in no other body",
    "no_members": "it has no members",
    "only_member_elsewhere": "only {member} also sits in {ids}",
    "posts_in_unit": "posts in the unit: {ids}",
    "no_posts": "no posts in the unit either",
}


def word_detail(template: str, facts: Mapping[str, object], more: str = "and {n} more", limit: int = 5) -> str:
    """Fill a detail ``template`` with ``facts``; a list of ids shows its first ``limit`` and ``more``.

    >>> word_detail(DETAILS["measures"], {"ids": ["G10", "G2", "G1", "G3", "G4", "G5", "G6"]})
    'measures G1, G2, G3, G4, G5 and 2 more'
    >>> word_detail("mittaa: {ids}", {"ids": ["G1", "G2", "G3"]}, "ja {n} muuta", limit=2)
    'mittaa: G1, G2 ja 1 muuta'
    """
    values = dict(facts)
    if "ids" in values:
        ids = sorted(values["ids"], key=natural_key)
        extra = f" {more.format(n=len(ids) - limit)}" if len(ids) > limit else ""
        values["ids"] = ", ".join(ids[:limit]) + extra
    return template.format(**values)


@dataclass(frozen=True)
class Gap:
    """One finding: ``node`` (of ``node_type``, called ``label``) breaks ``rule``; ``detail`` says more
    (the sentence ``DETAILS[detail_key]`` filled with ``facts``)."""

    rule: str
    node: str
    node_type: str
    label: str
    detail_key: str
    facts: Mapping[str, object] = field(default_factory=dict, compare=False)

    @property
    def detail(self) -> str:
        """The detail in English."""
        return word_detail(DETAILS[self.detail_key], self.facts)

    def as_row(self) -> dict:
        """The finding as a flat row, with the rule's sentence."""
        return {"rule": self.rule, "node": self.node, "node_type": self.node_type, "label": self.label,
                "problem": RULES[self.rule], "detail": self.detail}


_Found = tuple[str, str, str, dict]  # rule, node, detail key, facts


def _goal_rules(graph: GraphData) -> Iterator[_Found]:
    measured, owners = graph.adjacency(RelType.MEASURES, reverse=True), graph.adjacency(RelType.RESPONSIBLE)
    projects = contributors(graph)  # the one definition: with the work of the goals it takes over
    for goal in graph.ids_of(NodeType.GOAL):
        work = {"count": len(projects.get(goal, ()))}
        if goal not in measured:
            yield "goal_without_metric", goal, "contributing_projects", work
        if goal not in owners:
            yield "goal_without_owner", goal, "contributing_projects", work


def _metric_rules(graph: GraphData) -> Iterator[_Found]:
    owners, measures = graph.adjacency(RelType.RESPONSIBLE), graph.adjacency(RelType.MEASURES)
    for metric in graph.ids_of(NodeType.METRIC):
        props = graph.props.get(metric, {})
        goals = list(measures.get(metric, []))
        key, facts = ("measures", {"ids": goals}) if goals else ("measures_nothing", {})
        if not props.get("target"):
            yield "metric_without_target", metric, key, facts
        if metric not in owners:
            yield "metric_without_owner", metric, key, facts
        if not props.get("data_source"):
            yield "metric_without_data_source", metric, key, facts


def _project_rules(graph: GraphData) -> Iterator[_Found]:
    goals, leader = graph.adjacency(RelType.CONTRIBUTES_TO), dict(graph.edges.get(RelType.LED_BY, ()))
    for project in graph.ids_of(NodeType.PROJECT):
        if project not in goals:
            yield ("project_without_goal", project, "led_by", {"leader": leader[project]}) if project in leader \
                else ("project_without_goal", project, "led_by_nobody", {})


def _network_rules(graph: GraphData) -> Iterator[_Found]:
    measured, advances = graph.adjacency(RelType.MEASURES, reverse=True), graph.adjacency(RelType.ADVANCES)
    for network in graph.ids_of(NodeType.NETWORK):
        goals = list(advances.get(network, []))
        if network not in measured:
            yield ("network_without_metric", network, "network_advances", {"ids": goals}) if goals \
                else ("network_without_metric", network, "network_advances_nothing", {})
        if not goals:
            yield "network_without_goal", network, "no_goal_to_follow", {}


def _body_rules(graph: GraphData) -> Iterator[_Found]:
    members = graph.adjacency(RelType.HAS_MEMBER, NodeType.GOVERNING_BODY)
    seats = graph.adjacency(RelType.HAS_MEMBER, NodeType.GOVERNING_BODY, reverse=True)
    for body in graph.ids_of(NodeType.GOVERNING_BODY):
        mine = list(members.get(body, []))
        cross = {m: sorted(b for b in seats[m] if b != body) for m in mine if len(seats[m]) > 1}
        if not cross:
            yield ("body_without_cross_representation", body, "members_in_no_other_body", {"ids": mine}) if mine \
                else ("body_without_cross_representation", body, "no_members", {})
        elif len(cross) == 1:
            (member, others), = cross.items()
            yield "body_thin_cross_representation", body, "only_member_elsewhere", {"member": member, "ids": others}


def _unit_rules(graph: GraphData) -> Iterator[_Found]:
    # a unit answering for a service is not yet working with anyone: only the services it is involved in count
    taking_part = {member for context in PARTICIPATION for _, member in graph.participation(
        context, (RelType.INVOLVES,) if context == NodeType.SERVICE else None)}
    posts = graph.adjacency(RelType.POST_IN, reverse=True)
    for unit in graph.ids_of(NodeType.UNIT):
        if unit not in taking_part:
            roles = list(posts.get(unit, []))
            yield ("unit_without_collaboration", unit, "posts_in_unit", {"ids": roles}) if roles \
                else ("unit_without_collaboration", unit, "no_posts", {})


#: Each check and the rules it can break: a check none of whose rules is asked for is not run (the
#: follow-up asks for the goal and metric rules only, and the unit rule alone costs ~2 s at nation scale).
_CHECKS: dict[Callable[[GraphData], Iterator[_Found]], tuple[str, ...]] = {
    _goal_rules: ("goal_without_metric", "goal_without_owner"),
    _metric_rules: ("metric_without_target", "metric_without_owner", "metric_without_data_source"),
    _project_rules: ("project_without_goal",),
    _network_rules: ("network_without_metric", "network_without_goal"),
    _body_rules: ("body_without_cross_representation", "body_thin_cross_representation"),
    _unit_rules: ("unit_without_collaboration",)}


def governance_gaps(graph: GraphData, rules: Sequence[str] | None = None) -> list[Gap]:
    """Every node that breaks a governance rule (see the module's table of ``RULES``).

    Parameters
    ----------
    graph : GraphData
        The store's projection (:func:`queries.projection.load_graph`).
    rules : sequence of str, optional
        Only these rules (names from ``RULES``); by default all of them.

    Returns
    -------
    list of Gap
        Ordered by rule (in ``RULES`` order), then node id (G2 before G10).

    Raises
    ------
    InputError
        The store holds no nodes.
    UsageError
        An unknown rule name.

    Examples
    --------
    >>> graph = GraphData(types={"P1": "Project", "U1": "Unit", "S1": "Sector"},
    ...                   edges={"led_by": [("P1", "U1")], "part_of": [("U1", "S1")]})
    >>> [(g.rule, g.node, g.detail) for g in governance_gaps(graph)]
    [('project_without_goal', 'P1', 'led by U1')]
    """
    if not graph.types:
        raise InputError("the store holds no strategy data; run `stratgraph demo` or `stratgraph ingest`")
    wanted = list(RULES) if rules is None else list(rules)
    unknown = sorted(set(wanted) - set(RULES))
    if unknown:
        raise UsageError(f"unknown rule(s) {', '.join(unknown)}; choose from {', '.join(RULES)}")
    order = {rule: n for n, rule in enumerate(RULES)}
    found = [Gap(rule, node, graph.types[node], graph.label(node), key, facts)
             for check, names in _CHECKS.items() if set(names) & set(wanted)
             for rule, node, key, facts in check(graph) if rule in wanted]
    return sorted(found, key=lambda g: (order[g.rule], natural_key(g.node)))
