"""Import EU Horizon 2020 participations (CORDIS-derived, ``../shared/data/cordis-h2020``).

The files are ``participations.csv.gz`` (``rcn`` project, ``pic`` organisation, ``type`` its sector,
``role``, dates) and ``programme_parts.csv.gz`` (``rcn``, ``programme_part``). They become:

- an organisation -> a ``Stakeholder`` ``ORG-<pic>`` whose ``stakeholder_kind`` is its type
  (HES university, PRC company, REC research, PUB public_body, OTH other), so that "cross-sector"
  means "of different types", as in the evaluation protocol;
- a project -> a ``Project`` ``H2020-<rcn>`` with its start and end dates and total cost;
- a programme part -> a ``Theme`` ``T-H2020-<part>`` (the project ``has_theme`` it);
- the coordinator -> the project is ``led_by`` it (an outside coordinator, as the schema allows); the
  25 projects with two coordinators are led by the first (lowest PIC) and have the other as a partner;
- every other participation -> ``has_partner`` from the project to the organisation; a "partner"'s (and
  a second coordinator's) is kept as a qualified relationship with its ``role``, like a row of the
  relationships sheet.

:func:`import_cordis` loads them like any source: into a staging graph checked by the schema's SHACL
rules, live only when every rule holds. It ends with an account (:mod:`ingest.account`): participations,
projects, organisations and programme parts read, stored, and not kept with the reason (a project
starting after ``until``, or with no start year when ``until`` is given; an organisation taking part in
the same project again; a programme part of a project with no participation), kept in the source's
provenance.

:func:`cordis_entities` gives the selected projects as entities and edges (``bench/linkpred.py``
turns them straight into a graph without a store); :func:`import_cordis` writes them to the store
as one source.

Examples
--------
>>> import tempfile
>>> from pathlib import Path
>>> folder = write_sample(Path(tempfile.mkdtemp()))
>>> data = read_cordis(folder)
>>> sorted(data.projects), data.org_type["901"]
(['1', '2', '3'], 'HES')
>>> entities, edges = cordis_entities(data, until=2015)
>>> sorted(e for e in entities if e.startswith("H2020")), entities["ORG-901"].values[1]
(['H2020-1', 'H2020-2'], ('stakeholder_kind', None, 'university'))
>>> [(e.source, e.relation, e.target) for e in edges if e.source == "H2020-1"][:2]
[('H2020-1', 'led_by', 'ORG-901'), ('H2020-1', 'has_partner', 'ORG-902')]
"""

from __future__ import annotations

import copy
import csv
import datetime as dt
import gzip
import io
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from graph_model.schema_types import NodeType, RelType, StakeholderKind
from graph_model.spreadsheet import csv_writer
from graph_model.store import GraphStore, SourceDraft, SourceInfo
from graph_model.terms import id_of
from ingest.account import ImportAccount
from ingest.pipeline import shacl_check
from ingest.problems import Problem
from ingest.records import Edge, Entity
from ingest.triples import ntriples_chunks
from ontologies.errors import InputError, NotFoundError

__all__ = ["KIND_OF_TYPE", "CordisProject", "CordisData", "read_cordis", "cordis_entities", "cordis_account",
           "import_cordis", "write_sample", "DEFAULT_SOURCE"]

#: CORDIS organisation type -> the schema's stakeholder kind.
KIND_OF_TYPE = {"HES": StakeholderKind.UNIVERSITY, "PRC": StakeholderKind.COMPANY, "REC": StakeholderKind.RESEARCH,
                "PUB": StakeholderKind.PUBLIC_BODY, "OTH": StakeholderKind.OTHER}
DEFAULT_SOURCE = "cordis-h2020"
_PARTICIPATIONS, _PARTS = "participations.csv.gz", "programme_parts.csv.gz"


@dataclass
class CordisProject:
    """One project: start year (None when unknown), dates, total cost, members (pic -> role), parts, and
    the participations file's row where it first appears (for messages)."""

    rcn: str
    year: int | None
    start: str
    end: str
    total_cost: str
    members: dict[str, str] = field(default_factory=dict)
    parts: list[str] = field(default_factory=list)
    row: int = 0


@dataclass
class CordisData:
    """Projects by rcn, and each organisation's type and country."""

    projects: dict[str, CordisProject] = field(default_factory=dict)
    org_type: dict[str, str] = field(default_factory=dict)
    org_country: dict[str, str] = field(default_factory=dict)
    #: What the files held that no project keeps (rows read; repeated and unattached rows by reason).
    account: ImportAccount = field(default_factory=ImportAccount)

    def select(self, since: int | None = None, until: int | None = None,
               max_participants: int | None = None) -> list[CordisProject]:
        """Projects starting in ``since..until`` (inclusive; None = open) with at most ``max_participants``."""
        return [p for p in self.projects.values() if self.why_left_out(p, since, until, max_participants) is None]

    @staticmethod
    def why_left_out(p: CordisProject, since: int | None, until: int | None,
                     max_participants: int | None) -> str | None:
        """Why ``select`` leaves ``p`` out, or None when it does not."""
        if p.year is None and (since is not None or until is not None):
            return "no start year (cannot tell whether it is in the years asked for)"
        if since is not None and p.year < since:
            return f"starts before {since}"
        if until is not None and p.year > until:
            return f"starts after {until} (--train-until)"
        if max_participants is not None and len(p.members) > max_participants:
            return f"more than {max_participants} participants"
        return None


