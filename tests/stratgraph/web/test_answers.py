"""Kept answers (stratgraph.web.answers): a page asked again is sent as kept, yet each reader still gets
their own header (name, roles, logout token) and never another reader's; a new store version, an error or
an oversized answer is never sent from what was kept; many asking at once cost one piece of work."""

from __future__ import annotations

import asyncio
import threading
import secrets

import pytest
from starlette.testclient import TestClient

from graph_model.accounts import Accounts
from stratgraph.web.accounts.guard import cookie_names
from stratgraph.web.answers import MAX_ANSWER_BYTES, Answer, Answers
from stratgraph.web.app import ANSWER_HEADER, WebSettings, create_app

SESSION, _ = cookie_names(True)


def _reader(db, app, name: str) -> tuple[TestClient, str]:
    """A client logged in as a new account called ``name``; and its session's CSRF token."""
    accounts = Accounts(db)
    user = accounts.add(f"{name.lower()}-{secrets.token_hex(3)}", roles=["reader"], display_name=name)
    token, session = accounts.start_session(user)
    return TestClient(app, base_url="https://testserver", cookies={SESSION: token}), session.csrf


@pytest.mark.parametrize("public", [False, True])
def test_a_kept_page_carries_each_reader_s_own_header(example_db, public):
    app = create_app(WebSettings(example_db, warm=False, public=public))
    with TestClient(app):
        (aino, aino_csrf), (ben, ben_csrf) = _reader(example_db, app, "Aino"), _reader(example_db, app, "Ben")
        first, again = aino.get("/goals/G11.html?lang=en"), ben.get("/goals/G11.html?lang=en")
        assert first.status_code == again.status_code == 200
        assert (first.headers[ANSWER_HEADER], again.headers[ANSWER_HEADER]) == ("new", "kept")
        assert "Aino" in first.text and aino_csrf in first.text
        assert "Ben" in again.text and ben_csrf in again.text
        assert "Aino" not in again.text and aino_csrf not in again.text
        if public:  # an anonymous reader of the same kept page: a login link, nobody's name
            anonymous = TestClient(app, base_url="https://testserver").get("/goals/G11.html?lang=en")
            assert anonymous.headers[ANSWER_HEADER] == "kept" and 'class="login-link"' in anonymous.text
            assert "Ben" not in anonymous.text and ben_csrf not in anonymous.text
        # the page is the same apart from the header's account part
        assert first.text.split('class="whoami"')[0] == again.text.split('class="whoami"')[0]


def test_the_language_and_query_are_part_of_what_is_kept(example_db):
    app = create_app(WebSettings(example_db, warm=False, public=True))
    with TestClient(app) as client:
        fi, en = client.get("/goals/G11.html?lang=fi"), client.get("/goals/G11.html?lang=en")
        assert (fi.headers[ANSWER_HEADER], en.headers[ANSWER_HEADER]) == ("new", "new")
        assert fi.text != en.text
        one, other = client.get("/search.json?q=pyöräily"), client.get("/search.json?q=koulu")
        assert other.headers[ANSWER_HEADER] == "new" and one.json() != other.json()
        assert client.get("/search.json?q=koulu").headers[ANSWER_HEADER] == "kept"


def _asked(answers: Answers, works: list, version: str = "v1", key: tuple = ("k",)):
    return answers.answer(version, key, lambda: works.pop(0))


def test_many_at_once_cost_one_piece_of_work():
    answers, calls = Answers(), []

    def work():
        calls.append(1)
        return Answer(200, [], b"{}")

    async def ten_at_once():
        return await asyncio.gather(*(answers.answer("v1", ("k",), work) for _ in range(10)))

    got = asyncio.run(ten_at_once())
    assert len(calls) == 1 and all(answer is got[0][0] for answer, _ in got)
    assert answers.counts()["new"] == 1


@pytest.mark.parametrize("status, size, kept", [(200, 10, True), (503, 10, False), (404, 10, False),
                                                (200, MAX_ANSWER_BYTES + 1, False)])
def test_only_bounded_200s_are_kept(status, size, kept):
    answers = Answers()
    works = [Answer(status, [], b"x" * size), Answer(200, [], b"second")]

    async def twice():
        return [how for _, how in [await _asked(answers, works), await _asked(answers, works)]]

    assert asyncio.run(twice()) == (["new", "kept"] if kept else ["new", "new"])


def test_the_oldest_answers_go_first_beyond_the_byte_bound():
    answers = Answers(max_bytes=25)

    async def fill():
        for n in range(4):  # 10 bytes each: the first two go
            await answers.answer("v1", (n,), lambda: Answer(200, [], b"0123456789"))
        await answers.answer("v1", (3,), lambda: Answer(200, [], b"unused"))  # used last: kept longest
        return [(await answers.answer("v1", (n,), lambda: Answer(200, [], b"0123456789")))[1] for n in (3, 0)]

    assert asyncio.run(fill()) == ["kept", "new"]
    assert answers.counts()["bytes"] <= 25


def test_an_answer_waits_only_behind_its_own_kind():
    answers, slow_may_end = Answers(light_threads=1), threading.Event()
    ended = []

    def slow():
        slow_may_end.wait(10)
        ended.append("slow")
        return Answer(200, [], b"slow")

    def fast(name):
        ended.append(name)
        return Answer(200, [], name.encode())

    async def three():
        slow_task = asyncio.ensure_future(answers.answer("v1", ("s",), slow, lane="idea"))
        await asyncio.sleep(0.05)  # the slow one holds the idea lane's only thread
        other_lane = await asyncio.wait_for(answers.answer("v1", ("e",), lambda: fast("entity"), lane="entity"), 5)
        same_lane = asyncio.ensure_future(answers.answer("v1", ("i",), lambda: fast("idea2"), lane="idea"))
        await asyncio.sleep(0.05)
        waited = not same_lane.done()
        slow_may_end.set()
        await asyncio.gather(slow_task, same_lane)
        return other_lane[0].body, waited

    assert asyncio.run(three()) == (b"entity", True)
    assert ended == ["entity", "slow", "idea2"]
