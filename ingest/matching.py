"""One organisation however it is spelt: candidate matches with a score, and decisions kept as a source.

Names are first taken apart (:func:`graph_model.orgnames.parse_name`): accents and case folded, a name
written twice repaired, a business id glued to the name and the legal forms (short or long, Finnish,
Swedish, English) parsed out, parts split at ``/ , ;``. Then:

1. the same valid business id (given, or found in the name) -> score 100, ``business id``, automatic;
   two valid business ids that differ are two organisations, never a candidate; the same external id
   (``external_id``, e.g. a wikidata id that several party ids of a Popolo file share) -> 100, always
   left for review;
2. blocking: each name is compared only with names that share one of its three rarest word stems or
   the first letters of its words run together (rarest among those another name has too), never all
   pairs; a name with an acronym learned from the lists (:func:`graph_model.orgnames.learn_acronyms`:
   ``ELY`` for ``elinkeino-, liikenne- ja ympäristökeskus`` when both spellings occur; ``AMK`` of
   ``JAMK`` for the parts of ``ammattikorkeakoulu``) is blocked by its words written out too, and a name
   with another name in brackets (``YEZ OY (MONDEX OY)``) by that name's words;
3. a score: the probability (0..100) of a logistic model over named features of the two names
   (rarity-weighted word overlap, a distinctive word missing, look-alike words, a unit or place part
   only one side has, clashing legal forms, a housing company against a firm, bodies of two regions,
   differing numbers; an acronym counts as its words where the other name writes them out; a
   description of a firm, the name's own acronym beside it and a parent written before its unit are
   set aside; two spellings of a firm's name count as two names unless the list writes one of them as
   the usual one; see :mod:`ingest.matchscore`), fitted
   on the fit part of ``bench/matching/pairs.csv``. Each candidate's ``explanation`` lists the
   features and what each adds.

A candidate is ``auto`` (a match without review) when its score reaches :data:`AUTO_ACCEPT`, and is
listed for review from :data:`REVIEW_FROM`; both were fitted with the model (precision 0.99 for auto,
0.5 for the review band, on the fit part). ``bench/matching.py`` scores the frozen part; ``stratgraph
match --evaluate LABELS.csv`` checks a user's own labelled pairs. Decisions are a source of their own
(:data:`DECISIONS_SOURCE`): accepted as ``owl:sameAs`` (the object is the canonical node), rejected as
``owl:differentFrom``, so that re-importing any other source keeps them, and the projection the
analyses read merges accepted matches.

Examples
--------
>>> pairs = match_names(["Laurea-ammattikorkeakoulu Oy", "Oulun kaupunki", "Oulun kaupunki, sivistystoimi"],
...                     ["Laurea ammattikorkeakoulu", "Oulun Kaupunki", "Turun kaupunki"])
>>> [(p.a, p.b, p.reason) for p in pairs if p.auto]
[(0, 0, 'same name'), (1, 1, 'same name')]
>>> is_auto("Helsingin yliopisto Palmenia Kotka", "Helsingin yliopisto Palmenia Kouvola")
False
>>> is_auto("Lapin yliopisto Koulutus- ja Kehittämis palvelut",
...         "Lapin yliopiston koulutus- ja kehittämispalvelut (Lapin yliopisto)")
True
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from graph_model.orgnames import business_id, expand_acronyms, name_key
from graph_model.review import DECISIONS_SOURCE
from graph_model.store import GraphStore, SourceDraft, SourceInfo
from graph_model.terms import id_of, node_iri
from ingest.matchparents import chain, read_with_parents, same_body, written_parent
from ingest.matchscore import load_model, others, parsed
from ontologies.errors import InputError, NotFoundError

__all__ = ["Candidate", "match_names", "match_key", "full_key", "is_auto", "AUTO_ACCEPT", "REVIEW_FROM", "OrgName", "store_orgs", "not_orgs",
           "find_candidates", "with_states", "org_parents", "org_cities",
           "decisions", "record_decisions", "undo_decision", "group_of", "DecisionReport", "DECISIONS_SOURCE", "SAME_AS", "DIFFERENT_FROM"]

AUTO_ACCEPT = round(100 * load_model().auto, 1)  # the least score of an automatic match (fitted)
REVIEW_FROM = round(100 * load_model().review, 1)  # the least score listed for review (fitted)
SAME_AS = "http://www.w3.org/2002/07/owl#sameAs"
DIFFERENT_FROM = "http://www.w3.org/2002/07/owl#differentFrom"
_STEM = 5        # words are blocked by their first letters, so that inflected forms meet (kaupunki/kaupungin)
_MAX_BLOCK = 400  # a stem shared by more names than this is too common to block on
_BLOCKS_PER_NAME = 3
# rapidfuzz token-set ratio below which a blocked pair is not scored at all: every true pair of the fit
# part is at 67 or more (bench/matching.py), so 60 leaves a margin and spares most of the work.
_PREFILTER = 60


@dataclass(frozen=True)
class Candidate:
    """A possible match of ``a`` (index or id) and ``b``, with a 0..100 score and why."""

    a: object
    b: object
    score: float
    reason: str
    auto: bool = False
    explanation: str = ""

    def as_dict(self) -> dict:
        """The candidate as a plain dict."""
        return dict(self.__dict__)

    @property
    def chance(self) -> float | None:
        """The chance (0..1) that the pair is one organisation, calibrated on the model's fit part (see
        :meth:`ingest.matchscore.Model.chance`); None for a shared external id, which is for review
        whatever its score.

        >>> Candidate(0, 1, 99.2, "same name").chance, Candidate(0, 1, 100.0, "same external id Q1").chance
        (1.0, None)
        """
        return None if "external id" in self.reason else load_model().chance(self.score)


_PARENS = re.compile(r"\([^()]*\)")
# Legal forms written together with the name's last word (ammattikorkeakouluosakeyhtiö).
_KY = re.compile(r"\b(\w{5,})ky\b")  # koulutusky: the usual short form of koulutuskuntayhtymä
#: Words that say "a unit or site of" and add nothing to which organisation it is.
_GENERIC = frozenset({"yksikkö", "toimipaikka", "toimipiste", "enhet", "unit"})
_GLUED = re.compile(r"(\w{4,})(?:osakeyhtiö|kuntayhtymä|aktiebolag)$")


def match_key(name: str) -> str:
    """:func:`~graph_model.orgnames.name_key` without parenthesised parts (acronyms, notes).

    >>> match_key("Terveyden ja hyvinvoinnin laitos (THL)")
    'terveyden ja hyvinvoinnin laitos'
    """
    return _GLUED.sub(r"\1", _KY.sub(r"\1kuntayhtymä", name_key(_PARENS.sub(" ", name)))) or name_key(name)


def full_key(name: str) -> str:
    """:func:`match_key` that keeps parenthesised parts (``(BusinessOulu)`` may be the name itself).

    >>> full_key("Oulun elinkeinoliikelaitos (BusinessOulu)"), full_key("Centria ammattikorkeakouluosakeyhtiö")
    ('oulun elinkeinoliikelaitos businessoulu', 'centria ammattikorkeakoulu')
    """
    return _GLUED.sub(r"\1", _KY.sub(r"\1kuntayhtymä", name_key(name)))


def is_auto(a: str, b: str) -> bool:
    """Whether two names would be matched without review: the fitted probability (see
    :mod:`ingest.matchscore`) reaches the model's ``auto`` threshold.

    >>> is_auto("Kontiolahden kunta", "KONTOLAHDEN KUNTA"), is_auto("Juvan kunta", "Juuan kunta")
    (True, False)
    """
    model = load_model().with_names([a, b])
    return model.probability(model.features(a, b)) >= model.auto


def _stems(key: str) -> list[str]:
    """Blocking keys of a name: the first letters of each word, and of the name with spaces removed
    (``kuntakideve`` meets ``kunta kideve``)."""
    return [w[:_STEM] for w in key.split() if len(w) >= 3] + ["=" + key.replace(" ", "")[:_STEM + 3]]


def _blocks(keys: Sequence[str], df: dict[str, int], wide: Sequence[str] | None = None,
            units: Sequence[str] | None = None) -> list[list[str]]:
    """The stems each name is blocked by: its rarest that another name shares, and the rarest of its unit's
    words (``units``: the words after a parent it writes, :func:`_unit_words`), so that ``Helsingin
    kaupungin talouskeskus`` meets ``Talouskeskus`` in a list where the city's words are rare too."""
    out = []
    for k, key in enumerate(keys):
        stems = sorted(set(_stems(key)) | set(_stems(wide[k] if wide else key)), key=lambda s: (df.get(s, 0), s))
        # a stem no other name has (df 1) meets nothing: the rarest stems that another name shares
        chosen = [s for s in stems if 2 <= df.get(s, 0) <= _MAX_BLOCK][:_BLOCKS_PER_NAME]
        if units and units[k]:
            own = sorted((s for s in _stems(units[k]) if 2 <= df.get(s, 0) <= _MAX_BLOCK), key=lambda s: (df[s], s))
            chosen += [s for s in own[:1] if s not in chosen]
        out.append(chosen)
    return out


