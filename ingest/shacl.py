"""The SHACL shapes, run two ways: compiled to SPARQL over the store (fast), and by pyshacl (reference).

``ontologies/shapes.ttl`` uses a small set of constraint components (class, or-of-classes, datatype,
in, minCount, maxCount, nodeKind, uniqueLang); :func:`compile_shapes` turns each constraint into one
SPARQL SELECT that returns the violating focus nodes, so that validation runs inside Oxigraph instead
of loading the graph into Python. ``tests/ingest/test_shacl.py`` checks that both ways give the same
findings.

Examples
--------
>>> rules = compile_shapes()
>>> sorted({r.component for r in rules})[:3]
['ClassConstraintComponent', 'DatatypeConstraintComponent', 'InConstraintComponent']
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, SH

__all__ = ["SHAPES_PATH", "Finding", "Rule", "compile_shapes", "run_rules", "run_pyshacl"]

SHAPES_PATH = Path(__file__).resolve().parent.parent / "ontologies" / "shapes.ttl"


@dataclass(frozen=True, order=True)
class Finding:
    """A SHACL violation: the focus node, the property path and the constraint component's local name."""

    focus: str
    path: str | None
    component: str
    message: str = ""

    @property
    def key(self) -> tuple[str, str | None, str]:
        """What two validators must agree on."""
        return self.focus, self.path, self.component


@dataclass(frozen=True)
class Rule:
    """One compiled constraint: a SPARQL query binding ``?focus`` (and maybe ``?value``)."""

    shape: str
    target_class: str
    path: str | None
    component: str
    message: str
    sparql: str


def _rules_for_property(shapes: Graph, target: str, ps: URIRef, shape_name: str) -> list[Rule]:
    path = str(shapes.value(ps, SH.path))
    name = str(shapes.value(ps, SH.name) or path.rsplit("#", 1)[-1])
    rules = []
    focus = "GRAPH ?focusGraph { ?focus a <%s> . }" % target

    def rule(component: str, message: str, body: str) -> None:
        rules.append(Rule(shape_name, target, path, component, message,
                          f"SELECT DISTINCT ?focus WHERE {{ {body} }}"))

    min_count = shapes.value(ps, SH.minCount)
    if min_count is not None:
        n = int(min_count)
        rule("MinCountConstraintComponent", f"{name} needs at least {n} value(s)",
             f"{focus} FILTER NOT EXISTS {{ ?focus <{path}> ?v }}" if n == 1 else
             f"{{ SELECT ?focus (COUNT(DISTINCT ?v) AS ?n) WHERE {{ {focus} OPTIONAL {{ ?focus <{path}> ?v }} }}"
             f" GROUP BY ?focus }} FILTER(?n < {n})")
    max_count = shapes.value(ps, SH.maxCount)
    if max_count is not None:
        n = int(max_count)
        rule("MaxCountConstraintComponent", f"{name} may have at most {n} value(s)",
             f"{{ SELECT ?focus (COUNT(DISTINCT ?v) AS ?n) WHERE {{ {focus} ?focus <{path}> ?v }}"
             f" GROUP BY ?focus }} FILTER(?n > {n})")
    datatype = shapes.value(ps, SH.datatype)
    if datatype is not None:
        rule("DatatypeConstraintComponent", f"{name} must be a {str(datatype).rsplit('#', 1)[-1]}",
             f"{focus} ?focus <{path}> ?v FILTER(!isLiteral(?v) || datatype(?v) != <{datatype}>)")
    values = shapes.value(ps, SH["in"])
    if values is not None:
        allowed = [str(v) for v in Collection(shapes, values)]
        listed = ", ".join('"' + v.replace("\\", "\\\\").replace('"', '\\"') + '"' for v in allowed)
        rule("InConstraintComponent", f"{name} must be one of {', '.join(allowed)}",
             f"{focus} ?focus <{path}> ?v FILTER(!isLiteral(?v) || STR(?v) NOT IN ({listed})"
             f" || datatype(?v) != <http://www.w3.org/2001/XMLSchema#string>)")
    if shapes.value(ps, SH.uniqueLang) is not None:
        rule("UniqueLangConstraintComponent", f"{name} may have one value per language",
             f"{focus} ?focus <{path}> ?a, ?b FILTER(?a != ?b && LANG(?a) != \"\" && LANG(?a) = LANG(?b))")
    if shapes.value(ps, SH.nodeKind) == SH.IRI:
        rule("NodeKindConstraintComponent", f"{name} must point to a node (IRI)",
             f"{focus} ?focus <{path}> ?v FILTER(!isIRI(?v))")
    cls = shapes.value(ps, SH["class"])
    if cls is not None:
        rule("ClassConstraintComponent", f"{name} must point to a {str(cls).rsplit('#', 1)[-1]}",
             f"{focus} ?focus <{path}> ?v FILTER NOT EXISTS {{ ?v a <{cls}> }}")
    alternatives = shapes.value(ps, SH["or"])
    if alternatives is not None:
        classes = [str(shapes.value(alt, SH["class"])) for alt in Collection(shapes, alternatives)]
        names = ", ".join(c.rsplit("#", 1)[-1] for c in classes)
        listed = " ".join(f"<{c}>" for c in classes)
        rule("OrConstraintComponent", f"{name} must point to one of {names}",
             f"{focus} ?focus <{path}> ?v FILTER NOT EXISTS {{ ?v a ?t VALUES ?t {{ {listed} }} }}")
    return rules


