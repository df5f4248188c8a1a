"""An accepted (or undone) organisation match in the app: the served projection is derived in memory from the
projection before the match folds (stratgraph.web.live, queries.same_as.folded), and must be the projection a
full read of the store gives, fact for fact.

On the real 2007-2013 list an accepted match's POST waited 3-5 s for the whole projection to be read again."""

from __future__ import annotations

import shutil
from collections import defaultdict

import pytest

import queries.projection as projection
from graph_model.store import GraphStore
from ingest.review import decide_match, revert_change
from queries.same_as import same_as_map
from stratgraph.web.live import LiveStore

#: Accepted in turn: a second match beside one on record, then one that joins two groups into one.
ONE_SCHOOL = ("SH-ULAPLAND", "SH-LAPINAMK")
JOINED = ("SH-LAPINAMK", "SH-ELY")
_READ = projection._read_graph  # the full read, not counted by ``reads``


@pytest.fixture
def db(example_db, tmp_path):
    """A copy of the example city with a match accepted before the app reads it (SH-ELY is SH-REDU)."""
    path = tmp_path / "city.db"
    shutil.copytree(example_db, path)
    with GraphStore(path) as store:
        decide_match(store, "SH-ELY", "SH-REDU", accept=True, author="rev", note="renamed")
    return path


def _full(db) -> projection.GraphData:
    """The projection read whole from the store, the matches folded in by the in-place fold."""
    with GraphStore(db, read_only=True) as store:
        return _fold_in_place(_READ(store), same_as_map(store))


def _fold_in_place(graph, canonical: dict[str, str]):
    """The oracle, the fold as load_graph did it before the copy-on-write one: ``graph`` with every id of
    ``canonical`` replaced by its canonical id, in place (a pair whose canonical node is not in the graph is
    ignored; the pairs used are added to ``graph.merged``)."""
    canonical = {a: b for a, b in canonical.items() if a in graph.types and b in graph.types}
    if not canonical:
        return graph
    for old, new in canonical.items():
        for lang, text in graph.labels.get(old, {}).items():
            graph.labels.setdefault(new, {}).setdefault(lang, text)
        for table in (graph.types, graph.labels, graph.descriptions, graph.props):
            table.pop(old, None)

    def c(ident: str) -> str:
        return canonical.get(ident, ident)
    graph.edges = defaultdict(list, {rel: sorted({(c(s), c(o)) for s, o in pairs if c(s) != c(o)})
                                     for rel, pairs in graph.edges.items()})
    graph._by_type.clear()
    graph._sector.clear()
    graph.merged = {**graph.merged, **canonical}
    return graph


def _facts(graph) -> dict:
    """Everything a page or an index reads of a projection: nodes, labels, literals, edges, folds, and what
    is derived from them (ids by type, sectors, who leads and takes part in what)."""
    return {"types": graph.types, "labels": graph.labels, "descriptions": graph.descriptions, "props": graph.props,
            "edges": dict(graph.edges), "merged": graph.merged,
            "by type": {t: graph.ids_of(t) for t in set(graph.types.values())},
            "sectors": {i: graph.sector_of(i) for i in graph.types},
            "partners": graph.adjacency("has_partner", reverse=True), "leads": graph.adjacency("led_by")}


def _decide(live: LiveStore, db, pair: tuple[str, str], accept: bool):
    with GraphStore(db) as store:
        decide_match(store, *pair, accept=accept, author="rev", note="" if accept else "two after all")
    assert live.refresh()
    return live.snapshot()


def _revert_last(live: LiveStore, db):
    from graph_model.edits import changes

    with GraphStore(db) as store:
        revert_change(store, changes(store)[-1].id, "admin")
    assert live.refresh()
    return live.snapshot()


def test_an_accepted_and_an_undone_match_are_the_projection_a_full_read_gives(db, reads):
    live = LiveStore(db)
    assert live.refresh()
    first = live.snapshot()
    before = _facts(first.graph)
    assert before == _facts(_full(db)) and first.graph.merged == {"SH-ELY": "SH-REDU"}
    read = len(reads)
    accepted = _decide(live, db, ONE_SCHOOL, accept=True)
    assert accepted.unfolded is first.unfolded and len(reads) == read  # folded in memory, nothing read
    assert ONE_SCHOOL[0] not in accepted.graph.types and accepted.graph.merged[ONE_SCHOOL[0]] == ONE_SCHOOL[1]
    assert _facts(accepted.graph) == _facts(_full(db))
    assert _facts(first.graph) == before  # the version served before is not changed under its readers
    joined = _decide(live, db, JOINED, accept=True)
    assert {a for a, b in joined.graph.merged.items() if b == "SH-REDU"} == {"SH-ELY", *ONE_SCHOOL}
    assert _facts(joined.graph) == _facts(_full(db))
    undone = _revert_last(live, db)  # the two groups split again (a rejection undoes a direct match only)
    assert _facts(undone.graph) == _facts(_full(db))
    assert _facts(undone.graph) == _facts(accepted.graph)
    back = _decide(live, db, ONE_SCHOOL, accept=False)  # as the review queue's Reject undoes an Accept
    assert _facts(back.graph) == _facts(_full(db)) == before
    assert len(reads) == read