def _unit_words(name) -> str:
    """The words of a parsed name after the parent it writes (:func:`~ingest.matchparents.written_parent`),
    or "" when it writes none.

    >>> _unit_words(parsed("Helsingin kaupungin talous- ja suunnittelukeskus"))
    'talous ja suunnittelukeskus'
    """
    parent = written_parent(name)
    return " ".join(name.words[len(parent):]) if parent else ""


def match_names(left: Sequence[str], right: Sequence[str] | None = None, *,
                min_score: float = REVIEW_FROM, ids: tuple[Sequence[str], Sequence[str]] | None = None,
                corpus: Sequence[str] = (), parents: tuple[Sequence, Sequence] | None = None) -> list[Candidate]:
    """Candidate pairs between ``left`` and ``right`` (within ``left`` when ``right`` is None), by index,
    best first. ``ids`` may give a business id per name (empty when unknown); ``corpus`` more names whose
    words count in the rarity weights besides ``left`` and ``right`` (the rest of the lists when a
    few pairs are checked); ``parents`` the known parents of each name (a name, or a tuple of names
    nearest first; empty when unknown), read by :func:`ingest.matchparents.read_with_parents`.

    Each distinct (name, business id, parents) is compared once; the pairs are then expanded to every index
    that holds it (an export repeats its organisations on many rows).

    >>> match_names(["Kulttuurikeskus"], ["Vaasan kaupunki Kulttuurikeskus"])[0].auto  # read as its own parent's
    True
    >>> found = match_names(["Kulttuurikeskus"], ["Vaasan kaupunki Kulttuurikeskus"], min_score=0,
    ...                     parents=(["Helsingin kaupunki"], [""]))
    >>> found[0].auto, found[0].explanation.split(";")[0]
    (False, "parent: 'Kulttuurikeskus' is a unit of 'Helsingin kaupunki', the other name writes ...: another body")
    """
    same = right is None

    def chains(values: Sequence | None, n: int) -> list[tuple[str, ...]]:
        return [()] * n if values is None else [(v,) if v and isinstance(v, str) else tuple(v or ()) for v in values]

    def groups(names: Sequence[str], codes: Sequence[str], known: list) -> dict[tuple, list[int]]:
        out: dict[tuple, list[int]] = {}
        for i, key in enumerate(zip(names, codes, known)):
            out.setdefault(key, []).append(i)
        return out

    lgroups = groups(left, ids[0] if ids else [""] * len(left), chains(parents and parents[0], len(left)))
    rgroups = lgroups if same else groups(right, ids[1] if ids else [""] * len(right),
                                          chains(parents and parents[1], len(right)))
    lu, ru = list(lgroups), list(rgroups)
    core = _match_unique([n for n, *_ in lu], None if same else [n for n, *_ in ru], min_score=min_score,
                         ids=([c for _, c, _ in lu], [c for _, c, _ in ru]) if ids else None, corpus=corpus,
                         parents=([p for *_, p in lu], [p for *_, p in ru]) if parents else None)
    out = []
    for c in core:
        for i in lgroups[lu[c.a]]:
            for j in rgroups[ru[c.b]]:
                out.append(Candidate(min(i, j), max(i, j), c.score, c.reason, c.auto, c.explanation) if same
                           else Candidate(i, j, c.score, c.reason, c.auto, c.explanation))
    if same:  # the same string on several rows
        for members in lgroups.values():
            out += [Candidate(i, j, 100.0, "same name", True) for k, i in enumerate(members) for j in members[k + 1:]]
    return sorted(out, key=lambda c: (-c.score, c.a, c.b))


