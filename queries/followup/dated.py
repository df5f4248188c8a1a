"""Relationships as they were on a date: the dated rows of the relationships sheet, read from the store.

A relationship written in a relation column has no dates and holds always. One from the
relationships sheet (or Popolo) is also kept with its ``sg:startDate`` / ``sg:endDate``
(:mod:`ingest.triples`): a membership as an ``org:Membership``, any other relation as an
``rdf:Statement``; such a relationship holds on a date when any of those periods (open ends allowed,
both ends inclusive) contains it.

Examples
--------
>>> import datetime
>>> from graph_model.store import GraphStore
>>> from ingest.pipeline import ingest
>>> from examples import EXAMPLE_DIR
>>> with GraphStore(None) as store:
...     _ = ingest(EXAMPLE_DIR, store)
...     dated = read_dated(store)
>>> dated.holds("R-KH-PJ", "held_by", "PER-E", datetime.date(2024, 1, 1))
True
>>> dated.holds("R-KH-PJ", "held_by", "PER-E", datetime.date(2025, 6, 1))
False
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from graph_model.schema_types import QUALIFIED, REL_IRIS, SG, RelType
from graph_model.store import GraphStore
from graph_model.terms import RDF, id_of

__all__ = ["DatedEdges", "read_dated", "in_period", "parse_date"]

_REL_BY_IRI = {iri: rel.value for rel, iri in REL_IRIS.items()}


def parse_date(text: str | None) -> datetime.date | None:
    """An ISO date (``2025-06-01``) or None.

    >>> parse_date("2025-06-01"), parse_date(None)
    (datetime.date(2025, 6, 1), None)
    """
    return datetime.date.fromisoformat(text[:10]) if text else None


def in_period(day: datetime.date, start: datetime.date | None, end: datetime.date | None) -> bool:
    """True when ``day`` is within start..end (inclusive; a missing end is open).

    >>> in_period(datetime.date(2025, 1, 1), datetime.date(2024, 1, 1), None)
    True
    """
    return (start is None or start <= day) and (end is None or day <= end)


@dataclass
class DatedEdges:
    """Periods of the dated relationships: (source, relation name, target) -> list of (start, end)."""

    periods: dict[tuple[str, str, str], list[tuple[datetime.date | None, datetime.date | None]]] = \
        field(default_factory=lambda: defaultdict(list))

    def holds(self, source: str, relation: str, target: str, day: datetime.date | None) -> bool:
        """Whether the relationship holds on ``day`` (always for an undated one or when ``day`` is None)."""
        spans = self.periods.get((source, relation, target))
        return day is None or not spans or any(in_period(day, s, e) for s, e in spans)

    def folded(self, canonical: dict[str, str]) -> DatedEdges:
        """The same periods with every id of ``canonical`` replaced by its canonical id (the projection's
        ``GraphData.merged``), so that a dated relationship of a matched organisation is dated on the one
        node the projection keeps; ``self`` when no id is replaced.

        >>> dated = DatedEdges()
        >>> dated.periods[("B", "has_member", "U-OLD")].append((None, datetime.date(2022, 12, 31)))
        >>> dated.folded({"U-OLD": "U-NEW"}).holds("B", "has_member", "U-NEW", datetime.date(2024, 1, 1))
        False
        """
        if not canonical:
            return self
        out = DatedEdges()
        for (s, relation, o), spans in self.periods.items():
            out.periods[(canonical.get(s, s), relation, canonical.get(o, o))].extend(spans)
        return out


def read_dated(store: GraphStore, relations: tuple[str, ...] = (RelType.RESPONSIBLE, RelType.HELD_BY,
                                                                    RelType.HAS_MEMBER, RelType.STEERED_BY)) -> DatedEdges:
    """The dated statements and memberships of ``relations`` (relation names) in the store's live sources.

    >>> from graph_model.store import GraphStore
    >>> len(read_dated(GraphStore(None)).periods)
    0
    """
    kinds = [RelType(r) for r in relations]
    wanted = " ".join(f"<{REL_IRIS[r]}>" for r in kinds)
    patterns = [f"{{ VALUES ?p {{ {wanted} }} ?st <{RDF}predicate> ?p ; <{RDF}subject> ?s ; <{RDF}object> ?o }}"]
    for rel in kinds:
        if rel in QUALIFIED:  # a membership: W3C ORG's org:Membership, the relation is implied by the class
            cls, source_p, target_p, _ = QUALIFIED[rel]
            patterns.append(f"{{ ?st a <{cls}> ; <{source_p}> ?s ; <{target_p}> ?o BIND(<{REL_IRIS[rel]}> AS ?p) }}")
    query = (f"SELECT ?s ?p ?o ?start ?end WHERE {{ {' UNION '.join(patterns)} "
             f"OPTIONAL {{ ?st <{SG.startDate}> ?start }} OPTIONAL {{ ?st <{SG.endDate}> ?end }} }}")
    dated = DatedEdges()
    for row in store.query(query):
        s, o = id_of(row["s"].value), id_of(row["o"].value)
        start, end = row["start"], row["end"]
        dated.periods[(s, _REL_BY_IRI[row["p"].value], o)].append(
            (parse_date(start.value if start is not None else None), parse_date(end.value if end is not None else None)))
    return dated
