"""OIDC login against a real provider (Keycloak, started by the ``keycloak`` fixture): authorization code
with PKCE, state and nonce, the ID token verified; the account found by its verified e-mail; a callback
replayed or brought to another browser is refused. The ID token checks also run on tokens signed here."""

from __future__ import annotations

import html
import re
import secrets
import time

import httpx
import pytest
from starlette.testclient import TestClient

from graph_model.accounts import Accounts
from ontologies.errors import AuthError
from stratgraph.web.accounts.oidc import OidcSettings, verify_id_token
from stratgraph.web.app import WebSettings, create_app

CLIENT_ID, SECRET = "stratgraph-web", "test-only-secret-not-for-production"  # tests/data/keycloak/stratgraph-realm.json


def provider_login(start: httpx.Response, username: str, password: str, prefix: str = "") -> str:
    """Follow the app's redirect to Keycloak, fill its login form as a person would, and return the
    callback path (with the query) Keycloak sends the browser back to."""
    assert start.status_code == 303, start.text[:300]
    keycloak = httpx.Client(follow_redirects=False, timeout=60)
    form = keycloak.get(start.headers["location"])
    assert form.status_code == 200, form.text[:300]
    # Keycloak's cookies are Secure; over plain http on 127.0.0.1 a browser sends them, httpx does not
    cookies = "; ".join(f"{c.name}={c.value}" for c in keycloak.cookies.jar)
    action = html.unescape(re.search(r'<form[^>]+action="([^"]+)"', form.text).group(1))
    back = keycloak.post(action, data={"username": username, "password": password, "credentialId": ""},
                         headers={"Cookie": cookies})
    assert back.status_code == 302, back.text[:500]
    url = httpx.URL(back.headers["location"])
    assert url.path == prefix + "/login/oidc/callback" and "code=" in str(url)
    return url.raw_path.decode()


@pytest.fixture(scope="module")
def oidc_app(example_db, keycloak):
    app = create_app(WebSettings(example_db, warm=False, oidc=OidcSettings(keycloak, CLIENT_ID, SECRET)))
    with TestClient(app):
        yield app


def _browser(app) -> TestClient:
    return TestClient(app, base_url="https://testserver", follow_redirects=False)


@pytest.mark.slow
def test_oidc_login_gives_the_account_an_admin_made_for_that_email(oidc_app, example_db):
    accounts = Accounts(example_db)
    if not any(u.email == "eeva.editor@example.org" for u in accounts.users()):
        accounts.add(f"eeva-{secrets.token_hex(2)}", email="eeva.editor@example.org", roles=["editor"],
                     scopes=["SEC-ELVO"], display_name="Eeva Editori")
    browser = _browser(oidc_app)
    assert browser.get("/silos.html").status_code == 303
    login_page = browser.get("/login?next=/silos.html")
    assert 'href="login/oidc?next=silos.html"' in login_page.text
    callback = provider_login(browser.get("/login/oidc?next=/silos.html"), "eeva", "eeva-oidc-password")
    done = browser.get(callback)
    assert done.status_code == 303 and done.headers["location"] == "../../silos.html", done.text[:300]
    me = browser.get("/whoami.json").json()["user"]
    assert me["email"] == "eeva.editor@example.org" and me["roles"] == ["editor"] and me["scopes"] == ["SEC-ELVO"]
    assert me["oidc_subject"], "the account is now tied to the provider's subject"
    page = browser.get("/silos.html")
    assert page.status_code == 200 and "Eeva Editori" in page.text
    replayed = _browser(oidc_app)
    replayed.cookies = browser.cookies
    assert replayed.get(callback).status_code == 400, "a state is used once"


@pytest.mark.slow
def test_an_unknown_person_gets_a_reader_account_and_a_callback_in_another_browser_is_refused(oidc_app):
    started_here = _browser(oidc_app)
    callback = provider_login(started_here.get("/login/oidc"), "lauri", "lauri-oidc-password")
    elsewhere = _browser(oidc_app)
    refused = elsewhere.get(callback)
    assert refused.status_code == 400 and "another browser" in refused.text
    assert elsewhere.get("/whoami.json").json()["user"] is None
    callback = provider_login(started_here.get("/login/oidc"), "lauri", "lauri-oidc-password")
    assert started_here.get(callback).status_code == 303
    me = started_here.get("/whoami.json").json()["user"]
    assert me["roles"] == ["reader"] and me["display_name"] == "Lauri Lukija"


@pytest.mark.slow
def test_behind_a_proxy_under_a_path_prefix_the_callback_carries_the_prefix(example_db, keycloak):
    app = create_app(WebSettings(example_db, warm=False, oidc=OidcSettings(keycloak, CLIENT_ID, SECRET),
                                 path_prefix="/strategia"))
    with TestClient(app):
        browser = _browser(app)
        start = browser.get("/login/oidc")  # the proxy took /strategia off
        sent = dict(httpx.URL(start.headers["location"]).params)
        assert sent["redirect_uri"] == "https://testserver/strategia/login/oidc/callback"
        callback = provider_login(start, "lauri", "lauri-oidc-password", prefix="/strategia")
        done = browser.get(callback.removeprefix("/strategia"))  # the proxy again
        assert done.status_code == 303, done.text[:300]
        assert browser.get("/whoami.json").json()["user"]["display_name"] == "Lauri Lukija"


@pytest.mark.slow
def test_a_wrong_password_at_the_provider_never_reaches_the_app(oidc_app):
    browser = _browser(oidc_app)
    with pytest.raises(AssertionError):
        provider_login(browser.get("/login/oidc"), "lauri", "not-the-password")
    assert browser.get("/whoami.json").json()["user"] is None


# -- the ID token checks, on tokens signed here with a real key -------------------------------------------

@pytest.fixture(scope="module")
def signer():
    from authlib.jose import JsonWebKey

    key = JsonWebKey.generate_key("RSA", 2048, is_private=True, options={"kid": "k1"})
    return key, {"keys": [key.as_dict(is_private=False)]}


def _token(key, **claims) -> str:
    from authlib.jose import jwt

    now = int(time.time())
    body = {"iss": "https://idp.example", "aud": CLIENT_ID, "sub": "s1", "nonce": "n1", "iat": now, "exp": now + 300,
            **claims}
    return jwt.encode({"alg": "RS256", "kid": "k1"}, {k: v for k, v in body.items() if v is not None}, key).decode()


@pytest.mark.parametrize("claims, nonce, says", [
    ({"iss": "https://evil.example"}, "n1", "iss"),
    ({"aud": "someone-else"}, "n1", "aud|azp"),
    ({}, "another-nonce", "nonce"),
    ({"exp": int(time.time()) - 3600}, "n1", "expired"),
    ({"nonce": None}, "n1", "nonce"),
])
def test_id_tokens_with_a_wrong_claim_are_refused(signer, claims, nonce, says):
    key, jwks = signer
    assert verify_id_token(_token(key), jwks, issuer="https://idp.example", client_id=CLIENT_ID, nonce="n1")["sub"] == "s1"
    with pytest.raises(AuthError, match=says):
        verify_id_token(_token(key, **claims), jwks, issuer="https://idp.example", client_id=CLIENT_ID, nonce=nonce)


def test_an_id_token_signed_by_another_key_is_refused(signer):
    from authlib.jose import JsonWebKey

    _, jwks = signer
    other = JsonWebKey.generate_key("RSA", 2048, is_private=True, options={"kid": "k1"})
    with pytest.raises(AuthError, match="refused"):
        verify_id_token(_token(other), jwks, issuer="https://idp.example", client_id=CLIENT_ID, nonce="n1")
