"""The web app (``stratgraph serve``): the report's pages live from the store, each also as JSON.

See :mod:`stratgraph.web.app` (the ASGI app), :mod:`stratgraph.web.live` (the store in memory, refreshed
when a source changes) and :mod:`stratgraph.web.pages` (one module per page family).
"""

from __future__ import annotations

__all__ = ["create_app", "WebSettings"]


def __getattr__(name: str):
    if name in __all__:  # Starlette is imported only when the web app is used
        from stratgraph.web import app

        return getattr(app, name)
    raise AttributeError(name)
