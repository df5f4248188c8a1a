"""Several worker processes for ``stratgraph serve --workers N``: uvicorn starts each from an import string,
so each builds its app from the settings the command put in the environment.

One Python process answers one request at a time with its CPU-bound work (the GIL), so on a machine
with several cores one process queues what the others could answer. Each worker holds its own snapshot
of the store (memory: about one snapshot per worker) and reads the store only while it loads one, as
the single process does: the CLI stays the one writer, and a worker that finds the store held by it
reads the writer's checkpoint (:mod:`graph_model.store`).

Examples
--------
>>> settings = WebSettings(Path("/srv/city.db"), lang="en", read_only=True, public=True, idle_seconds=600)
>>> environ = settings_environ(settings)
>>> sorted(environ)[:3], settings_from_environ(environ) == settings
(['STRATGRAPH_WEB_DB', 'STRATGRAPH_WEB_SETTINGS'], True)
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from dataclasses import asdict
from pathlib import Path

from stratgraph.web.app import WebSettings, create_app

__all__ = ["settings_environ", "settings_from_environ", "worker_app", "WORKER_APP"]

#: What uvicorn imports in each worker (a factory: it is called once per worker).
WORKER_APP = "stratgraph.web.workers:worker_app"


def settings_environ(settings: WebSettings) -> dict[str, str]:
    """The environment variables that carry ``settings`` to the worker processes (the OIDC client
    secret among them: the workers are this command's own children)."""
    fields = asdict(settings)
    fields.pop("db")
    return {"STRATGRAPH_WEB_DB": str(Path(settings.db).resolve()),
            "STRATGRAPH_WEB_SETTINGS": json.dumps(fields, default=str)}


def settings_from_environ(environ: Mapping[str, str] = os.environ) -> WebSettings:
    """The settings :func:`settings_environ` wrote (a worker's view of the command's options)."""
    fields = json.loads(environ.get("STRATGRAPH_WEB_SETTINGS") or "{}")
    if fields.get("oidc"):
        from stratgraph.web.accounts.oidc import OidcSettings

        fields["oidc"] = OidcSettings(**fields["oidc"])
    return WebSettings(Path(environ["STRATGRAPH_WEB_DB"]), **fields)


def worker_app():
    """The app of one worker process, from the environment's settings."""
    return create_app(settings_from_environ())
