"""Every web edit on record: a change (author, time, entity, triples added and removed, a summary) kept in
the store's own source :data:`EDITS_SOURCE`, beside the facts it made.

Why one source: the facts of the web edits and the log of the changes that made them go in together,
in one transaction (the first edit by :meth:`GraphStore.replace_source`, the next ones by
:meth:`GraphStore.amend_source`: one SPARQL update of the size of the change), so a process killed
during an edit leaves the edit whole or absent, never a fact without its record. A re-ingest of a spreadsheet replaces
only its own source, so it never wipes web edits; `stratgraph sources` lists ``web-edits`` like a file.

The web adds facts of its own (observations, actions, narratives, milestones, comments, decisions) and
can remove only facts that web edits added; a revert is itself a change on record. The
:func:`entity_version` of an entity is the ETag an edit is checked against: a stale one raises
:class:`~ontologies.errors.ConflictError` with the caller's input in it.

Examples
--------
>>> from graph_model.store import GraphStore, SourceDraft
>>> store = GraphStore(None)
>>> _ = store.replace_source(SourceDraft("city", "x", "c", "ntriples"),
...                          f'<{node_iri("M1")}> <urn:p> "1" .\\n'.encode())
>>> v0 = entity_version(store, "M1")
>>> rec = apply_change(store, Change("M1", "alice", "a note", add=(triple("urn:n1", "urn:says", "hi"),),
...                                  expected_version=v0))
>>> [(c.author, c.summary) for c in history(store, "M1")]
[('alice', 'a note')]
>>> entity_version(store, "M1") != v0
True
>>> undo = revert(store, rec.id, "bob")
>>> store.select("SELECT ?o WHERE { <urn:n1> <urn:says> ?o }")[1]
[]
>>> [c.kind for c in history(store, "M1")]
['edit', 'revert']
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import os
import threading
import uuid
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

import pyoxigraph as ox

from graph_model.lock import StoreLock
from graph_model.store import GraphStore, SourceDraft
from graph_model.schema_types import DATA_NAMESPACE as DATA_PREFIX
from graph_model.terms import RDF_TYPE, XSD, id_of, literal, node_iri
from ontologies.errors import BusyError, ConflictError, InputError, NotFoundError, StoreError

__all__ = ["EDITS_SOURCE", "EDIT_NS", "Change", "ChangeRecord", "triple", "apply_change", "apply_edit",
           "open_for_edit", "entity_version", "history", "changes", "get_change", "revert", "edit_wait",
           "replay", "web_facts", "web_lines_about", "Text", "comment", "comments_on", "Comment", "MAX_TEXT",
           "EditLog", "edit_log", "no_edit_meanwhile"]

EDITS_SOURCE = "web-edits"
EDIT_NS = "urn:stratgraph:edit:"  # the log's own terms: not the schema's, so analyses never read them
CHANGE_PREFIX = "urn:stratgraph:change:"
T_CHANGE = EDIT_NS + "Change"
P_AUTHOR, P_AT, P_ENTITY, P_KIND, P_SUMMARY, P_ADDED, P_REMOVED, P_REVERTS, P_INPUT = (
    EDIT_NS + n for n in ("author", "at", "entity", "kind", "summary", "added", "removed", "reverts", "input"))
_LOG_PREDICATES = {RDF_TYPE, P_AUTHOR, P_AT, P_ENTITY, P_KIND, P_SUMMARY, P_ADDED, P_REMOVED, P_REVERTS, P_INPUT}
COMMENT_PREFIX = "urn:stratgraph:comment:"
P_ON, P_TEXT, P_BY, P_WHEN = (EDIT_NS + n for n in ("on", "text", "commentAuthor", "commentAt"))
#: The longest free text (comment, narrative, action) a web edit takes.
MAX_TEXT = 10_000
_THREAD_LOCKS: dict[Path, threading.Lock] = {}
_THREAD_LOCKS_GUARD = threading.Lock()


def edit_wait() -> float:
    """Seconds an edit waits for the store held by another process (a CLI ingest) before it is refused:
    ``$STRATGRAPH_EDIT_WAIT`` (default 5)."""
    return float(os.environ.get("STRATGRAPH_EDIT_WAIT") or 5)


class Text(str):
    """A str that :func:`triple` writes as a literal even when it looks like an IRI (ids, free text)."""


def triple(subject: str, predicate: str, obj: object) -> str:
    """One N-Triples line: ``subject`` and ``predicate`` are IRIs; ``obj`` an IRI (str starting with a
    scheme we mint or http), or a plain value written as a literal (str, int, Decimal, date).

    >>> triple("urn:a", "urn:p", "say <b>")
    '<urn:a> <urn:p> "say <b>" .'
    >>> triple("urn:a", "urn:p", "urn:b")
    '<urn:a> <urn:p> <urn:b> .'
    """
    iri = isinstance(obj, str) and not isinstance(obj, Text) and obj.startswith(("urn:", "http://", "https://"))
    text = f"<{obj}>" if iri else literal(str(obj) if isinstance(obj, Text) else obj)
    return f"<{subject}> <{predicate}> {text} ."


@dataclass(frozen=True)
class Change:
    """What a caller asks to change: ``add`` and ``remove`` are N-Triples lines (see :func:`triple`);
    ``expected_version`` (an :func:`entity_version`) is checked when given; ``submitted`` is the caller's
    input (form fields), kept on record and handed back in a conflict."""

    entity: str
    author: str
    summary: str
    add: Sequence[str] = ()
    remove: Sequence[str] = ()
    kind: str = "edit"
    expected_version: str | None = None
    submitted: dict | None = None
    reverts: str | None = None


@dataclass(frozen=True)
class ChangeRecord:
    """A change on record: what it added and removed (N-Triples lines), by whom and when."""

    id: str
    entity: str
    author: str
    at: str
    kind: str
    summary: str
    added: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    reverts: str | None = None
    submitted: dict | None = field(default=None, compare=False)

    def as_dict(self) -> dict:
        """The change as JSON-able data (triples as lists of N-Triples lines)."""
        out = dict(self.__dict__)
        out["added"], out["removed"] = list(self.added), list(self.removed)
        return out


# -- opening -----------------------------------------------------------------------------------------------
def _thread_lock(path: Path) -> threading.Lock:
    with _THREAD_LOCKS_GUARD:
        return _THREAD_LOCKS.setdefault(path, threading.Lock())


@contextlib.contextmanager
def open_for_edit(path: Path | str, *, wait: float | None = None, submitted: object = None
                  ) -> Iterator[GraphStore]:
    """The store at ``path`` opened for one edit: waits up to ``wait`` seconds (:func:`edit_wait`) for a
    thread of this process or another process (an ingest) that writes, then raises
    :class:`~ontologies.errors.BusyError` carrying ``submitted``; nothing is changed then.

    >>> import tempfile
    >>> db = Path(tempfile.mkdtemp()) / "db"
    >>> with GraphStore(db) as s:
    ...     _ = s.replace_source(SourceDraft("a", "a", "c", "nt"), f'<{node_iri("G1")}> <urn:p> "x" .\\n'.encode())
    >>> with open_for_edit(db) as store:
    ...     apply_change(store, Change("G1", "ann", "hello")).author
    'ann'
    """
    path = Path(path).resolve()
    wait = edit_wait() if wait is None else wait
    in_process = _thread_lock(path)
    if not in_process.acquire(timeout=max(wait, 0.001)):
        raise BusyError(f"the store {path} is busy with another edit; waited {wait:g} s; nothing was changed",
                        submitted=submitted)
    try:
        lock = StoreLock(path, exclusive=True)
        try:
            lock.acquire(wait=wait)
        except StoreError as exc:
            raise BusyError(f"the edit was refused, nothing was changed: {exc}", submitted=submitted) from exc
        try:
            with GraphStore(path, create=False) as store:
                yield store
        finally:
            lock.release()
    finally:
        in_process.release()


@contextlib.contextmanager
def no_edit_meanwhile(path: Path | str) -> Iterator[None]:
    """Hold off this process's edits of the store at ``path`` while reading it: a read-only opening must
    not meet a write of the same process (they share the store lock, and RocksDB's files change under a
    reader). Another process's writer is the store lock's business (readers see its snapshot).

    >>> with no_edit_meanwhile("some.db"):
    ...     pass
    """
    with _thread_lock(Path(path).resolve()):
        yield


def apply_edit(path: Path | str, change: Change, *, wait: float | None = None) -> ChangeRecord:
    """Open the store at ``path`` for this one edit and apply ``change`` (see :func:`apply_change`)."""
    with open_for_edit(path, wait=wait, submitted=change.submitted or change) as store:
        return apply_change(store, change)


# -- versions and reading the log ---------------------------------------------------------------------------
def entity_version(store: GraphStore, entity: str) -> str:
    """A stable hash of what an edit of ``entity`` may change: its own triples in every source and the ids
    of the changes on record about it (an ingest or an edit of it gives a new version). Use as an ETag.

    >>> store = GraphStore(None)
    >>> entity_version(store, "nothing") == entity_version(store, "nothing")
    True
    """
    digest = hashlib.sha256()
    iri = node_iri(entity)
    lines = sorted(f"{row['p']} {row['o']}" for row in store.query("SELECT * WHERE { ?s ?p ?o }", {"s": iri}))
    changes_of = sorted(row["c"].value for row in store.query(
        f"SELECT * WHERE {{ ?c <{P_ENTITY}> ?e }}", {"e": ox.Literal(entity)}))
    for line in [*lines, "|", *changes_of]:
        digest.update(line.encode("utf-8") + b"\n")
    return digest.hexdigest()[:20]


def _records(store: GraphStore, where: str, bindings: dict) -> list[ChangeRecord]:
    fields: dict[str, dict[str, str]] = {}
    for row in store.query(f"SELECT * WHERE {{ {where} ?c a <{T_CHANGE}> ; ?p ?o }}", bindings):
        fields.setdefault(row["c"].value, {})[row["p"].value] = row["o"].value
    out = []
    for iri, f in fields.items():
        out.append(ChangeRecord(
            iri[len(CHANGE_PREFIX):], f.get(P_ENTITY, ""), f.get(P_AUTHOR, ""), f.get(P_AT, ""),
            f.get(P_KIND, ""), f.get(P_SUMMARY, ""), tuple(_lines(f.get(P_ADDED))), tuple(_lines(f.get(P_REMOVED))),
            f[P_REVERTS][len(CHANGE_PREFIX):] if P_REVERTS in f else None,
            json.loads(f[P_INPUT]) if P_INPUT in f else None))
    return sorted(out, key=lambda c: (c.at, c.id))


def _lines(text: str | None) -> list[str]:
    return [line for line in (text or "").split("\n") if line]


def history(store: GraphStore, entity: str) -> list[ChangeRecord]:
    """The changes on record about ``entity``, oldest first."""
    return _records(store, f"?c <{P_ENTITY}> ?e .", {"e": ox.Literal(entity)})


def changes(store: GraphStore, *, author: str | None = None) -> list[ChangeRecord]:
    """Every change on record (optionally by one ``author``), oldest first."""
    if author is None:
        return _records(store, "", {})
    return _records(store, f"?c <{P_AUTHOR}> ?a .", {"a": ox.Literal(author)})


def get_change(store: GraphStore, change_id: str) -> ChangeRecord:
    """The change called ``change_id``; NotFoundError when there is none."""
    found = _records(store, "", {"c": ox.NamedNode(CHANGE_PREFIX + change_id)}) if _safe_id(change_id) else []
    if not found:
        raise NotFoundError(f"no change {change_id!r} on record (see `stratgraph history ENTITY`)")
    return found[0]


def _safe_id(change_id: str) -> bool:
    return bool(change_id) and all(ch.isalnum() or ch in "-_" for ch in change_id)


# -- writing -----------------------------------------------------------------------------------------------
def _edit_lines(store: GraphStore) -> list[str]:
    info = store.source(EDITS_SOURCE)
    if info is None:
        return []
    graph = ox.NamedNode(info.graph)
    return [f"{q.subject} {q.predicate} {q.object} ." for q in store.oxigraph.quads_for_pattern(None, None, None, graph)]


def _check_lines(lines: Sequence[str], what: str) -> list[str]:
    """Each line parsed and written back in the store's own form (so set differences are exact)."""
    out, bad = [], []
    for n, line in enumerate(lines, 1):
        try:
            [parsed] = list(ox.parse(input=line.encode("utf-8"), format=ox.RdfFormat.N_TRIPLES))
        except (SyntaxError, ValueError) as exc:
            bad.append(f"{what} line {n}: {' '.join(str(exc).split())[:120]}")
            continue
        if str(parsed.predicate).startswith(f"<{EDIT_NS}") and str(parsed.subject).startswith(f"<{CHANGE_PREFIX}"):
            bad.append(f"{what} line {n}: the change log is written by stratgraph only")
            continue
        out.append(f"{parsed.subject} {parsed.predicate} {parsed.object} .")
    if bad:
        raise InputError("the change is not valid N-Triples; nothing was changed:\n  " + "\n  ".join(bad))
    return out


