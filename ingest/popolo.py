"""Import Popolo JSON (persons, organizations, memberships, posts) as governing bodies and members.

- an organization whose classification names a body (``legislature``, ``lower house``, ``council``,
  ``board``, ``standing committee``, ``cabinet`` ...) becomes a ``GoverningBody`` (its ``body_kind`` from
  the classification); a ``party`` (or parliamentary group) or any other organization a ``Stakeholder``; its ``identifiers`` (wikidata and others) become ``external_id`` values
  (``wikidata:Q923843``);
- a person becomes a ``Person`` (``pseudonymise=True`` writes ``Person <hash>`` instead of the name, a
  hash instead of the Popolo id, which often holds the name, and leaves out the identifiers);
- a post becomes a ``Role`` ``post_in`` its organization; a body's ``parent_id`` (a committee's council)
  becomes ``reports_to``;
- every membership (in ``memberships``, or inside its person or organization as Popit writes them)
  becomes its own W3C ORG ``org:Membership`` beside a ``has_member`` from the
  organization to the member, keyed by its ``id`` or, without one, by all its fields, so that no two are
  ever merged: ``org:organization`` the body or party, ``org:member`` the person, organization or post
  (``person_id``, ``member_id`` or ``member``: W3C ORG's member is any agent), ``org:role`` the post's
  ``Role`` when ``post_id`` is given, ``sg:roleLabel`` the ``role`` text, ``sg:startDate`` /
  ``sg:endDate`` its dates, ``opengov:onBehalfOf`` the party of ``on_behalf_of_id``, ``sg:recordId``
  its Popolo id, and in ``sg:note`` its label, party, area and legislative period in words;
- a membership with no dates of its own takes them from its legislative period (an event of
  classification ``legislative period``, or ``legislative_periods`` in the organization), and
  ``sg:dateSource`` says so (:mod:`ingest.popolo_dates`; partial dates such as ``2007`` are read too).

The import ends with an :class:`~ingest.account.ImportAccount` (persons, organizations, posts,
memberships, legislative periods, events, areas: read = stored + not kept, each with its reason) kept in
the report and in the source's provenance; fields the schema does not hold (e-mails, images, links) are
counted in :attr:`PopoloReport.fields_not_kept` by JSON path pattern. Bad input (a membership pointing at
nothing, duplicate ids, dates out of order) is reported with the JSON path of each, all at once, and
nothing is stored; with ``keep_going=True`` the memberships at fault are left out, each named in the
account with its path, and the rest goes in.

Examples
--------
>>> data = {"persons": [{"id": "p1", "name": "Kate", "email": "k@x"}],
...         "organizations": [{"id": "c1", "name": "Shire Council", "classification": "legislature"}],
...         "memberships": [{"person_id": "p1", "organization_id": "c1", "role": "councillor",
...                          "start_date": "2012-11-07"}]}
>>> parsed, fields, account = popolo_entities(data, "x.json")
>>> sorted((e.id, e.type) for e in parsed.entities.values())
[('POPOLO-c1', 'GoverningBody'), ('POPOLO-p1', 'Person')]
>>> [(e.source, e.target, e.props) for e in parsed.edges]
[('POPOLO-c1', 'POPOLO-p1', {'start_date': datetime.date(2012, 11, 7), 'role': 'councillor'})]
>>> parsed.edges[0].qualified  # kept as an org:Membership (ingest.triples)
True
>>> fields
{'persons[].email': 1}
>>> account.unbalanced()
{}
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
from ingest.account import ImportAccount
from ingest.checks import check_parsed
from ingest.pipeline import _with_diff, input_checksum, shacl_check
from ingest.popolo_dates import Period, is_legislative_period, legislative_periods, popolo_date
from ingest.problems import InvalidInput, Problem
from ingest.records import Edge, Entity, Parsed, check_id
from ingest.triples import ntriples_chunks

__all__ = ["PopoloReport", "popolo_entities", "import_popolo", "MAX_BYTES", "ON_BEHALF_OF"]

#: Popolo's ``on_behalf_of`` (the party a member sits for), as the Popolo spec maps it.
ON_BEHALF_OF = "http://www.w3.org/ns/opengov#onBehalfOf"
_ORG_ROLE = QUALIFIED[RelType.HAS_MEMBER][3]
_UNSAFE = re.compile(r"[\s,;|<>\"{}\\^`]+")
_MEMBERSHIP_PATH = re.compile(r"(?:(?:persons|organizations)\[\d+\]\.)?memberships\[\d+\]\.")  # one membership's field

#: Popolo files are read whole; larger ones are refused with a message.
MAX_BYTES = 512 * 1024 * 1024
#: Words of an organization's classification that make it a governing body, first match wins
#: (``lower house``, ``standing committee``, ``city council`` ...); anything else is a stakeholder.
_BODY_WORDS = (("working group", BodyKind.WORKING_GROUP), ("task force", BodyKind.WORKING_GROUP),
               ("steering", BodyKind.STEERING_GROUP), ("committee", BodyKind.COMMITTEE),
               ("commission", BodyKind.COMMITTEE), ("board", BodyKind.BOARD),
               ("executive", BodyKind.MANAGEMENT_TEAM), ("cabinet", BodyKind.MANAGEMENT_TEAM),
               ("legislature", BodyKind.COUNCIL), ("council", BodyKind.COUNCIL), ("parliament", BodyKind.COUNCIL),
               ("assembly", BodyKind.COUNCIL), ("chamber", BodyKind.COUNCIL), ("house", BodyKind.COUNCIL),
               ("senate", BodyKind.COUNCIL))
_PARTY_WORDS = ("party", "parliamentary group", "faction", "caucus")
_NOT_BODY_WORDS = ("commerce", "company", "household")  # a chamber of commerce is no chamber of a parliament
_KEPT = {"persons": {"id", "name", "identifiers", "other_names", "memberships"},
         "organizations": {"id", "name", "classification", "identifiers", "legislative_periods", "other_names",
                           "parent_id", "memberships"},
         "posts": {"id", "label", "organization_id", "area_id"},
         "memberships": {"id", "person_id", "member_id", "member", "organization_id", "post_id", "role",
                         "start_date", "end_date", "on_behalf_of_id", "label", "legislative_period_id",
                         "area_id", "on_behalf_of", "area", "person", "organization", "post"}}
_LANGUAGES = ("fi", "sv")  # the schema's languages besides English, which the name itself takes
_NO_PERIOD_NODE = "no node type for a period: its id and dates are kept on each membership it dates"
_NO_EVENT_NODE = "no node type for an event (an election ...)"
_NO_AREA_NODE = "no node type for an area: its name and id are kept on the memberships and posts naming it"


@dataclass
class PopoloReport:
    """What an import did: counts by node type, the account, fields the schema did not keep, the changes,
    and (with ``keep_going``) the problems of the memberships left out."""

    source: str
    status: str
    by_type: dict[str, int] = field(default_factory=dict)
    memberships: int = 0
    account: dict = field(default_factory=dict)
    fields_not_kept: dict[str, int] = field(default_factory=dict)
    left_out: list[dict] = field(default_factory=list)
    changes: dict | None = None

    def as_dict(self) -> dict:
        """The report as plain data."""
        return dict(self.__dict__)


def _ref(m: dict, *keys: str) -> tuple[str | None, str]:
    """The first id a membership gives for one of ``keys`` (``person_id`` or ``person.id``), and its field."""
    for key in keys:
        for name, value in ((f"{key}_id", m.get(f"{key}_id")),
                            (f"{key}.id", m[key].get("id") if isinstance(m.get(key), dict) else None)):
            if value not in (None, ""):
                return str(value), name
    return None, f"{keys[0]}_id"


class _Reader:
    def __init__(self, data: dict, file: str, prefix: str, pseudonymise: bool):
        self.data, self.file, self.prefix, self.pseudo = data, file, prefix, pseudonymise
        self.parsed, self.fields, self.account = Parsed(), Counter(), ImportAccount()
        self.left_out: list[Problem] = []  # problems of single memberships (skipped with keep_going)
        self.ids: dict[str, str] = {}  # popolo id -> node id
        self.names: dict[str, str] = {}
        self.periods: dict[str, Period] = legislative_periods(data)
        self.keys: Counter = Counter()
        areas = data.get("areas") if isinstance(data.get("areas"), list) else []
        self.areas = {str(a.get("id")): a.get("name") for a in areas if isinstance(a, dict)}

    def problem(self, path: str, message: str, rule: str = "popolo") -> None:
        self.parsed.problems.append(Problem(self.file, None, None, path, message, rule))

    def items(self, key: str) -> list[tuple[int, dict]]:
        value = self.data.get(key) or []
        if not isinstance(value, list):
            self.problem(key, f"{key} must be a list")
            return []
        out = []
        for n, item in enumerate(value):
            self.account.read(key)
            if not isinstance(item, dict):
                self.problem(f"{key}[{n}]", "must be an object")
                continue
            for extra in set(item) - _KEPT.get(key, set()):
                self.fields[f"{key}[].{extra}"] += 1
            out.append((n, item))
        return out

    def identifiers(self, key: str, item: dict) -> list:
        values = []
        for entry in item.get("identifiers") or []:
            if isinstance(entry, dict) and entry.get("identifier") not in (None, ""):
                scheme = str(entry.get("scheme") or "").strip()
                values.append(("external_id", None, f"{scheme}:{entry['identifier']}" if scheme
                               else str(entry["identifier"])))
            else:
                self.fields[f"{key}[].identifiers[] without an identifier"] += 1
        return values

    def other_names(self, key: str, item: dict) -> list:
        """Names in the schema's other languages (fi, sv) as labels; the rest counted as not kept."""
        values, seen = [], {"en"}  # the name itself is the English label
        for other in item.get("other_names") or []:
            lang = str(other.get("lang") or "").lower() if isinstance(other, dict) else ""
            if lang in _LANGUAGES and lang not in seen and other.get("name"):
                values.append(("label", lang, str(other["name"])))
                seen.add(lang)
            else:
                self.fields[f"{key}[].other_names[] (a language outside fi, sv or a second name in one)"] += 1
        return values

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
        self.account.stored(key)
        return ident

    def read(self) -> None:
        for n, org in self.items("organizations"):
            classification = str(org.get("classification") or "").lower()
            name = str(org.get("name") or org.get("id") or "")
            party = any(word in classification for word in _PARTY_WORDS)  # a parliamentary group too
            other = party or any(word in classification for word in _NOT_BODY_WORDS)
            body_kind = None if other else next((k for word, k in _BODY_WORDS if word in classification), None)
            if body_kind is not None:
                values, type_name = [("body_kind", None, body_kind.value)], NodeType.GOVERNING_BODY.value
            else:
                kind = StakeholderKind.ASSOCIATION if party else StakeholderKind.OTHER
                values, type_name = [("stakeholder_kind", None, kind.value)], NodeType.STAKEHOLDER.value
            self.node("organizations", n, org, type_name, name,
                      values + self.identifiers("organizations", org) + self.other_names("organizations", org))
        self.parents()
        for n, person in self.items("persons"):
            name = str(person.get("name") or "")
            values = self.identifiers("persons", person)
            if self.pseudo:
                name = "Person " + hashlib.sha256(str(person.get("id")).encode()).hexdigest()[:8]
                for field_name in ("identifiers", "other_names"):  # a wikidata id names a person as a name does
                    if person.get(field_name):
                        self.fields[f"persons[].{field_name} (left out: --pseudonymise)"] += 1
                values = []
            else:
                values += self.other_names("persons", person)
            self.node("persons", n, person, NodeType.PERSON.value, name, values)
        self.others()
        for n, post in self.items("posts"):
            area = self.area(post)
            ident = self.node("posts", n, post, NodeType.ROLE.value, str(post.get("label") or post.get("id")),
                              [("description", "en", area)] if area else [])
            org = self.ids.get(str(post.get("organization_id")))
            if ident and org:
                self.parsed.edges.append(Edge(ident, RelType.POST_IN.value, org, self.file, "posts", n,
                                              f"posts[{n}].organization_id"))
            elif ident:
                self.problem(f"posts[{n}].organization_id", f"no organization {post.get('organization_id')!r}",
                             "unknown-reference")
        for n, m in self.items("memberships"):
            self.membership("memberships", n, m)
        self.nested()

    def nested(self) -> None:
        """Memberships written inside their person or organization (as Popit exports them): the one they
        sit in is their person or organization unless they say otherwise."""
        for key, implied in (("persons", "person_id"), ("organizations", "organization_id")):
            items = self.data.get(key) if isinstance(self.data.get(key), list) else []
            for i, item in enumerate(items):
                inner = item.get("memberships") if isinstance(item, dict) else None
                for n, m in enumerate(inner if isinstance(inner, list) else []):
                    self.account.read("memberships")
                    if not isinstance(m, dict):
                        self.problem(f"{key}[{i}].memberships[{n}]", "must be an object")
                        continue
                    for extra in set(m) - _KEPT["memberships"]:
                        self.fields[f"{key}[].memberships[].{extra}"] += 1
                    self.membership(f"{key}[{i}].memberships", n, {implied: item.get("id"), **m})

    def parents(self) -> None:
        """A body's ``parent_id`` (a committee of a council) as ``reports_to``; the schema relates no other kinds."""
        orgs = self.data.get("organizations") if isinstance(self.data.get("organizations"), list) else []
        body = NodeType.GOVERNING_BODY.value
        for n, org in enumerate(orgs):
            if not isinstance(org, dict) or org.get("parent_id") in (None, ""):
                continue
            child, parent = self.ids.get(str(org.get("id"))), self.ids.get(str(org["parent_id"]))
            if child is None:
                continue
            if parent is None:
                self.fields["organizations[].parent_id (no such organization in the file)"] += 1
            elif self.parsed.entities[child].type == body == self.parsed.entities[parent].type:
                self.parsed.edges.append(Edge(child, RelType.REPORTS_TO.value, parent, self.file, "organizations", n,
                                              f"organizations[{n}].parent_id"))
            else:
                self.fields["organizations[].parent_id (of a party or other stakeholder: no relation)"] += 1

    def others(self) -> None:
        """Events, legislative periods and areas: counted, and named in the account."""
        events = self.data.get("events") if isinstance(self.data.get("events"), list) else []
        for n, event in enumerate(events):
            kind = "legislative periods" if isinstance(event, dict) and is_legislative_period(event) else "events"
            self.account.read(kind)
            self.account.not_kept(kind, _NO_PERIOD_NODE if kind == "legislative periods" else _NO_EVENT_NODE,
                                  where=f"events[{n}]")
        for period in self.periods.values():
            if not period.path.startswith("events"):
                self.account.read("legislative periods")
                self.account.not_kept("legislative periods", _NO_PERIOD_NODE, where=period.path)
        areas = self.data.get("areas") if isinstance(self.data.get("areas"), list) else []
        for n, _ in enumerate(areas):
            self.account.read("areas")
            self.account.not_kept("areas", _NO_AREA_NODE, where=f"areas[{n}]")

    def area(self, item: dict) -> str | None:
        area_id, _ = _ref(item, "area")
        if area_id is None:
            return None
        name = self.areas.get(area_id) or (item["area"].get("name") if isinstance(item.get("area"), dict) else None)
        return f"area {name} ({area_id})" if name else f"area {area_id}"

    def leave_out(self, path: str, problems: list[tuple[str, str, str]]) -> None:
        """A membership that cannot go in: its problems (fatal unless keep_going) and its line in the account."""
        for where, message, rule in problems:
            self.left_out.append(Problem(self.file, None, None, where, message, rule))
        reason = "points at nothing" if any(r == "unknown-reference" for _, _, r in problems) else "bad input"
        self.account.not_kept("memberships", reason, where=path)

    def membership(self, where: str, n: int, m: dict) -> None:
        path = f"{where}[{n}]"
        problems: list[tuple[str, str, str]] = []
        org_id, org_field = _ref(m, "organization")
        member_id, member_field = _ref(m, "person", "member")
        post_id, post_field = _ref(m, "post")
        body = self.ids.get(org_id) if org_id else None
        if body is None:
            problems.append((f"{path}.{org_field}", f"no organization {org_id!r}", "unknown-reference"))
        if member_id is None and post_id:  # a post without a person is the member
            member_id, member_field = post_id, post_field
        member = self.ids.get(member_id) if member_id else None
        if member is None:
            problems.append((f"{path}.{member_field}", f"no member {member_id!r}", "unknown-reference"))
        post = self.ids.get(post_id) if post_id else None
        if post_id and post is None and member_field != post_field:
            problems.append((f"{path}.{post_field}", f"no post {post_id!r}", "unknown-reference"))
        props = self.dates(path, m, problems)
        if problems:
            self.leave_out(path, problems)
            return
        if m.get("role"):
            props["role"] = str(m["role"])
        notes, links = self.qualifiers(m, post if post and member != post else None)
        if notes:
            props["note"] = "; ".join(notes)
        self.parsed.edges.append(Edge(body, RelType.HAS_MEMBER.value, member, self.file, where, n, path,
                                      props or None, qualified=True, links=tuple(links), key=self.key(m)))
        self.account.stored("memberships")

    def qualifiers(self, m: dict, post: str | None) -> tuple[list[str], list[tuple[str, str]]]:
        """A membership's readable note parts (label, party, area, period) and its links (post, party)."""
        notes, links = [str(m["label"])] if m.get("label") else [], []
        if post:
            links.append((_ORG_ROLE, post))
        party, _ = _ref(m, "on_behalf_of")
        if party is not None:
            inline = m["on_behalf_of"].get("name") if isinstance(m.get("on_behalf_of"), dict) else None
            notes.append(f"on behalf of {self.names.get(party) or inline or party} ({party})")
            if party in self.ids:
                links.append((ON_BEHALF_OF, self.ids[party]))
        if area := self.area(m):
            notes.append(area)
        if m.get("legislative_period_id"):
            notes.append(f"legislative period {m['legislative_period_id']}")
        return notes, links

    def key(self, m: dict) -> str:
        """What tells this membership from every other: its id, else all its fields (and, for exact copies,
        which copy it is: two identical lines in a file are two records, and both are kept)."""
        key = f"id={m['id']}" if m.get("id") not in (None, "") else json.dumps(m, sort_keys=True, ensure_ascii=False)
        self.keys[key] += 1
        return key if self.keys[key] == 1 else f"{key}#{self.keys[key]}"

    def dates(self, path: str, m: dict, problems: list) -> dict[str, Any]:
        """The membership's dates, its own or its legislative period's, and where they came from."""
        props: dict[str, Any] = {}
        if m.get("id") not in (None, ""):
            props["record_id"] = str(m["id"])
        period = None
        if m.get("legislative_period_id") not in (None, ""):
            period = self.periods.get(str(m["legislative_period_id"]))
            if period is None:
                problems.append((f"{path}.legislative_period_id",
                                 f"no legislative period {m['legislative_period_id']!r}", "unknown-reference"))
        sources, written = [], []
        for name, own, inherited in (("start_date", m.get("start_date"), period and period.start),
                                     ("end_date", m.get("end_date"), period and period.end)):
            text, where = (str(own), f"{path}.{name}") if own not in (None, "") else (inherited, None)
            if not text:
                continue
            if where is None:
                where = f"{period.path}.{name}"
                sources.append(name)
            try:
                props[name] = popolo_date(text, end=name == "end_date")
            except ValueError as exc:
                problems.append((where, str(exc), "bad-date"))
                continue
            if len(text) < 10:  # a partial date: say what was written
                written.append(f"{name} written {text!r}")
        if sources:
            written.insert(0, f"{' and '.join(sources)} from {period.describe()}, {period.path}")
        if written:
            props["date_source"] = "; ".join(written)
        if props.get("start_date") and props.get("end_date") and props["end_date"] < props["start_date"]:
            problems.append((f"{path}.end_date", f"end_date {props['end_date']} is before start_date "
                                                 f"{props['start_date']}", "bad-date"))
        return props


