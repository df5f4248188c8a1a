"""Export the graph (or some node types) as a Kumu project: JSON, or Kumu's Elements/Connections workbook.

Elements carry ``id``, ``element type`` (the node type), ``label`` (in ``lang``), ``label_sv`` /
``label_en`` / ... for the other languages, ``description`` and every literal property by its template
column name, so that :mod:`ingest.kumu` reads them back into the same nodes. Connections are directed,
with the relation as ``connection type``. The workbook's Connections refer to elements by ``ID`` (Kumu
matches From/To against the Elements' ID column). Dates and roles of qualified relationships (dated
memberships) are not exported.

Examples
--------
>>> doc = kumu_project(example_store, types=["Sector"])  # the example city (the doctests' namespace)
>>> doc["elements"][0]["attributes"]["element type"], doc["connections"]
('Sector', [])
"""

from __future__ import annotations

from pathlib import Path

from graph_model.store import GraphStore
from queries.projection import load_graph

__all__ = ["kumu_project", "write_kumu_workbook"]


def kumu_project(store: GraphStore, *, types: list[str] | None = None, lang: str = "fi") -> dict:
    """The store's nodes (of ``types``; all when None) and the relations among them as a Kumu JSON project."""
    graph = load_graph(store)
    wanted = set(types) if types else None
    elements, keep = [], set()
    for ident in sorted(graph.types):
        kind = graph.types[ident]
        if wanted is not None and kind not in wanted:
            continue
        keep.add(ident)
        attrs = {"id": ident, "element type": kind}
        labels = graph.labels.get(ident, {})
        attrs["label"] = labels.get(lang) or graph.label(ident, lang)
        attrs.update({f"label_{code}": text for code, text in sorted(labels.items()) if code and code != lang})
        for code, text in sorted(graph.descriptions.get(ident, {}).items()):
            attrs["description" if code == lang else f"description_{code}"] = text
        attrs.update(sorted(graph.props.get(ident, {}).items()))
        elements.append({"_id": ident, "attributes": attrs})
    connections = []
    for relation in sorted(graph.edges):
        for source, target in graph.edges[relation]:
            if source in keep and target in keep:
                connections.append({"_id": f"{source}|{relation}|{target}", "from": source, "to": target,
                                    "direction": "directed", "attributes": {"connection type": relation}})
    return {"elements": elements, "connections": connections, "maps": [], "perspectives": []}


def write_kumu_workbook(doc: dict, out: Path | str) -> Path:
    """Write a Kumu project as Kumu's spreadsheet format (.xlsx with Elements and Connections sheets)."""
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Elements"
    extra = sorted({k for e in doc["elements"] for k in e["attributes"]} - {"id", "label", "element type"})
    sheet.append(["ID", "Label", "Type", *extra])
    for e in doc["elements"]:
        a = e["attributes"]
        sheet.append([a["id"], a.get("label", ""), a["element type"], *(a.get(k, "") for k in extra)])
    connections = book.create_sheet("Connections")
    connections.append(["From", "To", "Type", "Direction"])
    for c in doc["connections"]:
        connections.append([c["from"], c["to"], c["attributes"]["connection type"], c["direction"]])
    out = Path(out)
    book.save(out)
    return out
