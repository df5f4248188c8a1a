"""The issue's "Done means" walk in Debian's chromium against a real ``stratgraph serve`` (read-write):

1. an admin creates an editor for one sector (SEC-ELVO);
2. the editor logs in (a password, or the city's OIDC provider: Keycloak) and records an observation of
   M-TYOTTOMYYS: goal G2 turns from off track to on track on the scorecard; the editor adds an action for
   G2 that is overdue, and it shows on the editor's "what I owe" page;
3. a reviewer accepts a suggested link on the review queue page;
4. every step is in its entity's history, and an admin reverts the observation: G2 is off track again.

axe-core finds nothing serious or critical on the edit and review pages. Screenshots of each step go to
``$STRATGRAPH_WALK_SHOTS`` (else the test's temporary folder)."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

import pytest

from examples import EXAMPLE_DIR
from graph_model.accounts import Accounts
from graph_model.store import GraphStore
from ingest.pipeline import ingest
from tests.stratgraph.web.conftest import Server

pytestmark = pytest.mark.slow

METRIC, GOAL, SCORECARD = "M-TYOTTOMYYS", "G2", "followup-S-2021"


@pytest.fixture
def city(tmp_path):
    """A fresh store of the example city (each walk writes to its own), with an admin and a reviewer."""
    db = tmp_path / "city.db"
    with GraphStore(db) as store:
        ingest(EXAMPLE_DIR, store)
    accounts = Accounts(db)
    accounts.add("walk-admin", password="admin-password-1", roles=["admin"], display_name="Anni Admin")
    accounts.add("walk-reviewer", password="review-password-1", roles=["reviewer"], display_name="Riku Reviewer")
    return db


def _served(db: Path, keycloak: str | None = None) -> Server:
    env = {}
    if keycloak:
        from tests.stratgraph.web.test_oidc import CLIENT_ID, SECRET

        env = {"STRATGRAPH_OIDC_ISSUER": keycloak, "STRATGRAPH_OIDC_CLIENT_ID": CLIENT_ID,
               "STRATGRAPH_OIDC_CLIENT_SECRET": SECRET}
    running = Server(db, "--insecure-cookies", public=False, env=env)
    running.wait_ready(warm=False)
    return running


def _serious(page) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    violations = Axe().run(page).response["violations"]
    return [f"{v['id']}: {v['help']} ({len(v['nodes'])})" for v in violations if v.get("impact") in ("serious", "critical")]


def _log_in(page, url: str, login: str, password: str) -> None:
    page.goto(url + "login")
    page.get_by_label("Käyttäjätunnus").fill(login)
    page.get_by_label("Salasana").fill(password)
    page.get_by_role("button", name="Kirjaudu sisään").click()
    page.wait_for_load_state("load")


def _log_out(page) -> None:
    page.get_by_role("button", name="Kirjaudu ulos").click()
    page.wait_for_load_state("load")


def _status(page, url: str, goal: str) -> str:
    rows = page.request.get(url + SCORECARD + ".json?size=500").json()["rows"]
    return next(r["status"] for r in rows if r["goal"] == goal)


def _walk(page, server: Server, shots: Path, editor_logs_in, editor_email: str | None = None) -> dict:
    """The walk; ``editor_logs_in(page, login, password)`` is the editor's way in. Returns the figures."""
    url, errors = server.url, []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    shot = iter(range(1, 100))

    def snap(name: str) -> None:
        page.screenshot(path=str(shots / f"{next(shot):02d}-{name}.png"), full_page=True)

    # 1. the admin creates an editor for one sector
    _log_in(page, url, "walk-admin", "admin-password-1")
    page.goto(url + "admin/users.html")
    editor = f"walk-editor-{secrets.token_hex(2)}"
    form = page.locator("form.new-user")
    form.get_by_label("Käyttäjätunnus").fill(editor)
    form.get_by_label("Nimi").fill("Eino Editori")
    if editor_email:
        form.get_by_label("Sähköposti").fill(editor_email)
    form.get_by_label("Salasana").fill("editor-password-1")
    form.get_by_label("muokkaaja").check()
    form.get_by_label("Vastuualueet").fill("SEC-ELVO")
    form.get_by_role("button", name="Luo käyttäjä").click()
    page.wait_for_load_state("load")
    assert page.locator("table.users tr", has_text=editor).count() == 1
    snap("admin-created-editor")
    _log_out(page)

    # 2. the editor logs in and records an observation; the goal's status changes on the scorecard
    editor_logs_in(page, editor, "editor-password-1")
    assert "muokkaaja" in page.locator(".whoami").inner_text()
    assert _status(page, url, GOAL) == "off_track"
    page.goto(url + SCORECARD + ".html")
    snap("scorecard-before")
    page.goto(url + f"edit/{METRIC}.html")
    assert _serious(page) == []
    page.locator("#observation-value").fill("7,9")
    page.locator("#observation-date").fill("2025-06-30")
    page.locator("#observation-comment").fill("TEM:n kesäkuun tilasto <b>ennakko</b>")
    snap("editor-types-observation")
    page.get_by_role("button", name="Kirjaa", exact=True).click()
    page.wait_for_load_state("load")
    assert page.get_by_role("status").count() == 1, page.content()[:2000]
    assert "observation 7.9 on 2025-06-30" in page.locator("table.history").inner_text()
    snap("observation-recorded")
    assert _status(page, url, GOAL) == "on_track"
    page.goto(url + SCORECARD + ".html")
    snap("scorecard-after-observation")

    page.goto(url + f"edit/{GOAL}.html")
    assert _serious(page) == []
    page.locator("#action-what").fill("Nuorten työpajojen haku")
    page.locator("#action-answered_by").fill("SEC-ELVO")
    page.locator("#action-due").fill("2025-01-31")
    page.locator("#action-state").select_option("ongoing")
    page.get_by_role("button", name="Lisää toimenpide").click()
    page.wait_for_load_state("load")
    assert "Nuorten työpajojen haku" in page.locator("table.actions").inner_text()
    assert "myöhässä" in page.locator("table.actions").inner_text()  # late, on the Finnish page
    snap("overdue-action-added")
    page.goto(url + f"owe/{editor}.html")
    assert "Nuorten työpajojen haku" in page.locator("main").inner_text()
    snap("editor-owes-the-action")
    _log_out(page)

    # 3. a reviewer accepts a suggested link
    _log_in(page, url, "walk-reviewer", "review-password-1")
    page.goto(url + "review.html")
    assert _serious(page) == []
    link = page.request.get(url + "review.json").json()["rows"][0]
    assert link["kind"] == "link"
    row = page.locator(f"tr[id='link-{link['a']}-{link['b']}']")
    row.locator("input[name=note]").fill("Yhteistyö sovittu kevään palaverissa")
    snap("reviewer-queue")
    row.get_by_role("button", name="Hyväksy").click()
    page.wait_for_load_state("load")
    assert page.locator(f"tr[id='link-{link['a']}-{link['b']}']").count() == 0
    snap("link-accepted")
    _log_out(page)

    # 4. every step is in its entity's history; the admin reverts the observation
    _log_in(page, url, "walk-admin", "admin-password-1")
    page.goto(url + f"edit/{link['a']}.html")
    assert "introduced" in page.locator("table.history").inner_text()
    page.goto(url + f"edit/{GOAL}.html")
    assert "action: Nuorten työpajojen haku" in page.locator("table.history").inner_text()
    page.goto(url + f"edit/{METRIC}.html")
    history = page.locator("table.history")
    assert "observation 7.9 on 2025-06-30" in history.inner_text()
    snap("admin-sees-history")
    history.locator("tr", has_text="observation 7.9").get_by_role("button").click()
    page.wait_for_load_state("load")
    assert "revert: observation 7.9" in page.locator("table.history").inner_text()
    snap("admin-reverted-observation")
    assert _status(page, url, GOAL) == "off_track"
    page.goto(url + SCORECARD + ".html")
    snap("scorecard-after-revert")
    assert errors == []
    return {"steps": next(shot) - 1}