def popolo_entities(data: Any, file: str, *, prefix: str = "POPOLO-", pseudonymise: bool = False
                    ) -> tuple[Parsed, dict[str, int], ImportAccount]:
    """The entities and edges of a parsed Popolo document, the fields not kept (by JSON path pattern),
    and the account. The problems of single memberships are in ``parsed.problems`` too, after the others."""
    if not isinstance(data, dict):
        parsed = Parsed()
        parsed.problems.append(Problem(file, message="a Popolo file is a JSON object with persons, organizations, "
                                                     "memberships"))
        return parsed, {}, ImportAccount()
    reader = _Reader(data, file, prefix, pseudonymise)
    reader.read()
    reader.parsed.problems += reader.left_out
    return reader.parsed, dict(sorted(reader.fields.items())), reader.account


def _load(path: Path) -> Any:
    if not path.is_file():
        raise InvalidInput([Problem(str(path), message="does not exist")])
    if path.stat().st_size > MAX_BYTES:
        raise InvalidInput([Problem(path.name, message=f"holds {path.stat().st_size / 1e6:,.0f} MB; a Popolo file "
                                                       f"may hold at most {MAX_BYTES / 1e6:,.0f} MB")])
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InvalidInput([Problem(path.name, row=getattr(exc, "lineno", None),
                                    message=f"is not JSON: {exc}")]) from exc


