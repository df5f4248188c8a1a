"""The CORDIS H2020 importer, on small samples written by the tests (and one cut from the real files,
kept in tests/data/cordis-h2020)."""

from __future__ import annotations

import csv
import gzip
import itertools
from pathlib import Path

import pytest

from graph_model.store import GraphStore
from ingest.cordis import KIND_OF_TYPE, cordis_entities, import_cordis, read_cordis, write_sample
from ingest.problems import InvalidInput
from ontologies.errors import InputError, NotFoundError
from queries.links import missing_links
from queries.projection import load_graph

REAL = Path(__file__).parent.parent / "data" / "cordis-h2020"  # an excerpt of the real files, see its README


def test_organisations_projects_parts_and_years(tmp_path):
    data = read_cordis(write_sample(tmp_path))
    assert {p.rcn: p.year for p in data.projects.values()} == {"1": 2015, "2": 2014, "3": 2016}
    assert data.projects["2"].members == {"902": "coordinator", "903": "participant"}
    assert data.projects["2"].parts == ["SC5", "LEIT"]
    assert [p.rcn for p in data.select(until=2015)] == ["1", "2"] and [p.rcn for p in data.select(since=2016)] == ["3"]


def test_entities_follow_the_schema(tmp_path):
    entities, edges = cordis_entities(read_cordis(write_sample(tmp_path)))
    kinds = {e.id: dict((n, v) for n, _, v in e.values)["stakeholder_kind"] for e in entities.values()
             if e.type == "Stakeholder"}
    assert kinds == {"ORG-901": "university", "ORG-902": "company", "ORG-903": "research"}
    project = dict((n, v) for n, _, v in entities["H2020-1"].values)
    assert str(project["start_date"]) == "2015-01-01" and project["code"] == "1"
    assert {(e.source, e.relation, e.target) for e in edges if e.source == "H2020-2"} == {
        ("H2020-2", "led_by", "ORG-902"), ("H2020-2", "has_partner", "ORG-903"),
        ("H2020-2", "has_theme", "T-H2020-LEIT"), ("H2020-2", "has_theme", "T-H2020-SC5")}
    assert sorted(e.source for e in edges if e.relation == "led_by") == ["H2020-1", "H2020-2", "H2020-3"]
    assert set(KIND_OF_TYPE) == {"HES", "PRC", "REC", "PUB", "OTH"}


def test_large_projects_can_be_left_out(tmp_path):
    rows = [["9", "participant", str(900 + i), "PRC", "2015"] for i in range(51)]
    data = read_cordis(write_sample(tmp_path, rows, []))
    assert data.select(max_participants=50) == [] and len(data.select(max_participants=51)) == 1


def test_import_into_the_store_and_suggest_cross_type_links(tmp_path):
    rows = [["1", "coordinator", "901", "HES", "2015"], ["1", "participant", "902", "PRC", "2015"],
            ["2", "coordinator", "902", "PRC", "2015"], ["2", "participant", "903", "REC", "2015"],
            ["3", "coordinator", "904", "HES", "2017"]]
    folder = write_sample(tmp_path / "in", rows, [["1", "SC5"], ["2", "SC5"]])
    with GraphStore(tmp_path / "db") as store:
        info = import_cordis(folder, store, until=2015)
        graph = load_graph(store)
    assert info.name == "cordis-h2020" and info.triples > 0
    assert graph.ids_of("Project") == ["H2020-1", "H2020-2"] and "ORG-904" not in graph.types
    assert graph.props["H2020-1"]["start_date"] == "2015-01-01"
    best = missing_links(graph, "stakeholder")[0]
    assert (best.a, best.b, best.broker) == ("ORG-901", "ORG-903", "ORG-902")
    assert best.shared["themes"] == ["T-H2020-SC5"]


def test_a_project_without_coordinator_is_rejected_by_the_shapes_and_nothing_is_stored(tmp_path):
    folder = write_sample(tmp_path / "in")
    rows = [["1", "coordinator", "901", "HES", "2015"], ["1", "participant", "902", "PRC", "2015"],
            ["2", "participant", "902", "PRC", "2015"], ["2", "participant", "903", "REC", "2015"]]
    broken = write_sample(tmp_path / "broken", rows, [])
    with GraphStore(tmp_path / "db") as store:
        import_cordis(folder, store)
        before = sorted(map(str, store.oxigraph.quads_for_pattern(None, None, None, None)))
        with pytest.raises(InvalidInput) as caught:
            import_cordis(broken, store)
        assert sorted(map(str, store.oxigraph.quads_for_pattern(None, None, None, None))) == before
    [problem] = caught.value.problems
    assert (problem.file, problem.row, problem.column) == ("participations.csv.gz", 4, "ledBy")
    assert problem.message.startswith("H2020-2: led_by needs at least 1 value")


