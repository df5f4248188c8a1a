"""The ``serve`` command: the web app (:mod:`stratgraph.web`) on the embedded store, run by uvicorn."""

from __future__ import annotations

import logging
from pathlib import Path

import click

from ontologies.errors import UsageError
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
@click.option("--path-prefix", default="", metavar="PATH",
              help="The path a reverse proxy serves the app under (e.g. /strategia): the OIDC callback URL "
                   "carries it; links are relative and need none.")
@click.option("--public", is_flag=True,
              help="Readers need no login; persons are pseudonymised (as with --pseudonymise).")
@click.option("--insecure-cookies", is_flag=True,
              help="Cookies without Secure, for plain http on 127.0.0.1 only (development).")
@click.option("--session-idle", type=click.IntRange(1, 24 * 60), default=30, show_default=True,
              help="Minutes without a request after which a session ends.")
@click.option("--session-max", type=click.IntRange(1, 24 * 30), default=12, show_default=True,
              help="Hours after login after which a session ends.")
@click.option("--workers", type=click.IntRange(1, 64), default=1, show_default=True,
              help="Worker processes: about one per core; each holds its own copy of the store in memory.")
@click.option("--keep-alive", type=click.IntRange(1, 3600), default=KEEP_ALIVE_S, show_default=True,
              help="Seconds an idle connection stays open; keep it above a reverse proxy's idle timeout.")
@click.pass_context
def serve(ctx: click.Context, store: Path | None, host: str, port: int, lang: str, read_only: bool,
          forwarded_allow_ips: str, path_prefix: str, public: bool, insecure_cookies: bool, session_idle: int,
          session_max: int, workers: int, keep_alive: int) -> None:
    """Serve the store (STORE, default --db) as a web app: search, my idea, maps, follow-up, and JSON.

    Pages are read from the store as it is: an ingest from the command line appears without a restart.
    /healthz says which store version is served; /openapi.json describes the JSON. The access log
    leaves out query strings.

    Everything but /healthz, /static and the login pages needs a login (accounts: `stratgraph users`,
    or the city's OIDC provider from STRATGRAPH_OIDC_ISSUER, STRATGRAPH_OIDC_CLIENT_ID and
    STRATGRAPH_OIDC_CLIENT_SECRET); with --public, reading needs none.

    \b
    Example:
        stratgraph demo
        stratgraph users add admin --role admin
        stratgraph serve --insecure-cookies
        stratgraph serve city.db --port 8080 --lang en --read-only --public
        stratgraph serve city.db --workers 2
        stratgraph serve city.db --path-prefix /strategia --forwarded-allow-ips 10.0.0.5
    """
    import os
    import re

    import uvicorn

    from stratgraph.web.app import WebSettings, create_app
    from stratgraph.web.workers import WORKER_APP, settings_environ

    if insecure_cookies and host not in ("127.0.0.1", "localhost", "::1"):
        raise UsageError(f"--insecure-cookies is for plain http on 127.0.0.1 only, not on {host}: "
                         "serve https (e.g. behind a reverse proxy) instead")
    if path_prefix and not re.fullmatch(r"(/(?!\.+(/|$))[A-Za-z0-9._~-]+)+/?", path_prefix):
        raise UsageError(f"--path-prefix must be a path such as /strategia (letters, digits, . _ ~ -), "
                         f"not {path_prefix[:100]!r}")
    settings = ctx.find_object(Settings)
    db = store or settings.db
    web = WebSettings(db, lang=lang, read_only=read_only, public=public, secure_cookies=not insecure_cookies,
                      idle_seconds=60 * session_idle, absolute_seconds=3600 * session_max,
                      oidc=oidc_settings(settings), path_prefix=path_prefix.rstrip("/"))
    app = create_app(web)  # says so now when there is no store
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    click.echo(f"serving {db.name} at http://{host}:{port}/ with {workers} worker(s) (Ctrl-C stops)", err=True)
    if workers > 1:
        os.environ.update(settings_environ(web))
        app, factory = WORKER_APP, True
    else:
        factory = False
    uvicorn.run(app, factory=factory, workers=workers, host=host, port=port, access_log=False, proxy_headers=True,
                forwarded_allow_ips=forwarded_allow_ips, log_level="info", timeout_keep_alive=keep_alive,
                timeout_worker_healthcheck=WORKER_HEALTHCHECK_S)


def oidc_settings(settings: Settings):
    """The OIDC provider of ``settings`` (None when no issuer is set); UsageError when half set."""
    if not settings.oidc_issuer:
        return None
    if not settings.oidc_client_id:
        raise UsageError("STRATGRAPH_OIDC_ISSUER is set but STRATGRAPH_OIDC_CLIENT_ID is not")
    from stratgraph.web.accounts.oidc import OidcSettings

    return OidcSettings(settings.oidc_issuer, settings.oidc_client_id, settings.oidc_client_secret)