def import_popolo(path: Path | str, store: GraphStore, *, source: str | None = None, dry_run: bool = False,
                  prefix: str = "POPOLO-", pseudonymise: bool = False, keep_going: bool = False) -> PopoloReport:
    """Import the Popolo JSON file ``path`` as the source ``source`` (default: the file name).

    With ``keep_going``, memberships that point at nothing (or have bad dates) are left out, each
    named with its JSON path in the account and in :attr:`PopoloReport.left_out`; anything else wrong
    still stops the import.

    Raises
    ------
    InvalidInput
        With every problem, each with its JSON path; the store is unchanged.
    """
    path = Path(path)
    name = source or path.name
    parsed, fields, account = popolo_entities(_load(path), path.name, prefix=prefix, pseudonymise=pseudonymise)
    left_out = [p for p in parsed.problems if p.column and _MEMBERSHIP_PATH.match(p.column)
                and p.rule in ("unknown-reference", "bad-date")] if keep_going else []
    parsed.problems = [p for p in parsed.problems if p not in left_out]
    if not parsed.problems:
        check_parsed(parsed, store.ids_by_type(exclude_source=name) if store.sources() else {})
    if parsed.problems:
        raise InvalidInput(parsed.problems)
    rows = {ident: Problem(e.file, None, None, f"{e.sheet}[{e.row}]") for ident, e in parsed.entities.items()}
    current, diffs = store.source(name), []
    check = shacl_check(store, name, lambda focus: rows.get(id_of(focus) or "", Problem(path.name)))
    if current is not None and dry_run:
        check = _with_diff(check, store, current.graph, diffs)
    checksum = input_checksum(path) + f"|{prefix}|{pseudonymise}|{keep_going}"
    store.replace_source(SourceDraft(name, str(path.resolve()), checksum, "popolo", account.as_dict()),
                         ntriples_chunks(parsed.entities, parsed.edges), check, dry_run=dry_run)
    return PopoloReport(name, "valid" if dry_run else "stored",
                        dict(sorted(Counter(e.type for e in parsed.entities.values()).items())),
                        sum(1 for e in parsed.edges if e.relation == RelType.HAS_MEMBER.value), account.as_dict(),
                        fields, [p.as_dict() for p in left_out], diffs[0].as_dict() if diffs else None)
