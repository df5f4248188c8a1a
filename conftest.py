"""Doctest set-up shared by the library's modules (pytest collects their doctests, see setup.cfg).

A doctest finds ``example_store`` (the bundled example city in an in-memory store, source ``example``)
and ``example_graph`` (its projection) in its namespace; both are loaded once per session, and only
when a doctest runs. ``example_db()`` gives the path of a new on-disk store holding the city, for a
doctest that writes beside its store. Tests use the same city through the ``example_city`` fixture.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from _pytest.doctest import DoctestItem


@pytest.fixture(scope="session")
def example_city():
    """(store, graph) of the bundled example city, in memory (source ``example``); do not change it."""
    from examples import EXAMPLE_DIR
    from graph_model.store import GraphStore
    from ingest.pipeline import ingest
    from queries.projection import load_graph

    store = GraphStore(None)
    ingest(EXAMPLE_DIR, store, source="example")
    yield store, load_graph(store)
    store.close()


@pytest.fixture(autouse=True)
def _example_city_in_doctests(request, doctest_namespace) -> Iterator[None]:
    if isinstance(request.node, DoctestItem):
        store, graph = request.getfixturevalue("example_city")
        tmp_path_factory = request.getfixturevalue("tmp_path_factory")
        doctest_namespace.update(example_store=store, example_graph=graph,
                                 example_db=lambda: _example_db(tmp_path_factory.mktemp("city") / "city.db"))
    yield


def _example_db(db):
    """``db``, a new on-disk store into which the bundled example city is ingested."""
    from examples import EXAMPLE_DIR
    from graph_model.store import GraphStore
    from ingest.pipeline import ingest

    with GraphStore(db) as store:
        ingest(EXAMPLE_DIR, store)
    return db