@lru_cache(maxsize=2)
def _weighted(names: frozenset[str]):
    """The model with these names counted in its rarity weights (the same lists are often matched twice)."""
    return load_model().with_names(names)


def _match_unique(left: Sequence[str], right: Sequence[str] | None, *, min_score: float,
                  ids: tuple[Sequence[str], Sequence[str]] | None, corpus: Sequence[str],
                  parents: tuple[Sequence, Sequence] | None = None) -> list[Candidate]:
    from rapidfuzz import fuzz

    same = right is None
    right = left if right is None else right
    model = _weighted(frozenset({*left, *right, *corpus}))
    lparsed = [parsed(n) for n in left]
    rparsed = lparsed if same else [parsed(n) for n in right]
    lkeys, rkeys = [" ".join(p.words) for p in lparsed], [" ".join(p.words) for p in rparsed]
    # a name with an acronym is blocked by its words written out too (``Lapin Ely-keskus`` meets ``Lapin
    # elinkeino-, liikenne- ja ympäristökeskus``)
    # and by its other names in brackets (``YEZ OY (MONDEX OY)`` meets ``MONDEX OY``)
    lwide = [_wide(p, model.acronyms) for p in lparsed]
    rwide = lwide if same else [_wide(p, model.acronyms) for p in rparsed]
    lids = [(business_id(t) if t else None) or p.business_id for t, p in
            zip(ids[0] if ids else [""] * len(left), lparsed)]
    rids = lids if same else [(business_id(t) if t else None) or p.business_id for t, p in
                              zip(ids[1] if ids else [""] * len(right), rparsed)]
    found: dict[tuple[int, int], Candidate] = {}
    bodies: dict = {}  # (known parent, written parent words) -> one body

    def add(i: int, j: int, candidate: Candidate) -> None:
        if same and i >= j:
            if i == j:
                return
            i, j = j, i
        old = found.get((i, j))
        if old is None or old.score < candidate.score:
            found[(i, j)] = Candidate(i, j, candidate.score, candidate.reason, candidate.auto, candidate.explanation)

    by_id = defaultdict(list)
    for j, ident in enumerate(rids):
        if ident:
            by_id[ident].append(j)
    for i, ident in enumerate(lids):
        for j in by_id.get(ident, ()) if ident else ():
            add(i, j, Candidate(i, j, 100.0, "business id", True, f"business id {ident} in both"))
    df: dict[str, int] = defaultdict(int)
    pairs = list(zip(lkeys, lwide)) if same else [*zip(lkeys, lwide), *zip(rkeys, rwide)]
    for key, wide in pairs:  # names, not distinct keys: two names may share one
        for stem in set(_stems(key)) | set(_stems(wide)):
            df[stem] += 1
    index = defaultdict(set)
    lunits = [_unit_words(p) for p in lparsed]
    runits = lunits if same else [_unit_words(p) for p in rparsed]
    for j, stems in enumerate(_blocks(rkeys, df, rwide, runits)):
        for stem in stems:
            index[stem].add(j)
    for i, stems in enumerate(_blocks(lkeys, df, lwide, lunits)):
        seen = set()
        for stem in stems:
            for j in index.get(stem, ()):
                if j in seen or (same and j == i):
                    continue
                seen.add(j)
                if lids[i] and rids[j] and lids[i] != rids[j]:
                    continue  # two valid business ids that differ: two organisations, however alike the names
                if lkeys[i] != rkeys[j] and fuzz.token_set_ratio(lkeys[i], rkeys[j]) < _PREFILTER and \
                        (lwide[i] == lkeys[i] and rwide[j] == rkeys[j]
                         or max(fuzz.token_set_ratio(lwide[i], rkeys[j]), fuzz.token_set_ratio(lkeys[i], rwide[j]))
                         < _PREFILTER):
                    continue
                features = model.features(lparsed[i], rparsed[j])
                if parents and (parents[0][i] or (parents[0] if same else parents[1])[j]):
                    score, auto, why = _with_parents(model, left[i], right[j], parents[0][i],
                                                     (parents[0] if same else parents[1])[j], features, bodies)
                else:
                    score = round(100 * model.probability(features), 1)
                    auto, why = score >= 100 * model.auto, model.explain(features)
                if score >= min_score:
                    add(i, j, Candidate(i, j, score, "same name" if lkeys[i] == rkeys[j] else "similar name",
                                        auto, why))
    return sorted(found.values(), key=lambda c: (-c.score, c.a, c.b))