@functools.cache
def compile_shapes(path: Path = SHAPES_PATH) -> tuple[Rule, ...]:
    """Compile the shapes file into SPARQL rules (cached)."""
    shapes = Graph().parse(path, format="turtle")
    rules: list[Rule] = []
    for shape in sorted(shapes.subjects(RDF.type, SH.NodeShape)):
        target = str(shapes.value(shape, SH.targetClass))
        shape_name = str(shape).rsplit("#", 1)[-1]
        if shapes.value(shape, SH.nodeKind) == SH.IRI:
            rules.append(Rule(shape_name, target, None, "NodeKindConstraintComponent", "must be an IRI",
                              f"SELECT DISTINCT ?focus WHERE {{ GRAPH ?focusGraph {{ ?focus a <{target}> . }}"
                              f" FILTER(!isIRI(?focus)) }}"))
        for ps in sorted(shapes.objects(shape, SH.property)):
            rules.extend(_rules_for_property(shapes, target, ps, shape_name))
    return tuple(rules)


def run_rules(store: ox.Store, focus_graph: ox.NamedNode, other_graphs: list[ox.NamedNode]) -> list[Finding]:
    """Run every rule on the focus nodes typed in ``focus_graph``; values may live in ``other_graphs``."""
    graphs = [focus_graph, *other_graphs]
    findings = []
    for rule in compile_shapes():
        result = store.query(rule.sparql, default_graph=graphs, named_graphs=[focus_graph])
        for row in result:
            findings.append(Finding(row["focus"].value, rule.path, rule.component, rule.message))
    return sorted(set(findings), key=lambda f: (f.focus, f.path or "", f.component))


def run_pyshacl(data: Graph) -> list[Finding]:
    """Validate an rdflib graph with pyshacl against the same shapes (the reference implementation)."""
    import pyshacl

    shapes = Graph().parse(SHAPES_PATH, format="turtle")
    _, report, _ = pyshacl.validate(data, shacl_graph=shapes, inference="none", advanced=False,
                                    allow_warnings=True)
    findings = []
    for result in report.subjects(RDF.type, SH.ValidationResult):
        path = report.value(result, SH.resultPath)
        component = str(report.value(result, SH.sourceConstraintComponent)).rsplit("#", 1)[-1]
        focus = str(report.value(result, SH.focusNode))
        findings.append(Finding(focus, str(path) if path is not None else None, component,
                                str(report.value(result, SH.resultMessage) or "")))
    return sorted(set(findings), key=lambda f: (f.focus, f.path or "", f.component))