def test_missing_files_and_broken_files_are_input_errors(tmp_path):
    with pytest.raises(NotFoundError, match="no participations.csv.gz in"):
        read_cordis(tmp_path)
    (tmp_path / "participations.csv.gz").write_bytes(b"not gzip at all")
    with pytest.raises(InputError, match="cannot read"):
        read_cordis(tmp_path)
    with gzip.open(tmp_path / "participations.csv.gz", "wt") as handle:
        handle.write("project,organisation\n1,2\n")
    with pytest.raises(InputError, match="row 2: no column 'rcn'"):
        read_cordis(tmp_path)


def test_a_sample_cut_from_the_real_files(tmp_path):
    with gzip.open(REAL / "participations.csv.gz", "rt", encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle)
        rows = [next(reader)] + list(itertools.islice(reader, 300))
    led = {r[0] for r in rows[1:] if r[1] == "coordinator"}  # a project cut off before its coordinator is left out
    rows = rows[:1] + [r for r in rows[1:] if r[0] in led]
    folder = tmp_path / "real"
    folder.mkdir()
    with gzip.open(folder / "participations.csv.gz", "wt", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)
    rcns = {r[0] for r in rows[1:]}
    with gzip.open(REAL / "programme_parts.csv.gz", "rt", encoding="utf-8", newline="") as src, \
            gzip.open(folder / "programme_parts.csv.gz", "wt", encoding="utf-8", newline="") as out:
        out.writelines(line for n, line in enumerate(src) if n == 0 or line.split(",", 1)[0] in rcns)
    data = read_cordis(folder)
    assert len(data.projects) == len(rcns) and set(data.org_type.values()) <= set(KIND_OF_TYPE)
    entities, edges = cordis_entities(data)
    assert sum(e.relation in ("led_by", "has_partner") for e in edges) == len({(r[0], r[2]) for r in rows[1:]})
    assert any(e.type == "Theme" for e in entities.values())
    with GraphStore(tmp_path / "db") as store:
        info = import_cordis(folder, store)  # passes the schema's SHACL rules
        assert info.triples > 0 and len(load_graph(store).ids_of("Project")) == len(rcns)


def test_the_link_prediction_bench_runs_on_a_sample(tmp_path, capsys):
    from bench.linkpred import main

    rows = [["1", "coordinator", "901", "HES", "2015"], ["1", "participant", "902", "PRC", "2015"],
            ["2", "coordinator", "902", "PRC", "2015"], ["2", "participant", "903", "REC", "2015"],
            ["3", "coordinator", "901", "HES", "2016"], ["3", "participant", "903", "REC", "2016"],
            ["3", "participant", "902", "PRC", "2016"]]
    main(["--data", str(write_sample(tmp_path, rows, [])), "--train-until", "2015", "--truth-until", "2016"])
    out = capsys.readouterr().out
    assert "truth 1 pairs (1 cross-sector)" in out and "0 suggestions without evidence" in out
    assert "RESULT name=linkpred_ours train_until=2015 truth_until=2016 p100_all=0.01 " in out
    assert "RESULT name=linkpred_aa " in out and "RESULT name=linkpred_ratio p100_all=1 " in out


def test_the_account_names_every_row_left_out(tmp_path):
    rows = [["1", "coordinator", "901", "HES", "2015"], ["1", "participant", "902", "PRC", "2015"],
            ["1", "participant", "902", "PRC", "2015"],  # the same organisation again
            ["2", "coordinator", "902", "PRC", "2017"], ["3", "coordinator", "903", "REC", ""]]
    folder = write_sample(tmp_path / "in", rows, [["1", "SC5"], ["1", "SC5"], ["9", "ERC"], ["2", "LEIT"]])
    with GraphStore(tmp_path / "db") as store:
        info = import_cordis(folder, store, until=2015)
        assert store.source("cordis-h2020").account == info.account
        everything = import_cordis(folder, store, source="all")
        assert len(load_graph(store, cache=False).ids_of("Project")) == 3  # a project with no year goes in
    account = info.account
    assert {k: (e["read"], e["stored"]) for k, e in account.items()} == {
        "participations": (5, 2), "programme parts": (4, 1), "projects": (3, 1), "organisations": (3, 2)}
    assert account["participations"]["not_kept"] == {
        "the organisation takes part in the project again (kept as its first row's participant)": 1,
        "starts after 2015 (--train-until)": 1,
        "no start year (cannot tell whether it is in the years asked for)": 1}
    assert account["participations"]["examples"]["starts after 2015 (--train-until)"] == ["rcn 2"]
    assert account["programme parts"]["not_kept"] == {
        "the same part of the project again": 1, "no participation of its project in participations.csv.gz": 1,
        "starts after 2015 (--train-until)": 1}
    assert account["programme parts"]["examples"]["the same part of the project again"] == [
        "programme_parts.csv.gz row 3"]
    assert account["organisations"]["not_kept"] == {"takes part only in projects left out": 1}
    assert everything.account["projects"] == {"read": 3, "stored": 3, "not_kept": {}}
