"""Names, not ids, wherever a person reads: the shared pieces of the report's pages and the web app.

The analyses return ids (``shared`` in :class:`queries.links.MissingLink` and
:class:`queries.related.RelatedProject`, ``owners`` in the crosswalk); these functions word them in
the page's language with the nodes' names in that language (a goal with its code: "G7 Kestävä
liikkuminen").

Examples
--------
>>> from visualize.i18n import translator
>>> shared_lines(example_graph, {"themes": ["T-MOBILITY"], "partners": ["SH-LAPECO"]}, translator("fi"))
['yhteiset teemat: Kestävä ja aktiivinen liikkuminen', 'yhteiset kumppanit: Lapeco Oy']
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from graph_model.schema_types import NodeType
from queries.projection import GraphData
from visualize.i18n import Translator

__all__ = ["node_name", "names", "shared_lines", "reason_lines", "pair_reason", "SHARED_ORDER", "CLOSEST_REASON"]

#: :data:`queries.related.CLOSEST_REASON`, the reason of a project found only through the words of the
#: query's best matches (written out: importing queries.related here would make every page load it).
CLOSEST_REASON = "words of the closest matches"

#: The facets of a ``shared`` dict, in the order they are told, and the report's word for each.
SHARED_ORDER = {"goals": "shared_goals", "themes": "shared_themes", "partners": "shared_partners",
                "funding": "shared_funding", "words": "similar_words"}

#: The reasons of organisation match candidates (:mod:`ingest.matching`) and possible duplicate projects
#: (:mod:`queries.duplicates`), each with its word; a reason may go on with an id ("same external id X").
PAIR_REASONS = {"same name": "reason_same_name", "similar name": "reason_similar_name",
                "same external id": "reason_same_external_id", "same title": "reason_same_title",
                "near-identical title": "reason_near_identical_title"}


def node_name(graph: GraphData, ident: str, t: Translator) -> str:
    """The node's name in ``t``'s language; a goal with its id in front, as on the scorecard (its code
    alone, "7", does not tell the strategies apart).

    >>> from visualize.i18n import translator
    >>> node_name(example_graph, "G7", translator("en")), node_name(example_graph, "SEC-SIHY", translator("fi"))
    ('G7 Active residents on the move', 'Sivistys- ja hyvinvointitoimiala')
    """
    label = graph.label(ident, t.lang)
    if graph.type_of(ident) == NodeType.GOAL:
        return label if label.startswith(ident) else f"{ident} {label}"
    return label


def names(graph: GraphData, ids: Iterable[str], t: Translator, limit: int = 10) -> str:
    """The nodes' names joined, the first ``limit`` and "and N more".

    >>> from visualize.i18n import translator
    >>> names(example_graph, ["R-KAUPUNGINJOHTAJA", "SEC-SIHY", "SEC-KYMP"], translator("fi"), limit=2)
    'Kaupunginjohtaja, Sivistys- ja hyvinvointitoimiala ja 1 muuta'
    """
    ids = list(ids)
    text = ", ".join(node_name(graph, i, t) for i in ids[:limit])
    return text + (" " + t("and_more").format(n=len(ids) - limit) if len(ids) > limit else "")


def shared_lines(graph: GraphData, shared: Mapping[str, list[str]], t: Translator,
                 order: Iterable[str] | None = None, words: Iterable[str] | None = None) -> list[str]:
    """One line per facet with something shared: "shared goals: names" in ``t``'s language.

    ``order`` lists the facets in the order to tell them (default :data:`SHARED_ORDER`'s); the
    ``words`` facet is not ids: ``words`` gives the words to show for it (else ``shared["words"]``).
    """
    lines = []
    for facet in order or SHARED_ORDER:
        if facet not in SHARED_ORDER:
            continue
        if facet == "words":
            shown = list(words if words is not None else shared.get("words", ()))
            if shown:
                lines.append(f"{t(SHARED_ORDER[facet])}: {', '.join(shown)}")
        elif shared.get(facet):
            lines.append(f"{t(SHARED_ORDER[facet])}: {names(graph, shared[facet], t)}")
    return lines


def reason_lines(graph: GraphData, related, t: Translator, facets: Iterable[str] | None = None) -> list[str]:
    """A related project's reasons (:class:`queries.related.RelatedProject`) by name, in ``t``'s language,
    strongest first (the order of its ``reasons``); ask the index with ``lang=t.lang`` so that the
    similar words are the page's language's too. ``facets``: only these (of :data:`SHARED_ORDER`; the
    words of the closest matches count as ``words``), as in the columns "same topic" and "same organisation".

    >>> from queries.related import RelatedIndex
    >>> from visualize.i18n import translator
    >>> [r] = RelatedIndex.build(example_graph).query("P-KAVELY", top=1, lang="fi")
    >>> reason_lines(example_graph, r, translator("fi"))[0]
    'yhteiset teemat: Kestävä ja aktiivinen liikkuminen, Hyvinvointi'
    >>> reason_lines(example_graph, r, translator("fi"), facets=("partners", "funding"))
    ['yhteinen rahoitus: Rovaniemen kaupungin omarahoitus']
    >>> reason_lines(example_graph, r, translator("fi"), facets=("partners",))
    []
    """
    heads = {"shared " + facet: facet for facet in SHARED_ORDER} | {"similar words": "words", CLOSEST_REASON: "words"}
    kept = [reason for reason in related.reasons if reason.partition(": ")[0] in heads
            and (facets is None or heads[reason.partition(": ")[0]] in facets)]
    order = [heads[reason.partition(": ")[0]] for reason in kept if not reason.startswith(CLOSEST_REASON)]
    lines = shared_lines(graph, related.shared, t, order=order) if order else []  # no order: every facet
    for at, reason in enumerate(kept):  # found through its best matches' words (no shared facet)
        head, _, words = reason.partition(": ")
        if head == CLOSEST_REASON:
            lines.insert(min(at, len(lines)), f"{t(CLOSEST_REASON.replace(' ', '_'))}: {words}")
    return lines


def pair_reason(t: Translator, reason: str) -> str:
    """The reason of a match candidate or a possible duplicate (parts joined by ", ") in ``t``'s language;
    a part it does not know stays as it is.

    >>> from visualize.i18n import translator
    >>> pair_reason(translator("fi"), "similar name, same external id 0201256-6")
    'samankaltainen nimi, sama tunnus 0201256-6'
    >>> pair_reason(translator("en"), "near-identical title"), pair_reason(translator("fi"), "shared goals: G1")
    ('near-identical title', 'shared goals: G1')
    """
    parts = []
    for part in reason.split(", "):
        head = next((h for h in PAIR_REASONS if part == h or part.startswith(h + " ")), None)
        parts.append(part if head is None else t(PAIR_REASONS[head]) + part[len(head):])
    return ", ".join(parts)
