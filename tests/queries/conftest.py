"""Fixtures of the analysis tests: the example city's graph and synthetic city-scale data, each loaded once."""

from __future__ import annotations

import uuid

import pytest

from graph_model.store import GraphStore
from queries.projection import GraphData, load_graph


@pytest.fixture(scope="session")
def graph(example_city) -> GraphData:
    """The example city's projection (``example_city`` is loaded once per session in the root conftest)."""
    return example_city[1]


@pytest.fixture(scope="session")
def synth_city(synth_city_store) -> tuple[GraphStore, GraphData]:
    """(store, graph) of synthetic city-scale data (1,000 projects, seed 3; ``synth_city_store``)."""
    return synth_city_store, load_graph(synth_city_store)


@pytest.fixture(params=["example", "synth"])
def city(request, example_city, synth_city) -> tuple[GraphStore, GraphData]:
    """The example city, then the synthetic city."""
    return example_city if request.param == "example" else synth_city


@pytest.fixture
def cypher_on(neo4j_dev_server):
    """``cypher_on(store)`` pushes the store under a fresh owner and returns ``run(name, **params)``;
    everything pushed is removed afterwards."""
    from graph_model.neo4j_sync import push, remove_owned
    from queries.cypher import find_query, run_cypher

    owners: list[str] = []

    def pushed(store: GraphStore):
        owner = f"test-analysis-{uuid.uuid4().hex[:12]}"
        owners.append(owner)
        push(store, neo4j_dev_server, owner=owner)

        def run(name: str, **params) -> list[dict]:
            return run_cypher(neo4j_dev_server, find_query(name).text, {"owner": owner, **params}).rows
        return run

    yield pushed
    for owner in owners:
        remove_owned(neo4j_dev_server, owner)
