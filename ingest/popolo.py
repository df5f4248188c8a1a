"""Import Popolo JSON (persons, organizations, memberships, posts) as governing bodies and members.

- an organization of classification ``legislature``, ``council``, ``board``, ``committee`` ... becomes a
  ``GoverningBody`` (its ``body_kind`` from the classification); a ``party`` or any other organization a
  ``Stakeholder``;
- a person becomes a ``Person`` (``pseudonymise=True`` writes ``Person <hash>`` instead of the name and
  a hash instead of the Popolo id, which often holds the name);
- a post becomes a ``Role`` ``post_in`` its organization;
- a membership becomes a ``has_member`` from the body to the person (or to the post's role when it
  names no person) and W3C ORG's ``org:Membership`` beside it, the pattern Popolo itself maps onto:
  ``org:organization`` the body, ``org:member`` the person, ``org:role`` the post's ``Role`` (an
  ``org:Post``) when ``post_id`` is given, ``sg:roleLabel`` the ``role`` text, ``sg:startDate`` /
  ``sg:endDate`` its dates and ``opengov:onBehalfOf`` the party of ``on_behalf_of_id`` (also written,
  readable, into ``sg:note``).

Nothing is dropped silently: fields the schema does not hold (e-mails, images, links, areas, events)
are counted in :attr:`PopoloReport.not_kept` by JSON path pattern. Bad input (a membership whose person
or organization does not exist, duplicate ids, dates out of order) is reported with the JSON path of
each, all at once, and nothing is stored.

Examples
--------
>>> data = {"persons": [{"id": "p1", "name": "Kate", "email": "k@x"}],
...         "organizations": [{"id": "c1", "name": "Shire Council", "classification": "legislature"}],
...         "memberships": [{"person_id": "p1", "organization_id": "c1", "role": "councillor",
...                          "start_date": "2012-11-07"}]}
>>> parsed, not_kept = popolo_entities(data, "x.json")
>>> sorted((e.id, e.type) for e in parsed.entities.values())
[('POPOLO-c1', 'GoverningBody'), ('POPOLO-p1', 'Person')]
>>> [(e.source, e.target, e.props) for e in parsed.edges]
[('POPOLO-c1', 'POPOLO-p1', {'start_date': datetime.date(2012, 11, 7), 'role': 'councillor'})]
>>> parsed.edges[0].qualified  # kept as an org:Membership (ingest.triples)
True
>>> not_kept
{'persons[].email': 1}
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from graph_model.schema_types import QUALIFIED, BodyKind, NodeType, RelType, StakeholderKind
from graph_model.store import GraphStore, SourceDraft
from graph_model.terms import id_of
from ingest.checks import check_parsed
from ingest.pipeline import _with_diff, input_checksum, shacl_check
from ingest.problems import InvalidInput, Problem
from ingest.records import Edge, Entity, Parsed, check_id

_UNSAFE = re.compile(r"[\s,;|<>\"{}\\^`]+")
from ingest.triples import ntriples_chunks
from ingest.values import parse_date

__all__ = ["PopoloReport", "popolo_entities", "import_popolo", "MAX_BYTES", "ON_BEHALF_OF"]

#: Popolo's ``on_behalf_of`` (the party a member sits for), as the Popolo spec maps it.
ON_BEHALF_OF = "http://www.w3.org/ns/opengov#onBehalfOf"
_ORG_ROLE = QUALIFIED[RelType.HAS_MEMBER][3]

#: Popolo files are read whole; larger ones are refused with a message.
MAX_BYTES = 512 * 1024 * 1024
_BODY_KINDS = {"legislature": BodyKind.COUNCIL, "council": BodyKind.COUNCIL, "board": BodyKind.BOARD,
               "committee": BodyKind.COMMITTEE, "executive": BodyKind.MANAGEMENT_TEAM,
               "working group": BodyKind.WORKING_GROUP, "steering group": BodyKind.STEERING_GROUP}
_KEPT = {"persons": {"id", "name"}, "organizations": {"id", "name", "classification"},
         "posts": {"id", "label", "organization_id"},
         "memberships": {"person_id", "organization_id", "post_id", "role", "start_date", "end_date",
                         "on_behalf_of_id", "label"}}


@dataclass
class PopoloReport:
    """What an import did: counts by node type, what the schema did not keep, and the changes."""

    source: str
    status: str
    by_type: dict[str, int] = field(default_factory=dict)
    memberships: int = 0
    not_kept: dict[str, int] = field(default_factory=dict)
    changes: dict | None = None

    def as_dict(self) -> dict:
        """The report as plain data."""
        return dict(self.__dict__)


class _Reader:
    def __init__(self, data: dict, file: str, prefix: str, pseudonymise: bool):
        self.data, self.file, self.prefix, self.pseudo = data, file, prefix, pseudonymise
        self.parsed, self.not_kept = Parsed(), Counter()
        self.ids: dict[str, str] = {}  # popolo id -> node id
        self.names: dict[str, str] = {}

    def problem(self, path: str, message: str, rule: str = "popolo") -> None:
        self.parsed.problems.append(Problem(self.file, None, None, path, message, rule))

    def items(self, key: str) -> list[tuple[int, dict]]:
        value = self.data.get(key) or []
        if not isinstance(value, list):
            self.problem(key, f"{key} must be a list")
            return []
        out = []
        for n, item in enumerate(value):
            if not isinstance(item, dict):
                self.problem(f"{key}[{n}]", "must be an object")
                continue
            for extra in set(item) - _KEPT.get(key, set()):
                self.not_kept[f"{key}[].{extra}"] += 1
            out.append((n, item))
        return out

    def node(self, key: str, n: int, item: dict, type_name: str, label: str, values: list) -> str | None:
        pid = item.get("id")
        path = f"{key}[{n}].id"
        if not isinstance(pid, str) or not pid:
            self.problem(path, "id is missing")
            return None
        if type_name == NodeType.PERSON.value and self.pseudo:  # Popolo person ids often hold the name
            ident = f"{self.prefix}person-{hashlib.sha256(pid.encode()).hexdigest()[:12]}"
        else:
            ident = self.prefix + _UNSAFE.sub("_", pid)
        if message := check_id(ident):
            self.problem(path, message)
            return None
        if pid in self.ids or ident in self.parsed.entities:
            self.problem(path, f"duplicate id {pid!r}", "duplicate-id")
            return None
        if type_name in (NodeType.GOVERNING_BODY.value, NodeType.STAKEHOLDER.value):
            values = [*values, ("code", None, pid)]  # the Popolo id, verbatim
        self.ids[pid] = ident
        self.names[pid] = label
        self.parsed.entities[ident] = Entity(ident, type_name, self.file, key, n, [("label", "en", label), *values])
        return ident

    def date(self, path: str, value: Any):
        if value in (None, ""):
            return None
        try:
            return parse_date(str(value))
        except ValueError as exc:
            self.problem(path, str(exc), "bad-date")
            return None

    def read(self) -> None:
        for n, org in self.items("organizations"):
            classification = str(org.get("classification") or "").lower()
            name = str(org.get("name") or org.get("id") or "")
            if classification in _BODY_KINDS:
                self.node("organizations", n, org, NodeType.GOVERNING_BODY.value, name,
                          [("body_kind", None, _BODY_KINDS[classification].value)])
            else:
                kind = StakeholderKind.ASSOCIATION if classification == "party" else StakeholderKind.OTHER
                self.node("organizations", n, org, NodeType.STAKEHOLDER.value, name,
                          [("stakeholder_kind", None, kind.value)])
        for n, person in self.items("persons"):
            name = str(person.get("name") or "")
            if self.pseudo:
                name = "Person " + hashlib.sha256(str(person.get("id")).encode()).hexdigest()[:8]
            self.node("persons", n, person, NodeType.PERSON.value, name, [])
        for n, post in self.items("posts"):
            ident = self.node("posts", n, post, NodeType.ROLE.value, str(post.get("label") or post.get("id")), [])
            org = self.ids.get(str(post.get("organization_id")))
            if ident and org:
                self.parsed.edges.append(Edge(ident, RelType.POST_IN.value, org, self.file, "posts", n,
                                              f"posts[{n}].organization_id"))
            elif ident:
                self.problem(f"posts[{n}].organization_id", f"no organization {post.get('organization_id')!r}",
                             "unknown-reference")
        for key in ("areas", "events"):
            for n, _ in enumerate(self.data.get(key) or []):
                self.not_kept[key] += 1
        for n, m in self.items("memberships"):
            self.membership(n, m)

    def membership(self, n: int, m: dict) -> None:
        path = f"memberships[{n}]"
        org_id, person_id, post_id = m.get("organization_id"), m.get("person_id"), m.get("post_id")
        body = self.ids.get(str(org_id))
        member = self.ids.get(str(person_id)) if person_id else self.ids.get(str(post_id))
        if body is None:
            self.problem(f"{path}.organization_id", f"no organization {org_id!r}", "unknown-reference")
        if member is None:
            which = "person_id" if person_id or not post_id else "post_id"
            self.problem(f"{path}.{which}", f"no {which[:-3]} {person_id or post_id!r}", "unknown-reference")
        start, end = self.date(f"{path}.start_date", m.get("start_date")), self.date(f"{path}.end_date", m.get("end_date"))
        post = self.ids.get(str(post_id)) if post_id else None
        if post_id and person_id and post is None:
            self.problem(f"{path}.post_id", f"no post {post_id!r}", "unknown-reference")
        if start and end and end < start:
            self.problem(f"{path}.end_date", f"end_date {end} is before start_date {start}", "bad-date")
            return
        if body is None or member is None or (post_id and person_id and post is None):
            return
        if self.parsed.entities[body].type != NodeType.GOVERNING_BODY.value:
            self.not_kept["memberships[] of a non-body organization"] += 1
            return
        props: dict[str, Any] = {}
        if start:
            props["start_date"] = start
        if end:
            props["end_date"] = end
        if m.get("role"):
            props["role"] = str(m["role"])
        links = [(_ORG_ROLE, post)] if post and person_id else []  # a post without a person is the member
        if m.get("on_behalf_of_id"):
            party = str(m["on_behalf_of_id"])
            props["note"] = f"on behalf of {self.names.get(party, party)} ({party})"
            if party in self.ids:
                links.append((ON_BEHALF_OF, self.ids[party]))
        self.parsed.edges.append(Edge(body, RelType.HAS_MEMBER.value, member, self.file, "memberships", n, path,
                                      props or None, qualified=True, links=tuple(links)))


def popolo_entities(data: Any, file: str, *, prefix: str = "POPOLO-", pseudonymise: bool = False
                    ) -> tuple[Parsed, dict[str, int]]:
    """The entities and edges of a parsed Popolo document, and what was not kept (by JSON path pattern)."""
    if not isinstance(data, dict):
        parsed = Parsed()
        parsed.problems.append(Problem(file, message="a Popolo file is a JSON object with persons, organizations, "
                                                     "memberships"))
        return parsed, {}
    reader = _Reader(data, file, prefix, pseudonymise)
    reader.read()
    return reader.parsed, dict(sorted(reader.not_kept.items()))


def import_popolo(path: Path | str, store: GraphStore, *, source: str | None = None, dry_run: bool = False,
                  prefix: str = "POPOLO-", pseudonymise: bool = False) -> PopoloReport:
    """Import the Popolo JSON file ``path`` as the source ``source`` (default: the file name).

    Raises
    ------
    InvalidInput
        With every problem, each with its JSON path; the store is unchanged.
    """
    path = Path(path)
    name = source or path.name
    if not path.is_file():
        raise InvalidInput([Problem(str(path), message="does not exist")])
    if path.stat().st_size > MAX_BYTES:
        raise InvalidInput([Problem(path.name, message=f"holds {path.stat().st_size / 1e6:,.0f} MB; a Popolo file "
                                                       f"may hold at most {MAX_BYTES / 1e6:,.0f} MB")])
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InvalidInput([Problem(path.name, row=getattr(exc, "lineno", None),
                                    message=f"is not JSON: {exc}")]) from exc
    parsed, not_kept = popolo_entities(data, path.name, prefix=prefix, pseudonymise=pseudonymise)
    if not parsed.problems:
        check_parsed(parsed, store.ids_by_type(exclude_source=name) if store.sources() else {})
    if parsed.problems:
        raise InvalidInput(parsed.problems)
    rows = {ident: Problem(e.file, None, None, f"{e.sheet}[{e.row}]") for ident, e in parsed.entities.items()}
    current, diffs = store.source(name), []
    check = shacl_check(store, name, lambda focus: rows.get(id_of(focus) or "", Problem(path.name)))
    if current is not None and dry_run:
        check = _with_diff(check, store, current.graph, diffs)
    checksum = input_checksum(path) + f"|{prefix}|{pseudonymise}"
    store.replace_source(SourceDraft(name, str(path.resolve()), checksum, "popolo"),
                         ntriples_chunks(parsed.entities, parsed.edges), check, dry_run=dry_run)
    return PopoloReport(name, "valid" if dry_run else "stored",
                        dict(sorted(Counter(e.type for e in parsed.entities.values()).items())),
                        sum(1 for e in parsed.edges if e.relation == RelType.HAS_MEMBER.value), not_kept,
                        diffs[0].as_dict() if diffs else None)
