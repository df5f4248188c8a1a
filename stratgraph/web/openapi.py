"""The OpenAPI 3.1 description of the app, made from the route table (so a route cannot go undescribed).

>>> from stratgraph.web.pages import ALL_PAGES
>>> spec = openapi(ALL_PAGES)
>>> spec["openapi"], "/idea.json" in spec["paths"], "/healthz" in spec["paths"]
('3.1.0', True, True)
>>> [p["name"] for p in spec["paths"]["/maps/{kind}.json"]["get"]["parameters"]][:2]
['kind', 'level']
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from stratgraph import __version__
from stratgraph.web.views import LANG_PARAM, PAGING, Page, Param

__all__ = ["openapi"]

_PLACEHOLDER = re.compile(r"\{(\w+)\}")
_ERROR = {"description": "Bad input, or no such page: the message says which parameter and why.",
          "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
_WARMING = {"description": "The store is being read; retry after the Retry-After seconds.",
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}


def _schema(p: Param) -> dict:
    if p.kind == "integer":
        schema = {"type": "integer"}
        schema.update({k: v for k, v in (("minimum", p.minimum), ("maximum", p.maximum)) if v is not None})
    elif p.kind == "date":
        schema = {"type": "string", "format": "date"}
    elif p.kind == "choice":
        schema = {"type": "string", "enum": list(p.choices)}
    else:
        schema = {"type": "string", "maxLength": p.max_chars}
    if p.default is not None and p.kind != "choice" or p.default in p.choices:
        schema["default"] = p.default
    return schema


def _operation(page: Page) -> dict:

    in_path = set(_PLACEHOLDER.findall(page.path))
    parameters = [{"name": p.name, "in": "path" if p.name in in_path else "query", "required": p.name in in_path,
                   "description": p.description, "schema": _schema(p)} for p in (*page.params, *PAGING, LANG_PARAM)]
    for parameter in parameters:
        if parameter["in"] == "query":
            parameter["allowEmptyValue"] = True  # an empty field, as an HTML form sends it, means the default
    return {"summary": page.summary, "operationId": "get_" + re.sub(r"\W+", "_", page.path).strip("_"),
            "parameters": parameters,
            "responses": {"200": {"description": "The page's rows, paged.",
                                  "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Page"}}}},
                          "400": _ERROR, "404": _ERROR, "503": _WARMING}}


def openapi(pages: Sequence[Page]) -> dict:
    """The description of every JSON route of ``pages`` plus ``/healthz`` (each page's HTML twin is the
    same path with ``.html``)."""
    paths = {f"/{page.path}.json": {"get": _operation(page)} for page in pages}
    state = {"description": "The state of the app.", "content": {"application/json": {"schema": {"type": "object"}}}}
    paths["/healthz"] = {"get": {"summary": "Whether the store is read and which version is served",
                                 "operationId": "health", "responses": {"200": state}}}
    return {"openapi": "3.1.0",
            "info": {"title": "stratgraph", "version": __version__,
                     "description": "The city's strategy graph: every page of the web app as JSON, the same rows "
                                    "as the command line's --format json."},
            "paths": paths,
            "components": {"schemas": {
                "Page": {"type": "object", "required": ["rows", "page", "size", "total"],
                         "properties": {"rows": {"type": "array", "items": {"type": "object"}},
                                        "page": {"type": "integer", "minimum": 1},
                                        "size": {"type": "integer", "minimum": 1},
                                        "total": {"type": "integer", "minimum": 0}}},
                "Error": {"type": "object", "required": ["error"], "properties": {"error": {"type": "string"}}}}}}
