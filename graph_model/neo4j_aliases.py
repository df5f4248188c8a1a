"""Undoing :func:`graph_model.neo4j_same_as.merge_same_as` when the RDF is read back from Neo4j.

A canonical node keeps its merged aliases' own triples as N-Quads lines, and a moved relationship keeps
the alias it started or ended at; these two functions give them back. They live below both the folding
(``neo4j_same_as``) and the unfolding (``neo4j_unfold``) modules, which both need them.

>>> endpoints("urn:b", "urn:c", {"_sg_o": "urn:a"})
('urn:b', 'urn:a')
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

import pyoxigraph as ox

__all__ = ["alias_quads", "endpoints"]


def alias_quads(props: Mapping[str, Any]) -> Iterator[ox.Quad]:
    """The merged aliases' own quads that a canonical node keeps (none for an ordinary node).

    >>> [str(q) for q in alias_quads({"_sg_alias_quads": ['<urn:a> <urn:p> "x" <urn:g>']})]
    ['<urn:a> <urn:p> "x" <urn:g>']
    """
    lines = props.get("_sg_alias_quads")
    if not lines:
        return iter(())
    doc = "".join(f"{line} .\n" for line in ([lines] if isinstance(lines, str) else lines)).encode("utf-8")
    return iter(ox.parse(doc, format=ox.RdfFormat.N_QUADS))


def endpoints(s_iri: str, o_iri: str, props: Mapping[str, Any]) -> tuple[str, str]:
    """A relationship's start and end IRIs in the RDF: the aliases it was moved from, if any.

    >>> endpoints("urn:b", "urn:c", {"_sg_s": "urn:a"})
    ('urn:a', 'urn:c')
    """
    return props.get("_sg_s") or s_iri, props.get("_sg_o") or o_iri
