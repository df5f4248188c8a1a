"""Accounts in the app, over HTTP: login and logout, session fixation and revocation, idle expiry, CSRF on
every unsafe route, throttled logins, the admin page, and the header saying who is logged in."""

from __future__ import annotations

import re
import secrets

import pytest
from starlette.testclient import TestClient

from graph_model.accounts import FREE_FAILURES, Accounts
from ontologies.errors import AuthError, ThrottledError
from stratgraph.web.accounts.guard import UNSAFE_METHODS, cookie_names
from stratgraph.web.app import WebSettings, create_app
from tests.helpers import PAYLOADS

SESSION, CSRF = cookie_names(True)


@pytest.fixture(scope="module")
def app(example_db):
    application = create_app(WebSettings(example_db, warm=False))
    with TestClient(application):
        yield application


@pytest.fixture
def browser(app):
    """A client as a browser has it: https, cookies kept, redirects not followed."""
    return TestClient(app, base_url="https://testserver", follow_redirects=False)


@pytest.fixture
def admin(example_db):
    login = f"admin-{secrets.token_hex(3)}"
    Accounts(example_db).add(login, password="admin-password-1", roles=["admin"], display_name="Anni Admin")
    return login


def _form_token(page: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)


def _log_in(browser: TestClient, login: str, password: str, next_path: str = "/index.html"):
    page = browser.get("/login")
    assert page.status_code == 200
    return browser.post("/login", data={"login": login, "password": password, "next": next_path,
                                        "csrf_token": _form_token(page.text)})


def test_pages_need_a_login_and_come_back_after_it(browser, admin):
    first = browser.get("/goals/G11.html?lang=en")
    assert first.status_code == 303 and first.headers["location"] == "../login?next=goals%2FG11.html%3Flang%3Den"
    assert browser.get("/silos.json").status_code == 401
    assert browser.get("/healthz").status_code == 200 and browser.get("/static/web.css").status_code == 200
    answer = _log_in(browser, admin, "admin-password-1", "/goals/G11.html?lang=en")
    assert answer.status_code == 303 and answer.headers["location"] == "goals/G11.html?lang=en"
    cookie = answer.headers["set-cookie"]
    assert cookie.startswith(f"{SESSION}=") and all(f in cookie for f in ("HttpOnly", "Secure", "SameSite=lax", "Path=/"))
    page = browser.get("/goals/G11.html")
    assert page.status_code == 200 and "Anni Admin" in page.text and 'action="../logout"' in page.text
    assert browser.get("/whoami.json").json()["user"]["login"] == admin


def test_a_login_never_sends_anyone_to_another_site(browser, admin):
    for target in ("https://evil.example/", "//evil.example/x", "/\\evil.example"):
        answer = _log_in(browser, admin, "admin-password-1", target)
        assert answer.headers["location"] == "index.html"


def test_login_rotates_the_session_so_a_planted_one_is_useless(browser, admin, example_db):
    planted, _ = Accounts(example_db).start_session(Accounts(example_db).get(admin))  # an attacker's own session
    browser.cookies.set(SESSION, planted)
    answer = _log_in(browser, admin, "admin-password-1")
    fresh = answer.cookies.get(SESSION)
    assert fresh and fresh != planted
    assert Accounts(example_db).session(planted) is None, "the session the browser came with must end at login"
    assert browser.get("/silos.json").status_code == 200


def test_logout_and_revocation_end_the_session(browser, admin, example_db):
    _log_in(browser, admin, "admin-password-1")
    token = browser.cookies.get(SESSION)
    page = browser.get("/index.html")
    assert browser.post("/logout", data={"csrf_token": _form_token(page.text)}).status_code == 303
    stolen = TestClient(browser.app, base_url="https://testserver", cookies={SESSION: token}, follow_redirects=False)
    assert stolen.get("/silos.json").status_code == 401, "a logged-out session must be refused"
    _log_in(browser, admin, "admin-password-1")
    assert Accounts(example_db).revoke_sessions(admin) >= 1
    assert browser.get("/silos.json").status_code == 401, "a revoked session must be refused"


def test_sessions_expire_when_idle_and_at_their_absolute_end(example_db):
    now = [1_000_000.0]
    accounts = Accounts(example_db, idle=60, absolute=300, clock=lambda: now[0])
    user = accounts.add(f"clock-{secrets.token_hex(3)}", password="clock-password-1")
    token, _ = accounts.start_session(user)
    now[0] += 59
    assert accounts.session(token) is not None
    now[0] += 61
    assert accounts.session(token) is None, "idle for 61 s with a 60 s limit"
    token, _ = accounts.start_session(user)
    for _ in range(6):
        now[0] += 55
        alive = accounts.session(token) is not None
    assert not alive, "used every 55 s, but 330 s after login with a 300 s limit"