@pytest.fixture
def shots(tmp_path) -> Path:
    folder = Path(os.environ.get("STRATGRAPH_WALK_SHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def test_the_walk_with_a_local_login(city, web_browser, shots):
    folder = shots / "local"
    folder.mkdir(exist_ok=True)
    server = _served(city)
    context = web_browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        figures = _walk(context.new_page(), server, folder,
                        lambda page, login, password: _log_in(page, server.url, login, password))
        print(f"RESULT walk login=local screenshots={figures['steps']}")
    finally:
        context.close()
        server.stop()


def test_the_same_walk_with_the_citys_oidc_login(city, web_browser, shots, keycloak):
    """The admin creates the account with the e-mail the city's provider (Keycloak) vouches for; the
    editor logs in there (user eeva of tests/data/keycloak) and the app links the two by that e-mail."""
    folder = shots / "oidc"
    folder.mkdir(exist_ok=True)
    server = _served(city, keycloak)

    def through_keycloak(page, login: str, password: str) -> None:
        page.goto(server.url + "login?next=index.html")
        page.get_by_role("link", name="Kirjaudu kaupungin tunnuksilla").click()
        page.wait_for_selector("#username", timeout=60_000)  # Keycloak's own login page
        page.fill("#username", "eeva")
        page.fill("#password", "eeva-oidc-password")
        page.locator("#kc-login").click()
        page.wait_for_url(server.url + "index.html", timeout=60_000)
        assert page.locator(".whoami .user-name").inner_text() == "Eino Editori"

    context = web_browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        figures = _walk(context.new_page(), server, folder, through_keycloak, editor_email="eeva.editor@example.org")
        print(f"RESULT walk login=oidc screenshots={figures['steps']}")
    finally:
        context.close()
        server.stop()
