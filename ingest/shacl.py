"""The SHACL shapes, run two ways: compiled to SPARQL over the store (fast), and by pyshacl (reference).

``ontologies/shapes.ttl`` uses a small set of constraint components (class, or-of-classes, datatype,
in, minCount, maxCount, nodeKind, uniqueLang); :func:`compile_shapes` turns each distinct constraint
(path, component, parameters) into one SPARQL SELECT over all the classes whose shapes hold it. Each
query first scans the predicate's values for violations and only then joins them with the focus
classes, so validation is a few range scans inside Oxigraph instead of a walk over every node. ``tests/ingest/test_shacl.py`` checks that both ways give the same
findings.

Examples
--------
>>> rules = compile_shapes()
>>> sorted({r.component for r in rules})[:3]
['ClassConstraintComponent', 'DatatypeConstraintComponent', 'InConstraintComponent']
"""

from __future__ import annotations

import functools
import os
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, SH, XSD

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
    """One compiled SPARQL query: it binds ``?focus`` and ``?class`` for each violation it finds.

    A rule checks one constraint (component + parameters) on one path for every class whose shape has
    it, so the values of a predicate are scanned once however many classes share the constraint.
    """

    path: str | None
    component: str
    message: str
    classes: tuple[str, ...]
    sparql: str


_STRING = f"<{XSD}string>"


def _focus_of(classes: tuple[str, ...]) -> str:
    """Keep focus nodes typed with one of ``classes`` in the graph being checked."""
    return f"GRAPH ?focusGraph {{ ?focus a ?class }} VALUES ?class {{ {' '.join(f'<{c}>' for c in classes)} }}"


def _value_conditions(shapes: Graph, ps: URIRef, name: str) -> list[tuple[str, str, str]]:
    """(component, message, SPARQL condition on ?v that is true for a violation) of one property shape."""
    checks = []
    datatype = shapes.value(ps, SH.datatype)
    if datatype is not None:
        checks.append(("DatatypeConstraintComponent", f"{name} must be a {str(datatype).rsplit('#', 1)[-1]}",
                       f"!isLiteral(?v) || datatype(?v) != <{datatype}>"))
    values = shapes.value(ps, SH["in"])
    if values is not None:
        allowed = [str(v) for v in Collection(shapes, values)]
        listed = ", ".join('"' + v.replace("\\", "\\\\").replace('"', '\\"') + '"' for v in allowed)
        checks.append(("InConstraintComponent", f"{name} must be one of {', '.join(allowed)}",
                       f"!isLiteral(?v) || datatype(?v) != {_STRING} || STR(?v) NOT IN ({listed})"))
    if shapes.value(ps, SH.nodeKind) == SH.IRI:
        checks.append(("NodeKindConstraintComponent", f"{name} must point to a node (IRI)", "!isIRI(?v)"))
    cls = shapes.value(ps, SH["class"])
    if cls is not None:
        checks.append(("ClassConstraintComponent", f"{name} must point to a {str(cls).rsplit('#', 1)[-1]}",
                       f"NOT EXISTS {{ ?v a <{cls}> }}"))
    alternatives = shapes.value(ps, SH["or"])
    if alternatives is not None:
        classes = sorted(str(shapes.value(alt, SH["class"])) for alt in Collection(shapes, alternatives))
        listed = " ".join(f"<{c}>" for c in classes)
        checks.append(("OrConstraintComponent", "{} must point to one of {}".format(
            name, ", ".join(c.rsplit("#", 1)[-1] for c in classes)),
            f"NOT EXISTS {{ ?v a ?t VALUES ?t {{ {listed} }} }}"))
    return checks


def _constraints(shapes: Graph, ps: URIRef) -> list[tuple[str, str, str]]:
    """(component, message, inner SPARQL selecting violating ?focus) of one property shape, any class."""
    path = str(shapes.value(ps, SH.path))
    name = str(shapes.value(ps, SH.name) or path.rsplit("#", 1)[-1])
    found = [(comp, msg, f"SELECT DISTINCT ?focus WHERE {{ ?focus <{path}> ?v FILTER({cond}) }}")
             for comp, msg, cond in _value_conditions(shapes, ps, name)]
    if (n := shapes.value(ps, SH.maxCount)) is not None:
        found.append(("MaxCountConstraintComponent", f"{name} may have at most {int(n)} value(s)",
                      f"SELECT ?focus WHERE {{ ?focus <{path}> ?v }} GROUP BY ?focus"
                      f" HAVING (COUNT(DISTINCT ?v) > {int(n)})"))
    if shapes.value(ps, SH.uniqueLang) is not None:
        found.append(("UniqueLangConstraintComponent", f"{name} may have one value per language",
                      f"SELECT DISTINCT ?focus WHERE {{ {{ SELECT ?focus ?lang WHERE {{ ?focus <{path}> ?v }}"
                      f" GROUP BY ?focus (LANG(?v) AS ?lang) HAVING (COUNT(DISTINCT ?v) > 1) }}"
                      f' FILTER(?lang != "") }}'))
    return found


