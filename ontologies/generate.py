"""Generate the OWL ontology, the SHACL shapes and the Python types from the schema.

Each generator is a small function from :class:`~ontologies.schema.Schema` to text; :func:`generate_all`
returns every artefact by path, :func:`write_all` writes them and :func:`stale_artefacts` names the
files on disk that differ from what the schema generates (the drift test and ``stratgraph schema check``).

Examples
--------
>>> from ontologies.schema import load_schema
>>> "sg:Project a owl:Class" in owl_turtle(load_schema())
True
>>> sorted(p.name for p in generate_all())
['schema_types.py', 'shapes.ttl', 'stratgraph.ttl']
"""

from __future__ import annotations

from pathlib import Path

from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, RDFS, SH, XSD

from ontologies.schema import Schema, TermDef, load_schema

__all__ = ["ROOT", "owl_graph", "owl_turtle", "shacl_graph", "shacl_turtle", "python_types",
           "generate_all", "write_all", "stale_artefacts", "XSD_OF"]

ROOT = Path(__file__).resolve().parent.parent
XSD_OF = {"string": XSD.string, "date": XSD.date, "decimal": XSD.decimal, "integer": XSD.integer,
          "text": RDF.langString}
HEADER = "Generated from ontologies/schema.yaml by `stratgraph schema generate`; do not edit by hand."


def _bind(graph: Graph, schema: Schema) -> None:
    for prefix, iri in schema.namespaces.items():
        graph.bind(prefix, Namespace(iri), override=True)
    graph.bind("owl", OWL)
    graph.bind("sh", SH)


def _texts(graph: Graph, subject: URIRef, predicate: URIRef, texts: dict[str, str]) -> None:
    for lang in sorted(texts):
        graph.add((subject, predicate, Literal(texts[lang], lang=lang)))


def _declare(graph: Graph, schema: Schema, term: TermDef, kind: URIRef, parent_relation: URIRef,
             parents: tuple[str, ...]) -> URIRef:
    """Declare ``term`` as a ``kind`` with its parents, labels and definitions; return its IRI."""
    ref = URIRef(schema.expand(term.iri))
    graph.add((ref, RDF.type, kind))
    for parent in parents:
        graph.add((ref, parent_relation, URIRef(schema.expand(parent))))
    _texts(graph, ref, RDFS.label, term.label)
    _texts(graph, ref, URIRef(schema.namespaces["skos"] + "definition"), term.definition)
    return ref


def owl_graph(schema: Schema) -> Graph:
    """The OWL ontology as an rdflib graph.

    >>> g = owl_graph(load_schema())
    >>> (URIRef(load_schema().expand("sg:Unit")), RDF.type, OWL.Class) in g
    True
    """
    g = Graph()
    _bind(g, schema)
    x = schema.expand
    dct = Namespace(schema.namespaces["dct"])
    onto = URIRef(schema.ontology_iri)
    g.add((onto, RDF.type, OWL.Ontology))
    g.add((onto, OWL.versionInfo, Literal(schema.version)))
    _texts(g, onto, dct.title, {"fi": "stratgraph-ontologia", "en": "stratgraph ontology"})
    g.add((onto, RDFS.comment, Literal(HEADER, lang="en")))
    for node in schema.node_types.values():
        _declare(g, schema, node, OWL.Class, RDFS.subClassOf, node.subclass_of)
    for prop in [*schema.properties.values(), *schema.relation_properties.values()]:
        p = URIRef(x(prop.iri))
        if not prop.iri.startswith("sg:") or (p, RDF.type, OWL.DatatypeProperty) in g:
            continue
        _declare(g, schema, prop, OWL.DatatypeProperty, RDFS.subPropertyOf, prop.subproperty_of)
        g.add((p, RDFS.range, XSD.string if prop.enum else XSD_OF[prop.datatype]))
    for rel in schema.relations.values():
        p = _declare(g, schema, rel, OWL.ObjectProperty, RDFS.subPropertyOf, rel.subproperty_of)
        g.add((p, URIRef(x("sg:neo4jType")), Literal(rel.neo4j_type)))
        domains = sorted({URIRef(x(schema.node_types[s].iri)) for s in rel.endpoints})
        g.add((p, RDFS.domain, _union(g, domains)))
        ranges = sorted({URIRef(x(schema.node_types[t].iri)) for e in rel.endpoints.values() for t in e.targets})
        g.add((p, RDFS.range, _union(g, ranges)))
    neo4j_type = URIRef(x("sg:neo4jType"))
    g.add((neo4j_type, RDF.type, OWL.AnnotationProperty))
    _texts(g, neo4j_type, RDFS.label, {"fi": "Neo4j-suhdetyyppi", "en": "Neo4j relationship type"})
    _qualifications_owl(g, schema)
    return g


