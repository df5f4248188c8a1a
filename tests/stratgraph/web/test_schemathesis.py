"""The app's JSON API fuzzed by schemathesis over its own OpenAPI description (issue 18, "Bad input").

Every operation of ``/openapi.json`` gets generated requests, valid ones (positive) and ones that break
the declared parameters (negative: wrong types, out-of-range integers, unknown choices, odd path values),
sent in process (ASGI) to the app on the example city. Each answer is checked for:

- a server error (5xx): ``server_errors``;
- a body, status or content type its description does not allow: ``schema_violations``;
- a request that breaks the description yet gets a 2xx: ``negative_accepted``.

Failures are counted, not raised at the first, so the ``RESULT`` line gives the whole picture; the test
then fails if there was any. Generation is derandomized, so a run is reproducible.
"""

from __future__ import annotations

from collections import Counter

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.core.failures import FailureGroup
from schemathesis.specs.openapi.checks import (content_type_conformance, negative_data_rejection,
                                               response_schema_conformance, status_code_conformance)
from starlette.testclient import TestClient

from stratgraph.web.app import WebSettings, create_app

#: Generated requests per operation and generation mode, at most (24 operations with the write routes,
#: which an anonymous reader is refused: 1,841 requests in all).
EXAMPLES = 40
#: The least number of requests the run must make (the issue's bar).
LEAST_REQUESTS = 1_000
#: What each count in the RESULT line counts.
CHECKS = {"server_errors": [not_a_server_error],
          "schema_violations": [response_schema_conformance, status_code_conformance, content_type_conformance],
          "negative_accepted": [negative_data_rejection]}


@pytest.fixture(scope="module")
def app(example_db):
    """The app on the example city, its lifespan run (the store read), as `serve` has it before answering."""
    app = create_app(WebSettings(example_db, warm=False, public=True))  # readers need no login
    with TestClient(app):
        yield app


@pytest.fixture(scope="module")
def api(app):
    """The OpenAPI description as the app serves it, loaded by schemathesis in process."""
    return schemathesis.openapi.from_asgi("/openapi.json", app)


def _check(case, response, counts: Counter, failures: list[str]) -> None:
    """Run every check on ``response``, counting (not raising) what fails."""
    for name, checks in CHECKS.items():
        try:
            case.validate_response(response, checks=checks)
        except FailureGroup as exc:
            counts[name] += 1
            failures.append(f"{name}: {case.method} {case.formatted_path} {case.query!r:.200} -> "
                            f"{response.status_code}: {str(exc)[:400]}")


def _fuzz(operation, mode: GenerationMode, counts: Counter, failures: list[str]) -> None:
    @settings(max_examples=EXAMPLES, derandomize=True, deadline=None, database=None,
              phases=[Phase.explicit, Phase.generate], suppress_health_check=list(HealthCheck))
    @given(case=operation.as_strategy(generation_mode=mode))
    def run(case) -> None:
        response = case.call()
        counts["requests"] += 1
        counts[f"status {response.status_code}"] += 1
        _check(case, response, counts, failures)

    run()


def test_generated_requests_get_no_server_error_and_match_their_schema(api):
    counts: Counter = Counter()
    failures: list[str] = []
    operations = [result.ok() for result in api.get_all_operations()]
    for operation in operations:
        has_parameters = bool(operation.query or operation.path_parameters)
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE) if has_parameters else (GenerationMode.POSITIVE,):
            _fuzz(operation, mode, counts, failures)
    print(f"\nRESULT name=schemathesis requests={counts['requests']} server_errors={counts['server_errors']} "
          f"schema_violations={counts['schema_violations']} negative_accepted={counts['negative_accepted']} "
          f"operations={len(operations)}")
    print("answers: " + ", ".join(f"{k}: {v}" for k, v in sorted(counts.items()) if k.startswith("status ")))
    assert not failures, "\n".join(failures[:20])
    assert counts["requests"] >= LEAST_REQUESTS
    assert counts["status 200"] and counts["status 400"], "both valid and refused requests must have been made"


@pytest.mark.parametrize("operation, url", [("/search.json", "/search.json?q=caf%E9"),
                                            ("/{folder}/{name}.json", "/projects/%FF%FE.json")])
def test_requests_refused_before_routing_still_match_the_description(api, app, operation, url):
    """A path or query string that is not UTF-8 is refused before any route sees it: on a JSON route the
    refusal is still the JSON error the description declares, not plain text."""
    with TestClient(app) as client:
        response = client.get(url)
    assert response.status_code == 400 and "not valid UTF-8" in response.json()["error"]
    counts: Counter = Counter()
    failures: list[str] = []
    _check(api[operation]["GET"].Case(), response, counts, failures)
    assert not failures, "\n".join(failures)
