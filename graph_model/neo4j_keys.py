"""The schema's view of the Neo4j property graph: labels, relationship types, property keys, and rows.

:func:`build_mapping` derives from the schema which Neo4j label each class gets, which relationship
type each relation gets and which property key each literal property gets; :class:`PropertyGraph`
holds the node and relationship rows that :mod:`graph_model.neo4j_fold` makes and
:mod:`graph_model.neo4j_push` writes. The whole mapping is described in :mod:`graph_model.neo4j_mapping`.

>>> build_mapping().labels["https://w3id.org/stratgraph/ontology#Unit"]
'Unit'
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, Union
from urllib.parse import quote, unquote

import pyoxigraph as ox

from graph_model.terms import SOURCE_PREFIX
from ontologies.errors import SchemaError
from ontologies.schema import Schema, load_schema

__all__ = [
    "OTHER_LABEL",
    "LEGACY_LABEL",
    "GENERIC_REL",
    "SYNC_LABEL",
    "RESERVED_KEYS",
    "LEX_PREFIX",
    "Term",
    "LiteralKey",
    "Qualifier",
    "PropertyGraphMapping",
    "NodeRow",
    "RelRow",
    "PropertyGraph",
    "build_mapping",
    "node_labels",
    "term_key",
    "key_term",
    "source_graph",
    "source_name",
    "store_quads",
]

#: The label of a node with no schema class (an IRI that is only an object, or typed outside the schema):
#: every node has at least one label, and its first one keys it (see :func:`node_labels`).
OTHER_LABEL = "Other"
#: The label every node carried before (issue 22): a push removes it from the nodes it writes.
LEGACY_LABEL = "Resource"
GENERIC_REL = "RDF_TRIPLE"
SYNC_LABEL = "StratgraphSync"

#: Keys the mapping itself uses; a schema-derived key may not take one of them.
RESERVED_KEYS = frozenset({"iri", "stmt", "membership", "predicate", "sameAs", "_extra", "_rdf_types",
                           "_sg_source", "_sg_quads", "_sg_owner", "_sg_sync", "_sg_key", "_sg_s", "_sg_o",
                           "_sg_alias_quads"})
#: Prefix of the keys that keep the lexical forms of decimals a float does not give back exactly.
LEX_PREFIX = "_lex_"
_LEX = LEX_PREFIX
_IDENT = re.compile(r"[A-Za-z][A-Za-z0-9_]*")

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
class Qualifier:
    """The class whose nodes qualify a relation (``org:Membership`` for ``sg:hasMember``) and how such a
    node folds into the relationship: the predicates pointing at its source and target, and ``key``,
    the relationship property that keeps the node's IRI.
    """

    cls: str
    relation: str
    source: str
    target: str
    key: str


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
    #: Qualifying classes by class IRI and by relation IRI (``org:Membership`` / ``sg:hasMember``).
    qualifiers: dict[str, Qualifier] = field(default_factory=dict)
    qualified: dict[str, Qualifier] = field(default_factory=dict)

    @property
    def all_labels(self) -> tuple[str, ...]:
        """Every schema label, in schema order.

        >>> build_mapping().all_labels[:3]
        ('Strategy', 'Goal', 'Metric')
        """
        return tuple(self.classes)

    @property
    def key_labels(self) -> tuple[str, ...]:
        """Every label that can key a node (see :func:`node_labels`): the schema's plus ``Other``.

        >>> build_mapping().key_labels[-2:]
        ('MapView', 'Other')
        """
        return (*self.classes, OTHER_LABEL)

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
        if not _IDENT.fullmatch(t.neo4j_label) or t.neo4j_label in (OTHER_LABEL, LEGACY_LABEL, SYNC_LABEL):
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
    qualifiers = {}
    for r in schema.relations.values():
        if r.qualified_by:
            q = r.qualified_by
            key = q.cls.rsplit(":", 1)[-1].lower()
            if key not in RESERVED_KEYS:
                raise SchemaError(f"relation {r.name}: qualifying class {q.cls} needs the reserved Neo4j key {key!r}")
            qualifiers[x(q.cls)] = Qualifier(x(q.cls), x(r.iri), x(q.source), x(q.target), key)
    return PropertyGraphMapping(labels, classes, rel_types, rel_iris, literals, keys, tuple(schema.languages),
                                qualifiers, {q.relation: q for q in qualifiers.values()})


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


def node_labels(labels: tuple[str, ...]) -> tuple[str, ...]:
    """The Neo4j labels of a node whose schema labels are ``labels`` (sorted): those, or ``Other`` for
    none. The first one is the node's key label: nodes are unique on ``(_sg_owner, iri)`` per key label.

    >>> node_labels(("Person", "Stakeholder")), node_labels(())
    (('Person', 'Stakeholder'), ('Other',))
    """
    return labels or (OTHER_LABEL,)


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
    """One Neo4j node: its ``iri``, schema labels (sorted; none for ``Other``) and properties."""

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