def _with_parents(model, a: str, b: str, parents_a: tuple[str, ...], parents_b: tuple[str, ...],
                  features: dict[str, float], bodies: dict) -> tuple[float, bool, str]:
    """The score, whether automatic, and the explanation of names ``a`` and ``b`` read with their known
    parents (:func:`ingest.matchparents.read_with_parents`); ``bodies`` caches :func:`same_body`."""
    def same(parent: str, written) -> bool:
        key = (parent, tuple(written))
        if key not in bodies:
            bodies[key] = same_body(model, parent, written)
        return bodies[key]

    reading = read_with_parents(a, b, parents_a, parents_b, same)
    bare = model.probability(features)
    if reading is None:
        score = round(100 * bare, 1)
        return score, score >= 100 * model.auto, model.explain(features)
    read = model.features(reading.a, reading.b)
    qualified = model.probability(read)
    if reading.automatic and qualified < bare or not reading.automatic and qualified > bare:
        read, qualified = features, bare  # the better reading of one body, the worse of two
    score = round(100 * qualified, 1)
    if not reading.automatic:
        score = min(score, math.ceil(1000 * model.auto) / 10 - 0.1)  # two bodies: at most for review
    return round(score, 1), reading.automatic and score >= 100 * model.auto, f"{reading.note}; {model.explain(read)}"


