"""The Python API (``stratgraph.open``): the same answers as the commands, the CLI's errors, no bare KeyError."""

from __future__ import annotations

import datetime
import json
import math
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

import stratgraph
from examples import EXAMPLE_DIR, EXAMPLE_SOURCE
from ingest.problems import InvalidInput
from ontologies.errors import NotFoundError, StoreError, StratgraphError, UsageError
from stratgraph.api.handle import Stratgraph
from stratgraph.api.rows import MissingDependency, Rows
from stratgraph.cli import cli


@pytest.fixture(scope="module")
def example_db(tmp_path_factory) -> Path:
    db = tmp_path_factory.mktemp("api") / "city.db"
    with stratgraph.open(db) as city:
        assert city.ingest(EXAMPLE_DIR, source=EXAMPLE_SOURCE).status == "stored"
    return db


@pytest.fixture
def city(example_db) -> Stratgraph:
    with stratgraph.open(example_db) as handle:
        yield handle


def run_cli(db: Path, *args: str):
    """The command as a user runs it (the store named by STRATGRAPH_DB, as stratgraph.open() reads it)."""
    return CliRunner().invoke(cli, list(args), env={"STRATGRAPH_DB": str(db)}, catch_exceptions=False)


def cli_json(db: Path, *args: str) -> list[dict]:
    result = run_cli(db, *args, "--format", "json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def _same(a: object, b: object) -> bool:
    """Equal, with floats compared to the precision JSON keeps."""
    if isinstance(a, float) or isinstance(b, float):
        return math.isclose(float(a), float(b), rel_tol=1e-9)
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, (list, tuple)) and isinstance(b, (list, tuple)):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b))
    return a == b


# The command and the method that must give the same rows.
AGREE = [
    (["related", "P-HNR", "--other-sectors"], lambda c: c.related("P-HNR", other_sectors=True)),
    (["related", "--text", "kiertotalous ja ilmasto kouluissa", "--top", "5"],
     lambda c: c.related(text="kiertotalous ja ilmasto kouluissa", top=5)),
    (["related", "--text", "kiertotalous ja ilmasto kouluissa", "--partners", "--top", "5"],
     lambda c: c.partners(text="kiertotalous ja ilmasto kouluissa", top=5)),
    (["related", "P-HNR", "--partners", "--among", "20", "--other-sectors"],
     lambda c: c.partners("P-HNR", among=20, other_sectors=True)),
    (["links"], lambda c: c.links()),
    (["links", "--level", "stakeholder", "--top", "7"], lambda c: c.links("stakeholder", top=7)),
    (["links", "--goal", "G11"], lambda c: c.links(goal="G11")),
    (["silos", "--only-silos"], lambda c: c.silos(only_silos=True)),
    (["silos", "--via", "projects,services,networks,bodies"],
     lambda c: c.silos(via=["projects", "services", "networks", "bodies"])),
    (["gaps"], lambda c: c.gaps()),
    (["gaps", "--rule", "goal_without_owner"], lambda c: c.gaps("goal_without_owner")),
    (["coverage"], lambda c: c.coverage()),
    (["network", "--top", "0"], lambda c: c.network()),
    (["network", "--show", "edges", "--level", "sector", "--top", "0"], lambda c: c.network("sector", show="edges")),
    (["network", "--show", "communities", "--top", "0"], lambda c: c.network(show="communities")),
    (["stats"], lambda c: c.stats()),
    (["stats", "--by", "relation"], lambda c: c.stats("relation")),
    (["sources"], lambda c: c.sources()),
    (["followup", "--strategy", "S-2021", "--as-of", "2025-12-31"],
     lambda c: c.followup(strategy="S-2021", as_of=datetime.date(2025, 12, 31))),
    (["followup", "--goal", "G11", "--behind", "0.05"], lambda c: c.followup(goal="G11", behind=0.05)),
    (["sparql", "SELECT ?p ?status WHERE { ?p a sg:Project ; sg:status ?status } ORDER BY ?p", "-p", "status=ongoing"],
     lambda c: c.sparql("SELECT ?p ?status WHERE { ?p a sg:Project ; sg:status ?status } ORDER BY ?p",
                        status="ongoing")),
]


@pytest.mark.parametrize("args, method", AGREE, ids=[" ".join(a[:3]) for a, _ in AGREE])
def test_method_gives_the_command_s_rows(example_db, city, args, method):
    expected = cli_json(example_db, *args)
    rows = method(city)
    assert isinstance(rows, Rows) and len(rows) > 0
    got = [{k: v for k, v in row.items() if k in expected[0]} for row in rows.to_dicts()]
    assert set(expected[0]) <= set(rows.columns)
    assert _same(got, expected)


def test_rows_are_the_library_s_objects_and_a_dataframe(city):
    related = city.related("P-HNR", top=3)
    assert related[0].id != "P-HNR" and related[0].reasons
    frame = related.to_pandas()
    assert list(frame.columns) == related.columns and frame.shape == (3, len(related.columns))
    assert frame["score"].is_monotonic_decreasing
    links = city.links(top=4).to_pandas()
    assert {"a", "b", "score", "broker", "evidence"} <= set(links.columns) and len(links) == 4
    assert "<table>" in related._repr_html_() and "P-HNR" not in str(related[:0])


