"""Login with the city's OpenID Connect provider (Authlib): authorization code flow with PKCE (S256).

``/login/oidc`` sends the browser to the provider with a fresh ``state``, ``nonce`` and PKCE verifier,
kept server-side (:meth:`graph_model.accounts.Accounts.remember_oidc`, single use, 10 minutes) and tied
to the browser's CSRF token, so a callback URL made for another browser is refused.
``/login/oidc/callback`` takes them back (an unknown or reused ``state``, or another browser: 400),
exchanges the code (with the verifier and the client secret) and verifies the ID token: signature by
the provider's published keys (JWKS), issuer, audience (our client id), expiry, issue time and the nonce.
The account is found by the token's subject, else by its verified e-mail (an admin made the account
first), else a new reader account is made (:meth:`graph_model.accounts.Accounts.oidc_user`): roles come
from the admin, never from the provider's claims. Then a new session starts, as with a password.

Settings: the issuer URL, client id and secret (STRATGRAPH_OIDC_ISSUER, STRATGRAPH_OIDC_CLIENT_ID,
STRATGRAPH_OIDC_CLIENT_SECRET; see :class:`stratgraph.settings.Settings`). The provider's metadata
(``/.well-known/openid-configuration``) is read at the first login.
"""

from __future__ import annotations

import contextlib
import secrets
from dataclasses import dataclass, field

import httpx
from authlib.integrations.base_client import OAuthError
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import PlainTextResponse, RedirectResponse, Response
from starlette.routing import Route

from ontologies.errors import AuthError, StratgraphError
from stratgraph.web.access import csrf_token
from stratgraph.web.accounts.guard import local_path

__all__ = ["OidcSettings", "oidc_routes", "verify_id_token"]

SCOPES = "openid email profile"


@dataclass(frozen=True)
class OidcSettings:
    """The provider: issuer URL (``https://login.example.fi/realms/city``), client id and secret."""

    issuer: str
    client_id: str
    client_secret: str | None = field(default=None, repr=False)
    timeout: float = 10.0


class _Provider:
    """The provider's metadata and keys, read once (keys again when a token names an unknown key)."""

    def __init__(self, settings: OidcSettings):
        self.settings = settings
        self.metadata: dict | None = None
        self.jwks: dict | None = None

    async def meta(self) -> dict:
        if self.metadata is None:
            url = self.settings.issuer.rstrip("/") + "/.well-known/openid-configuration"
            async with httpx.AsyncClient(timeout=self.settings.timeout) as client:
                answer = await client.get(url)
                answer.raise_for_status()
                metadata = answer.json()
            if metadata.get("issuer") != self.settings.issuer.rstrip("/"):
                raise AuthError(f"the provider at {url} says its issuer is {str(metadata.get('issuer'))[:100]!r}")
            self.metadata = metadata
        return self.metadata

    async def keys(self, refresh: bool = False) -> dict:
        if self.jwks is None or refresh:
            async with httpx.AsyncClient(timeout=self.settings.timeout) as client:
                answer = await client.get((await self.meta())["jwks_uri"])
                answer.raise_for_status()
                self.jwks = answer.json()
        return self.jwks

    def client(self, redirect_uri: str):
        from authlib.integrations.httpx_client import AsyncOAuth2Client

        return AsyncOAuth2Client(client_id=self.settings.client_id, client_secret=self.settings.client_secret,
                                 scope=SCOPES, redirect_uri=redirect_uri, code_challenge_method="S256",
                                 timeout=self.settings.timeout)


def verify_id_token(id_token: str, jwks: dict, *, issuer: str, client_id: str, nonce: str,
                    access_token: str | None = None) -> dict:
    """The claims of ``id_token`` once its signature (by ``jwks``), issuer, audience, expiry, issue time,
    nonce and (if present) ``at_hash`` are checked; raise AuthError naming what is wrong."""
    import warnings

    with warnings.catch_warnings():  # Authlib's OIDC claims still use authlib.jose, which warns it will move
        warnings.simplefilter("ignore", DeprecationWarning)
        from authlib.jose import JsonWebKey, jwt
        from authlib.jose.errors import JoseError
        from authlib.oidc.core import CodeIDToken

    refusals: tuple[type[Exception], ...] = (JoseError, ValueError)
    with contextlib.suppress(ImportError):  # Authlib 1.6+ raises joserfc's errors
        from joserfc.errors import JoseError as RfcJoseError

        refusals += (RfcJoseError,)
    try:
        claims = jwt.decode(id_token, JsonWebKey.import_key_set(jwks), claims_cls=CodeIDToken,
                            claims_options={"iss": {"essential": True, "value": issuer}},
                            claims_params={"nonce": nonce, "client_id": client_id, "access_token": access_token})
        claims.validate(leeway=60)
    except refusals as exc:
        raise AuthError(f"the provider's ID token was refused: {exc}") from None
    return dict(claims)


