"""schemathesis over the authenticated write API: every write operation of ``/openapi.json`` gets
generated requests sent as each role (with its session and CSRF token), in process, to the app on a fresh
copy of the example city. Counted: server errors (5xx), and 2xx answers that let a role do what the
access matrix (tests/stratgraph/web/test_access.py) refuses it; both must be 0."""

from __future__ import annotations

from collections import Counter

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis import GenerationMode
from starlette.testclient import TestClient

from examples import EXAMPLE_DIR
from graph_model.accounts import Accounts
from graph_model.store import GraphStore
from ingest.pipeline import ingest
from stratgraph.web.accounts.guard import cookie_names
from stratgraph.web.app import WebSettings, create_app
from tests.stratgraph.web.test_access import EXPECTED, KINDS

pytestmark = pytest.mark.slow

EXAMPLES = 12
ROLES = {"reader": (["reader"], []), "editor": (["editor"], ["SEC-ELVO"]),
         "editor_outside": (["editor"], ["SEC-SIHY"]), "reviewer": (["reviewer"], []), "admin": (["admin"], [])}


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    db = tmp_path_factory.mktemp("edit-fuzz") / "city.db"
    with GraphStore(db) as store:
        ingest(EXAMPLE_DIR, store)
    accounts = Accounts(db)
    sessions = {}
    for who, (roles, scopes) in ROLES.items():
        sessions[who] = accounts.start_session(accounts.add(f"fuzz-{who}", roles=roles, scopes=scopes))
    app = create_app(WebSettings(db, warm=False, public=True))  # the description is public; writes are not
    with TestClient(app):
        yield app, sessions


def test_generated_writes_as_each_role_get_no_server_error_and_nothing_the_matrix_refuses(app):
    app, sessions = app
    api = schemathesis.openapi.from_asgi("/openapi.json", app)
    operations = [r.ok() for r in api.get_all_operations()]
    writes = [op for op in operations if op.method.upper() == "POST"]
    assert len(writes) == 8
    counts: Counter = Counter()
    wrong: list[str] = []
    session_cookie = cookie_names(True)[0]
    for who, (token, session) in sessions.items():
        for operation in writes:
            kind = EXPECTED[operation.path]

            @settings(max_examples=EXAMPLES, derandomize=True, deadline=None, database=None,
                      phases=[Phase.explicit, Phase.generate], suppress_health_check=list(HealthCheck))
            @given(case=operation.as_strategy(generation_mode=GenerationMode.POSITIVE))
            def run(case) -> None:
                if "ident" in (case.path_parameters or {}) and counts["requests"] % 2 == 0:
                    case.path_parameters["ident"] = "M-TYOTTOMYYS"  # half the tries on a real metric (SEC-ELVO's)
                case.headers = {**(case.headers or {}), "X-CSRF-Token": session.csrf,
                                "Cookie": f"{session_cookie}={token}"}
                response = case.call(base_url="https://testserver")
                counts["requests"] += 1
                counts[f"status {response.status_code}"] += 1
                if response.status_code >= 500:
                    counts["server_errors"] += 1
                    wrong.append(f"{who} {case.method} {case.formatted_path}: {response.status_code} {response.text[:200]}")
                if 200 <= response.status_code < 300 and who not in KINDS[kind]:
                    counts["refused_but_done"] += 1
                    wrong.append(f"{who} {case.method} {case.formatted_path}: {response.status_code}, the matrix refuses")

            run()
    print(f"\nRESULT name=schemathesis_writes requests={counts['requests']} server_errors={counts['server_errors']} "
          f"refused_but_done={counts['refused_but_done']} roles={len(sessions)} operations={len(writes)}")
    print("answers: " + ", ".join(f"{k}: {v}" for k, v in sorted(counts.items()) if k.startswith("status ")))
    assert not wrong, "\n".join(wrong[:20])
    assert counts["status 201"] and counts["status 403"], "both done and refused writes must have been made"