def _wide(name, acronyms: dict) -> str:
    """The words a name is blocked by besides its own: its acronyms written out, its other names."""
    return " ".join((*expand_acronyms(name.words, acronyms), *(w for n in others(name) for w in n.words)))


@dataclass(frozen=True)
class OrgName:
    """An organisation in the store: id, node type, name, code (a business id when valid)."""

    id: str
    type: str
    name: str
    code: str = ""


_ORGS = """SELECT ?s ?t ?label ?code WHERE {
  VALUES ?t { <https://w3id.org/stratgraph/ontology#Stakeholder> <https://w3id.org/stratgraph/ontology#Unit>
              <https://w3id.org/stratgraph/ontology#Sector> }
  ?s a ?t ; <http://www.w3.org/2004/02/skos/core#prefLabel> ?label .
  OPTIONAL { ?s <https://w3id.org/stratgraph/ontology#code> ?code } }"""


def store_orgs(store: GraphStore) -> list[OrgName]:
    """Every stakeholder, unit and sector of the store with one name (its first label) and code."""
    seen: dict[str, OrgName] = {}
    for row in store.query(_ORGS):
        ident = id_of(row["s"].value)
        if ident and ident not in seen:
            code = row["code"].value if row["code"] is not None else ""
            seen[ident] = OrgName(ident, row["t"].value.rsplit("#", 1)[-1], row["label"].value, code)
    return sorted(seen.values(), key=lambda o: o.id)


_IS_ORG = """ASK {
  VALUES ?t { <https://w3id.org/stratgraph/ontology#Stakeholder> <https://w3id.org/stratgraph/ontology#Unit>
              <https://w3id.org/stratgraph/ontology#Sector> }
  ?s a ?t ; <http://www.w3.org/2004/02/skos/core#prefLabel> ?label }"""


def not_orgs(store: GraphStore, ids) -> list[str]:
    """The ids of ``ids`` that are no organisation of :func:`store_orgs` (asked of each id: a decision
    does not read the 12,000 organisations of a big store, 1 s, to check its two).

    >>> not_orgs(example_store, ["SH-ULAPLAND", "P-HNR", "nobody"])
    ['P-HNR', 'nobody']
    """
    return [ident for ident in dict.fromkeys(ids) if not store.query(_IS_ORG, {"s": node_iri(ident)})]


def decisions(store: GraphStore) -> tuple[dict[str, str], set[frozenset[str]]]:
    """The accepted matches (id -> canonical id) and the rejected pairs of the decisions source."""
    accepted, rejected = {}, set()
    info = store.source(DECISIONS_SOURCE)
    if info is None:
        return accepted, rejected
    graph = info.graph
    for row in store.query(f"SELECT ?a ?p ?b WHERE {{ GRAPH <{graph}> {{ ?a ?p ?b }} }}"):
        a, b = id_of(row["a"].value), id_of(row["b"].value)
        if a and b:
            if row["p"].value == SAME_AS:
                accepted[a] = b
            elif row["p"].value == DIFFERENT_FROM:
                rejected.add(frozenset((a, b)))
    return accepted, rejected


_SHARED_IDS = """SELECT DISTINCT ?a ?b ?x WHERE {
  ?a <https://w3id.org/stratgraph/ontology#externalId> ?x . ?b <https://w3id.org/stratgraph/ontology#externalId> ?x .
  FILTER(STR(?a) < STR(?b)) }"""


def _shared_ids(store: GraphStore, orgs: list[OrgName]) -> dict[frozenset, str]:
    """Pairs of organisations (indexes into ``orgs``) that share an external id (a wikidata id ...), with
    the id: one organisation under several ids, e.g. a party after a rename. They stay apart until a
    person accepts the match."""
    index = {o.id: n for n, o in enumerate(orgs)}
    out: dict[frozenset, str] = {}
    for row in store.query(_SHARED_IDS):
        a, b = index.get(id_of(row["a"].value) or ""), index.get(id_of(row["b"].value) or "")
        if a is not None and b is not None and a != b:
            out.setdefault(frozenset((a, b)), row["x"].value)
    return out


def _root(ident: str, links: dict[str, str]) -> str:
    """The canonical id of ``ident``'s group under the ``id -> canonical`` links (cycles stop).

    >>> _root("C", {"C": "B", "B": "A"}), _root("X", {})
    ('A', 'X')
    """
    seen = set()
    while ident in links and ident not in seen:
        seen.add(ident)
        ident = links[ident]
    return ident