def _qualifications_owl(g: Graph, schema: Schema) -> None:
    """The classes (``org:Membership``) whose nodes qualify a relation, tied to it by ``sg:qualifiedBy``."""
    x = schema.expand
    qualified = [r for r in schema.relations.values() if r.qualified_by]
    if not qualified:
        return
    skos = Namespace(schema.namespaces["skos"])
    qualified_by = URIRef(x("sg:qualifiedBy"))
    g.add((qualified_by, RDF.type, OWL.AnnotationProperty))
    _texts(g, qualified_by, RDFS.label, {"fi": "tarkennettu solmulla", "en": "qualified by"})
    for rel in qualified:
        q = rel.qualified_by
        cls = URIRef(x(q.cls))
        g.add((cls, RDF.type, OWL.Class))
        _texts(g, cls, RDFS.label, q.label)
        _texts(g, cls, skos.definition, q.definition)
        g.add((URIRef(x(rel.iri)), qualified_by, cls))


def _union(g: Graph, classes: list[URIRef]) -> URIRef | BNode:
    if len(classes) == 1:
        return classes[0]
    node = BNode()
    members = BNode()
    Collection(g, members, classes)
    g.add((node, RDF.type, OWL.Class))
    g.add((node, OWL.unionOf, members))
    return node


def shacl_graph(schema: Schema) -> Graph:
    """The SHACL shapes (open shapes: other vocabularies may add triples).

    >>> g = shacl_graph(load_schema())
    >>> qualified = [r for r in load_schema().relations.values() if r.qualified_by]
    >>> len(list(g.subjects(RDF.type, SH.NodeShape))) == len(load_schema().node_types) + len(qualified)
    True
    """
    g = Graph()
    _bind(g, schema)
    x = schema.expand
    shapes = Namespace(schema.namespaces["sg"].rstrip("#") + "/shapes#")
    g.bind("sgsh", shapes)
    for node in schema.node_types.values():
        shape = shapes[node.name + "Shape"]
        g.add((shape, RDF.type, SH.NodeShape))
        g.add((shape, SH.targetClass, URIRef(x(node.iri))))
        g.add((shape, SH.nodeKind, SH.IRI))
        for name, required in node.properties.items():
            prop = schema.properties[name]
            ps = shapes[f"{node.name}-{name}"]
            g.add((shape, SH.property, ps))
            g.add((ps, SH.path, URIRef(x(prop.iri))))
            g.add((ps, SH.name, Literal(name)))
            if required:
                g.add((ps, SH.minCount, Literal(1)))
            if prop.datatype == "text":
                g.add((ps, SH.datatype, RDF.langString))
                g.add((ps, SH.uniqueLang, Literal(True)))
            else:
                if not prop.many:
                    g.add((ps, SH.maxCount, Literal(1)))
                g.add((ps, SH.datatype, XSD.string if prop.enum else XSD_OF[prop.datatype]))
            if prop.enum:
                values = BNode()
                Collection(g, values, [Literal(v) for v in schema.enumerations[prop.enum].values])
                g.add((ps, SH["in"], values))
        for rel in schema.relations_from(node.name):
            end = rel.endpoints[node.name]
            ps = shapes[f"{node.name}-{rel.name}"]
            g.add((shape, SH.property, ps))
            g.add((ps, SH.path, URIRef(x(rel.iri))))
            g.add((ps, SH.name, Literal(rel.name)))
            # No sh:nodeKind here: sh:class already rejects literals, and a typed blank node fails its own
            # node shape (sh:nodeKind sh:IRI), so a second check would only scan every value again.
            if end.min:
                g.add((ps, SH.minCount, Literal(end.min)))
            if end.max is not None:
                g.add((ps, SH.maxCount, Literal(end.max)))
            targets = [URIRef(x(schema.node_types[t].iri)) for t in end.targets]
            _classes(g, ps, targets)
    for rel in schema.relations.values():
        if rel.qualified_by:
            _qualification_shape(g, schema, shapes, rel)
    return g


def _classes(g: Graph, ps: URIRef, classes: list[URIRef]) -> None:
    """``sh:class`` for one class, ``sh:or`` of ``sh:class`` for several."""
    if len(classes) == 1:
        g.add((ps, SH["class"], classes[0]))
        return
    alternatives = []
    for target in classes:
        alt = BNode()
        g.add((alt, SH["class"], target))
        alternatives.append(alt)
    lst = BNode()
    Collection(g, lst, alternatives)
    g.add((ps, SH["or"], lst))


