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

__all__ = ["PERSON", "KEY_FILE", "Pseudonymiser", "pseudonym_key", "pseudonymise_quads", "pseudonymised",
           "person_quads", "name_forms", "name_head"]

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


def name_head(name: str) -> str:
    """The text every form of :func:`name_forms` of ``name`` starts with (a cheap first test of a text).

    >>> import re
    >>> [name_head(n) for n in ("Sivonen", "Pirkko", "Niemi", "Ann")]
    ['Sivo', 'Pir', 'Ni', 'Ann']
    >>> all(re.search(name_forms(n), w).group(0).startswith(name_head(n)) for n, w in
    ...     (("Sivonen", "Sivoselta"), ("Pirkko", "Pirkon"), ("Niemi", "Niemelle"), ("Antti", "Antin")))
    True
    """
    return name[:-3] if len(name) > 3 else name  # every stem of name_forms keeps at least this much


def _trie_pattern(words: Iterable[str], fold: bool = False) -> str:
    """One regular expression matching any of ``words`` (the longest where several start at one place),
    as a trie: the regex engine follows one branch per character instead of trying every word in turn
    (an alternation of 3,000 names was tried name by name at each character: minutes at region scale).
    With ``fold`` the trie is built on lower case (for ``re.IGNORECASE``).

    >>> import re
    >>> p = re.compile(_trie_pattern(["Anna", "Anna Virtanen", "Ari"]))
    >>> [m.group(0) for m in p.finditer("Anna Virtanen ja Ari ja Anna")]
    ['Anna Virtanen', 'Ari', 'Anna']
    """
    trie: dict = {}
    for word in words:
        node = trie
        for char in (word.lower() if fold else word):
            node = node.setdefault(char, {})
        node[""] = True

    def pattern(node: dict) -> str:
        branches = [re.escape(char) + pattern(child) for char, child in sorted(node.items()) if char]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body

    return pattern(trie)