_PART_OF = """SELECT ?s ?p WHERE { ?s <https://w3id.org/stratgraph/ontology#partOf> ?p }"""
_HELD = """SELECT ?s ?g WHERE { VALUES ?t { <https://w3id.org/stratgraph/ontology#Unit>
                                           <https://w3id.org/stratgraph/ontology#Sector> }
                               GRAPH ?g { ?s a ?t } }"""


def org_cities(store: GraphStore, orgs: Sequence[OrgName], city: str = "") -> list[tuple[str, str]]:
    """The city each of ``orgs`` belongs to (the schema's organisation is the city, which has no node) and
    where that comes from, ``("", "")`` for a stakeholder or when unknown: ``city`` when given
    (``--city``); else the city recorded by the register source that holds the sector or unit
    (:func:`ingest.register.register_city`); else, for a sector or unit of another source, the one city the
    register sources record (none when they record several).

    >>> orgs = store_orgs(example_store)
    >>> {c for o, c in zip(orgs, org_cities(example_store, orgs)) if o.type == "Unit"}
    {('', '')}
    >>> org_cities(example_store, orgs, "Rovaniemen kaupunki")[[o.type for o in orgs].index("Unit")]
    ('Rovaniemen kaupunki', 'given with --city')
    """
    if city:
        return [(city, "given with --city") if o.type in ("Unit", "Sector") else ("", "") for o in orgs]
    recorded = {s.graph: (s.about["city"]["name"], f"from the register source {s.name!r} ({s.about['city']['from']})")
                for s in store.sources() if s.about and s.about.get("city")}  # sources() is sorted by name
    if not recorded:
        return [("", "")] * len(orgs)
    rank = {graph: n for n, graph in enumerate(recorded)}
    first: dict[str, str] = {}  # a sector or unit -> the graph of the first register holding it, by source name
    for row in store.query(_HELD):
        ident, graph = id_of(row["s"].value), row["g"].value
        if ident and graph in rank and (ident not in first or rank[graph] < rank[first[ident]]):
            first[ident] = graph
    names = {name for name, _ in recorded.values()}
    other = next(iter(recorded.values())) if len(names) == 1 else ("", "")
    return [recorded[first[o.id]] if o.id in first else other if o.type in ("Unit", "Sector") else ("", "")
            for o in orgs]


def org_parents(store: GraphStore, orgs: Sequence[OrgName], city: str = "") -> list[tuple[str, ...]]:
    """The known parents of each of ``orgs`` (names, the nearest first): the ``part_of`` chain of a unit,
    then its city (:func:`org_cities`: ``city`` when given, else the one its register records) for a
    sector or unit, none for a stakeholder.

    >>> orgs = store_orgs(example_store)
    >>> known = dict(zip([o.id for o in orgs], org_parents(example_store, orgs, "Rovaniemen kaupunki")))
    >>> [(o.name, known[o.id]) for o in orgs if o.type == "Unit"][:1]
    [('City hall customer service',
      ('Communications and customer services', 'City group administration', 'Rovaniemen kaupunki'))]
    """
    return _parents(store, orgs, org_cities(store, orgs, city))


def _parents(store: GraphStore, orgs: Sequence[OrgName], cities: Sequence[tuple[str, str]]) -> list[tuple[str, ...]]:
    names = {o.id: o.name for o in orgs}
    parent_of = {}
    for row in store.query(_PART_OF):
        child, parent = id_of(row["s"].value), id_of(row["p"].value)
        if child in names and parent in names:
            parent_of[child] = parent
    return [chain(o.id, parent_of, names, root) if o.type in ("Unit", "Sector") else ()
            for o, (root, _) in zip(orgs, cities)]


def _city_said(explanation: str, cities: Sequence[tuple[str, str]]) -> str:
    """The explanation with where the city came from, when its parent note names the city."""
    note = explanation.split("; ", 1)[0]
    said = [f"the city {name!r} {where}" for name, where in dict.fromkeys(cities)
            if name and note.startswith("parent:") and repr(name) in note]
    return "; ".join([explanation, *said])