def test_missing_pandas_is_a_clear_error(city, monkeypatch):
    monkeypatch.setitem(sys.modules, "pandas", None)  # what `import pandas` meets when it is not installed
    with pytest.raises(MissingDependency, match=r"pip install 'stratgraph\[pandas\]'"):
        city.gaps().to_pandas()


# -- bad input: the CLI's messages, never a bare KeyError ------------------------------------------

UNKNOWN = [
    (["related", "P-HNRR"], lambda c: c.related("P-HNRR"), NotFoundError),
    (["links", "--goal", "G99"], lambda c: c.links(goal="G99"), NotFoundError),
    (["links", "--theme", "T-NOPE"], lambda c: c.links(theme="T-NOPE"), NotFoundError),
    (["silos", "--goal", "G99"], lambda c: c.silos(goal="G99"), NotFoundError),
    (["map", "neighbourhood", "--focus", "P-NOPE", "--out", "x.html"],
     lambda c: c.map("neighbourhood", focus="P-NOPE"), NotFoundError),
    (["map", "collaboration", "--focus", "P-HNR", "--out", "x.html"],
     lambda c: c.map("collaboration", focus="P-HNR"), NotFoundError),
    (["sparql", "SELECT ?x WHERE {"], lambda c: c.sparql("SELECT ?x WHERE {"), StratgraphError),
]