def _rows(path: Path) -> Iterable[dict[str, str]]:
    try:
        with gzip.open(path, "rt", encoding="utf-8", newline="") as handle:
            yield from csv.DictReader(handle)
    except FileNotFoundError:
        raise NotFoundError(f"no {path.name} in {path.parent}") from None
    except (OSError, EOFError, csv.Error) as exc:
        raise InputError(f"cannot read {path}: {exc}") from exc


def read_cordis(folder: Path | str) -> CordisData:
    """Read both files of ``folder`` with the csv module.

    Raises
    ------
    NotFoundError
        When a file is missing.
    InputError
        When a file is not a gzip CSV file with the expected columns.
    """
    folder, data = Path(folder), CordisData()
    account = data.account
    for n, row in enumerate(_rows(folder / _PARTICIPATIONS), start=2):
        try:
            rcn, pic, kind = row["rcn"], row["pic"], row["type"]
        except KeyError as exc:
            raise InputError(f"{_PARTICIPATIONS} row {n}: no column {exc.args[0]!r}") from None
        account.read("participations")
        year = row.get("start_year", "")
        project = data.projects.get(rcn) or data.projects.setdefault(rcn, CordisProject(
            rcn, int(year) if year.isdigit() else None, row.get("start_date", ""), row.get("end_date", ""),
            row.get("total_cost", ""), row=n))
        if pic in project.members:  # the schema holds one participation per organisation and project
            account.not_kept("participations", f"the organisation takes part in the project again (kept as "
                             f"its first row's {project.members[pic]})", where=f"{_PARTICIPATIONS} row {n}")
            continue
        project.members[pic] = row.get("role", "participant")
        data.org_type.setdefault(pic, kind)
        data.org_country.setdefault(pic, row.get("country", ""))
    for n, row in enumerate(_rows(folder / _PARTS), start=2):
        account.read("programme parts")
        project, part = data.projects.get(row.get("rcn", "")), row.get("programme_part", "")
        why = "no participation of its project in " + _PARTICIPATIONS if project is None else \
            "empty programme_part" if not part else "the same part of the project again" if part in project.parts \
            else None
        if why:
            account.not_kept("programme parts", why, where=f"{_PARTS} row {n}")
            continue
        project.parts.append(part)
    return data


def cordis_account(data: CordisData, entities: dict[str, Entity], *, since: int | None = None,
                   until: int | None = None, max_participants: int | None = None) -> ImportAccount:
    """The account of importing ``data``'s projects selected as :meth:`CordisData.select` does
    (``entities`` from :func:`cordis_entities`): each participation, project, organisation and programme
    part read is stored or not kept with the reason.

    >>> import tempfile
    >>> data = read_cordis(write_sample(Path(tempfile.mkdtemp())))
    >>> entities, _ = cordis_entities(data, until=2015)
    >>> print(cordis_account(data, entities, until=2015).summary())
    participations: read 6, stored 4, not kept 2 (starts after 2015 (--train-until): 2)
    programme parts: read 4, stored 3, not kept 1 (starts after 2015 (--train-until): 1)
    projects: read 3, stored 2, not kept 1 (starts after 2015 (--train-until): 1)
    organisations: read 3, stored 3, not kept 0
    """
    account = copy.deepcopy(data.account)  # the rows read, and those no project keeps
    account.read("projects", len(data.projects))
    for p in data.projects.values():
        why = data.why_left_out(p, since, until, max_participants)
        counts = (("participations", len(p.members)), ("programme parts", len(p.parts)), ("projects", 1))
        for kind, n in counts:
            if why is None:
                account.stored(kind, n)
            elif n:
                account.not_kept(kind, why, n, where=f"rcn {p.rcn}")
    organisations = sum(1 for ident in entities if ident.startswith("ORG-"))
    account.read("organisations", len(data.org_type))
    account.stored("organisations", organisations)
    if len(data.org_type) > organisations:
        account.not_kept("organisations", "takes part only in projects left out", len(data.org_type) - organisations)
    return account


def _date(text: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text[:10])
    except ValueError:
        return None


