"""The ``serve`` command: the web app (:mod:`stratgraph.web`) on the embedded store, run by uvicorn."""

from __future__ import annotations

import logging
from pathlib import Path

import click

from stratgraph.settings import Settings

__all__ = ["serve"]


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
@click.pass_context
def serve(ctx: click.Context, store: Path | None, host: str, port: int, lang: str, read_only: bool,
          forwarded_allow_ips: str) -> None:
    """Serve the store (STORE, default --db) as a web app: search, my idea, maps, follow-up, and JSON.

    Pages are read from the store as it is: an ingest from the command line appears without a restart.
    /healthz says which store version is served; /openapi.json describes the JSON. The access log
    leaves out query strings.

    \b
    Example:
        stratgraph demo
        stratgraph serve
        stratgraph serve city.db --port 8080 --lang en --read-only
    """
    import uvicorn

    from stratgraph.web.app import WebSettings, create_app

    db = store or ctx.find_object(Settings).db
    app = create_app(WebSettings(db, lang=lang, read_only=read_only))
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    click.echo(f"serving {db.name} at http://{host}:{port}/ (Ctrl-C stops)", err=True)
    uvicorn.run(app, host=host, port=port, access_log=False, proxy_headers=True,
                forwarded_allow_ips=forwarded_allow_ips, log_level="info")
