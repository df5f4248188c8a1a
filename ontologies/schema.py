"""Read ``ontologies/schema.yaml`` into typed objects.

The schema is the single source of truth: the OWL ontology, the SHACL shapes, the Python types, the
Neo4j mapping and the ingest readers are all derived from the :class:`Schema` returned here.

Examples
--------
>>> schema = load_schema()
>>> schema.node_types["Project"].neo4j_label
'Project'
>>> schema.relations["led_by"].neo4j_type
'LED_BY'
>>> schema.expand("org:OrganizationalUnit")
'http://www.w3.org/ns/org#OrganizationalUnit'
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ontologies.errors import SchemaError

__all__ = [
    "TermDef",
    "SCHEMA_PATH",
    "DATATYPES",
    "Enumeration",
    "PropertyDef",
    "NodeTypeDef",
    "Endpoint",
    "RelationDef",
    "Qualification",
    "Schema",
    "load_schema",
]

SCHEMA_PATH = Path(__file__).with_name("schema.yaml")
DATATYPES = ("string", "text", "date", "decimal", "integer")


@dataclass(frozen=True)
class Enumeration:
    """A closed list of codes, each with a Finnish and an English label."""

    name: str
    label: dict[str, str]
    values: dict[str, dict[str, str]]


@dataclass(frozen=True)
class TermDef:
    """What every schema term has: a name, an IRI (CURIE) and a Finnish and English label and definition."""

    name: str
    iri: str
    label: dict[str, str]
    definition: dict[str, str]


@dataclass(frozen=True)
class PropertyDef(TermDef):
    """A literal property: ``datatype`` is one of :data:`DATATYPES` or ``enum:<Name>``."""

    datatype: str
    subproperty_of: tuple[str, ...] = ()
    many: bool = False  # a node may hold several values (external ids); else at most one

    @property
    def enum(self) -> str | None:
        """The enumeration's name when the datatype is ``enum:<Name>``, else None."""
        return self.datatype.split(":", 1)[1] if self.datatype.startswith("enum:") else None

    @property
    def neo4j_key(self) -> str:
        """The Neo4j property key: the IRI's local name (``sg:startDate`` -> ``startDate``)."""
        return self.iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


@dataclass(frozen=True)
class NodeTypeDef(TermDef):
    """A node type: an OWL class, a SHACL node shape, a Neo4j label and an input sheet."""

    sheet: str
    subclass_of: tuple[str, ...]
    properties: dict[str, bool]  # property name -> required

    @property
    def neo4j_label(self) -> str:
        """The Neo4j label, which is the type's name."""
        return self.name


@dataclass(frozen=True)
class Endpoint:
    """What a relation allows from one source type: target types and cardinality."""

    source: str
    targets: tuple[str, ...]
    min: int = 0
    max: int | None = None


@dataclass(frozen=True)
class Qualification:
    """The node that qualifies each occurrence of a relation (W3C ORG's ``org:Membership`` for
    ``has_member``): its class, the predicates that point at the relation's source and target, and
    the relation properties (dates, role, note) it carries.

    >>> load_schema().relations["has_member"].qualified_by.cls
    'org:Membership'
    """

    cls: str
    source: str
    target: str
    label: dict[str, str]
    definition: dict[str, str]
    role: str | None = None


@dataclass(frozen=True)
class RelationDef(TermDef):
    """A relationship: an OWL object property, a Neo4j relationship type and a sheet column."""

    neo4j_type: str
    endpoints: dict[str, Endpoint]
    subproperty_of: tuple[str, ...] = ()
    acyclic: bool = False
    qualified_by: Qualification | None = None

    def allows(self, source_type: str, target_type: str) -> bool:
        """Whether ``source_type -[this]-> target_type`` is allowed.

        >>> load_schema().relations["part_of"].allows("Unit", "Sector")
        True
        """
        endpoint = self.endpoints.get(source_type)
        return endpoint is not None and target_type in endpoint.targets


@dataclass(frozen=True)
class Schema:
    """The whole schema; build it with :func:`load_schema`."""

    version: str
    ontology_iri: str
    data_namespace: str
    namespaces: dict[str, str]
    languages: tuple[str, ...]
    enumerations: dict[str, Enumeration]
    properties: dict[str, PropertyDef]
    relation_properties: dict[str, PropertyDef]
    node_types: dict[str, NodeTypeDef]
    relations: dict[str, RelationDef]
    _by_iri: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    def expand(self, curie: str) -> str:
        """Expand ``prefix:local`` to a full IRI.

        >>> load_schema().expand("sg:Goal")
        'https://w3id.org/stratgraph/ontology#Goal'
        """
        prefix, _, local = curie.partition(":")
        if prefix not in self.namespaces:
            raise SchemaError(f"unknown prefix {prefix!r} in {curie!r}")
        return self.namespaces[prefix] + local

    def relations_from(self, source_type: str) -> list[RelationDef]:
        """The relations whose source may be ``source_type``, in schema order.

        >>> [r.name for r in load_schema().relations_from("Metric")]
        ['measures', 'responsible']
        """
        return [r for r in self.relations.values() if source_type in r.endpoints]

    def relation_by_key(self, key: str) -> RelationDef | None:
        """Find a relation by column name, Neo4j type or local IRI name, ignoring case.

        >>> load_schema().relation_by_key("HAS_MEMBER").name
        'has_member'
        """
        wanted = key.strip().lower().replace("-", "_").replace(" ", "_")
        for rel in self.relations.values():
            local = rel.iri.split(":", 1)[1].lower()
            if wanted in (rel.name, rel.neo4j_type.lower(), local):
                return rel
        return None

    def by_iri(self, iri: str) -> Any:
        """The node type, relation or property whose full IRI is ``iri``, or None."""
        return self._by_iri.get(iri)


