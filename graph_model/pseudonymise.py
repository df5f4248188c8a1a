"""Persons' names replaced by stable pseudonyms, so that an export, a report, a map or a Neo4j projection
can be shared outside the organisation. Roles, bodies, memberships and dates stay.

A person's node gets a new IRI (``PERSON-<code>``) and labels "Henkilö <code>" / "Person <code>"; its
descriptions are dropped (free text about a person); and every text in the whole graph that mentions a
person's name or id has it replaced by the pseudonym, in the text's language. Finnish inflects names
("Pirkko Sivosen hanke", "kysy Sivoselta"), so a name is also found in its inflected forms (see
:func:`name_forms`: the -nen/-se- stem, consonant gradation, -i/-e- stems, case endings), and a surname
is found on its own. The code is an HMAC of the person's IRI under a key
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

__all__ = ["PERSON", "KEY_FILE", "pseudonym_key", "pseudonymise_quads", "pseudonymised", "name_forms"]

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


_ENDING = "[a-zåäö]{0,7}"  # a case ending, possessive suffix or clitic: -n, -lle, -ltaan, -kin ...
_GRADATION = [("kk", "k"), ("pp", "p"), ("tt", "t"), ("nk", "ng"), ("nt", "nn"), ("lt", "ll"), ("rt", "rr"),
              ("mp", "mm")]


def name_forms(name: str) -> str:
    """A regular expression for one name word and its Finnish inflected forms (case-sensitive: a name
    is capitalised, so "Laine" the surname is found and "laine", a wave, is not).

    >>> import re
    >>> forms = re.compile(name_forms("Sivonen"))
    >>> [bool(forms.fullmatch(w)) for w in ("Sivonen", "Sivosen", "Sivoselta", "Sivosta", "Sivo", "sivosen")]
    [True, True, True, True, False, False]
    >>> [bool(re.fullmatch(name_forms("Pirkko"), w)) for w in ("Pirkko", "Pirkon", "Pirkolle", "Pirkkoa")]
    [True, True, True, True]
    >>> [bool(re.fullmatch(name_forms("Niemi"), w)) for w in ("Niemen", "Niemelle", "Niemeä")]
    [True, True, False]
    """
    stems = [re.escape(name) + f"(?:[:'’]?{_ENDING})"]
    if name.endswith("nen") and len(name) > 4:  # Virtanen: Virtasen, Virtaselle, Virtasta, Virtasten
        stems.append(re.escape(name[:-3]) + f"s(?:e{_ENDING}|t[aä]|ten|i{_ENDING})")
    elif name[-1:] in "aeiouyäö" and len(name) > 3:
        body, vowel = name[:-1], name[-1]
        for strong, weak in _GRADATION:  # Pirkko: Pirkon; Antti: Antin
            if body.endswith(strong):
                stems.append(re.escape(body[:-len(strong)] + weak + vowel) + _ENDING)
                if vowel == "i":
                    stems.append(re.escape(body[:-len(strong)] + weak) + "e" + "[a-zåäö]{1,7}")
                break
        if vowel == "i":  # Niemi: Niemen, Niemelle
            stems.append(re.escape(body) + "e(?:n|ll[ea]|lt[aä]|ss[aä]|st[aä]|ksi|n[aä]|e|ineen)[a-zåäö]{0,4}")
    return r"(?<![\w])(?:" + "|".join(stems) + r")(?![\w])"


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
    mentions: dict[str, str] = {}  # exact text (any case) -> the person's code or new IRI
    forms: list[tuple[str, str]] = []  # (a pattern of inflected forms, the person's code), longest first
    for q in quads:
        if q.subject.value in persons and isinstance(q.object, ox.Literal) and q.predicate.value in _LABELS:
            code = codes[q.subject.value]
            mentions[q.object.value] = code
            name = [w for w in re.split(r"\s+", q.object.value.strip()) if w]
            if len(name) > 1:
                forms.append((r"\s+".join(name_forms(w) for w in name), code))
            if name and len(name[-1]) >= 4 and name[-1][:1].isupper():
                forms.append((name_forms(name[-1]), code))  # the surname on its own
    for iri in persons:
        ident = id_of(iri) or iri
        mentions[ident] = f"PERSON-{codes[iri]}"
        mentions[iri] = new_iri[iri].value
    exact = re.compile("|".join(re.escape(m) for m in sorted(mentions, key=len, reverse=True) if m.strip()),
                       re.IGNORECASE) if mentions else None
    lowered = {k.lower(): v for k, v in mentions.items()}
    inflected = re.compile("|".join(f"(?P<p{i}>{pattern})" for i, (pattern, _) in enumerate(forms))) if forms else None

    def replacement(found: str, lang: str | None) -> str:
        value = mentions.get(found) or lowered.get(found.lower(), found)
        if value.startswith(("PERSON-", "http")):
            return value
        return f"{_WORD.get((lang or 'en').split('-')[0], 'Person')} {value}"

    def scrub(text: str, lang: str | None = None) -> str:
        if exact is not None:
            text = exact.sub(lambda m: replacement(m.group(0), lang), text)
        if inflected is not None:
            word = _WORD.get((lang or "en").split("-")[0], "Person")
            text = inflected.sub(lambda m: f"{word} {forms[int(m.lastgroup[1:])][1]}", text)
        return text

    def found(text: str) -> bool:
        return bool((exact is not None and exact.search(text)) or (inflected is not None and inflected.search(text)))

    def term(t):
        if isinstance(t, ox.NamedNode):
            return new_iri.get(t.value) or (ox.NamedNode(exact.sub(lambda m: replacement(m.group(0), None), t.value))
                                            if exact is not None and exact.search(t.value) else t)
        if isinstance(t, ox.Literal) and found(t.value):
            value = scrub(t.value, t.language)
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