def test_every_unsafe_method_on_every_route_without_a_token_is_refused(app, admin, example_db):
    token, session = Accounts(example_db).start_session(Accounts(example_db).get(admin))
    routes = [(m, r.path) for r in app.app.app.router.routes for m in sorted(getattr(r, "methods", None) or {"GET"})]
    paths = {p.replace("{login}", admin).replace("{fmt}", "json").replace("{folder}", "projects")
             .replace("{name}", "P-HNR").replace("{variant}", "metrics").replace("{kind}", "collaboration")
             for _, p in routes} | {"/static/web.css"}
    refused = tried = 0
    almost = session.csrf[:-1] + ("B" if session.csrf.endswith("A") else "A")
    client = TestClient(app, base_url="https://testserver", cookies={SESSION: token}, follow_redirects=False)
    for path, method in [(p, m) for p in sorted(paths) for m in sorted(UNSAFE_METHODS)]:
        for headers, data in (({}, {}), ({"X-CSRF-Token": "x" * 43}, {}), ({}, {"csrf_token": "y" * 43}),
                              ({"X-CSRF-Token": almost}, {})):
            answer = client.request(method, path, headers=headers, data=data)
            tried += 1
            if answer.status_code == 403 and "CSRF" in answer.text or answer.status_code == 404:
                refused += answer.status_code == 403
            else:
                pytest.fail(f"{method} {path} without a right token: {answer.status_code} {answer.text[:200]}")
    print(f"RESULT csrf_refusals tried={tried} refused={refused}")
    assert refused > 100
    ok = client.post("/admin/users/" + admin, data={"do": "revoke", "csrf_token": session.csrf})
    assert ok.status_code == 303, "the right token in the form passes"


def test_the_login_form_needs_its_token_too(browser, admin):
    answer = browser.post("/login", data={"login": admin, "password": "admin-password-1"})
    assert answer.status_code == 403 and "CSRF" in answer.text and f"{SESSION}=" not in answer.headers.get("set-cookie", "")


def test_failed_logins_lock_the_account_with_a_growing_delay(example_db):
    now = [2_000_000.0]
    accounts = Accounts(example_db, clock=lambda: now[0])
    login = f"slow-{secrets.token_hex(3)}"
    accounts.add(login, password="the-right-password")
    waits = []
    for attempt in range(FREE_FAILURES + 10):  # a new address each time: the account's own lock
        try:
            accounts.check_password(login, "wrong-password", client=f"10.0.0.{attempt}")
        except ThrottledError as exc:
            waits.append(exc.retry_after)
            now[0] += exc.retry_after
        except AuthError:
            waits.append(0)
    print(f"RESULT login_throttle free_failures={FREE_FAILURES} waits_s={'/'.join(map(str, waits))}")
    assert waits[:FREE_FAILURES + 1] == [0] * (FREE_FAILURES + 1)
    locks = [w for w in waits if w]
    assert len(locks) >= 4 and all(b > a for a, b in zip(locks, locks[1:])), waits
    with pytest.raises(AuthError):
        accounts.check_password(login, "wrong-password", client="10.1.1.1")  # locks again
    with pytest.raises(ThrottledError, match="too many failed logins for this account"):
        accounts.check_password(login, "the-right-password", client="10.1.1.2")  # even the right one waits
    now[0] += 10_000
    assert accounts.check_password(login, "the-right-password", client="10.1.1.3").login == login


def test_the_app_answers_429_while_an_address_is_locked(app, example_db):
    browser = TestClient(app, base_url="https://testserver", follow_redirects=False, client=("192.0.2.7", 40000))
    login = f"victim-{secrets.token_hex(3)}"
    Accounts(example_db).add(login, password="victim-password-1")
    statuses = [_log_in(browser, f"guess-{i}-{login}", "wrong-guess-1").status_code for i in range(FREE_FAILURES + 2)]
    assert statuses[:FREE_FAILURES] == [401] * FREE_FAILURES and statuses[-1] == 429, statuses
    locked = _log_in(browser, login, "victim-password-1")
    assert locked.status_code == 429 and int(locked.headers["retry-after"]) >= 1
    assert "Liian monta epäonnistunutta kirjautumista tästä osoitteesta" in locked.text, "in the page's language"
    browser.cookies.set("lang", "en")
    assert "Too many failed logins from this address" in _log_in(browser, login, "victim-password-1").text


