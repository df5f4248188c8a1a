"""The ``serve`` command: the web app (:mod:`stratgraph.web`) on the embedded store, run by uvicorn."""

from __future__ import annotations

import logging
from pathlib import Path

import click

from stratgraph.settings import Settings

__all__ = ["serve", "KEEP_ALIVE_S", "WORKER_HEALTHCHECK_S"]

#: Seconds an idle keep-alive connection stays open. uvicorn's 5 s closed connections that a client,
#: slowed down on a busy machine, was just reusing: it got "Remote end closed connection without
#: response" (bench/serve.py at region scale). Above the usual proxy and client idle timeouts (60 s).
KEEP_ALIVE_S = 75
#: Seconds a worker may take to answer its supervisor's ping before it is killed and restarted. uvicorn's
#: 5 s killed every worker that was reading a region-scale store (the ping waits for the GIL): none got ready.
WORKER_HEALTHCHECK_S = 600


@click.command()
@click.argument("store", required=False, type=click.Path(path_type=Path))
@click.option("--host", default="127.0.0.1", show_default=True,
              help="The address to listen on (127.0.0.1: this machine only; put a reverse proxy in front).")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True)
@click.option("--lang", type=click.Choice(["fi", "en"]), default="fi", show_default=True,
              help="The pages' language until a reader switches.")
@click.option("--read-only", is_flag=True, help="Never write to the store (the app offers no edits then).")
@click.option("--forwarded-allow-ips", default="127.0.0.1", show_default=True,
              help="Proxies whose X-Forwarded-* headers are trusted.")
@click.option("--workers", type=click.IntRange(1, 64), default=1, show_default=True,
              help="Worker processes: about one per core; each holds its own copy of the store in memory.")
@click.option("--keep-alive", type=click.IntRange(1, 3600), default=KEEP_ALIVE_S, show_default=True,
              help="Seconds an idle connection stays open; keep it above a reverse proxy's idle timeout.")
@click.pass_context
def serve(ctx: click.Context, store: Path | None, host: str, port: int, lang: str, read_only: bool,
          forwarded_allow_ips: str, workers: int, keep_alive: int) -> None:
    """Serve the store (STORE, default --db) as a web app: search, my idea, maps, follow-up, and JSON.

    Pages are read from the store as it is: an ingest from the command line appears without a restart.
    /healthz says which store version is served; /openapi.json describes the JSON. The access log
    leaves out query strings.

    \b
    Example:
        stratgraph demo
        stratgraph serve
        stratgraph serve city.db --port 8080 --lang en --read-only
        stratgraph serve city.db --workers 2
    """
    import os

    import uvicorn

    from stratgraph.web.app import WebSettings, create_app
    from stratgraph.web.workers import WORKER_APP, settings_environ

    db = store or ctx.find_object(Settings).db
    settings = WebSettings(db, lang=lang, read_only=read_only)
    app = create_app(settings)  # says so now when there is no store
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    click.echo(f"serving {db.name} at http://{host}:{port}/ with {workers} worker(s) (Ctrl-C stops)", err=True)
    if workers > 1:
        os.environ.update(settings_environ(settings))
        app, factory = WORKER_APP, True
    else:
        factory = False
    uvicorn.run(app, factory=factory, workers=workers, host=host, port=port, access_log=False, proxy_headers=True,
                forwarded_allow_ips=forwarded_allow_ips, log_level="info", timeout_keep_alive=keep_alive,
                timeout_worker_healthcheck=WORKER_HEALTHCHECK_S)
