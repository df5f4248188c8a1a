"""The lossless mapping between the RDF graph and the Neo4j property graph, derived from the schema.

Nothing here talks to a server: :func:`to_property_graph` turns quads into node and relationship rows
and :func:`to_quads` turns rows read back from Neo4j into quads again, so that
``to_quads(to_property_graph(q)) == q`` for every dataset ``q`` (a set of quads). Labels and
relationship types only ever come from the schema (plus the fixed ``Resource`` label and the generic
``RDF_TRIPLE`` type); data only ever travels as property values.

How the RDF looks in Neo4j
--------------------------
* Every subject, and every IRI or blank node that is the object of a triple, is a node labelled
  ``Resource`` with its IRI in ``iri`` (a blank node ``_:b1`` keeps ``iri = "_:b1"``). ``rdf:type`` of a
  schema class adds that class's label (``Project``...); other classes are kept in ``_rdf_types``.
* A literal of a schema property is a property keyed by the schema name in camelCase (``id``,
  ``code``, ``startDate``, ``budget``, ``bodyKind``, ``sourceRow``...). Multilingual text is one property
  per schema language: ``label_fi``, ``label_sv``, ``label_en``, ``description_fi``...; a plain string
  goes to ``label``. Datatypes are kept: ``xsd:date`` is a Neo4j date, ``xsd:integer`` an integer,
  ``xsd:decimal`` a float (when the float does not give back the exact lexical form, the lexical forms
  are also kept in ``_lex_<key>``, in the same order). Several values are a list, sorted, never
  overwritten.
* Anything else (a predicate outside the schema, a language outside the schema's, a value whose
  datatype is not the schema's, a date with a time zone, an integer beyond 64 bits) is kept verbatim
  in ``_extra``: a list of N-Triples ``<predicate> object`` fragments.
* A triple whose object is an IRI or blank node is a relationship: of the schema's type
  (``LED_BY``...) for a schema relation, else ``RDF_TRIPLE`` with the predicate IRI in ``predicate``.
* An ``rdf:Statement`` about such a triple (the relationships sheet's dated memberships, roles and
  notes) becomes properties of the relationship: ``stmt`` (the statement IRI), ``startDate``,
  ``endDate``, ``role``, ``note``, ``sourceRow``...; several statements about one triple are parallel
  relationships. A statement that cannot be folded this way (no asserted triple, used as an object,
  blank-node values...) stays an ordinary node, so nothing is lost either way.
* ``_sg_source`` holds the source (named graph) the element's triples come from (a list when they
  come from several); ``_sg_quads`` lists the rare triples whose graphs differ from that, so pull can
  rebuild the named graphs exactly.

Examples
--------
>>> import pyoxigraph as ox
>>> from graph_model.terms import id_of, node_iri
>>> SG = "https://w3id.org/stratgraph/ontology#"
>>> p, u = ox.NamedNode(node_iri("P1")), ox.NamedNode(node_iri("U1"))
>>> quads = [(p, ox.NamedNode(RDF_TYPE), ox.NamedNode(SG + "Project"), "city"),
...          (p, ox.NamedNode("http://www.w3.org/2004/02/skos/core#prefLabel"), ox.Literal("Hanke", language="fi"), "city"),
...          (p, ox.NamedNode(SG + "ledBy"), u, "city")]
>>> graph = to_property_graph(quads)
>>> [(n.labels, n.props) for n in graph.nodes]
[(('Project',), {'label_fi': 'Hanke', '_sg_source': 'city'}), ((), {})]
>>> [(r.type, id_of(r.o)) for r in graph.relationships]
[('LED_BY', 'U1')]
>>> sorted(map(str, to_quads(graph.node_records(), graph.relationship_records()))) == sorted(
...     str(ox.Quad(s, p_, o, source_graph(g))) for s, p_, o, g in quads)
True
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any, Union
from urllib.parse import quote, unquote

import pyoxigraph as ox

from graph_model.terms import RDF, RDF_TYPE, SOURCE_PREFIX, XSD, canonical_decimal
from ontologies.errors import SchemaError
from ontologies.schema import Schema, load_schema

__all__ = [
    "RESOURCE_LABEL",
    "GENERIC_REL",
    "SYNC_LABEL",
    "LiteralKey",
    "PropertyGraphMapping",
    "NodeRow",
    "RelRow",
    "PropertyGraph",
    "build_mapping",
    "term_key",
    "key_term",
    "source_graph",
    "source_name",
    "to_property_graph",
    "store_quads",
    "to_quads",
]

RESOURCE_LABEL = "Resource"
GENERIC_REL = "RDF_TRIPLE"
SYNC_LABEL = "StratgraphSync"

RDF_STATEMENT = RDF + "Statement"
RDF_SUBJECT, RDF_PREDICATE, RDF_OBJECT = RDF + "subject", RDF + "predicate", RDF + "object"
XSD_STRING, XSD_DATE, XSD_DECIMAL, XSD_INTEGER = (XSD + t for t in ("string", "date", "decimal", "integer"))
_REIFICATION = (RDF_SUBJECT, RDF_PREDICATE, RDF_OBJECT)

#: Keys the mapping itself uses; a schema-derived key may not take one of them.
RESERVED_KEYS = frozenset({"iri", "stmt", "predicate", "_extra", "_rdf_types", "_sg_source", "_sg_quads",
                           "_sg_owner", "_sg_sync", "_sg_key"})
_IDENT = re.compile(r"[A-Za-z][A-Za-z0-9_]*")
_DATE_RE = re.compile(r"\d{4}-\d{2}-\d{2}")
_INT_RE = re.compile(r"-?[1-9][0-9]*|0")
_DEC_RE = re.compile(r"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)")
_INT64 = (-(2**63), 2**63 - 1)
_LEX = "_lex_"

Term = Union[ox.NamedNode, ox.BlankNode, ox.Literal]


@dataclass(frozen=True)
class LiteralKey:
    """How the literals of one property IRI are kept: Neo4j key and schema datatype.

    ``datatype`` is ``string`` (enumerations too), ``text`` (one key per language), ``date``,
    ``decimal`` or ``integer``.
    """

    iri: str
    key: str
    datatype: str


@dataclass(frozen=True)
class PropertyGraphMapping:
    """The schema's view of the property graph: labels, relationship types and property keys.

    Build it with :func:`build_mapping`.

    >>> m = build_mapping()
    >>> m.labels["https://w3id.org/stratgraph/ontology#Project"], m.literals["http://purl.org/dc/terms/identifier"].key
    ('Project', 'id')
    """

    labels: dict[str, str]
    classes: dict[str, str]
    rel_types: dict[str, str]
    rel_iris: dict[str, str]
    literals: dict[str, LiteralKey]
    keys: dict[str, tuple[LiteralKey, str | None]]
    languages: tuple[str, ...]

    @property
    def all_labels(self) -> tuple[str, ...]:
        """Every schema label, in schema order.

        >>> build_mapping().all_labels[:3]
        ('Strategy', 'Goal', 'Metric')
        """
        return tuple(self.classes)

    @property
    def all_rel_types(self) -> tuple[str, ...]:
        """Every relationship type the mapping writes: the schema's plus ``RDF_TRIPLE``.

        >>> build_mapping().all_rel_types[-1]
        'RDF_TRIPLE'
        """
        return (*self.rel_iris, GENERIC_REL)


def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(w[:1].upper() + w[1:] for w in rest)


def _mapping_for(schema: Schema) -> PropertyGraphMapping:
    x = schema.expand
    labels, classes = {}, {}
    for t in schema.node_types.values():
        if not _IDENT.fullmatch(t.neo4j_label) or t.neo4j_label in (RESOURCE_LABEL, SYNC_LABEL):
            raise SchemaError(f"node type {t.name}: {t.neo4j_label!r} cannot be a Neo4j label")
        labels[x(t.iri)], classes[t.neo4j_label] = t.neo4j_label, x(t.iri)
    rel_types, rel_iris = {}, {}
    for r in schema.relations.values():
        if not _IDENT.fullmatch(r.neo4j_type) or r.neo4j_type == GENERIC_REL:
            raise SchemaError(f"relation {r.name}: {r.neo4j_type!r} cannot be a Neo4j relationship type")
        rel_types[x(r.iri)], rel_iris[r.neo4j_type] = r.neo4j_type, x(r.iri)
    literals: dict[str, LiteralKey] = {}
    for prop in [*schema.properties.values(), *schema.relation_properties.values()]:
        datatype = "string" if prop.enum else prop.datatype
        lk = LiteralKey(x(prop.iri), _camel(prop.name), datatype)
        if literals.setdefault(lk.iri, lk) != lk:
            raise SchemaError(f"property {prop.iri} is defined twice with different names or datatypes")
    keys: dict[str, tuple[LiteralKey, str | None]] = {}
    for lk in literals.values():
        variants = [(lk.key, None)] + ([(f"{lk.key}_{lang}", lang) for lang in schema.languages]
                                       if lk.datatype == "text" else [])
        for key, lang in variants:
            if key in keys or key in RESERVED_KEYS or key.startswith(("_", _LEX)) or not _IDENT.fullmatch(key):
                raise SchemaError(f"property {lk.iri}: Neo4j key {key!r} is reserved or taken")
            keys[key] = (lk, lang)
    return PropertyGraphMapping(labels, classes, rel_types, rel_iris, literals, keys, tuple(schema.languages))


def build_mapping(schema: Schema | None = None) -> PropertyGraphMapping:
    """The mapping derived from ``schema`` (default: the project schema); cached.

    Raises
    ------
    SchemaError
        When a label, relationship type or property key cannot be used safely in Cypher.

    >>> build_mapping().rel_types["https://w3id.org/stratgraph/ontology#hasMember"]
    'HAS_MEMBER'
    """
    schema = schema or load_schema()
    cached = _CACHE.get(id(schema))
    if cached is None or cached[0] is not schema:
        cached = _CACHE[id(schema)] = (schema, _mapping_for(schema))
    return cached[1]


_CACHE: dict[int, tuple[Schema, PropertyGraphMapping]] = {}


# -- terms and graphs -------------------------------------------------------------------------------

def term_key(term: ox.NamedNode | ox.BlankNode) -> str:
    """The ``iri`` property of a node: the IRI, or ``_:id`` for a blank node.

    >>> term_key(ox.NamedNode("urn:x")), term_key(ox.BlankNode("b1"))
    ('urn:x', '_:b1')
    """
    return "_:" + term.value if isinstance(term, ox.BlankNode) else term.value


def key_term(key: str) -> ox.NamedNode | ox.BlankNode:
    """The term of a node's ``iri`` property (inverse of :func:`term_key`).

    >>> key_term("_:b1"), key_term("urn:x")
    (<BlankNode value=b1>, <NamedNode value=urn:x>)
    """
    return ox.BlankNode(key[2:]) if key.startswith("_:") else ox.NamedNode(key)


def source_graph(name: str | None) -> ox.NamedNode | ox.DefaultGraph:
    """The graph name pull gives a source: ``urn:stratgraph:source:<name>``; "" or None: the default graph.

    >>> source_graph("city.xlsx")
    <NamedNode value=urn:stratgraph:source:city.xlsx>
    """
    return ox.DefaultGraph() if not name else ox.NamedNode(SOURCE_PREFIX + quote(name, safe=""))


def source_name(graph: ox.NamedNode | ox.DefaultGraph) -> str:
    """The source name of a graph made by :func:`source_graph` (inverse); "" for the default graph.

    >>> source_name(source_graph("a/b"))
    'a/b'
    """
    if isinstance(graph, ox.DefaultGraph):
        return ""
    return unquote(graph.value[len(SOURCE_PREFIX):]) if graph.value.startswith(SOURCE_PREFIX) else graph.value


def store_quads(store: Any) -> Iterator[tuple[Term, ox.NamedNode, Term, str]]:
    """The live quads of a :class:`~graph_model.store.GraphStore` as ``(s, p, o, source name)``.

    >>> from graph_model.store import GraphStore, SourceDraft
    >>> store = GraphStore(None)
    >>> _ = store.replace_source(SourceDraft("s", "s.nt", "x", "ntriples"), b'<urn:a> <urn:p> "1" .\\n')
    >>> [(str(s), g) for s, p, o, g in store_quads(store)]
    [('<urn:a>', 's')]
    """
    oxigraph = store.oxigraph
    for source in store.sources():
        name = source.name
        for s, p, o, _ in oxigraph.quads_for_pattern(None, None, None, ox.NamedNode(source.graph)):
            yield s, p, o, name


# -- rows -------------------------------------------------------------------------------------------

@dataclass(slots=True)
class NodeRow:
    """One Neo4j node: its ``iri``, schema labels (besides ``Resource``) and properties."""

    iri: str
    labels: tuple[str, ...]
    props: dict[str, Any]


@dataclass(slots=True)
class RelRow:
    """One Neo4j relationship: type, start and end ``iri``, MERGE key and properties."""

    type: str
    s: str
    o: str
    key: str
    props: dict[str, Any]


@dataclass
class PropertyGraph:
    """Rows to write to Neo4j, as made by :func:`to_property_graph`."""

    nodes: list[NodeRow] = field(default_factory=list)
    relationships: list[RelRow] = field(default_factory=list)

    def node_groups(self) -> dict[tuple[str, ...], list[NodeRow]]:
        """Nodes grouped by their label set (one Cypher statement per group), in a stable order.

        >>> g = PropertyGraph([NodeRow("urn:a", ("Goal",), {}), NodeRow("urn:b", (), {})])
        >>> list(g.node_groups())
        [(), ('Goal',)]
        """
        groups: dict[tuple[str, ...], list[NodeRow]] = defaultdict(list)
        for row in self.nodes:
            groups[row.labels].append(row)
        return dict(sorted(groups.items()))

    def relationship_groups(self) -> dict[str, list[RelRow]]:
        """Relationships grouped by type, in a stable order.

        >>> g = PropertyGraph([], [RelRow("PART_OF", "urn:a", "urn:b", "", {})])
        >>> list(g.relationship_groups())
        ['PART_OF']
        """
        groups: dict[str, list[RelRow]] = defaultdict(list)
        for row in self.relationships:
            groups[row.type].append(row)
        return dict(sorted(groups.items()))

    def node_records(self) -> Iterator[tuple[str, tuple[str, ...], dict[str, Any]]]:
        """``(iri, labels, props)`` for :func:`to_quads` (what pull reads from Neo4j).

        >>> list(PropertyGraph([NodeRow("urn:a", (), {})]).node_records())
        [('urn:a', (), {})]
        """
        return ((n.iri, n.labels, n.props) for n in self.nodes)

    def relationship_records(self) -> Iterator[tuple[str, str, str, dict[str, Any]]]:
        """``(type, start iri, end iri, props)`` for :func:`to_quads`.

        >>> list(PropertyGraph([], [RelRow("PART_OF", "urn:a", "urn:b", "", {})]).relationship_records())
        [('PART_OF', 'urn:a', 'urn:b', {})]
        """
        return ((r.type, r.s, r.o, r.props) for r in self.relationships)

    def __len__(self) -> int:
        return len(self.nodes) + len(self.relationships)


# -- RDF -> property graph --------------------------------------------------------------------------

class _Element:
    """Collects one node's or relationship's properties and the graphs of the triples it stands for."""

    __slots__ = ("values", "extra", "rdf_types", "triples")

    def __init__(self) -> None:
        self.values: dict[str, list[tuple[str, Any]]] = {}
        self.extra: list[str] = []
        self.rdf_types: list[str] = []
        self.triples: list[tuple[Term, str, Term, frozenset]] = []

    def literal(self, m: PropertyGraphMapping, p: str, lit: ox.Literal) -> None:
        lk = m.literals.get(p)
        converted = _convert(lk, lit, m.languages) if lk is not None else None
        if converted is None:
            self.extra.append(f"<{p}> {lit}")
        else:
            key, value = converted
            self.values.setdefault(key, []).append((lit.value, value))

    def props(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key, pairs in self.values.items():
            pairs.sort(key=lambda pair: pair[0])
            lexical = [lex for lex, _ in pairs]
            values = [v for _, v in pairs]
            out[key] = values[0] if len(values) == 1 else values
            if isinstance(values[0], float) and any(_decimal_text(v) != lex for lex, v in pairs):
                out[_LEX + key] = lexical[0] if len(lexical) == 1 else lexical
        if self.rdf_types:
            out["_rdf_types"] = sorted(self.rdf_types)
        if self.extra:
            out["_extra"] = sorted(self.extra)
        self._graphs(out)
        return out

    def _graphs(self, out: dict[str, Any]) -> None:
        if not self.triples:
            return
        first = self.triples[0][3]
        if all(t[3] == first for t in self.triples):
            default, odd = first, []
        else:
            counts = Counter(t[3] for t in self.triples)
            default = min(counts, key=lambda gs: (-counts[gs], sorted(gs)))
            odd = [t for t in self.triples if t[3] != default]
        out["_sg_source"] = _graphs_value(default)
        if odd:
            out["_sg_quads"] = sorted({json.dumps([_triple_text(s, p, o), sorted(gs)], ensure_ascii=False)
                                       for s, p, o, gs in odd})


def _graphs_value(graphs: frozenset) -> str | list[str]:
    names = sorted(graphs)
    return names[0] if len(names) == 1 else names


def _triple_text(s: Term, p: str, o: Term) -> str:
    return str(ox.Triple(s, ox.NamedNode(p), o))


def _decimal_text(value: float) -> str:
    return canonical_decimal(Decimal(repr(value)))


def _convert(lk: LiteralKey, lit: ox.Literal, languages: tuple[str, ...]) -> tuple[str, Any] | None:
    """(key, Neo4j value) for a literal that fits the schema property exactly, else None."""
    datatype, lang, lex = lit.datatype.value, lit.language, lit.value
    kind = lk.datatype
    if kind == "text":
        if lang in languages:
            return f"{lk.key}_{lang}", lex
        return (lk.key, lex) if lang is None and datatype == XSD_STRING else None
    if lang is not None:
        return None
    if kind == "string":
        return (lk.key, lex) if datatype == XSD_STRING else None
    if kind == "date" and datatype == XSD_DATE and _DATE_RE.fullmatch(lex):
        try:
            value = dt.date.fromisoformat(lex)
        except ValueError:
            return None
        return (lk.key, value) if value.isoformat() == lex else None
    if kind == "integer" and datatype == XSD_INTEGER and _INT_RE.fullmatch(lex):
        value = int(lex)
        return (lk.key, value) if _INT64[0] <= value <= _INT64[1] else None
    if kind == "decimal" and datatype == XSD_DECIMAL and _DEC_RE.fullmatch(lex):
        try:
            value = float(Decimal(lex))
        except (InvalidOperation, OverflowError):
            return None
        return (lk.key, value) if value == value and abs(value) != float("inf") else None
    return None


def _foldable(st: str, st_term: Term, po: dict, subjects: dict, objects: set) -> tuple[str, str, Term] | None:
    """The (subject key, predicate, object) an ``rdf:Statement`` can be folded into, else None."""
    if st_term in objects:
        return None
    types, parts = [], {}
    for (p, o) in po:
        if p == RDF_TYPE:
            types.append(o)
        elif p in _REIFICATION:
            if p in parts:
                return None
            parts[p] = o
        elif isinstance(o, ox.BlankNode):
            return None
    if len(types) != 1 or types[0] != ox.NamedNode(RDF_STATEMENT) or len(parts) != 3:
        return None
    s, p, o = parts[RDF_SUBJECT], parts[RDF_PREDICATE], parts[RDF_OBJECT]
    if isinstance(s, ox.Literal) or isinstance(o, ox.Literal) or not isinstance(p, ox.NamedNode) \
            or p.value == RDF_TYPE:
        return None
    sk = term_key(s)
    if st in (sk, term_key(o)) or (p.value, o) not in subjects.get(sk, {}):
        return None
    return sk, p.value, o


def to_property_graph(quads: Iterable[tuple[Term, ox.NamedNode, Term, str | None]],
                      mapping: PropertyGraphMapping | None = None) -> PropertyGraph:
    """Map ``(subject, predicate, object, source name)`` quads to Neo4j rows, losing nothing.

    A source name of "" or None is the default graph. Nodes come out sorted by IRI, list values sorted,
    so the same quads give the same rows.

    >>> import pyoxigraph as ox
    >>> q = [(ox.NamedNode("urn:m"), ox.NamedNode("https://w3id.org/stratgraph/ontology#budget"),
    ...       ox.Literal("0.1", datatype=ox.NamedNode(XSD_DECIMAL)), "s")]
    >>> to_property_graph(q).nodes[0].props
    {'budget': 0.1, '_sg_source': 's'}
    """
    m = mapping or build_mapping()
    subjects: dict[str, dict[tuple[str, Term], frozenset]] = {}
    s_terms: dict[str, Term] = {}
    objects: set[Term] = set()
    single: dict[str, frozenset] = {}  # one frozenset per graph: most triples are in exactly one
    literal, blank = ox.Literal, ox.BlankNode
    for s, p, o, g in quads:
        sk = "_:" + s.value if type(s) is blank else s.value
        po = subjects.get(sk)
        if po is None:
            po = subjects[sk] = {}
            s_terms[sk] = s
        key = (p.value, o)
        graphs = po.get(key)
        g = g or ""
        one = single.get(g)
        if one is None:
            one = single[g] = frozenset((g,))
        po[key] = one if graphs is None else graphs | one
        if type(o) is not literal:
            objects.add(o)

    folded: dict[str, tuple[str, str, Term]] = {}
    statements: dict[tuple[str, str, Term], list[str]] = defaultdict(list)
    statement_type = (RDF_TYPE, ox.NamedNode(RDF_STATEMENT))
    for sk, po in subjects.items():
        if statement_type in po:
            target = _foldable(sk, s_terms[sk], po, subjects, objects)
            if target is not None:
                folded[sk] = target
                statements[target].append(sk)

    graph = PropertyGraph()
    for sk in sorted(subjects):
        if sk in folded:
            continue
        s, po = s_terms[sk], subjects[sk]
        node, labels = _Element(), set()
        for (p, o), gs in po.items():
            if type(o) is literal:
                node.literal(m, p, o)
            elif p == RDF_TYPE and isinstance(o, ox.NamedNode):
                label = m.labels.get(o.value)
                if label:
                    labels.add(label)
                else:
                    node.rdf_types.append(o.value)
            else:
                _relationships(graph, m, sk, s, p, o, gs, statements.get((sk, p, o), ()), subjects, s_terms)
                continue
            node.triples.append((s, p, o, gs))
        graph.nodes.append(NodeRow(sk, tuple(sorted(labels)), node.props()))
    ends = {r.o for r in graph.relationships}
    for ok in sorted(ends - subjects.keys()):
        graph.nodes.append(NodeRow(ok, (), {}))
    return graph


def _relationships(graph: PropertyGraph, m: PropertyGraphMapping, sk: str, s: Term, p: str, o: Term,
                   gs: frozenset, stmts: Iterable[str], subjects: dict, s_terms: dict) -> None:
    rel_type = m.rel_types.get(p, GENERIC_REL)
    ok = term_key(o)
    if not stmts:
        element = _Element()
        element.triples.append((s, p, o, gs))
        props = element.props()
        key = ""
        if rel_type == GENERIC_REL:
            props["predicate"], key = p, "p:" + p
        graph.relationships.append(RelRow(rel_type, sk, ok, key, props))
        return
    for st in sorted(stmts):
        element, st_term, st_po = _Element(), s_terms[st], subjects[st]
        element.triples.append((s, p, o, gs))
        for (sp, so), st_gs in st_po.items():
            element.triples.append((st_term, sp, so, st_gs))
            if sp == RDF_TYPE or sp in _REIFICATION:
                continue
            if isinstance(so, ox.Literal):
                element.literal(m, sp, so)
            else:
                element.extra.append(f"<{sp}> {so}")
        props = element.props()
        props["stmt"] = st
        if rel_type == GENERIC_REL:
            props["predicate"] = p
        graph.relationships.append(RelRow(rel_type, sk, ok, "s:" + st, props))


# -- property graph -> RDF --------------------------------------------------------------------------

_SKIP = frozenset({"iri", "stmt", "predicate", "_extra", "_rdf_types", "_sg_source", "_sg_quads", "_sg_owner",
                   "_sg_sync", "_sg_key"})


def _as_list(value: Any) -> list:
    return list(value) if isinstance(value, (list, tuple)) else [value]


def _literals(m: PropertyGraphMapping, props: Mapping[str, Any]) -> Iterator[tuple[str, ox.Literal]]:
    """(predicate IRI, literal) for every mapped property value and ``_extra`` fragment."""
    for key, value in props.items():
        if key in _SKIP or key.startswith(_LEX):
            continue
        found = m.keys.get(key)
        if found is None:
            continue  # a property someone else set in Neo4j: not ours to bring back
        lk, lang = found
        lexical = props.get(_LEX + key)
        values = _as_list(lexical) if lexical is not None else _as_list(value)
        for v in values:
            yield lk.iri, _literal_of(lk, lang, v, lexical is not None)
    extra = props.get("_extra")
    if extra:
        yield from _parse_fragments(_as_list(extra))


def _literal_of(lk: LiteralKey, lang: str | None, value: Any, lexical: bool) -> ox.Literal:
    if lk.datatype in ("text", "string"):
        return ox.Literal(value, language=lang) if lang else ox.Literal(value)
    if lk.datatype == "date":
        text = value.iso_format() if hasattr(value, "iso_format") else value.isoformat()
        return ox.Literal(text, datatype=ox.NamedNode(XSD_DATE))
    if lk.datatype == "integer":
        return ox.Literal(str(value), datatype=ox.NamedNode(XSD_INTEGER))
    text = value if lexical else _decimal_text(float(value))
    return ox.Literal(text, datatype=ox.NamedNode(XSD_DECIMAL))


def _parse_fragments(fragments: list[str]) -> Iterator[tuple[str, Term]]:
    doc = "".join(f"<urn:x:s> {frag} .\n" for frag in fragments).encode("utf-8")
    for quad in ox.parse(doc, format=ox.RdfFormat.N_TRIPLES):
        yield quad.predicate.value, quad.object


def _graph_lookup(props: Mapping[str, Any]) -> tuple[list[str], dict[str, list[str]]]:
    default = props.get("_sg_source")
    odd = {}
    for entry in _as_list(props.get("_sg_quads") or []):
        text, graphs = json.loads(entry)
        odd[text] = graphs
    return ([] if default is None else _as_list(default)), odd


def _emit(triples: list[tuple[Term, ox.NamedNode, Term]], props: Mapping[str, Any]) -> Iterator[ox.Quad]:
    default, odd = _graph_lookup(props)
    for s, p, o in triples:
        graphs = odd.get(str(ox.Triple(s, p, o)), default) if odd else default
        for g in graphs:
            yield ox.Quad(s, p, o, source_graph(g))


def to_quads(nodes: Iterable[tuple[str, Iterable[str], Mapping[str, Any]]],
             relationships: Iterable[tuple[str, str, str, Mapping[str, Any]]],
             mapping: PropertyGraphMapping | None = None) -> Iterator[ox.Quad]:
    """The quads that nodes ``(iri, labels, props)`` and relationships ``(type, s, o, props)`` stand for.

    Source names become graphs ``urn:stratgraph:source:<name>`` (see :func:`source_graph`). Labels and
    properties the mapping did not write (set by someone else in Neo4j) are left out.

    >>> rows = [("urn:a", ["Resource", "Theme"], {"label_en": "Climate", "_sg_source": "s"})]
    >>> [str(q) for q in to_quads(rows, [])]  # doctest: +NORMALIZE_WHITESPACE
    ['<urn:a> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <https://w3id.org/stratgraph/ontology#Theme> <urn:stratgraph:source:s>',
     '<urn:a> <http://www.w3.org/2004/02/skos/core#prefLabel> "Climate"@en <urn:stratgraph:source:s>']
    """
    m = mapping or build_mapping()
    rdf_type = ox.NamedNode(RDF_TYPE)
    for iri, labels, props in nodes:
        s = key_term(iri)
        triples = [(s, rdf_type, ox.NamedNode(m.classes[label])) for label in sorted(labels) if label in m.classes]
        triples += [(s, rdf_type, ox.NamedNode(t)) for t in _as_list(props.get("_rdf_types") or [])]
        triples += [(s, ox.NamedNode(p), lit) for p, lit in _literals(m, props)]
        yield from _emit(triples, props)
    for rel_type, s_iri, o_iri, props in relationships:
        predicate = m.rel_iris.get(rel_type) or props.get("predicate")
        if predicate is None:
            continue  # not a relationship the mapping wrote
        s, p, o = key_term(s_iri), ox.NamedNode(predicate), key_term(o_iri)
        triples = [(s, p, o)]
        stmt = props.get("stmt")
        if stmt is not None:
            st = key_term(stmt)
            triples += [(st, rdf_type, ox.NamedNode(RDF_STATEMENT)), (st, ox.NamedNode(RDF_SUBJECT), s),
                        (st, ox.NamedNode(RDF_PREDICATE), p), (st, ox.NamedNode(RDF_OBJECT), o)]
            triples += [(st, ox.NamedNode(sp), lit) for sp, lit in _literals(m, props)]
        yield from _emit(triples, props)
