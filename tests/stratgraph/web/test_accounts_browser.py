"""Accounts in Debian's chromium against a real ``stratgraph serve``: an admin logs in, creates an editor
for one sector and logs out; the editor logs in with a password and sees themselves in the header; the
same with the city's OIDC provider (Keycloak); axe-core finds nothing serious on the login and admin pages."""

from __future__ import annotations

import secrets

import pytest

from graph_model.accounts import Accounts
from tests.stratgraph.web.conftest import Server
from tests.stratgraph.web.test_oidc import CLIENT_ID, SECRET

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def served(example_db, keycloak):
    """``stratgraph serve`` (login required, plain http on 127.0.0.1 with --insecure-cookies) with OIDC."""
    admin = f"admin-{secrets.token_hex(3)}"
    Accounts(example_db).add(admin, password="admin-password-1", roles=["admin"], display_name="Anni Admin")
    running = Server(example_db, "--read-only", "--insecure-cookies", public=False,
                     env={"STRATGRAPH_OIDC_ISSUER": keycloak, "STRATGRAPH_OIDC_CLIENT_ID": CLIENT_ID,
                          "STRATGRAPH_OIDC_CLIENT_SECRET": SECRET})
    try:
        running.wait_ready(warm=False)
        yield running, admin
    finally:
        running.stop()


@pytest.fixture
def context(web_browser):
    made = web_browser.new_context(viewport={"width": 1280, "height": 900})
    yield made
    made.close()


def _serious(page) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    violations = Axe().run(page).response["violations"]
    return [f"{v['id']}: {v['help']} ({len(v['nodes'])})" for v in violations if v.get("impact") in ("serious", "critical")]


def _log_in(page, url: str, login: str, password: str) -> None:
    if "/login" not in page.url:
        page.goto(url + "login")
    page.get_by_label("Käyttäjätunnus").fill(login)
    page.get_by_label("Salasana").fill(password)
    page.get_by_role("button", name="Kirjaudu sisään").click()
    page.wait_for_load_state("load")


def test_an_admin_creates_an_editor_who_logs_in_and_sees_themselves(served, context):
    server, admin = served
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(server.url + "silos.html")
    assert "/login?next=" in page.url
    assert _serious(page) == []
    _log_in(page, server.url, admin, "admin-password-1")
    assert page.url.endswith("/silos.html") and page.locator(".whoami .user-name").inner_text() == "Anni Admin"

    page.get_by_role("link", name="Käyttäjien hallinta").click()
    assert page.url.endswith("/admin/users.html")
    assert _serious(page) == []
    editor = f"editor-{secrets.token_hex(3)}"
    form = page.locator("form.new-user")
    form.get_by_label("Käyttäjätunnus").fill(editor)
    form.get_by_label("Nimi").fill("Eino Editori")
    form.get_by_label("Salasana").fill("editor-password-1")
    form.get_by_label("muokkaaja").check()
    form.get_by_label("Vastuualueet").fill("SEC-ELVO")
    form.get_by_role("button", name="Luo käyttäjä").click()
    page.wait_for_load_state("load")
    row = page.locator("table.users tr", has_text=editor)
    assert row.count() == 1 and "Eino Editori" in row.inner_text()
    assert row.locator("input[name=scopes]").input_value() == "SEC-ELVO"
    assert _serious(page) == []
    page.get_by_role("button", name="Kirjaudu ulos").click()
    page.wait_for_load_state("load")
    assert "/login" in page.url

    _log_in(page, server.url, editor, "editor-password-1")
    assert page.locator(".whoami .user-name").inner_text() == "Eino Editori"
    assert "muokkaaja" in page.locator(".whoami").inner_text()
    assert page.get_by_role("link", name="Käyttäjien hallinta").count() == 0
    assert page.goto(server.url + "admin/users.html").status == 403
    assert page.locator("main h1").inner_text() == "Ei käyttöoikeutta" and page.title().startswith("Ei käyttöoikeutta")
    assert "admin" in page.locator("main").inner_text()  # says which role it needs
    assert errors == []


def test_the_same_login_through_the_citys_oidc_provider(served, context, example_db):
    server, _ = served
    accounts = Accounts(example_db)
    if not any(u.email == "eeva.editor@example.org" for u in accounts.users()):
        accounts.add(f"eeva-{secrets.token_hex(2)}", email="eeva.editor@example.org", roles=["editor"],
                     scopes=["SEC-ELVO"], display_name="Eeva Editori")
    page = context.new_page()
    page.goto(server.url + "followup.html")
    page.get_by_role("link", name="Kirjaudu kaupungin tunnuksilla").click()
    page.wait_for_selector("#username", timeout=60_000)  # Keycloak's own login page
    page.fill("#username", "eeva")
    page.fill("#password", "eeva-oidc-password")
    page.locator("#kc-login").click()
    page.wait_for_url(server.url + "followup.html", timeout=60_000)
    assert page.locator(".whoami .user-name").inner_text() == "Eeva Editori"
    assert "muokkaaja" in page.locator(".whoami").inner_text()
