"""The import graph of the library: no circles between modules, and layers that only point down.

Every import counts, also one inside a function: a deferred import still ties two modules together
(issue 22 item 16 found graph_model/neo4j_fold -> neo4j_same_as -> neo4j_unfold -> neo4j_fold and
visualize/report <-> visualize/followup_pages).
"""

from __future__ import annotations

import ast
from pathlib import Path

import networkx as nx

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("ontologies", "graph_model", "ingest", "queries", "visualize", "stratgraph")
#: What each package may import (DESIGN.md's layers).
ALLOWED = {"ontologies": {"ontologies"}, "graph_model": {"ontologies", "graph_model"},
           "ingest": {"ontologies", "graph_model", "ingest"}, "queries": {"ontologies", "graph_model", "queries"},
           "visualize": {"ontologies", "graph_model", "queries", "visualize"}, "stratgraph": set(PACKAGES)}


def _module(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def import_graph() -> nx.DiGraph:
    modules = {_module(p): p for package in PACKAGES for p in (ROOT / package).rglob("*.py")}
    graph = nx.DiGraph()
    graph.add_nodes_from(modules)
    for name, path in modules.items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            targets = [a.name for a in node.names] if isinstance(node, ast.Import) else \
                [node.module] if isinstance(node, ast.ImportFrom) and node.module and not node.level else []
            if isinstance(node, ast.ImportFrom) and node.module in modules:  # `from pkg import module`
                targets += [f"{node.module}.{a.name}" for a in node.names if f"{node.module}.{a.name}" in modules]
            for target in targets:
                while target and target not in modules:
                    target = target.rpartition(".")[0]
                if target and target != name and not name.startswith(target + "."):
                    graph.add_edge(name, target)
    return graph


def test_the_import_graph_sees_the_imports():
    graph = import_graph()
    assert graph.has_edge("visualize.report", "visualize.maps")
    assert graph.has_edge("visualize.report", "visualize.followup_pages")  # imported inside a function


def test_no_import_circles():
    circles = [sorted(c) for c in nx.strongly_connected_components(import_graph()) if len(c) > 1]
    assert circles == []


def test_layers_point_down():
    wrong = [(a, b) for a, b in import_graph().edges if b.split(".")[0] not in ALLOWED[a.split(".")[0]]]
    assert wrong == []