def _qualification_shape(g: Graph, schema: Schema, shapes: Namespace, rel) -> None:
    """The shape of a qualifying node (an ``org:Membership``): one source, one target, dated properties."""
    x, q = schema.expand, rel.qualified_by
    name = q.cls.split(":", 1)[1]
    shape = shapes[name + "Shape"]
    g.add((shape, RDF.type, SH.NodeShape))
    g.add((shape, SH.targetClass, URIRef(x(q.cls))))
    g.add((shape, SH.nodeKind, SH.IRI))
    sources = sorted({URIRef(x(schema.node_types[s].iri)) for s in rel.endpoints})
    targets = sorted({URIRef(x(schema.node_types[t].iri)) for e in rel.endpoints.values() for t in e.targets})
    links = [("organization", q.source, sources, 1), ("member", q.target, targets, 1)]
    if q.role:  # org:role points at the post (a Role); the free-text role is the relation property `role`
        links.append(("post", q.role, [URIRef(x(schema.node_types["Role"].iri))], 0))
    for part, path, classes, minimum in links:
        ps = shapes[f"{name}-{part}"]
        g.add((shape, SH.property, ps))
        g.add((ps, SH.path, URIRef(x(path))))
        g.add((ps, SH.name, Literal(path.split(":", 1)[1])))
        if minimum:
            g.add((ps, SH.minCount, Literal(minimum)))
        g.add((ps, SH.maxCount, Literal(1)))
        _classes(g, ps, classes)
    for prop in schema.relation_properties.values():
        ps = shapes[f"{name}-{prop.name}"]
        g.add((shape, SH.property, ps))
        g.add((ps, SH.path, URIRef(x(prop.iri))))
        g.add((ps, SH.name, Literal(prop.name)))
        g.add((ps, SH.maxCount, Literal(1)))
        g.add((ps, SH.datatype, XSD.string if prop.enum else XSD_OF[prop.datatype]))


def _turtle(graph: Graph) -> str:
    return f"# {HEADER}\n" + graph.serialize(format="turtle")


def owl_turtle(schema: Schema) -> str:
    """The OWL ontology as Turtle text (the content of ``ontologies/stratgraph.ttl``)."""
    return _turtle(owl_graph(schema))


def shacl_turtle(schema: Schema) -> str:
    """The SHACL shapes as Turtle text (the content of ``ontologies/shapes.ttl``)."""
    return _turtle(shacl_graph(schema))


def _const(name: str) -> str:
    out = []
    for i, ch in enumerate(name):
        if ch.isupper() and i and (name[i - 1].islower()):
            out.append("_")
        out.append(ch.upper())
    return "".join(out).replace("-", "_")


_PY_TYPES = {"string": "str", "text": "dict[str, str]", "date": "datetime.date",
             "decimal": "decimal.Decimal", "integer": "int"}