def find_candidates(store: GraphStore, *, min_score: float = REVIEW_FROM, include_decided: bool = False,
                    city: str = "") -> list[tuple[OrgName, OrgName, Candidate, str]]:
    """Candidate matches among the store's organisations, best first, each with its state:
    ``auto`` (a match without review), ``review``, or ``accepted`` / ``rejected`` when decided
    (those only with ``include_decided``; a pair counts as accepted when its ids are one group, also
    through other pairs). A sector or unit is read with its parents (:func:`org_parents`: its ``part_of``
    chain, then its city: ``city`` when given, else the city its register source records, see
    :func:`org_cities`): against a name that writes another parent it is not automatic
    (:mod:`ingest.matchparents`); ``why`` then says where the city came from.

    >>> [(b.name, c.explanation.rsplit("; ", 1)[-1])
    ...  for a, b, c, _ in find_candidates(example_store, min_score=60, city="Rovaniemen kaupunki")][:1]
    [('Tourism development', "the city 'Rovaniemen kaupunki' given with --city")]
    """
    orgs = store_orgs(store)
    accepted, rejected = decisions(store)
    codes = [o.code for o in orgs]
    shared = _shared_ids(store, orgs)
    found = []
    cities = org_cities(store, orgs, city)
    known = _parents(store, orgs, cities)
    for c in match_names([o.name for o in orgs], min_score=min_score, ids=(codes, codes), parents=(known, known)):
        if (x := shared.pop(frozenset((c.a, c.b)), None)) is not None:
            c = Candidate(c.a, c.b, 100.0, f"{c.reason}, same external id {x}", c.auto, c.explanation)
        elif c.explanation.startswith("parent:"):
            c = Candidate(c.a, c.b, c.score, c.reason, c.auto, _city_said(c.explanation, (cities[c.a], cities[c.b])))
        found.append(c)
    found += [Candidate(*sorted(pair), 100.0, f"same external id {x}") for pair, x in shared.items()]
    pairs = [(orgs[c.a], orgs[c.b], c, "") for c in sorted(found, key=lambda c: -c.score)]
    return with_states(pairs, (accepted, rejected), include_decided=include_decided)


def with_states(candidates: list[tuple[OrgName, OrgName, Candidate, str]],
                decided: tuple[dict[str, str], set[frozenset[str]]], *, include_decided: bool = True
                ) -> list[tuple[OrgName, OrgName, Candidate, str]]:
    """``candidates`` (of :func:`find_candidates`, their states ignored) with their states under ``decided``
    (:func:`decisions`): the candidates do not depend on the decisions, so a decision costs only this.

    >>> a, b = OrgName("S-1", "Stakeholder", "Oulun yliopisto"), OrgName("S-2", "Stakeholder", "Oulun yliopisto.")
    >>> pair = [(a, b, Candidate("S-1", "S-2", 97.0, "similar name"), "review")]
    >>> rejected = ({}, {frozenset(("S-1", "S-2"))})
    >>> [s for *_, s in with_states(pair, ({"S-1": "S-2"}, set()))], with_states(pair, rejected, include_decided=False)
    (['accepted'], [])
    """
    accepted, rejected = decided
    out = []
    for a, b, c, _ in candidates:
        if _root(a.id, accepted) == _root(b.id, accepted):  # decided directly, or through other pairs
            state = "accepted"
        elif frozenset((a.id, b.id)) in rejected:
            state = "rejected"
        else:
            state = "auto" if c.auto else "review"
        if include_decided or state in ("auto", "review"):
            out.append((a, b, c, state))
    return out


@dataclass(frozen=True)
class DecisionReport:
    """What :func:`record_decisions` did with the pairs it was given, and what the decisions source holds.

    Pairs and stored decisions are different counts: the source keeps one ``owl:sameAs`` per id that
    sits under another id (a group of n spellings is n - 1 decisions, however many of its pairs were
    accepted), and one ``owl:differentFrom`` per rejected pair. Of the accepted pairs, ``joined`` put two
    groups together; ``known`` were one group already by earlier decisions, ``implied`` by other pairs
    of the same call (A=B and B=C make A=C).
    """

    source: SourceInfo
    accepted: int
    rejected: int
    joined: int
    known: int
    implied: int
    same_as: int
    different_from: int
    groups: int

    @property
    def name(self) -> str:
        """The decisions source's name."""
        return self.source.name

    def text(self) -> str:
        """One line for a person: the pairs, then what the source holds and why the numbers differ.

        >>> r = DecisionReport(None, accepted=5, rejected=0, joined=3, known=1, implied=1, same_as=4,
        ...                    different_from=0, groups=2)
        >>> print(r.text())
        recorded 5 accepted pair(s), 0 rejected: 3 joined two groups, 1 already one group by earlier decisions, 1 made one group by other pairs here; 'match-decisions' holds 4 sameAs decision(s) (one per id under its group's canonical id: 2 group(s)) and 0 differentFrom
        """
        return (f"recorded {self.accepted} accepted pair(s), {self.rejected} rejected: {self.joined} joined two "
                f"groups, {self.known} already one group by earlier decisions, {self.implied} made one group by "
                f"other pairs here; {DECISIONS_SOURCE!r} holds {self.same_as} sameAs decision(s) (one per id "
                f"under its group's canonical id: {self.groups} group(s)) and {self.different_from} differentFrom")


