"""Persons' names replaced by stable pseudonyms, so that an export, a report, a map or a Neo4j projection
can be shared outside the organisation. Roles, bodies, memberships and dates stay.

A person's node gets a new IRI (``PERSON-<code>``) and labels "Henkilö <code>" / "Person <code>"; its
descriptions are dropped (free text about a person); and every text in the whole graph that mentions a
person's name or id has it replaced by the pseudonym. The code is an HMAC of the person's IRI under a key
kept with the store (``pseudonym.key`` in the store folder, or ``$STRATGRAPH_PSEUDONYM_KEY``), so the same
person gets the same pseudonym every time, and without the key nobody can test a guessed name.

>>> import pyoxigraph as ox
>>> ann = ox.NamedNode("https://w3id.org/stratgraph/id/PER-VIRTANEN")
>>> label = ox.NamedNode("http://www.w3.org/2004/02/skos/core#prefLabel")
>>> quads = [ox.Quad(ann, ox.NamedNode(RDF_TYPE), ox.NamedNode(PERSON), ox.DefaultGraph()),
...          ox.Quad(ann, label, ox.Literal("Anna Virtanen", language="fi"), ox.DefaultGraph())]
>>> [str(q.object) for q in pseudonymise_quads(quads, b"k")][1]
'"Henkilö 00AA6B"@fi'
"""

from __future__ import annotations

import hashlib
import hmac
import os
import re
import secrets
from collections.abc import Iterable
from pathlib import Path

import pyoxigraph as ox

from graph_model.schema_types import DATA_NAMESPACE, NODE_IRIS, NodeType
from graph_model.terms import RDF_TYPE, id_of
from ontologies.errors import StoreError

__all__ = ["PERSON", "KEY_FILE", "pseudonym_key", "pseudonymise_quads", "pseudonymised"]

PERSON = NODE_IRIS[NodeType.PERSON]
KEY_FILE = "pseudonym.key"
_LABELS = {"http://www.w3.org/2004/02/skos/core#prefLabel", "http://www.w3.org/2004/02/skos/core#altLabel",
           "http://www.w3.org/2000/01/rdf-schema#label", "http://xmlns.com/foaf/0.1/name"}
_WORD = {"fi": "Henkilö", "sv": "Person", "en": "Person"}


def pseudonym_key(db: Path | None) -> bytes:
    """The key of the store at ``db``: ``$STRATGRAPH_PSEUDONYM_KEY``, else its ``pseudonym.key`` (made once)."""
    if os.environ.get("STRATGRAPH_PSEUDONYM_KEY"):
        return os.environ["STRATGRAPH_PSEUDONYM_KEY"].encode()
    if db is None:
        raise StoreError("pseudonyms need a key: set STRATGRAPH_PSEUDONYM_KEY")
    path = Path(db) / KEY_FILE
    try:
        if not path.exists():
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "w") as handle:
                handle.write(secrets.token_hex(32))
        return path.read_bytes().strip()
    except FileExistsError:
        return path.read_bytes().strip()
    except OSError as exc:
        raise StoreError(f"cannot keep the pseudonym key in {path}: {exc.strerror}; "
                         "set STRATGRAPH_PSEUDONYM_KEY") from exc


def _code(key: bytes, iri: str) -> str:
    return hmac.new(key, iri.encode(), hashlib.sha256).hexdigest()[:6].upper()


def pseudonymise_quads(quads: Iterable[ox.Quad], key: bytes) -> list[ox.Quad]:
    """``quads`` with every person pseudonymised (see the module)."""
    quads = list(quads)
    persons = {q.subject.value for q in quads if q.predicate.value == RDF_TYPE and q.object.value == PERSON
               and isinstance(q.subject, ox.NamedNode)}
    if not persons:
        return quads
    codes = {iri: _code(key, iri) for iri in persons}
    new_iri = {iri: ox.NamedNode(f"{DATA_NAMESPACE}PERSON-{code}") for iri, code in codes.items()}
    mentions: dict[str, str] = {}
    for q in quads:
        if q.subject.value in persons and isinstance(q.object, ox.Literal) and q.predicate.value in _LABELS:
            mentions[q.object.value] = f"{_WORD['en']} {codes[q.subject.value]}"
    for iri in persons:
        ident = id_of(iri) or iri
        mentions[ident] = f"PERSON-{codes[iri]}"
        mentions[iri] = new_iri[iri].value
    pattern = re.compile("|".join(re.escape(m) for m in sorted(mentions, key=len, reverse=True) if m.strip()),
                         re.IGNORECASE) if mentions else None

    def scrub(text: str) -> str:
        return pattern.sub(lambda m: mentions.get(m.group(0)) or next(
            v for k, v in mentions.items() if k.lower() == m.group(0).lower()), text) if pattern else text

    def term(t):
        if isinstance(t, ox.NamedNode):
            return new_iri.get(t.value) or (ox.NamedNode(scrub(t.value)) if pattern.search(t.value) else t)
        if isinstance(t, ox.Literal) and pattern.search(t.value):
            value = scrub(t.value)
            return ox.Literal(value, language=t.language) if t.language else ox.Literal(value, datatype=t.datatype)
        return t

    out = []
    for q in quads:
        subject, obj = q.subject, q.object
        if subject.value in persons and isinstance(obj, ox.Literal):
            if q.predicate.value in _LABELS:
                word = _WORD.get((obj.language or "en").split("-")[0], "Person")
                out.append(ox.Quad(new_iri[subject.value], q.predicate,
                                   ox.Literal(f"{word} {codes[subject.value]}", language=obj.language)
                                   if obj.language else ox.Literal(f"Person {codes[subject.value]}"), q.graph_name))
                continue
            if obj.datatype.value.endswith(("#string", "#langString")) and q.predicate.value != \
                    "http://purl.org/dc/terms/identifier":
                continue  # descriptions and other free text about the person
        out.append(ox.Quad(term(subject), q.predicate, term(obj), q.graph_name))
    return out


def pseudonymised(store, key: bytes | None = None):
    """An in-memory copy of ``store`` (a GraphStore) with every person pseudonymised; sources and their
    provenance are kept, so every command that reads a store reads the copy the same way."""
    from graph_model.store import GraphStore

    key = key if key is not None else pseudonym_key(store.path)
    copy = GraphStore(None)
    copy.oxigraph.extend(pseudonymise_quads(store.oxigraph.quads_for_pattern(None, None, None, None), key))
    return copy