def apply_change(store: GraphStore, change: Change) -> ChangeRecord:
    """Apply ``change`` to the web edits' source in one swap, with its record; return the record.

    Raises
    ------
    ConflictError
        ``change.expected_version`` is not the entity's version now (someone changed it meanwhile).
    NotFoundError
        The entity is not in the store.
    InputError
        A line is not N-Triples, or a removed fact was not added by a web edit (file facts stay: a new
        file is how they change).
    """
    current = entity_version(store, change.entity)
    if change.expected_version is not None and change.expected_version != current:
        raise ConflictError(f"{change.entity} was changed meanwhile (version {change.expected_version} is stale, "
                            f"now {current}); nothing was changed: reload and apply your input again",
                            entity=change.entity, expected=change.expected_version, current=current,
                            submitted=change.submitted if change.submitted is not None else change)
    if not store.query("ASK { ?s ?p ?o }", {"s": node_iri(change.entity)}):
        raise NotFoundError(f"no entity {change.entity!r} in the store")
    add, remove = _check_lines(change.add, "added"), _check_lines(change.remove, "removed")
    info = store.source(EDITS_SOURCE)
    graph = ox.NamedNode(info.graph) if info is not None else None

    def there(line: str) -> bool:
        if graph is None:
            return False
        [t] = list(ox.parse(input=line.encode("utf-8"), format=ox.RdfFormat.N_TRIPLES))
        return next(iter(store.oxigraph.quads_for_pattern(t.subject, t.predicate, t.object, graph)), None) is not None

    not_web = [line for line in remove if not there(line)]
    if not_web and change.kind != "revert":
        raise InputError("only facts that web edits added can be removed; not among them (nothing was "
                         "changed):\n  " + "\n  ".join(not_web[:20]))
    removed = [line for line in dict.fromkeys(remove) if line not in not_web]
    added = [line for line in dict.fromkeys(add) if line in removed or not there(line)]
    now = dt.datetime.now(dt.timezone.utc)
    record = ChangeRecord(f"{now:%Y%m%dT%H%M%S%f}-{uuid.uuid4().hex[:8]}", change.entity, change.author,
                          now.isoformat(timespec="microseconds"), change.kind, change.summary,
                          tuple(added), tuple(removed), change.reverts, change.submitted)
    if info is None:  # the first web edit makes the source
        data = "\n".join([*added, *_record_lines(record)]).encode("utf-8") + b"\n"
        draft = SourceDraft(EDITS_SOURCE, "stratgraph web edits", hashlib.sha256(data).hexdigest(), "edits")
        store.replace_source(draft, data)
    else:  # one transaction of the size of the change, not of every edit so far
        checksum = hashlib.sha256(f"{info.checksum}|{record.id}".encode()).hexdigest()
        store.amend_source(EDITS_SOURCE, [*added, *_record_lines(record)], removed, checksum)
    return record


