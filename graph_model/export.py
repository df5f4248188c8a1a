"""Export the live sources as Turtle (their union), N-Quads (with source graphs) or JSON-LD.

Examples
--------
>>> import io
>>> from graph_model.store import GraphStore, SourceDraft
>>> store = GraphStore(None)
>>> _ = store.replace_source(SourceDraft("s", "s.nt", "x", "ntriples"), b'<urn:a> <urn:p> "1" .\\n')
>>> out = io.BytesIO(); export(store, "nquads", out)
>>> out.getvalue().decode().split(" ")[:2]
['<urn:a>', '<urn:p>']
"""

from __future__ import annotations

from typing import BinaryIO

import pyoxigraph as ox

from graph_model.store import GraphStore
from ontologies.errors import UsageError

__all__ = ["EXPORT_FORMATS", "export"]

EXPORT_FORMATS = {"turtle": ox.RdfFormat.TURTLE, "nquads": ox.RdfFormat.N_QUADS, "jsonld": ox.RdfFormat.JSON_LD,
                  "ntriples": ox.RdfFormat.N_TRIPLES, "trig": ox.RdfFormat.TRIG}
_PREFIXES = {"sg": "https://w3id.org/stratgraph/ontology#", "id": "https://w3id.org/stratgraph/id/",
             "skos": "http://www.w3.org/2004/02/skos/core#", "dct": "http://purl.org/dc/terms/",
             "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#", "xsd": "http://www.w3.org/2001/XMLSchema#"}


def export(store: GraphStore, fmt: str, output: BinaryIO) -> None:
    """Write the store's live sources to ``output`` in ``fmt`` (turtle, nquads, jsonld, ntriples, trig)."""
    if fmt not in EXPORT_FORMATS:
        raise UsageError(f"unknown export format {fmt!r}; choose one of {', '.join(EXPORT_FORMATS)}")
    rdf_format = EXPORT_FORMATS[fmt]
    quads = store.quads()
    data = quads if rdf_format.supports_datasets else (q.triple for q in quads)
    kwargs = {"prefixes": _PREFIXES} if rdf_format in (ox.RdfFormat.TURTLE, ox.RdfFormat.TRIG) else {}
    ox.serialize(data, output, rdf_format, **kwargs)