def python_types(schema: Schema) -> str:
    """The Python module ``graph_model/schema_types.py``: enums, namespaces, records and the Neo4j mapping.

    >>> "class NodeType(StrEnum):" in python_types(load_schema())
    True
    """
    x = schema.expand
    lines = [f'"""Python types of the stratgraph schema. {HEADER}', "",
             "Examples", "--------",
             ">>> NodeType.PROJECT.value, RelType.LED_BY.neo4j",
             "('Project', 'LED_BY')",
             ">>> str(SG.Project)",
             f"'{x('sg:Project')}'",
             '"""', "",
             "from __future__ import annotations", "",
             "import dataclasses", "import datetime", "import decimal", "from enum import StrEnum", "",
             "from rdflib import URIRef", "from rdflib.namespace import DefinedNamespace, Namespace", "",
             f"SCHEMA_VERSION = {schema.version!r}",
             f"DATA_NAMESPACE = {schema.data_namespace!r}", "", ""]
    sg_terms = sorted({i.split(":", 1)[1] for i in
                       [*(n.iri for n in schema.node_types.values()),
                        *(r.iri for r in schema.relations.values()),
                        *(p.iri for p in [*schema.properties.values(), *schema.relation_properties.values()])]
                       if i.startswith("sg:")} | {"neo4jType"}
                      | ({"qualifiedBy"} if any(r.qualified_by for r in schema.relations.values()) else set()))
    lines += ["class SG(DefinedNamespace):", '    """The stratgraph vocabulary; a misspelt term raises."""', "",
              "    _fail = True",
              f"    _NS = Namespace({schema.namespaces['sg']!r})", ""]
    lines += [f"    {term}: URIRef" for term in sg_terms]
    lines += ["", "", "class NodeType(StrEnum):", '    """Node types; the value is the Neo4j label."""', ""]
    lines += [f"    {_const(n)} = {n!r}" for n in schema.node_types]
    lines += ["", "", "class RelType(StrEnum):",
              '    """Relationship types; the value is the column name in the input sheets."""', ""]
    lines += [f"    {r.neo4j_type} = {r.name!r}" for r in schema.relations.values()]
    lines += ["", "    @property", "    def neo4j(self) -> str:",
              '        """The Neo4j relationship type."""', "        return self.name", ""]
    for enum in schema.enumerations.values():
        lines += ["", f"class {enum.name}(StrEnum):", f'    """{enum.label["en"].capitalize()}."""', ""]
        lines += [f"    {code.upper()} = {code!r}" for code in enum.values]
        lines.append("")
    lines += ["", "NODE_IRIS: dict[NodeType, str] = {"]
    lines += [f"    NodeType.{_const(n.name)}: {x(n.iri)!r}," for n in schema.node_types.values()]
    lines += ["}", "REL_IRIS: dict[RelType, str] = {"]
    lines += [f"    RelType.{r.neo4j_type}: {x(r.iri)!r}," for r in schema.relations.values()]
    lines += ["}", "#: The node class that qualifies a relation (W3C ORG's org:Membership), with the predicates",
              "#: pointing at the relation's source, its target and the role (or None).",
              "QUALIFIED: dict[RelType, tuple[str, str, str, str | None]] = {"]
    for r in schema.relations.values():
        if r.qualified_by:
            q = r.qualified_by
            lines.append(f"    RelType.{r.neo4j_type}: ({x(q.cls)!r}, {x(q.source)!r}, {x(q.target)!r}, "
                         f"{x(q.role) if q.role else None!r}),")
    lines += ["}", "#: Neo4j property key of every literal property IRI, with its datatype.",
              "NEO4J_PROPERTIES: dict[str, tuple[str, str]] = {"]
    seen = set()
    for prop in [*schema.properties.values(), *schema.relation_properties.values()]:
        if x(prop.iri) not in seen:
            seen.add(x(prop.iri))
            lines.append(f"    {x(prop.iri)!r}: ({prop.neo4j_key!r}, {prop.datatype!r}),")
    lines += ["}", ""]
    for node in schema.node_types.values():
        lines += ["", "@dataclasses.dataclass(frozen=True, slots=True)", f"class {node.name}Record:",
                  f'    """{node.label["en"].capitalize()} ({node.label["fi"]}): {node.definition["en"]}"""', "",
                  "    id: str"]
        fields = []
        for name, required in node.properties.items():
            if name == "id":
                continue
            prop = schema.properties[name]
            py = prop.enum or _PY_TYPES[prop.datatype]
            fields.append((required, f"    {name}: {py}" + ("" if required else " | None = None")))
        fields.sort(key=lambda f: not f[0])
        lines += [f for _, f in fields]
        for rel in schema.relations_from(node.name):
            lines.append(f"    {rel.name}: tuple[str, ...] = ()")
        lines.append("")
    lines += ["", "RECORD_TYPES = {"]
    lines += [f"    NodeType.{_const(n)}: {n}Record," for n in schema.node_types]
    lines += ["}", ""]
    return "\n".join(lines)


def generate_all(schema: Schema | None = None) -> dict[Path, str]:
    """Every generated artefact: path -> text."""
    schema = schema or load_schema()
    return {
        ROOT / "ontologies" / "stratgraph.ttl": owl_turtle(schema),
        ROOT / "ontologies" / "shapes.ttl": shacl_turtle(schema),
        ROOT / "graph_model" / "schema_types.py": python_types(schema),
    }


def write_all(schema: Schema | None = None) -> list[Path]:
    """Write the artefacts that changed; return their paths.

    >>> write_all()  # the committed files are up to date, so nothing is written
    []
    """
    changed = []
    for path, text in generate_all(schema).items():
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
            changed.append(path)
    return changed


def stale_artefacts(schema: Schema | None = None) -> list[Path]:
    """The generated files on disk that differ from what the schema generates now."""
    return [p for p, text in generate_all(schema).items()
            if not p.exists() or p.read_text(encoding="utf-8") != text]


if __name__ == "__main__":  # pragma: no cover - `python -m ontologies.generate`
    for written in write_all():
        print(f"wrote {written.relative_to(ROOT)}")