def test_the_related_index_after_an_accepted_match_ranks_as_one_built_afresh(one_part_db, tmp_path):
    """After an accepted match the related index is built again (partners changed), but the re-ranker's
    n-gram vectors (the SVD: 10-12 s of the real list's 14) are taken over from the version before: the
    projects and their texts are the same. Its rankings must be those of an index built from nothing."""
    from graph_model.edits import comment
    from queries.related import RelatedIndex

    db = tmp_path / "funds.db"
    shutil.copytree(one_part_db, db)
    live = LiveStore(db)
    assert live.refresh()
    first = live.snapshot().related_index()
    assert first.reranker is not None
    graph = live.snapshot().graph
    leaders = [o.id for o in _orgs(db) if graph.sources(o.id, "led_by")]
    _decide(live, db, (leaders[0], leaders[1]), accept=True)
    with GraphStore(db) as store:  # a comment meanwhile: a new version, the same projection
        comment(store, leaders[0], "sama organisaatio", author="rev")
    assert live.refresh()
    accepted = live.snapshot()
    assert accepted.related_like is first
    index = accepted.related_index()
    assert index.reranker.ngram is first.reranker.ngram and accepted.related_like is None
    fresh = RelatedIndex.build(accepted.graph)
    assert fresh.reranker.ngram is not first.reranker.ngram
    moved = [p for p in index.ids if leaders[0] in first.graph.targets(p, "led_by")]
    for project in [*moved, *index.ids[:20]]:
        assert index.ranked(project) == fresh.ranked(project)
    assert index.ranked(moved[0]) != first.ranked(moved[0])  # the fold changed what is related


def _orgs(db):
    """The organisations of the store at ``db``."""
    from ingest.matching import store_orgs

    with GraphStore(db, read_only=True) as store:
        return store_orgs(store)


#: Pages that read the folded organisations: the search, both organisations' pages, a project the one
#: folded away took part in (with its related projects), and My idea from that project.
PAGES = ("/search.json?q=Lapin", "/organisations/SH-LAPINAMK.json", "/organisations/SH-ULAPLAND.json",
         "/projects/P-NEB.json", "/idea.json?project=P-NEB")


def _answers(client) -> dict:
    return {page: (answer.status_code, answer.json()) for page in PAGES for answer in [client.get(page)]}


def _client(db, token: str):
    from starlette.testclient import TestClient

    from stratgraph.web.accounts.guard import cookie_names
    from stratgraph.web.app import WebSettings, create_app

    return TestClient(create_app(WebSettings(db, warm=False)), base_url="https://testserver",
                      cookies={cookie_names(True)[0]: token})


def _restarted(db, token: str, tmp_path, name: str) -> dict:
    """The answers of an app started afresh on a copy of ``db`` without its cache folder (a full read)."""
    copy = tmp_path / name / "city.db"
    shutil.copytree(db, copy)
    with _client(copy, token) as client:
        return _answers(client)


def test_the_app_after_an_accept_and_its_undo_answers_as_one_started_afresh(example_db, tmp_path):
    """The reviewer's next pages after the POST (read-your-writes) are those of an app that reads the store
    whole: the organisations folded, the search, the organisation's page and related projects."""
    from graph_model.accounts import Accounts

    db = tmp_path / "city.db"
    shutil.copytree(example_db, db)
    accounts = Accounts(db)
    token, session = accounts.start_session(accounts.add("rev", roles=["reviewer"]))
    with _client(db, token) as client:
        before = _answers(client)
        for verdict, note in (("accept", "yksi ja sama"), ("reject", "kaksi sittenkin")):
            posted = client.post("/review/match", json={"a": ONE_SCHOOL[0], "b": ONE_SCHOOL[1], "verdict": verdict,
                                                        "note": note}, headers={"X-CSRF-Token": session.csrf})
            assert posted.status_code == 201, posted.text
            answers = _answers(client)
            assert answers == _restarted(db, token, tmp_path, verdict)
            if verdict == "accept":
                assert answers != before and answers["/organisations/SH-ULAPLAND.json"][0] == 404
        for page, (status, body) in before.items():  # two again; their pages list the two decisions on record
            assert answers[page] == (status, body | ({"history": answers[page][1]["history"]} if "history" in body else {}))
        assert len(answers["/organisations/SH-ULAPLAND.json"][1]["history"]) == 2


def test_the_notice_after_an_accepted_match_names_both_and_links_the_kept_ones_changes(example_db, tmp_path):
    """On the real list the notice after an accept named the organisation folded away by its id and linked its
    page of changes, which no longer exists (a 404): it names it as the queue did and links the kept one's."""
    from graph_model.accounts import Accounts

    db = tmp_path / "city.db"
    shutil.copytree(example_db, db)
    accounts = Accounts(db)
    token, session = accounts.start_session(accounts.add("rev", roles=["reviewer"]))
    with _client(db, token) as client:
        labels = {o: client.get(f"/organisations/{o}.json").json()["label"] for o in ONE_SCHOOL}
        page = client.post("/review/match", data={"a": ONE_SCHOOL[0], "b": ONE_SCHOOL[1], "verdict": "accept",
                                                  "note": "", "csrf_token": session.csrf})
        assert page.status_code == 200 and "done=" in str(page.url)
        notice = page.text[page.text.index('class="saved"'):].split("</p>", 1)[0]
        assert labels[ONE_SCHOOL[0]] in notice and labels[ONE_SCHOOL[1]] in notice and ONE_SCHOOL[0] not in notice
        assert f'href="edit/{ONE_SCHOOL[1]}.html"' in notice
        history = client.get(f"/edit/{ONE_SCHOOL[1]}.html")
        assert history.status_code == 200 and "accepted" in history.text