@pytest.mark.parametrize("args, method, error", UNKNOWN, ids=[" ".join(a[:3]) for a, _, _ in UNKNOWN])
def test_unknown_ids_raise_the_command_s_message(example_db, city, args, method, error, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run_cli(example_db, *args)
    assert result.exit_code == 1
    with pytest.raises(error) as caught:
        method(city)
    message = result.stderr[result.stderr.index("Error: "):]  # the analyser's notes may come first
    assert message.strip() == f"Error: {caught.value}"
    if error is NotFoundError and "closest" in result.stderr:
        assert "closest" in str(caught.value)


BAD_CALLS = [
    lambda c: c.related(42),
    lambda c: c.related("P-HNR", top="ten"),
    lambda c: c.related("P-HNR", top=0),
    lambda c: c.related("P-HNR", top=True),
    lambda c: c.related("P-HNR", other_sectors="yes"),
    lambda c: c.related(),
    lambda c: c.related("P-HNR", text="both"),
    lambda c: c.related("P-HNR", status="finished"),
    lambda c: c.partners("P-HNR", among=0),
    lambda c: c.partners("P-HNR", among="all"),
    lambda c: c.partners(text="ilmasto", by="partners"),
    lambda c: c.links("galaxy"),
    lambda c: c.links(level=1),
    lambda c: c.links(goal=["G11"]),
    lambda c: c.silos(via="projects"),
    lambda c: c.silos(via=["rumours"]),
    lambda c: c.gaps("no_such_rule"),
    lambda c: c.gaps(3),
    lambda c: c.coverage("euros"),
    lambda c: c.network("planet"),
    lambda c: c.network(show="everything"),
    lambda c: c.stats("colour"),
    lambda c: c.sparql(b"SELECT * WHERE {}"),
    lambda c: c.sparql("SELECT ?p WHERE { ?p ?q ?o }", p=["a"]),
    lambda c: c.sparql("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"),
    lambda c: c.ingest(7),
    lambda c: c.remove_source("no-such-source"),
    lambda c: c.map("treasure"),
    lambda c: c.map("neighbourhood"),
    lambda c: c.map(depth="2"),
    lambda c: c.to_networkx("everything"),
    lambda c: c.to_networkx(lang="de"),
    lambda c: c.to_igraph(level="moon"),
]


@pytest.mark.parametrize("call", BAD_CALLS, ids=range(len(BAD_CALLS)))
def test_bad_arguments_raise_the_project_s_errors(city, call):
    with pytest.raises(StratgraphError) as caught:
        call(city)
    assert not isinstance(caught.value, (KeyError, TypeError)) and str(caught.value)


def test_wrong_type_message_names_the_argument(city):
    with pytest.raises(UsageError, match=r"^top must be int, not str \('ten'\)$"):
        city.related("P-HNR", top="ten")


CALLS = [
    lambda c: c.related("P-HNR"), lambda c: c.links(), lambda c: c.silos(), lambda c: c.gaps(),
    lambda c: c.coverage(), lambda c: c.network(), lambda c: c.sparql("SELECT * WHERE { ?s ?p ?o } LIMIT 1"),
    lambda c: c.sources(), lambda c: c.stats(), lambda c: c.ingest(EXAMPLE_DIR), lambda c: c.to_networkx(),
    lambda c: c.map("goals"), lambda c: c.graph(),
]


@pytest.mark.parametrize("call", CALLS, ids=range(len(CALLS)))
def test_a_closed_handle_says_so(example_db, call):
    with stratgraph.open(example_db) as city:
        pass
    with pytest.raises(UsageError, match="handle is closed"):
        call(city)


def test_missing_store_gives_the_cli_s_message(tmp_path):
    db = tmp_path / "nowhere.db"
    result = run_cli(db, "stats")
    with stratgraph.open(db) as city, pytest.raises(StoreError) as caught:
        city.stats()
    assert result.exit_code == 1 and result.stderr.strip() == f"Error: {caught.value}"


def test_default_store_is_the_cli_s(example_db, monkeypatch):
    monkeypatch.setenv("STRATGRAPH_DB", str(example_db))
    with stratgraph.open() as city:
        assert city.path == example_db and [s.name for s in city.sources()] == [EXAMPLE_SOURCE]


def test_read_only_handle_refuses_writes_and_leaves_the_store(example_db):
    with stratgraph.open(example_db, read_only=True) as city:
        with pytest.raises(UsageError, match="read-only"):
            city.ingest(EXAMPLE_DIR, source="another")
        with pytest.raises(UsageError, match="read-only"):
            city.remove_source(EXAMPLE_SOURCE)
        assert [s.name for s in city.sources()] == [EXAMPLE_SOURCE]


def test_handle_sees_what_the_cli_ingests_and_never_holds_the_lock(tmp_path):
    db = tmp_path / "shared.db"
    with stratgraph.open(db) as city:
        assert city.ingest(EXAMPLE_DIR).status == "stored"
        before = len(city.graph().types)
        small = Path(__file__).resolve().parents[1] / "data" / "small"
        result = run_cli(db, "ingest", str(small), "--source", "small")  # while the handle is open
        assert result.exit_code == 0, result.output
        assert {s.name for s in city.sources()} == {"rovaniemi", "small"}
        assert len(city.graph().types) > before
        assert city.remove_source("small").name == "small"
        assert len(city.graph().types) == before


def test_bad_input_is_all_or_nothing(tmp_path):
    folder = tmp_path / "broken"
    folder.mkdir()
    (folder / "projects.csv").write_text("id,label_fi,status,led_by\nP1,Hanke,running,U-NOPE\n", encoding="utf-8")
    with stratgraph.open(tmp_path / "city.db") as city:
        city.ingest(EXAMPLE_DIR)
        with pytest.raises(InvalidInput) as caught:
            city.ingest(folder)
        assert len(caught.value.problems) >= 2  # the status and the unknown unit, at once
        assert [s.name for s in city.sources()] == ["rovaniemi"]


def test_memory_store_and_repr(tmp_path):
    city = stratgraph.open(":memory:")
    assert "memory" in repr(city)
    city.ingest(EXAMPLE_DIR)
    assert city.graph() is city.graph()  # the projection is kept until the next ingest
    city.close()
    assert "closed" in repr(city)


def test_help_lists_the_api():
    import pydoc

    text = pydoc.render_doc(stratgraph, renderer=pydoc.plaintext)
    for name in ("open(", "connect(", "related(", "links(", "to_networkx(", "sparql(", "to_pandas"):
        assert name in text, name


def test_import_stays_light():
    import subprocess

    code = ("import sys, stratgraph, stratgraph.cli; "
            "print(sorted(m for m in ('pandas', 'networkx', 'igraph', 'neo4j', 'stratgraph.api.handle') "
            "if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_dry_run_needs_no_store(tmp_path):
    with stratgraph.open(tmp_path / "not-yet.db") as city:
        assert city.ingest(EXAMPLE_DIR, dry_run=True).status == "valid"
    assert not (tmp_path / "not-yet.db").exists()


def _public_callables():
    import inspect

    import stratgraph.neo4j
    from stratgraph.api import graphs, handle, maps, rows, tables

    for module in (stratgraph, handle, rows, tables, graphs, maps, stratgraph.neo4j):
        for name in module.__all__:
            obj = getattr(module, name)
            if inspect.isfunction(obj):
                yield f"{module.__name__}.{name}", obj
            elif inspect.isclass(obj) and obj.__module__ == module.__name__:
                for attr, member in vars(obj).items():
                    if not attr.startswith("_") and inspect.isfunction(member):
                        yield f"{module.__name__}.{name}.{attr}", member


@pytest.mark.parametrize("name, func", list(_public_callables()), ids=lambda v: v if isinstance(v, str) else "")
def test_every_public_function_has_an_example(name, func):
    doc = func.__doc__ or ""
    # Functions that need a Neo4j server show a literal example (their tests run them against one).
    assert ">>>" in doc or (".neo4j" in name and "Example::" in doc) or name.endswith("connect"), name


def test_crosswalk_method_is_the_command_s_json(example_db, city):
    assert _same([city.crosswalk("S-2021", "S-2026").as_dict()], cli_json(example_db, "crosswalk", "S-2021", "S-2026"))


@pytest.mark.parametrize("call", [lambda c: c.followup(behind=2), lambda c: c.followup(goal=7),
                                  lambda c: c.followup(as_of="2025-12-31"), lambda c: c.crosswalk("S-2021", None)])
def test_followup_methods_refuse_wrong_arguments(city, call):
    with pytest.raises(UsageError):
        call(city)