def _min_count_rule(path: str, n: int, name: str, classes: tuple[str, ...]) -> Rule:
    focus = _focus_of(classes)
    sparql = (f"SELECT ?focus ?class WHERE {{ {focus} FILTER NOT EXISTS {{ ?focus <{path}> ?x }} }}" if n == 1 else
              f"SELECT ?focus ?class WHERE {{ {focus} {{ SELECT ?focus (COUNT(DISTINCT ?x) AS ?n) WHERE {{ "
              f"?focus <{path}> ?x }} GROUP BY ?focus }} FILTER(?n < {n}) }}"
              f" UNION {{ SELECT ?focus ?class WHERE {{ {focus} FILTER NOT EXISTS {{ ?focus <{path}> ?x }} }} }}")
    if n > 1:
        sparql = (f"SELECT DISTINCT ?focus ?class WHERE {{ {{ {focus} OPTIONAL {{ ?focus <{path}> ?x }} }} }}"
                  f" GROUP BY ?focus ?class HAVING (COUNT(DISTINCT ?x) < {n})")
    return Rule(path, "MinCountConstraintComponent", f"{name} needs at least {n} value(s)", classes, sparql)


@functools.cache
def compile_shapes(path: Path = SHAPES_PATH) -> tuple[Rule, ...]:
    """Compile the shapes file into one SPARQL query per distinct (path, constraint) (cached)."""
    shapes = Graph().parse(path, format="turtle")
    grouped: dict[tuple, list[str]] = {}
    minimum: dict[tuple, list[str]] = {}
    iri_focus: list[str] = []
    for shape in sorted(shapes.subjects(RDF.type, SH.NodeShape)):
        target = str(shapes.value(shape, SH.targetClass))
        if shapes.value(shape, SH.nodeKind) == SH.IRI:
            iri_focus.append(target)
        for ps in sorted(shapes.objects(shape, SH.property)):
            path_iri = str(shapes.value(ps, SH.path))
            for component, message, inner in _constraints(shapes, ps):
                grouped.setdefault((path_iri, component, message, inner), []).append(target)
            if (n := shapes.value(ps, SH.minCount)) is not None:
                name = str(shapes.value(ps, SH.name) or path_iri)
                minimum.setdefault((path_iri, int(n), name), []).append(target)
    rules = [Rule(None, "NodeKindConstraintComponent", "must be an IRI", tuple(iri_focus),
                  f"SELECT ?focus ?class WHERE {{ {_focus_of(tuple(iri_focus))} FILTER(!isIRI(?focus)) }}")]
    for (path_iri, component, message, inner), classes in grouped.items():
        # The inner query runs first (bottom-up), so only violating values meet the type join.
        rules.append(Rule(path_iri, component, message, tuple(classes),
                          f"SELECT DISTINCT ?focus ?class WHERE {{ {{ {inner} }} {_focus_of(tuple(classes))} }}"))
    for (path_iri, n, name), classes in minimum.items():
        rules.append(_min_count_rule(path_iri, n, name, tuple(classes)))
    return tuple(rules)


def run_rules(store: ox.Store, focus_graph: ox.NamedNode, other_graphs: list[ox.NamedNode]) -> list[Finding]:
    """Run every rule on the focus nodes typed in ``focus_graph``; values may live in ``other_graphs``."""
    graphs = [focus_graph, *other_graphs]

    def violations(rule: Rule) -> list[Finding]:
        return [Finding(row["focus"].value, rule.path, rule.component, rule.message)
                for row in store.query(rule.sparql, default_graph=graphs, named_graphs=[focus_graph])]

    # Oxigraph evaluates a query without the GIL, so the rules run side by side on every core.
    with ThreadPoolExecutor(max_workers=min(8, os.cpu_count() or 1)) as pool:
        findings = {f for found in pool.map(violations, compile_shapes()) for f in found}
    return sorted(findings, key=lambda f: (f.focus, f.path or "", f.component))


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
