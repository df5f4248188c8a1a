"""The schema is the one source of truth: generated files match it, and it is aligned to real vocabularies."""

from __future__ import annotations

import hashlib
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SH

import graph_model.schema_types as types
from ontologies.generate import generate_all, stale_artefacts
from ontologies.schema import SCHEMA_PATH, load_schema

ORG_TTL = Path(__file__).parent.parent / "data" / "w3c-org" / "org.ttl"  # see its README
SCHEMA = load_schema()


def test_generated_files_are_up_to_date():
    stale = stale_artefacts()
    assert not stale, f"run `stratgraph schema generate`; out of date: {stale}"


@pytest.mark.slow
def test_generation_gives_the_committed_files_whatever_the_hash_seed():
    """Two processes with different string hashing generate exactly the committed files (set or dict
    order leaking into the output would differ between them)."""
    script = ("import hashlib, json; from ontologies.generate import generate_all; "
              "print(json.dumps({str(p): hashlib.sha256(t.encode()).hexdigest() for p, t in generate_all().items()}))")
    committed = {str(p): hashlib.sha256(p.read_bytes()).hexdigest() for p in generate_all()}
    for seed in ("1", "2"):
        done = subprocess.run([sys.executable, "-c", script], env={**os.environ, "PYTHONHASHSEED": seed},
                              cwd=SCHEMA_PATH.parents[1], capture_output=True, text=True, check=True)
        assert json.loads(done.stdout) == committed, f"PYTHONHASHSEED={seed}"


def test_every_org_term_exists_in_w3c_org():
    org = Graph().parse(ORG_TTL, format="turtle")
    defined = {str(s) for s in org.subjects() if str(s).startswith("http://www.w3.org/ns/org#")}
    owl = Graph().parse(SCHEMA_PATH.with_name("stratgraph.ttl"))
    used = {str(t) for triple in owl for t in triple if str(t).startswith("http://www.w3.org/ns/org#")}
    assert used, "the ontology should align to W3C ORG"
    assert used <= defined, f"not in org.ttl: {used - defined}"


@pytest.mark.parametrize("item", [*SCHEMA.node_types.values(), *SCHEMA.relations.values(),
                                  *SCHEMA.properties.values()], ids=lambda i: i.name)
def test_everything_has_finnish_and_english_label_and_definition(item):
    assert item.label["fi"] and item.label["en"] and item.definition["fi"] and item.definition["en"]


def test_owl_declares_every_class_and_relation():
    owl = Graph().parse(SCHEMA_PATH.with_name("stratgraph.ttl"))
    for node in SCHEMA.node_types.values():
        cls = URIRef(SCHEMA.expand(node.iri))
        assert (cls, RDF.type, OWL.Class) in owl
        assert list(owl.objects(cls, RDFS.subClassOf)), f"{node.name} is not aligned to any vocabulary"
    for rel in SCHEMA.relations.values():
        assert (URIRef(SCHEMA.expand(rel.iri)), RDF.type, OWL.ObjectProperty) in owl


def test_shapes_cover_every_node_type():
    shapes = Graph().parse(SCHEMA_PATH.with_name("shapes.ttl"))
    targets = {str(o) for o in shapes.objects(None, SH.targetClass)}
    qualifying = {SCHEMA.expand(r.qualified_by.cls) for r in SCHEMA.relations.values() if r.qualified_by}
    assert targets == {SCHEMA.expand(n.iri) for n in SCHEMA.node_types.values()} | qualifying


def test_memberships_are_w3c_org_memberships():
    owl = Graph().parse(SCHEMA_PATH.with_name("stratgraph.ttl"))
    q = SCHEMA.relations["has_member"].qualified_by
    assert (q.cls, q.source, q.target, q.role) == ("org:Membership", "org:organization", "org:member", "org:role")
    membership = URIRef(SCHEMA.expand("org:Membership"))
    assert (URIRef(SCHEMA.expand("sg:hasMember")), URIRef(SCHEMA.expand("sg:qualifiedBy")), membership) in owl
    assert (membership, RDF.type, OWL.Class) in owl


def test_python_types_match_schema():
    assert [t.value for t in types.NodeType] == list(SCHEMA.node_types)
    assert {r.neo4j for r in types.RelType} == {r.neo4j_type for r in SCHEMA.relations.values()}
    assert {e.__name__ for e in (types.BodyKind, types.NetworkLevel, types.ProjectStatus)} <= set(SCHEMA.enumerations)
    assert [c.value for c in types.BodyKind] == list(SCHEMA.enumerations["BodyKind"].values)
    for node in SCHEMA.node_types.values():
        fields = set(types.RECORD_TYPES[types.NodeType(node.name)].__dataclass_fields__)
        assert fields == set(node.properties) | {r.name for r in SCHEMA.relations_from(node.name)}


def test_misspelt_vocabulary_term_raises():
    with pytest.raises(AttributeError):
        types.SG.Projet  # noqa: B018


def test_neo4j_names_are_safe_identifiers():
    for node in SCHEMA.node_types.values():
        assert re.fullmatch(r"[A-Z][A-Za-z]+", node.neo4j_label)
    for rel in SCHEMA.relations.values():
        assert re.fullmatch(r"[A-Z][A-Z_]+", rel.neo4j_type)