def _record_lines(record: ChangeRecord) -> list[str]:
    c = CHANGE_PREFIX + record.id
    lines = [f"<{c}> <{RDF_TYPE}> <{T_CHANGE}> .", triple(c, P_ENTITY, Text(record.entity)),
             triple(c, P_AUTHOR, Text(record.author)), f'<{c}> <{P_AT}> "{record.at}"^^<{XSD}dateTime> .',
             triple(c, P_KIND, Text(record.kind)), triple(c, P_SUMMARY, Text(record.summary)),
             triple(c, P_ADDED, Text("\n".join(record.added))), triple(c, P_REMOVED, Text("\n".join(record.removed)))]
    if record.reverts:
        lines.append(triple(c, P_REVERTS, CHANGE_PREFIX + record.reverts))
    if record.submitted is not None:
        lines.append(triple(c, P_INPUT, Text(json.dumps(record.submitted, ensure_ascii=False, sort_keys=True))))
    return lines


def revert(store: GraphStore, change_id: str, author: str, *, summary: str | None = None) -> ChangeRecord:
    """Undo change ``change_id`` by a new change on record (kind ``revert``): what it added is removed and
    what it removed comes back. A change can be reverted once; a revert can itself be reverted.

    Raises
    ------
    NotFoundError
        No such change.
    InputError
        The change was reverted already.
    """
    original = get_change(store, change_id)
    done = [c for c in history(store, original.entity) if c.reverts == change_id]
    if done:
        raise InputError(f"change {change_id} was reverted already by {done[0].id} ({done[0].author}, {done[0].at})")
    return apply_change(store, Change(original.entity, author, summary or f"revert: {original.summary}",
                                      add=original.removed, remove=original.added, kind="revert",
                                      reverts=change_id))