class Pseudonymiser:
    """What :func:`pseudonymise_quads` does, from the persons of a whole graph, applied to any of its
    quads (a source at a time: the same quads come out as from the whole graph at once).

    >>> import pyoxigraph as ox
    >>> ann = ox.NamedNode("https://w3id.org/stratgraph/id/PER-VIRTANEN")
    >>> label = ox.NamedNode("http://www.w3.org/2004/02/skos/core#prefLabel")
    >>> quads = [ox.Quad(ann, ox.NamedNode(RDF_TYPE), ox.NamedNode(PERSON), ox.DefaultGraph()),
    ...          ox.Quad(ann, label, ox.Literal("Anna Virtanen", language="fi"), ox.DefaultGraph())]
    >>> p = Pseudonymiser(quads, b"k")
    >>> str(p.quad(ox.Quad(label, label, ox.Literal("kysy Virtaselta", language="fi"), ox.DefaultGraph())).object)
    '"kysy Henkilö 00AA6B"@fi'
    """

    def __init__(self, quads: Iterable[ox.Quad], key: bytes):
        """``quads``: at least every ``rdf:type`` and label quad of the graph's persons (more is fine)."""
        quads = list(quads)
        self.persons = {q.subject.value for q in quads if q.predicate.value == RDF_TYPE
                        and q.object.value == PERSON and isinstance(q.subject, ox.NamedNode)}
        self.codes = {iri: _code(key, iri) for iri in self.persons}
        self.new_iri = {iri: ox.NamedNode(f"{DATA_NAMESPACE}PERSON-{code}") for iri, code in self.codes.items()}
        mentions: dict[str, str] = {}  # exact text (any case) -> the person's code or new IRI
        forms: list[tuple[str, str, str]] = []  # (a pattern of inflected forms, its head, the person's code)
        for q in quads:
            if q.subject.value in self.persons and isinstance(q.object, ox.Literal) and q.predicate.value in _LABELS:
                code = self.codes[q.subject.value]
                mentions[q.object.value] = code
                name = [w for w in re.split(r"\s+", q.object.value.strip()) if w]
                if len(name) > 1:
                    forms.append((r"\s+".join(name_forms(w) for w in name), name_head(name[0]), code))
                if name and len(name[-1]) >= 4 and name[-1][:1].isupper():
                    forms.append((name_forms(name[-1]), name_head(name[-1]), code))  # the surname on its own
        for iri in self.persons:
            ident = id_of(iri) or iri
            mentions[ident] = f"PERSON-{self.codes[iri]}"
            mentions[iri] = self.new_iri[iri].value
        self.mentions = mentions
        self.lowered = {k.lower(): v for k, v in mentions.items()}
        # Longest mention first at each place, any case: as an alternation sorted by length, but as a trie.
        shown = [m for m in mentions if m.strip()]
        self.exact = re.compile(_trie_pattern(shown, fold=True), re.IGNORECASE) if shown else None
        self.forms = forms
        self.by_head: dict[str, list[int]] = {}
        for i, (_, head, _) in enumerate(forms):
            self.by_head.setdefault(head, []).append(i)
        self.head_lengths = sorted({len(h) for h in self.by_head})
        # Every form starts, after no word character, with its head: where no head is, no form matches.
        self.heads = re.compile(r"(?<![\w])(?=" + _trie_pattern(self.by_head) + ")") if forms else None
        self._compiled: dict[int, re.Pattern] = {}

    def _form(self, i: int) -> re.Pattern:
        """Form ``i`` compiled (once, when a text first has its head: most never do)."""
        pattern = self._compiled.get(i)
        if pattern is None:
            pattern = self._compiled[i] = re.compile(self.forms[i][0])
        return pattern

    def _inflected(self, text: str):
        """Each (start, end, code) where a form matches ``text``, left to right, as ``re.sub`` of one
        alternation of every form in order would find them: at each place a word starts with some head,
        the first form (in their order) that matches there. Only the forms whose head is there are tried,
        each its own small pattern (an alternation of the hundreds sharing a head like "La" took a second
        to compile, and there were as many as texts with different names in them)."""
        if self.heads is None:
            return
        end = 0
        for m in self.heads.finditer(text):
            start = m.start()
            if start < end:
                continue  # inside the last match
            heads = (text[start:start + length] for length in self.head_lengths)
            for i in sorted({i for head in heads for i in self.by_head.get(head, ())}):
                hit = self._form(i).match(text, start)
                if hit is not None:
                    end = hit.end()
                    yield start, end, self.forms[i][2]
                    break

    def _replacement(self, found: str, lang: str | None) -> str:
        value = self.mentions.get(found) or self.lowered.get(found.lower(), found)
        if value.startswith(("PERSON-", "http")):
            return value
        return f"{_WORD.get((lang or 'en').split('-')[0], 'Person')} {value}"

    def scrub(self, text: str, lang: str | None = None) -> str:
        """``text`` with every mention of a person replaced by their pseudonym."""
        if self.exact is not None:
            text = self.exact.sub(lambda m: self._replacement(m.group(0), lang), text)
        word = _WORD.get((lang or "en").split("-")[0], "Person")
        parts, done = [], 0
        for start, end, code in self._inflected(text):
            parts += [text[done:start], f"{word} {code}"]
            done = end
        return "".join(parts) + text[done:] if parts else text

    def _found(self, text: str) -> bool:
        if self.exact is not None and self.exact.search(text):
            return True
        return next(self._inflected(text), None) is not None

    def _term(self, t):
        if isinstance(t, ox.NamedNode):
            return self.new_iri.get(t.value) or (
                ox.NamedNode(self.exact.sub(lambda m: self._replacement(m.group(0), None), t.value))
                if self.exact is not None and self.exact.search(t.value) else t)
        if isinstance(t, ox.Literal) and self._found(t.value):
            value = self.scrub(t.value, t.language)
            return ox.Literal(value, language=t.language) if t.language else ox.Literal(value, datatype=t.datatype)
        return t

    def iri(self, iri: str) -> str:
        """The IRI as the pseudonymised graph has it (a person's new IRI; a mention of one replaced)."""
        return self._term(ox.NamedNode(iri)).value

    def quad(self, q: ox.Quad) -> ox.Quad | None:
        """The quad pseudonymised; None when it is dropped (free text about a person)."""
        subject, obj = q.subject, q.object
        if subject.value in self.persons and isinstance(obj, ox.Literal):
            if q.predicate.value in _LABELS:
                word = _WORD.get((obj.language or "en").split("-")[0], "Person")
                return ox.Quad(self.new_iri[subject.value], q.predicate,
                               ox.Literal(f"{word} {self.codes[subject.value]}", language=obj.language)
                               if obj.language else ox.Literal(f"Person {self.codes[subject.value]}"), q.graph_name)
            if obj.datatype.value.endswith(("#string", "#langString")) and q.predicate.value != \
                    "http://purl.org/dc/terms/identifier":
                return None  # descriptions and other free text about the person
        return ox.Quad(self._term(subject), q.predicate, self._term(obj), q.graph_name)

    def quads(self, quads: Iterable[ox.Quad]) -> list[ox.Quad]:
        """Every quad pseudonymised (the dropped ones left out)."""
        if not self.persons:
            return list(quads)
        return [out for out in map(self.quad, quads) if out is not None]


def pseudonymise_quads(quads: Iterable[ox.Quad], key: bytes) -> list[ox.Quad]:
    """``quads`` with every person pseudonymised (see the module)."""
    quads = list(quads)
    return Pseudonymiser(quads, key).quads(quads)


def person_quads(store) -> list[ox.Quad]:
    """The quads a :class:`Pseudonymiser` needs from a store: its persons' types and labels."""
    labels = ", ".join(f"<{label}>" for label in sorted(_LABELS))  # constants of this module
    rows = store.query(f"SELECT DISTINCT ?p ?l ?v WHERE {{ ?p <{RDF_TYPE}> <{PERSON}> "
                       f"OPTIONAL {{ ?p ?l ?v FILTER(?l IN ({labels})) }} }}")
    found = sorted(((row["p"], row["l"], row["v"]) for row in rows), key=lambda r: tuple(map(str, r)))
    typed = ox.NamedNode(RDF_TYPE), ox.NamedNode(PERSON)
    out = [ox.Quad(p, *typed, ox.DefaultGraph()) for p in dict.fromkeys(r[0] for r in found)]
    return out + [ox.Quad(p, label, value, ox.DefaultGraph()) for p, label, value in found if label is not None]


def pseudonymised(store, key: bytes | None = None):
    """An in-memory copy of ``store`` (a GraphStore) with every person pseudonymised; sources and their
    provenance are kept, so every command that reads a store reads the copy the same way."""
    from graph_model.store import GraphStore

    key = key if key is not None else pseudonym_key(store.path)
    copy = GraphStore(None)
    copy.oxigraph.extend(pseudonymise_quads(store.oxigraph.quads_for_pattern(None, None, None, None), key))
    return copy
