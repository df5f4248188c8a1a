"""Run an analyst's SPARQL query on the store, with parameters bound as values, never pasted.

Examples
--------
>>> from graph_model.store import GraphStore
>>> with GraphStore(None) as store:
...     run_select(store, "SELECT ?p ?x WHERE { BIND(STRLEN(?p) AS ?x) }", {"p": "hello"})
(['p', 'x'], [['hello', '5']])
"""

from __future__ import annotations

from pathlib import Path

from rdflib.namespace import ORG, PROV, RDFS

from graph_model.export import PREFIXES as EXPORT_PREFIXES
from graph_model.store import GraphStore
from ontologies.errors import NotFoundError, UsageError
from queries.sparql_guard import check_no_service

__all__ = ["PREFIXES", "run_select", "read_query", "SPARQL_DIR"]

SPARQL_DIR = Path(__file__).resolve().parent / "sparql"
# The export's prefixes plus the vocabularies analysts query by (W3C ORG, PROV-O, RDFS).
PREFIXES = {**EXPORT_PREFIXES, "org": str(ORG), "prov": str(PROV), "rdfs": str(RDFS)}


def read_query(text: str | None, file: Path | None) -> str:
    """The query text from ``text`` or ``file`` (exactly one of them)."""
    if (text is None) == (file is None):
        raise UsageError("give a query text or --file, not both and not neither")
    if file is not None:
        try:
            return Path(file).read_text(encoding="utf-8")
        except OSError as exc:
            raise NotFoundError(f"cannot read query file {file}: {exc.strerror}") from exc
    return text


def run_select(store: GraphStore, query: str, params: dict[str, object] | None = None, *,
               allow_service: bool = False) -> tuple[list[str], list[list]]:
    """Run a SELECT query; the common prefixes (sg, id, skos, dct, org, prov, ...) are predeclared.

    ``params`` pre-binds variables: ``{"project": "https://w3id.org/stratgraph/id/P-HNR"}`` binds
    ``?project`` to that IRI (strings that look like IRIs become IRIs, others literals). The values
    travel as RDF terms (SPARQL substitution, SEP-0007), never as query text; Oxigraph requires a
    bound variable to be in the SELECT clause (or use ``SELECT *``). A ``SERVICE`` clause (a request to
    another server) is refused unless ``allow_service`` (see :mod:`queries.sparql_guard`).
    """
    if not allow_service:
        check_no_service(query)
    return store.select(query, params, prefixes=PREFIXES)