def replay(records: Sequence[ChangeRecord]) -> set[str]:
    """The facts that applying ``records`` in order gives (a check that the log explains the facts).

    >>> r = ChangeRecord("1", "E", "a", "t", "edit", "s", added=("x",))
    >>> replay([r, ChangeRecord("2", "E", "a", "t", "revert", "s", removed=("x",), reverts="1")])
    set()
    """
    facts: set[str] = set()
    for record in records:
        facts -= set(record.removed)
        facts |= set(record.added)
    return facts


def web_facts(store: GraphStore) -> set[str]:
    """The facts of the web edits' source (its lines that are not the change log)."""
    out = set()
    for line in _edit_lines(store):
        if not line.startswith(f"<{CHANGE_PREFIX}"):
            out.add(line)
    return out


def web_lines_about(store: GraphStore, subject: str) -> list[str]:
    """The web edits' facts whose subject is the IRI ``subject`` (N-Triples lines in the store's form)."""
    info = store.source(EDITS_SOURCE)
    if info is None:
        return []
    quads = store.oxigraph.quads_for_pattern(ox.NamedNode(subject), None, None, ox.NamedNode(info.graph))
    return [f"{q.subject} {q.predicate} {q.object} ." for q in quads]


@dataclass(frozen=True)
class Comment:
    """A comment on an entity: plain text (never markup), its author and time."""

    id: str
    entity: str
    author: str
    at: str
    text: str

    def as_dict(self) -> dict:
        """The comment as JSON-able data."""
        return dict(self.__dict__)


