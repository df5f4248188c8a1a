"""A ``name`` for every node pushed to Neo4j, so that Neo4j Browser and Bloom caption nodes by name.

Browser captions a node by its ``name`` or ``title`` property; ours carry ``label_fi``, ``label_en``...
``name`` is the label in the schema's first (default) language, else in another, else the end of the
node's IRI. It is a caption only: the pull back to RDF ignores it (it is not a schema property), so the
round trip RDF -> Neo4j -> RDF stays lossless.

>>> with_name({"label_en": "Climate", "label_fi": ["Ilmasto", "Ilmastotyö"]}, ("fi", "sv", "en"), "urn:x")["name"]
'Ilmasto'
>>> with_name({}, ("fi",), "https://w3id.org/stratgraph/id/P-HNR")["name"]
'P-HNR'
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

__all__ = ["CAPTION", "with_name"]

#: The property Browser and Bloom caption nodes with.
CAPTION = "name"


def with_name(props: dict[str, Any], languages: Sequence[str] | None, key: str) -> dict[str, Any]:
    """``props`` with :data:`CAPTION` set (in place, and returned); ``languages`` default: the schema's."""
    if languages is None:
        from ontologies.schema import load_schema

        languages = load_schema().languages
    for candidate in [*(f"label_{lang}" for lang in languages), "label"]:
        value = props.get(candidate)
        if value:
            props[CAPTION] = value[0] if isinstance(value, list) else value
            return props
    tail = key.rstrip("/#").rsplit("/", 1)[-1].rsplit("#", 1)[-1]
    props[CAPTION] = tail or key
    return props