def callback_url(request: Request, path_prefix: str = "") -> str:
    """The full URL the provider sends the browser back to: this request's scheme and host (forwarded
    ones from a trusted proxy), the proxy's path prefix, and ``/login/oidc/callback``.

    >>> from starlette.requests import Request
    >>> scope = {"type": "http", "scheme": "https", "server": ("kaupunki.example", 443), "path": "/login/oidc",
    ...          "headers": [(b"host", b"kaupunki.example")], "query_string": b"", "root_path": ""}
    >>> callback_url(Request(scope), "/strategia/")
    'https://kaupunki.example/strategia/login/oidc/callback'
    >>> callback_url(Request(scope))
    'https://kaupunki.example/login/oidc/callback'
    """
    base = str(request.base_url).rstrip("/")
    return base + "/" + "/".join(p for p in (path_prefix.strip("/"), "login/oidc/callback") if p)


def oidc_routes(accounts, settings, set_session) -> list[Route]:
    """``/login/oidc`` and ``/login/oidc/callback`` for ``settings.oidc``; ``set_session(response, token)``
    gives the browser its new session."""
    provider = _Provider(settings.oidc)

    async def start(request: Request) -> Response:
        try:
            meta = await provider.meta()
        except (httpx.HTTPError, ValueError, KeyError) as exc:
            return PlainTextResponse(f"the city's login service does not answer: {type(exc).__name__}", 502)
        client = provider.client(callback_url(request, settings.path_prefix))
        verifier, nonce = secrets.token_urlsafe(48), secrets.token_urlsafe(24)
        url, state = client.create_authorization_url(meta["authorization_endpoint"], code_verifier=verifier,
                                                     nonce=nonce)
        await run_in_threadpool(accounts.remember_oidc, state, nonce=nonce, verifier=verifier,
                                browser=csrf_token(request), next_path=local_path(request.query_params.get("next")))
        return RedirectResponse(url, status_code=303)

    async def callback(request: Request) -> Response:
        params = request.query_params
        if params.get("error"):
            return PlainTextResponse(f"the provider refused the login: {params.get('error')[:100]}", 400)
        pending = await run_in_threadpool(accounts.take_oidc, params.get("state", "")[:200])
        if pending is None or not secrets.compare_digest(pending["browser"], csrf_token(request)):
            return PlainTextResponse("this login is unknown, used or expired, or was started in another browser:"
                                     " log in again", 400)
        try:
            meta = await provider.meta()
            client = provider.client(callback_url(request, settings.path_prefix))
            token = await client.fetch_token(meta["token_endpoint"], code=params.get("code", "")[:2000],
                                             code_verifier=pending["verifier"])
            jwks = await provider.keys()
            try:
                claims = verify_id_token(token["id_token"], jwks, issuer=meta["issuer"],
                                         client_id=settings.oidc.client_id, nonce=pending["nonce"],
                                         access_token=token.get("access_token"))
            except AuthError:  # the provider may have rotated its keys
                claims = verify_id_token(token["id_token"], await provider.keys(refresh=True), issuer=meta["issuer"],
                                         client_id=settings.oidc.client_id, nonce=pending["nonce"],
                                         access_token=token.get("access_token"))
            email = claims.get("email") if claims.get("email_verified") else None
            user = await run_in_threadpool(accounts.oidc_user, claims["sub"], email, claims.get("name"))
            new_token, _ = await run_in_threadpool(accounts.start_session, user, client=request.client.host
                                                   if request.client else "",
                                                   old_token=request.scope.get("state", {}).get("session_token"))
        except StratgraphError as exc:
            return PlainTextResponse(str(exc), getattr(exc, "status", 400))
        except (httpx.HTTPError, OAuthError, KeyError, ValueError) as exc:  # the provider's answers
            return PlainTextResponse(f"the login with the provider failed: {type(exc).__name__}: {str(exc)[:200]}",
                                     502)
        response = RedirectResponse("../../" + pending["next_path"], status_code=303)  # from /login/oidc/callback
        set_session(response, new_token)
        return response

    return [Route("/login/oidc", start, name="oidc_start"),
            Route("/login/oidc/callback", callback, name="oidc_callback")]
