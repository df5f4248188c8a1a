"""The lossless mapping between the RDF graph and the Neo4j property graph, derived from the schema.

This module gathers the public names; each idea has its own module: :mod:`graph_model.neo4j_keys`
(labels, relationship types and property keys from the schema; the rows), :mod:`graph_model.neo4j_values`
(literal values), :mod:`graph_model.neo4j_fold` (RDF to rows) and :mod:`graph_model.neo4j_unfold` (back).

Nothing here talks to a server: :func:`to_property_graph` turns quads into node and relationship rows
and :func:`to_quads` turns rows read back from Neo4j into quads again, so that
``to_quads(to_property_graph(q)) == q`` for every dataset ``q`` (a set of quads). Labels and
relationship types only ever come from the schema (plus the fixed ``Other`` label and the generic
``RDF_TRIPLE`` type); data only ever travels as property values.

How the RDF looks in Neo4j
--------------------------
* Every subject, and every IRI or blank node that is the object of a triple, is a node with its IRI
  in ``iri`` (a blank node ``_:b1`` keeps ``iri = "_:b1"``). ``rdf:type`` of a schema class gives it
  that class's label (``Project``...); other classes are kept in ``_rdf_types``, and a node with no
  schema class is labelled ``Other``. There is no label every node shares: Browser's legend and
  Bloom's categories show the schema's classes only.
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
* An ``rdf:Statement`` about such a triple (the relationships sheet's dated rows, roles and notes)
  becomes properties of the relationship: ``stmt`` (the statement IRI), ``startDate``, ``endDate``,
  ``role``, ``note``, ``sourceRow``...; several statements about one triple are parallel
  relationships. A W3C ORG ``org:Membership`` (``org:organization`` B, ``org:member`` M) of an
  asserted ``B sg:hasMember M`` folds the same way into that ``HAS_MEMBER`` relationship, its IRI in
  ``membership`` and its other links (``org:role``, ``opengov:onBehalfOf``) in ``_extra``. A node that
  cannot be folded this way (no asserted triple, used as an object, blank-node values...) stays an
  ordinary node, so nothing is lost either way.
* Nodes joined by ``owl:sameAs`` (accepted matches) are one node: the canonical one, listing the
  aliases' ids in ``sameAs`` (see :mod:`graph_model.neo4j_same_as`).
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

from graph_model.neo4j_fold import to_property_graph
from graph_model.neo4j_keys import (
    GENERIC_REL,
    RESERVED_KEYS,
    LEGACY_LABEL,
    OTHER_LABEL,
    SYNC_LABEL,
    LiteralKey,
    NodeRow,
    PropertyGraph,
    PropertyGraphMapping,
    RelRow,
    build_mapping,
    key_term,
    node_labels,
    source_graph,
    source_name,
    store_quads,
    term_key,
)
from graph_model.neo4j_unfold import to_quads
from graph_model.neo4j_values import XSD_DECIMAL
from graph_model.terms import RDF_TYPE

__all__ = [
    "OTHER_LABEL",
    "LEGACY_LABEL",
    "GENERIC_REL",
    "SYNC_LABEL",
    "RESERVED_KEYS",
    "LiteralKey",
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
    "to_property_graph",
    "store_quads",
    "to_quads",
]
