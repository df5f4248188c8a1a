"""The ``serve`` command: the web app (:mod:`stratgraph.web`) on the embedded store, run by uvicorn."""

from __future__ import annotations

import logging
from pathlib import Path

import click

from ontologies.errors import UsageError
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
@click.option("--public", is_flag=True,
              help="Readers need no login; persons are pseudonymised (as with --pseudonymise).")
@click.option("--insecure-cookies", is_flag=True,
              help="Cookies without Secure, for plain http on 127.0.0.1 only (development).")
@click.option("--session-idle", type=click.IntRange(1, 24 * 60), default=30, show_default=True,
              help="Minutes without a request after which a session ends.")
@click.option("--session-max", type=click.IntRange(1, 24 * 30), default=12, show_default=True,
              help="Hours after login after which a session ends.")
@click.pass_context
def serve(ctx: click.Context, store: Path | None, host: str, port: int, lang: str, read_only: bool,
          forwarded_allow_ips: str, public: bool, insecure_cookies: bool, session_idle: int,
          session_max: int) -> None:
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
    """
    import uvicorn

    from stratgraph.web.app import WebSettings, create_app

    if insecure_cookies and host not in ("127.0.0.1", "localhost", "::1"):
        raise UsageError(f"--insecure-cookies is for plain http on 127.0.0.1 only, not on {host}: "
                         "serve https (e.g. behind a reverse proxy) instead")
    settings = ctx.find_object(Settings)
    db = store or settings.db
    app = create_app(WebSettings(db, lang=lang, read_only=read_only, public=public,
                                 secure_cookies=not insecure_cookies, idle_seconds=60 * session_idle,
                                 absolute_seconds=3600 * session_max, oidc=oidc_settings(settings)))
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    click.echo(f"serving {db.name} at http://{host}:{port}/ (Ctrl-C stops)", err=True)
    uvicorn.run(app, host=host, port=port, access_log=False, proxy_headers=True,
                forwarded_allow_ips=forwarded_allow_ips, log_level="info")


def oidc_settings(settings: Settings):
    """The OIDC provider of ``settings`` (None when no issuer is set); UsageError when half set."""
    if not settings.oidc_issuer:
        return None
    if not settings.oidc_client_id:
        raise UsageError("STRATGRAPH_OIDC_ISSUER is set but STRATGRAPH_OIDC_CLIENT_ID is not")
    from stratgraph.web.accounts.oidc import OidcSettings

    return OidcSettings(settings.oidc_issuer, settings.oidc_client_id, settings.oidc_client_secret)