def comment(store: GraphStore, entity: str, text: str, *, author: str) -> ChangeRecord:
    """A comment on any entity, a change on record (plain text: ``<script>`` stays text). A comment
    never conflicts: it changes nothing another edit may have changed. Revert the change to remove it.

    Raises
    ------
    InputError
        The text is empty or longer than :data:`MAX_TEXT`.
    """
    text = (text or "").strip()
    if not text or len(text) > MAX_TEXT:
        error = InputError(f"comment: {'empty' if not text else f'{len(text):,} characters; at most {MAX_TEXT:,}'}"
                           "; nothing was changed")
        error.submitted = {"entity": entity, "text": text}
        raise error
    now = dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
    c = COMMENT_PREFIX + uuid.uuid4().hex[:16]
    lines = [triple(c, P_ON, Text(entity)), triple(c, P_TEXT, Text(text)), triple(c, P_BY, Text(author)),
             triple(c, P_WHEN, Text(now))]
    return apply_change(store, Change(entity, author, f"comment: {text[:80]}", add=lines, kind="comment",
                                      submitted={"entity": entity, "text": text}))


def comments_on(store: GraphStore, entity: str) -> list[Comment]:
    """The comments on ``entity`` that stand (a reverted one is gone), oldest first."""
    rows = store.query(f"SELECT * WHERE {{ ?c <{P_ON}> ?e ; <{P_TEXT}> ?text ; <{P_BY}> ?by ; "
                       f"<{P_WHEN}> ?at }}", {"e": ox.Literal(entity)})
    out = [Comment(r["c"].value[len(COMMENT_PREFIX):], entity, r["by"].value, r["at"].value, r["text"].value)
           for r in rows]
    return sorted(out, key=lambda c: (c.at, c.id))


