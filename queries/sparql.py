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

from rdflib.namespace import DCTERMS, FOAF, ORG, OWL, PROV, RDFS

from graph_model.export import PREFIXES as EXPORT_PREFIXES
from graph_model.schema_types import DATA_NAMESPACE
from graph_model.terms import id_of
from graph_model.store import GraphStore
from ontologies.errors import NotFoundError, UsageError
from queries.sparql_guard import check_no_service

__all__ = ["PREFIXES", "run_select", "read_query", "shorten", "SPARQL_DIR"]

SPARQL_DIR = Path(__file__).resolve().parent / "sparql"
#: Predeclared in every query: the export's prefixes (sg, id, skos, dct, rdf, xsd) plus the vocabularies
#: analysts query by (W3C ORG, PROV-O, RDFS, OWL for match decisions, FOAF; dcterms beside dct).
PREFIXES = {**EXPORT_PREFIXES, "dcterms": str(DCTERMS), "org": str(ORG), "prov": str(PROV), "rdfs": str(RDFS),
            "owl": str(OWL), "foaf": str(FOAF)}
#: Longest namespace first, so that ``id:`` wins over a shorter namespace that also matches.
_SHORT = sorted(((ns, name) for name, ns in PREFIXES.items() if name != "dcterms"), key=lambda p: -len(p[0]))


def shorten(value: str | None) -> str | None:
    """An IRI as a person reads it: a data node's id, else a prefixed name; other values unchanged.

    >>> shorten("https://w3id.org/stratgraph/id/P-HNR"), shorten("http://www.w3.org/2002/07/owl#sameAs")
    ('P-HNR', 'owl:sameAs')
    >>> shorten("https://example.org/x"), shorten("Hiilineutraali Rovaniemi"), shorten(None)
    ('https://example.org/x', 'Hiilineutraali Rovaniemi', None)
    """
    if not value or "://" not in value and not value.startswith("urn:"):
        return value
    for namespace, name in _SHORT:
        if value.startswith(namespace) and len(value) > len(namespace):
            local = value[len(namespace):]
            if namespace == DATA_NAMESPACE:
                return id_of(value) or value
            return f"{name}:{local}" if "/" not in local and "#" not in local else value
    return value


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
               allow_service: bool = False, short: bool = False) -> tuple[list[str], list[list]]:
    """Run a SELECT query; the common prefixes (sg, id, skos, dct, org, prov, ...) are predeclared.

    ``params`` pre-binds variables: ``{"project": "https://w3id.org/stratgraph/id/P-HNR"}`` binds
    ``?project`` to that IRI (strings that look like IRIs become IRIs, others literals). The values
    travel as RDF terms (SPARQL substitution, SEP-0007), never as query text; Oxigraph requires a
    bound variable to be in the SELECT clause (or use ``SELECT *``). A ``SERVICE`` clause (a request to
    another server) is refused unless ``allow_service`` (see :mod:`queries.sparql_guard`). With
    ``short``, IRIs come back as ids or prefixed names (:func:`shorten`).

    >>> run_select(example_store, "SELECT ?g WHERE { ?g a sg:Goal } ORDER BY ?g LIMIT 1", short=True)
    (['g'], [['G1']])
    """
    if not allow_service:
        check_no_service(query)
    names, rows = store.select(query, params, prefixes=PREFIXES)
    if short:
        rows = [[shorten(v) for v in row] for row in rows]
    return names, rows