def record_decisions(store: GraphStore, accept: Sequence[tuple[str, str]] = (),
                     reject: Sequence[tuple[str, str]] = ()) -> DecisionReport:
    """Add decisions to the decisions source (``(id, canonical id)`` pairs to accept, pairs to reject).

    Accepting ``(a, b)`` puts a's whole group under b's canonical id, so every accepted id points at one
    canonical id; rejecting a pair undoes its direct acceptance and keeps it from being listed again.
    Returns a :class:`DecisionReport` (pairs given, and decisions held: they differ, it says why).

    Raises
    ------
    NotFoundError
        When an id is not in the store.
    InputError
        When a pair would make an id its own match.
    """
    unknown = set(not_orgs(store, [ident for pair in [*accept, *reject] for ident in pair]))
    accepted, rejected = decisions(store)
    before = dict(accepted)
    for a, b in [*accept, *reject]:
        for ident in (a, b):
            if ident in unknown:
                raise NotFoundError(f"no organisation {ident!r} in the store")
        if a == b:
            raise InputError(f"{a!r} cannot be matched with itself")

    counts = {"joined": 0, "known": 0, "implied": 0}
    for a, b in accept:  # a's whole group joins b's group, under b's canonical id
        rejected.discard(frozenset((a, b)))
        ra, rb = _root(a, accepted), _root(b, accepted)
        if ra != rb:
            accepted[ra] = rb
            counts["joined"] += 1
        else:
            counts["known" if _root(a, before) == _root(b, before) else "implied"] += 1
    for a, b in reject:
        if accepted.get(a) == b:
            del accepted[a]
        if accepted.get(b) == a:
            del accepted[b]
        rejected.add(frozenset((a, b)))

    info, same = _write_decisions(store, accepted, rejected)
    return DecisionReport(info, len(accept), len(reject), same_as=len(same), different_from=len(rejected),
                          groups=len({_root(a, accepted) for a in same}), **counts)


def _write_decisions(store: GraphStore, accepted: dict[str, str], rejected: set[frozenset[str]]):
    """Replace the decisions source by ``accepted`` (each id at its canonical id) and ``rejected``."""
    import hashlib

    same = sorted(a for a in accepted if _root(a, accepted) != a)
    lines = [f"<{node_iri(a)}> <{SAME_AS}> <{node_iri(_root(a, accepted))}> .\n" for a in same]
    lines += [f"<{node_iri(a)}> <{DIFFERENT_FROM}> <{node_iri(b)}> .\n" for a, b in sorted(tuple(sorted(p))
                                                                                            for p in rejected)]
    body = "".join(lines).encode("utf-8")
    draft = SourceDraft(DECISIONS_SOURCE, "stratgraph match", hashlib.sha256(body).hexdigest(), "decisions")
    return store.replace_source(draft, body), same


def group_of(store: GraphStore, ident: str) -> tuple[str, list[str]]:
    """The canonical id of ``ident``'s accepted group and the group's ids (``ident`` alone when none).

    >>> group_of(example_store, "SH-ULAPLAND")
    ('SH-ULAPLAND', ['SH-ULAPLAND'])
    """
    accepted, _ = decisions(store)
    root = _root(ident, accepted)
    return root, sorted({root, *(a for a in accepted if _root(a, accepted) == root)})


def undo_decision(store: GraphStore, *, a: str, b: str, accept: bool, joined: dict | None = None) -> bool:
    """Take back one decision on the pair ``a``, ``b``: a rejection is forgotten; an acceptance splits off
    again the group that joined (``joined``: ``{"from": canonical id, "to": canonical id, "members": ids}``
    as :func:`ingest.review.decide_match` records it; without it, the direct link ``a`` -> ``b``). Returns
    whether the decisions changed (a later decision may have undone it already).

    >>> undo_decision(example_store, a="SH-ULAPLAND", b="SH-LAPINAMK", accept=False)
    False
    """
    accepted, rejected = decisions(store)
    before = (dict(accepted), set(rejected))
    if not accept:
        rejected.discard(frozenset((a, b)))
    elif joined:
        members, to = set(joined.get("members") or ()), joined.get("to")
        for member in members:
            if _root(member, accepted) == to:
                if member == joined.get("from"):
                    accepted.pop(member, None)
                else:
                    accepted[member] = joined["from"]
    else:
        for x, y in ((a, b), (b, a)):
            if accepted.get(x) == y:
                del accepted[x]
    if (accepted, rejected) == before:
        return False
    _write_decisions(store, accepted, rejected)
    return True
