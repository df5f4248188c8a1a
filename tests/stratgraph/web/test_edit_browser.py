"""The read-only edit pages in Chromium: an entity's history and comments, the goal page's narratives
and actions, and "what I owe" pass axe-core (no serious or critical violation), and XSS payloads typed
into every editable field (comment, narrative, action, observation comment, decision note) stay text."""

from __future__ import annotations

import shutil

import pytest

from graph_model.edits import comment, open_for_edit
from graph_model.review import decide_pair
from ingest.updates import add_action, add_milestone, observe, write_narrative
from tests.helpers import PAYLOADS
from tests.stratgraph.web.conftest import Server

pytestmark = pytest.mark.slow

PAGES = ["entities/M-TYOTTOMYYS.html", "goals/G2.html", "owe/U-TYOLLISYYS.html?date=2025-06-30",
         "organisations/U-TYOLLISYYS.html"]


@pytest.fixture(scope="module")
def edited_server(example_db, tmp_path_factory):
    db = tmp_path_factory.mktemp("edited-browser") / "db"
    shutil.copytree(example_db, db)
    with open_for_edit(db) as store:
        for n, payload in enumerate(PAYLOADS[:4]):
            observe(store, "M-TYOTTOMYYS", 9 + n / 10, on=f"2025-0{n + 1}-15", author=payload, comment=payload)
            comment(store, "M-TYOTTOMYYS", payload, author=payload)
            comment(store, "U-TYOLLISYYS", payload, author="ann")
            write_narrative(store, "G2", payload, period=f"2025-Q{n + 1}", author=payload)
            add_action(store, "G2", payload, answered_by="U-TYOLLISYYS", due="2025-03-31", author=payload)
            add_milestone(store, "G2", payload, due="2025-07-01", author=payload)
        decide_pair(store, "link", "U-TYOLLISYYS", "U-LIIKUNTA", "rejected", author=PAYLOADS[0], note=PAYLOADS[1])
    running = Server(db, "--read-only")
    try:
        running.wait_ready()
        yield running
    finally:
        running.stop()


def test_edit_pages_pass_axe_and_payloads_stay_text(edited_server, live_page):
    from axe_playwright_python.sync_playwright import Axe

    from tests.visualize.test_browser import assert_inert

    axe = Axe()
    serious = {}
    for path in PAGES:
        page, log = live_page(edited_server.url)
        page.goto(edited_server.url + path)
        page.wait_for_load_state("load")
        assert_inert(page, log)
        violations = axe.run(page).response["violations"]
        bad = [f"{v['id']}: {v['help']} ({len(v['nodes'])})" for v in violations if v.get("impact") in ("serious", "critical")]
        if bad:
            serious[path] = bad
        text = page.locator("main").inner_text()
        assert any(p in text for p in PAYLOADS[:4]), path  # shown, as text
    assert serious == {}


def _log_in(page, url: str, login: str, password: str) -> None:
    page.goto(url + "login")
    page.get_by_label("Käyttäjätunnus").fill(login)
    page.get_by_label("Salasana").fill(password)
    page.get_by_role("button", name="Kirjaudu sisään").click()
    page.wait_for_load_state("load")


def _queue_keys(page, url: str) -> set[str]:
    page.goto(url + "review.html")
    page.wait_for_selector("table.review", timeout=60_000)  # the page reloads itself when its queue is ready
    return set(page.locator("table.review tbody tr").evaluate_all("rows => rows.map(r => r.id)"))


def test_a_decision_shows_at_once_after_a_restart_in_the_cli_and_undone(example_db, tmp_path, live_page):
    """A reviewer rejects a suggested link in the queue of a real ``stratgraph serve``: the notice names it
    and the queue moves on; a restart, the CLI's ``history`` and the queue after an admin's undo agree
    with the store. (The decision no longer re-reads the projection: tests/queries/test_projection.py.)"""
    import subprocess
    import sys

    from graph_model.accounts import Accounts

    db = tmp_path / "city.db"
    shutil.copytree(example_db, db)
    Accounts(db).add("adm", roles=["admin"], password="admin-password-1")
    running = Server(db, "--insecure-cookies", public=False)
    try:
        running.wait_ready()
        page, log = live_page(running.url)
        _log_in(page, running.url, "adm", "admin-password-1")
        before = _queue_keys(page, running.url)
        row = page.locator("table.review tbody tr[id^='link-']").first
        key, a = row.get_attribute("id"), row.locator("input[name=a]").get_attribute("value")
        row.locator("input[name=note]").fill("<script>alert(1)</script> eri kohderyhmät")
        row.get_by_role("button", name="Hylkää").click()
        page.wait_for_load_state("load")
        assert "Tallennettu: yhteysehdotus hylätty" in page.locator("p.saved").inner_text()
        assert page.locator(f"[id='{key}']").count() == 0 and key in before  # the queue moved on
        assert key not in _queue_keys(page, running.url)  # and stays so on the next load
        running.stop()
        running = Server(db, "--insecure-cookies", public=False)  # a restart
        running.wait_ready()
        page, log = live_page(running.url)
        _log_in(page, running.url, "adm", "admin-password-1")
        assert key not in _queue_keys(page, running.url)
        exe = [sys.executable, "-m", "stratgraph", "--db", str(db), "history", a]
        said = subprocess.run(exe, capture_output=True, text=True, timeout=120)
        assert said.returncode == 0 and "link" in said.stdout and "rejected" in said.stdout, said.stdout + said.stderr
        page.goto(running.url + f"edit/{a}.html")
        page.get_by_role("button", name="Peru muutos").first.click()  # the newest change: the decision
        page.wait_for_load_state("load")
        assert key in _queue_keys(page, running.url)  # undone: the pair is back in the queue
        assert log.problems() == []
    finally:
        running.stop()