@dataclass(frozen=True)
class EditLog:
    """Every change and standing comment of a store, by entity (read once per store version by the app).
    ``aliases`` name authors as pages show them (public mode: a pseudonym per account, see
    :meth:`pseudonymised`); lookups by account (:meth:`created_by`) use the real account ids."""

    changes: dict[str, list[ChangeRecord]] = field(default_factory=dict)
    comments: dict[str, list[Comment]] = field(default_factory=dict)
    aliases: dict[str, str] = field(default_factory=dict)

    def shown(self, author: str) -> str:
        """``author`` as pages show it.

        >>> EditLog(aliases={"ann": "Käyttäjä 1A2B3C"}).shown("ann"), EditLog().shown("ann")
        ('Käyttäjä 1A2B3C', 'ann')
        """
        return self.aliases.get(author, author)

    def pseudonymised(self, key: bytes) -> EditLog:
        """The same log with every author shown as "Käyttäjä <code>" (a keyed hash of the account id, as
        persons get in :mod:`graph_model.pseudonymise`): public pages name no member of staff.

        >>> log = EditLog({"G1": [ChangeRecord("1", "G1", "ann", "t", "edit", "s")]}).pseudonymised(b"k")
        >>> log.record_of("G1")["history"][0]["author"].startswith("Käyttäjä "), log.created_by("ann")
        (True, [])
        """
        import hashlib
        import hmac

        authors = self.authors() | {c.author for items in self.comments.values() for c in items}
        return replace(self, aliases={a: "Käyttäjä " + hmac.new(key, f"account:{a}".encode(), hashlib.sha256)
                                      .hexdigest()[:6].upper() for a in authors})

    def record_of(self, entity: str) -> dict:
        """The history (newest first) and comments of ``entity`` as JSON-able rows.

        >>> EditLog().record_of("G1")
        {'history': [], 'comments': []}
        """
        history = [{k: v for k, v in c.as_dict().items() if k not in ("added", "removed", "submitted")}
                   for c in reversed(self.changes.get(entity, []))]
        comments = [c.as_dict() for c in self.comments.get(entity, [])]
        for row in history + comments:
            row["author"] = self.shown(row["author"])
        return {"history": history, "comments": comments}

    def latest_observation(self, metric: str, year: int | None = None) -> ChangeRecord | None:
        """The newest standing web observation of ``metric`` (of ``year`` when given): who entered the
        figure a status rests on, and when. A reverted observation does not stand.

        >>> rec = ChangeRecord("1", "M1", "ann", "2026-12-07T05:40:00+00:00", "observe", "s",
        ...                    submitted={"on": "2026-11-30", "value": "5"})
        >>> log = EditLog({"M1": [rec]})
        >>> log.latest_observation("M1", 2026).author, log.latest_observation("M1", 2025)
        ('ann', None)
        """
        records = self.changes.get(metric, [])
        reverted = {c.reverts for c in records if c.reverts}
        for c in reversed(records):
            on = str((c.submitted or {}).get("on") or "")
            if c.kind == "observe" and c.id not in reverted and (year is None or on[:4] == str(year)):
                return c
        return None

    def authors(self) -> set[str]:
        """Every account that made a change."""
        return {c.author for records in self.changes.values() for c in records}

    def created_by(self, author: str) -> list[str]:
        """The ids of the nodes (actions, milestones, observations, ...) that ``author``'s changes added.

        >>> rec = ChangeRecord("1", "G1", "ann", "t", "action", "s", added=(
        ...     f"<{node_iri('A1')}> <{RDF_TYPE}> <urn:x> .",))
        >>> EditLog({"G1": [rec]}).created_by("ann")
        ['A1']
        """
        out = []
        for records in self.changes.values():
            for c in records:
                if c.author != author:
                    continue
                for line in c.added:
                    subject, predicate, _ = line.split(" ", 2)
                    if predicate == f"<{RDF_TYPE}>" and subject.startswith(f"<{DATA_PREFIX}"):
                        out.append(id_of(subject[1:-1]))
        return sorted(set(out))


def edit_log(store: GraphStore) -> EditLog:
    """The store's :class:`EditLog` (empty when there are no web edits)."""
    if store.source(EDITS_SOURCE) is None:
        return EditLog()
    by_entity: dict[str, list[ChangeRecord]] = {}
    for record in changes(store):
        by_entity.setdefault(record.entity, []).append(record)
        other = (record.submitted or {}).get("b") if record.kind.startswith("decision:") else None
        if isinstance(other, str) and other != record.entity:  # a decision on a pair shows on both ends
            by_entity.setdefault(other, []).append(record)
    notes: dict[str, list[Comment]] = {}
    rows = store.query(f"SELECT * WHERE {{ ?c <{P_ON}> ?e ; <{P_TEXT}> ?text ; <{P_BY}> ?by ; <{P_WHEN}> ?at }}")
    for r in rows:
        notes.setdefault(r["e"].value, []).append(
            Comment(r["c"].value[len(COMMENT_PREFIX):], r["e"].value, r["by"].value, r["at"].value, r["text"].value))
    return EditLog(by_entity, {e: sorted(c, key=lambda c: (c.at, c.id)) for e, c in notes.items()})