def _texts(raw: Any, where: str) -> dict[str, str]:
    if not isinstance(raw, dict) or not {"fi", "en"} <= set(raw):
        raise SchemaError(f"{where}: needs a Finnish and an English text (fi, en)")
    return {str(k): str(v) for k, v in raw.items()}


def _property(name: str, raw: dict, enums: dict[str, Enumeration], where: str) -> PropertyDef:
    datatype = raw.get("datatype", "")
    if datatype not in DATATYPES and not (datatype.startswith("enum:") and datatype[5:] in enums):
        raise SchemaError(f"{where}.{name}: unknown datatype {datatype!r}")
    if not isinstance(raw.get("many", False), bool):
        raise SchemaError(f"{where}.{name}: many is true or false")
    return PropertyDef(**_term(name, raw, f"{where}.{name}"), datatype=datatype,
                       subproperty_of=tuple(raw.get("subproperty_of", ())), many=raw.get("many", False))


def _term(name: str, raw: dict, where: str) -> dict:
    """The :class:`TermDef` fields of a schema entry."""
    return {"name": name, "iri": raw["iri"], "label": _texts(raw.get("label"), f"{where}.label"),
            "definition": _texts(raw.get("definition"), f"{where}.definition")}


def _node_type(name: str, raw: dict, properties: dict[str, PropertyDef]) -> NodeTypeDef:
    props = {"id": True, "label": True}
    for prop, need in (raw.get("properties") or {}).items():
        if prop not in properties:
            raise SchemaError(f"node_types.{name}: unknown property {prop!r}")
        if need not in ("required", "optional"):
            raise SchemaError(f"node_types.{name}.{prop}: say 'required' or 'optional'")
        props[prop] = need == "required"
    return NodeTypeDef(**_term(name, raw, f"node_types.{name}"), sheet=raw["sheet"],
                       subclass_of=tuple(raw.get("subclass_of", ())), properties=props)


def _relation(name: str, raw: dict, node_types: dict[str, NodeTypeDef]) -> RelationDef:
    endpoints = {}
    for source, spec in raw["endpoints"].items():
        unknown = [t for t in [source, *spec["targets"]] if t not in node_types]
        if unknown:
            raise SchemaError(f"relations.{name}: unknown node types {unknown}")
        endpoints[source] = Endpoint(source, tuple(spec["targets"]), spec.get("min", 0), spec.get("max"))
    return RelationDef(**_term(name, raw, f"relations.{name}"), neo4j_type=raw["neo4j"], endpoints=endpoints,
                       subproperty_of=tuple(raw.get("subproperty_of", ())), acyclic=bool(raw.get("acyclic", False)),
                       qualified_by=_qualification(name, raw.get("qualified_by")))


def _qualification(name: str, raw: dict | None) -> Qualification | None:
    if raw is None:
        return None
    where = f"relations.{name}.qualified_by"
    missing = [k for k in ("class", "source", "target") if not raw.get(k)]
    if missing:
        raise SchemaError(f"{where}: needs {', '.join(missing)}")
    return Qualification(raw["class"], raw["source"], raw["target"], _texts(raw.get("label"), f"{where}.label"),
                         _texts(raw.get("definition"), f"{where}.definition"), raw.get("role"))


@functools.cache
def load_schema(path: Path = SCHEMA_PATH) -> Schema:
    """Load and check the schema (cached).

    Raises
    ------
    SchemaError
        When the file breaks the format described at its top.

    Examples
    --------
    >>> sorted(load_schema().enumerations)[:2]
    ['ActionState', 'BodyKind']
    """
    try:
        raw = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise SchemaError(f"cannot read schema {path}: {exc}") from exc
    enums = {
        name: Enumeration(name, _texts(e.get("label"), f"enumerations.{name}"),
                          {code: _texts(t, f"enumerations.{name}.{code}") for code, t in e["values"].items()})
        for name, e in raw["enumerations"].items()
    }
    props = {n: _property(n, p, enums, "properties") for n, p in raw["properties"].items()}
    rel_props = {n: _property(n, p, enums, "relation_properties") for n, p in raw["relation_properties"].items()}
    node_types = {n: _node_type(n, t, props) for n, t in raw["node_types"].items()}
    relations = {n: _relation(n, r, node_types) for n, r in raw["relations"].items()}
    schema = Schema(
        version=str(raw["version"]),
        ontology_iri=raw["ontology_iri"],
        data_namespace=raw["data_namespace"],
        namespaces=dict(raw["namespaces"]),
        languages=tuple(raw["languages"]),
        enumerations=enums,
        properties=props,
        relation_properties=rel_props,
        node_types=node_types,
        relations=relations,
    )
    for item in [*props.values(), *rel_props.values(), *node_types.values(), *relations.values()]:
        schema._by_iri.setdefault(schema.expand(item.iri), item)
    return schema
