"""The partners behind related projects: who to call about an idea.

Given the projects related to a project or to a free-text idea (:mod:`queries.related`), the
organisations that lead or take part in them (units, sectors and stakeholders; funding sources are
not partners), ranked by how many of those projects they are in and how strongly those projects are
related::

    score(o) = sum(ROLE_WEIGHTS[role of o in p] * score(p) for p related, o in p)

so an organisation that leads two closely related projects outranks one that is a partner in three
loosely related ones. Each partner lists its projects as evidence, best first, with its role in each.
The organisations of the project asked about are left out (they are known already).

``in_store`` says how many projects of the whole store the organisation is in: a partner found in
5 of 50 related projects that is in 900 projects of the store is a generalist (a funding authority,
a large university), one that is in 5 projects of the store works on this very topic.

Examples
--------
>>> from queries.related import RelatedIndex
>>> related = RelatedIndex.build(example_graph).query(text="kiertotalous ja jätteen vähentäminen", top=10)
>>> best = partners_behind(related, example_graph, top=3)
>>> [(p.id, p.projects, p.leads) for p in best]
    [('U-ELINKEINO', 2, 1), ('SH-LAPINAMK', 4, 0), ('SH-LAPECO', 3, 0)]
>>> best[0].evidence[0]
'P-KIERTO Arktisen kiertotalouden yritysverkosto (lead, 0.1239)'
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from graph_model.schema_types import NodeType, RelType
from ontologies.errors import UsageError
from queries.projection import GraphData
from queries.related import RelatedProject

__all__ = ["Partner", "partners_behind", "own_organisations", "PARTNER_TYPES", "ROLE_WEIGHTS", "ROLES"]

#: The node types that count as partners (a funding source or a role is not an organisation to call).
PARTNER_TYPES = (NodeType.UNIT.value, NodeType.SECTOR.value, NodeType.STAKEHOLDER.value)
#: The relation that gives each role in a project.
ROLES: dict[str, str] = {"lead": RelType.LED_BY.value, "partner": RelType.HAS_PARTNER.value}
#: How much a project counts for an organisation that leads it, or that is one of its partners.
ROLE_WEIGHTS: dict[str, float] = {"lead": 1.0, "partner": 0.5}


@dataclass
class Partner:
    """An organisation behind related projects: its score, counts and the projects as evidence.

    ``projects`` is how many of the related projects it is in (``leads`` of them as the lead),
    ``project_ids`` those projects best first, ``evidence`` the same as readable lines, ``in_store``
    how many projects of the whole store it is in.
    """

    id: str
    label: str
    type: str
    sector: str | None
    kind: str | None
    score: float
    projects: int
    leads: int
    in_store: int
    project_ids: list[str] = field(default_factory=list)
    evidence: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        """The partner as a plain dict (for JSON and tables).

        >>> Partner("U-1", "Yksikkö", "Unit", "S-1", None, 0.5, 1, 1, 3, ["P-1"], ["P-1 Hanke (lead, 0.5)"]
        ...         ).as_dict()["evidence"]
        ['P-1 Hanke (lead, 0.5)']
        """
        return {**self.__dict__, "project_ids": list(self.project_ids), "evidence": list(self.evidence)}


def own_organisations(graph: GraphData, project_id: str) -> set[str]:
    """The organisations that lead or take part in ``project_id`` (left out of its partners).

    >>> sorted(own_organisations(example_graph, "P-ILMASTO-OHJELMA"))
    ['U-STRATEGIA', 'U-YMPARISTO']
    """
    return {o for relation in ROLES.values() for o in graph.targets(project_id, relation)}


def partners_behind(related: Sequence[RelatedProject], graph: GraphData, *, top: int = 10,
                    exclude: Iterable[str] = ()) -> list[Partner]:
    """The ``top`` organisations behind the ``related`` projects, best first (see the module).

    Parameters
    ----------
    related
        Related projects with their scores (:meth:`queries.related.RelatedIndex.query`).
    graph
        The projection the projects come from.
    top
        How many partners (at least 1).
    exclude
        Organisations to leave out (the project's own: :func:`own_organisations`).

    Returns
    -------
    list of Partner
        Ties broken by the number of projects, then by id.

    Raises
    ------
    UsageError
        For ``top < 1``.

    Examples
    --------
    >>> from queries.related import RelatedProject
    >>> g = GraphData(types={"P1": "Project", "P2": "Project", "U": "Unit", "S": "Stakeholder", "F": "FundingSource"},
    ...               labels={"P1": {"fi": "Eka"}, "P2": {"fi": "Toka"}},
    ...               edges={"led_by": [("P1", "U"), ("P2", "S")], "has_partner": [("P2", "U")],
    ...                      "funded_by": [("P1", "F"), ("P2", "F")]})
    >>> found = [RelatedProject("P1", "Eka", None, None, 0.2), RelatedProject("P2", "Toka", None, None, 0.6)]
    >>> [(p.id, p.score, p.projects, p.project_ids) for p in partners_behind(found, g)]
    [('S', 0.6, 1, ['P2']), ('U', 0.5, 2, ['P2', 'P1'])]
    >>> partners_behind(found, g, top=0)
    Traceback (most recent call last):
    ...
    ontologies.errors.UsageError: top must be at least 1
    """
    if top < 1:
        raise UsageError("top must be at least 1")
    skip = set(exclude)
    found: dict[str, dict] = {}
    for project in sorted(related, key=lambda r: (-r.score, r.id)):
        for role, relation in ROLES.items():
            for org in graph.targets(project.id, relation):
                if org in skip or graph.type_of(org) not in PARTNER_TYPES:
                    continue
                entry = found.setdefault(org, {"score": 0.0, "roles": {}})
                if project.id in entry["roles"]:  # lead and partner at once: the lead counts
                    continue
                entry["roles"][project.id] = (role, project)
                entry["score"] += ROLE_WEIGHTS[role] * project.score
    ranked = sorted(found, key=lambda o: (-round(found[o]["score"], 9), -len(found[o]["roles"]), o))
    return [_partner(graph, org, found[org]) for org in ranked[:top]]


def _partner(graph: GraphData, org: str, entry: dict) -> Partner:
    roles = entry["roles"]
    in_store = {p for relation in ROLES.values() for p in graph.sources(org, relation)
                if graph.type_of(p) == NodeType.PROJECT.value}
    evidence = [f"{p.id} {p.label} ({role}, {p.score:.4g})" for role, p in roles.values()]
    return Partner(org, graph.label(org), graph.type_of(org), graph.sector_of(org),
                   graph.props.get(org, {}).get("stakeholder_kind"), round(entry["score"], 6), len(roles),
                   sum(role == "lead" for role, _ in roles.values()), len(in_store), list(roles), evidence)