def test_the_admin_creates_an_editor_and_payloads_stay_text(browser, admin, example_db):
    _log_in(browser, admin, "admin-password-1")
    page = browser.get("/admin/users.html")
    assert page.status_code == 200 and admin in page.text
    login = f"ed-{secrets.token_hex(3)}"
    answer = browser.post("/admin/users", data={"login": login, "display_name": PAYLOADS[0], "email": "e@example.org",
                                                "password": "editor-password-1", "roles": ["editor"],
                                                "scopes": "SEC-ELVO", "csrf_token": _form_token(page.text)})
    assert answer.status_code == 303
    page = browser.get("/admin/users.html")
    assert PAYLOADS[0] not in page.text and login in page.text
    user = Accounts(example_db).get(login)
    assert user.roles == ("editor",) and user.scopes == ("SEC-ELVO",) and user.display_name == PAYLOADS[0]
    bad = browser.post("/admin/users", data={"login": login, "roles": ["boss"], "csrf_token": _form_token(page.text)})
    assert bad.status_code == 400 and "unknown role &#39;boss&#39;" in bad.text
    token = _form_token(page.text)
    browser.post(f"/admin/users/{login}", data={"do": "roles", "roles": ["reviewer"], "scopes": "", "csrf_token": token})
    assert Accounts(example_db).get(login).roles == ("reviewer",)
    browser.post(f"/admin/users/{login}", data={"do": "disable", "csrf_token": token})
    editor = TestClient(browser.app, base_url="https://testserver", follow_redirects=False)
    assert _log_in(editor, login, "editor-password-1").status_code == 401, "a disabled account cannot log in"


def test_public_mode_reads_without_login_and_shows_pseudonyms(example_db):
    with TestClient(create_app(WebSettings(example_db, warm=False, public=True)), base_url="https://testserver",
                    follow_redirects=False) as anonymous:
        found = anonymous.get("/search.json?q=Sivonen&size=50").json()["rows"]
        everything = anonymous.get("/organisations/index.html").text + str(found)
        assert "Sivonen" not in everything, "a person's name must not be public"
        persons = anonymous.get("/search.json?q=Henkilö&size=50").json()["rows"]
        assert any(r["id"].startswith("PERSON-") for r in persons)
        assert anonymous.get("/sparql?query=ASK%20%7B%7D").status_code == 401, "the raw graph needs an account"
        assert anonymous.get("/admin/users.html").status_code == 303
        assert 'class="login-link"' in anonymous.get("/silos.html").text


def test_insecure_cookies_only_on_loopback(example_db):
    from click.testing import CliRunner

    from stratgraph.cli import cli

    refused = CliRunner().invoke(cli, ["serve", str(example_db), "--host", "0.0.0.0", "--insecure-cookies"])
    assert refused.exit_code == 2 and "for plain http on 127.0.0.1 only" in refused.output


@pytest.mark.parametrize("prefix", ["strategia", "/a b", "/x?y=1", "https://host/x", "/../x"])
def test_a_path_prefix_that_is_not_a_plain_path_is_refused(example_db, prefix):
    from click.testing import CliRunner

    from stratgraph.cli import cli

    refused = CliRunner().invoke(cli, ["serve", str(example_db), "--path-prefix", prefix])
    assert refused.exit_code == 2 and "--path-prefix must be a path such as /strategia" in refused.output


def test_a_login_with_an_expired_session_cookie_keeps_the_new_one(browser, admin, example_db):
    stale, _ = Accounts(example_db).start_session(Accounts(example_db).get(admin))
    Accounts(example_db).revoke_sessions(admin)
    browser.cookies.set(SESSION, stale)
    answer = _log_in(browser, admin, "admin-password-1")
    assert answer.status_code == 303
    assert [c for c in answer.headers.get_list("set-cookie") if c.startswith(f"{SESSION}=")] == \
        [c for c in answer.headers.get_list("set-cookie") if c.startswith(f"{SESSION}=") and "Max-Age=0" not in c]
    assert browser.get("/silos.json").status_code == 200


def test_a_refused_login_says_so_in_the_pages_language(app):
    with TestClient(app, base_url="https://testserver") as client:
        page = client.get("/login")
        token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
        answer = client.post("/login", data={"csrf_token": token, "login": "nobody", "password": "x" * 12})
    assert answer.status_code == 401 and "Väärä käyttäjätunnus tai salasana." in answer.text


def test_roles_are_named_in_the_pages_language(browser, admin):
    """On the real-list walk every Finnish page's header said "Kirjautuneena reader (reader)" and the admin
    page's role boxes read reader / editor / reviewer / admin: the role's code, in English. The code stays
    the form's value; the words are the page's."""
    _log_in(browser, admin, "admin-password-1")
    finnish = browser.get("/index.html").text
    assert "(ylläpitäjä)" in finnish and "(admin)" not in finnish
    assert "(admin)" in browser.get("/index.html?lang=en").text
    users = browser.get("/admin/users.html?lang=fi").text
    assert re.search(r'value="editor"[^>]*> muokkaaja</label>', users)
    assert re.search(r'value="reviewer"[^>]*> tarkastaja</label>', users)
    assert re.search(r'value="reader" checked> lukija</label>', users)
