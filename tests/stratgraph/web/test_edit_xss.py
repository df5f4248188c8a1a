"""XSS payloads typed into every editable field of the write routes (through HTTP, as a browser's form
or an API client sends them) stay text: on the app's pages in Chromium (edit, review, goal, entity and
"what I owe" pages, and a refused form shown again with what was typed) and in ``stratgraph report``."""

from __future__ import annotations

import httpx
import pytest
from click.testing import CliRunner

from examples import EXAMPLE_DIR
from graph_model.accounts import Accounts
from graph_model.store import GraphStore
from ingest.pipeline import ingest
from stratgraph.cli import cli
from stratgraph.web.accounts.guard import cookie_names
from tests.helpers import PAYLOADS
from tests.stratgraph.web.conftest import Server

pytestmark = pytest.mark.slow

METRIC, GOAL = "M-TYOTTOMYYS", "G2"
PAGES = [f"edit/{METRIC}.html", f"edit/{GOAL}.html", "review.html", f"goals/{GOAL}.html", f"entities/{METRIC}.html",
         "owe/xss-admin.html?date=2025-06-30"]


@pytest.fixture(scope="module")
def typed(tmp_path_factory):
    """A served fresh city into whose every editable field the payloads were typed; the admin's session."""
    db = tmp_path_factory.mktemp("edit-xss") / "city.db"
    with GraphStore(db) as store:
        ingest(EXAMPLE_DIR, store)
    accounts = Accounts(db)
    token, session = accounts.start_session(accounts.add("xss-admin", roles=["admin"]))
    server = Server(db, "--insecure-cookies", public=False)
    server.wait_ready(warm=False)
    fields = 0
    try:
        with httpx.Client(base_url=server.url, cookies={cookie_names(False)[0]: token}, timeout=60,
                          headers={"X-CSRF-Token": session.csrf}) as client:
            links = [r for r in client.get("review.json").json()["rows"] if r["kind"] == "link"]
            for n, payload in enumerate(PAYLOADS[:5]):
                writes = [(f"edit/{METRIC}/observation", {"value": f"9.{n}", "date": f"2025-0{n + 1}-15", "comment": payload}),
                          (f"edit/{GOAL}/narrative", {"period": payload, "text": payload}),
                          (f"edit/{GOAL}/action", {"what": payload, "due": "2025-03-31", "state": "ongoing"}),
                          (f"edit/{GOAL}/milestone", {"what": payload, "due": "2025-07-01"}),
                          (f"edit/{METRIC}/comment", {"text": payload}), (f"edit/{GOAL}/comment", {"text": payload}),
                          ("review/link", {"a": links[n]["a"], "b": links[n]["b"], "verdict": "reject", "note": payload})]
                for path, body in writes:
                    form = n % 2 == 0  # as a browser's form and as an API client, by turns
                    answer = client.post(path, data={**body, "csrf_token": session.csrf}) if form \
                        else client.post(path, json=body)
                    assert answer.status_code in (201, 303), (path, answer.status_code, answer.text[:300])
                    fields += sum(v == payload for v in body.values())
        yield server, token, db, fields, links[0]["a"]
    finally:
        server.stop()


def test_payloads_typed_into_every_field_stay_text_in_the_app(typed, live_page):
    from tests.visualize.test_browser import assert_inert

    server, token, _, fields, decided = typed
    shown = {}
    for path in [*PAGES, f"edit/{decided}.html"]:  # the last: a decision's note, in its history
        page, log = live_page(server.url)
        page.context.add_cookies([{"name": cookie_names(False)[0], "value": token, "url": server.url}])
        page.goto(server.url + path)
        page.wait_for_load_state("load")
        assert_inert(page, log)
        text = page.locator("main").inner_text()
        shown[path] = sum(p in text for p in PAYLOADS[:5])
    page, log = live_page(server.url)  # a refused form comes back with the payload as typed
    page.context.add_cookies([{"name": cookie_names(False)[0], "value": token, "url": server.url}])
    page.goto(server.url + f"edit/{METRIC}.html")
    page.locator("#observation-value").fill(PAYLOADS[2])
    page.locator("#observation-date").fill("2025-06-30")
    page.locator("#observation-comment").fill(PAYLOADS[3])
    page.get_by_role("button", name="Kirjaa", exact=True).click()
    page.wait_for_load_state("load")
    refused = "the server responded with a status of 400"  # the page's own status: the form was refused
    log.console_errors[:] = [e for e in log.console_errors if refused not in e]
    assert_inert(page, log)
    assert page.locator("#observation-comment").input_value() == PAYLOADS[3]
    assert PAYLOADS[2][:20] in page.get_by_role("alert").inner_text()
    print(f"RESULT name=web_edit_xss fields={fields} pages={len(shown) + 1} payloads_shown_as_text={sum(shown.values())}")
    assert all(n for path, n in shown.items() if path != "review.html"), shown  # decided pairs leave the queue


def test_payloads_typed_in_the_app_stay_text_in_the_report(typed, live_page, tmp_path):
    from tests.visualize.test_browser import assert_inert

    _, _, db, _, _ = typed
    site = tmp_path / "site"
    result = CliRunner().invoke(cli, ["--db", str(db), "report", "--out", str(site), "-q"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    goal = next(site.rglob(f"{GOAL}.html"))
    page, log = live_page(site.as_uri())
    page.goto(goal.as_uri())
    page.wait_for_load_state("load")
    assert_inert(page, log)
    assert any(p in page.locator("main").inner_text() for p in PAYLOADS[:5])
