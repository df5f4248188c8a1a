"""Export the live sources as Turtle (their union), N-Quads (with source graphs) or JSON-LD.

The one table of RDF formats and prefixes; :func:`graph_model.neo4j_pull.write_rdf` serialises with it too.

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

from collections.abc import Iterable, Mapping
from typing import Any, BinaryIO

import pyoxigraph as ox
from rdflib.namespace import DCTERMS, RDF, SKOS, XSD

from graph_model.schema_types import DATA_NAMESPACE, SG
from graph_model.store import GraphStore
from ontologies.errors import UsageError

__all__ = ["EXPORT_FORMATS", "PREFIXES", "export", "serialize"]

EXPORT_FORMATS = {"turtle": ox.RdfFormat.TURTLE, "nquads": ox.RdfFormat.N_QUADS, "jsonld": ox.RdfFormat.JSON_LD,
                  "ntriples": ox.RdfFormat.N_TRIPLES, "trig": ox.RdfFormat.TRIG}
PREFIXES = {"sg": str(SG._NS), "id": DATA_NAMESPACE, "skos": str(SKOS), "dct": str(DCTERMS), "rdf": str(RDF),
            "xsd": str(XSD)}


def serialize(quads: Iterable[ox.Quad], fmt: str, output: BinaryIO, *,
              formats: Mapping[str, ox.RdfFormat] = EXPORT_FORMATS, what: str = "export format",
              sort_triples: bool = False) -> None:
    """Write ``quads`` in ``fmt`` (one of ``formats``); formats without graphs get the triples (sorted if asked).

    >>> import io
    >>> out = io.BytesIO()
    >>> serialize([ox.Quad(ox.NamedNode("urn:a"), ox.NamedNode("urn:p"), ox.Literal("1"))], "turtle", out)
    >>> b"<urn:a> <urn:p> \\"1\\" ." in out.getvalue(), b"@prefix sg:" in out.getvalue()
    (True, True)
    """
    if fmt not in formats:
        raise UsageError(f"unknown {what} {fmt!r}; choose one of {', '.join(formats)}")
    rdf_format = formats[fmt]
    data: Any
    if rdf_format.supports_datasets:
        data = quads
    elif sort_triples:
        data = sorted({q.triple for q in quads}, key=str)
    else:
        data = (q.triple for q in quads)
    kwargs = {"prefixes": PREFIXES} if rdf_format in (ox.RdfFormat.TURTLE, ox.RdfFormat.TRIG) else {}
    ox.serialize(data, output, rdf_format, **kwargs)


def export(store: GraphStore, fmt: str, output: BinaryIO) -> None:
    """Write the store's live sources to ``output`` in ``fmt`` (turtle, nquads, jsonld, ntriples, trig)."""
    serialize(store.quads(), fmt, output)