def _project_entity(p: CordisProject, row: int) -> Entity:
    entity = Entity(f"H2020-{p.rcn}", NodeType.PROJECT.value, _PARTICIPATIONS, "participations", row,
                    [("label", "en", f"H2020 project {p.rcn}"), ("code", None, p.rcn)])
    for name, value in (("start_date", _date(p.start)), ("end_date", _date(p.end))):
        if value is not None:
            entity.values.append((name, None, value))
    try:
        entity.values.append(("budget", None, Decimal(p.total_cost)))
    except InvalidOperation:
        pass
    return entity


def cordis_entities(data: CordisData, *, since: int | None = None, until: int | None = None,
                    max_participants: int | None = None) -> tuple[dict[str, Entity], list[Edge]]:
    """The selected projects, their organisations and programme parts as entities and edges."""
    entities: dict[str, Entity] = {}
    edges: list[Edge] = []
    for p in data.select(since, until, max_participants):
        n = p.row
        project = _project_entity(p, n)
        entities[project.id] = project
        leader = min((pic for pic, role in p.members.items() if role == "coordinator"), default=None)
        for pic, role in sorted(p.members.items()):
            org = f"ORG-{pic}"
            if org not in entities:
                kind = KIND_OF_TYPE.get(data.org_type[pic], StakeholderKind.OTHER)
                entities[org] = Entity(org, NodeType.STAKEHOLDER.value, _PARTICIPATIONS, "participations", n, [
                    ("label", "en", f"PIC {pic} ({data.org_type[pic]}, {data.org_country.get(pic) or '?'})"),
                    ("stakeholder_kind", None, kind.value), ("code", None, pic)])
            if pic == leader:
                edges.append(Edge(project.id, RelType.LED_BY.value, org, _PARTICIPATIONS, "participations", n, "pic"))
                continue
            qualified = role != "participant"
            edges.append(Edge(project.id, RelType.HAS_PARTNER.value, org, _PARTICIPATIONS, "participations", n, "pic",
                              {"role": role} if qualified else {}, qualified))
        for part in sorted(set(p.parts)):
            theme = f"T-H2020-{part.replace(' ', '-')}"
            entities.setdefault(theme, Entity(theme, NodeType.THEME.value, _PARTS, "programme_parts", n,
                                              [("label", "en", part)]))
            edges.append(Edge(project.id, RelType.HAS_THEME.value, theme, _PARTS, "programme_parts", n,
                              "programme_part"))
    return entities, edges


def import_cordis(folder: Path | str, store: GraphStore, *, until: int | None = None,
                  source: str = DEFAULT_SOURCE) -> SourceInfo:
    """Import the projects starting up to ``until`` (all when None) into ``store`` as the source ``source``;
    the account (:func:`cordis_account`) is in :attr:`SourceInfo.account` and the source's provenance.

    Raises
    ------
    InvalidInput
        When the SHACL rules find problems (each names the file and row); the store is unchanged.
    """
    folder = Path(folder)
    data = read_cordis(folder)
    entities, edges = cordis_entities(data, until=until)
    account = cordis_account(data, entities, until=until)
    draft = SourceDraft(source, str(folder.resolve()), f"cordis-until-{until or 'all'}", "cordis", account.as_dict())
    rows = {ident: Problem(e.file, e.sheet, e.row) for ident, e in entities.items()}

    def locate(focus: str) -> Problem:
        return rows.get(id_of(focus) or "", Problem(_PARTICIPATIONS))
    return store.replace_source(draft, ntriples_chunks(entities, edges), shacl_check(store, source, locate))


def write_sample(folder: Path, rows: list[list[str]] | None = None, parts: list[list[str]] | None = None) -> Path:
    """Write a tiny data set in the CORDIS files' format to ``folder`` (for tests and examples)."""
    rows = rows if rows is not None else [
        ["1", "coordinator", "901", "HES", "2015"], ["1", "participant", "902", "PRC", "2015"],
        ["2", "coordinator", "902", "PRC", "2014"], ["2", "participant", "903", "REC", "2014"],
        ["3", "coordinator", "901", "HES", "2016"], ["3", "participant", "903", "REC", "2016"]]
    parts = parts if parts is not None else [["1", "SC5"], ["2", "SC5"], ["2", "LEIT"], ["3", "ERC"]]
    folder.mkdir(parents=True, exist_ok=True)
    text = io.StringIO()
    writer = csv_writer(text, lineterminator="\n")
    writer.writerow(["rcn", "role", "pic", "type", "country", "start_date", "end_date", "total_cost", "start_year"])
    for rcn, role, pic, kind, year in rows:
        writer.writerow([rcn, role, pic, kind, "FI", f"{year}-01-01", f"{year}-12-31", "1000", year])
    with gzip.open(folder / _PARTICIPATIONS, "wt", encoding="utf-8") as handle:
        handle.write(text.getvalue())
    with gzip.open(folder / _PARTS, "wt", encoding="utf-8") as handle:
        handle.write("rcn,programme_part\n" + "".join(f"{r},{p}\n" for r, p in parts))
    return folder
