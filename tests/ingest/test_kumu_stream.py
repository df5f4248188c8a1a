"""Kumu backups are streamed (issue 20): never read whole, the same graph as a whole read, clear refusals.

Peak memory on a large generated project is measured by bench/kumu_stream.py, not here.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import ijson
import pytest

from graph_model.store import GraphStore
from ingest.kumu import import_kumu, kumu_entities
from ingest.kumu_stream import SpilledArray, stream_project
from ingest.problems import InvalidInput

KUMU = Path(__file__).resolve().parents[1] / "data" / "kumu"


def _generated(n: int) -> dict:
    """A system map of ``n`` elements, ``2 n`` connections (typed, untyped and polarity), a loop and a map."""
    return {"name": "Streamed", "attributes": [{"name": "score", "type": "number"}],
            "elements": [{"_id": f"e{i}", "attributes": {"label": f"Muuttuja {i} ä", "element type": "State",
                                                         "score": i / 2, "tags": ["x", "y"][: i % 3]}}
                         for i in range(n)],
            "connections": [{"_id": f"c{j}", "direction": "directed", "from": f"e{j % n}", "to": f"e{(j * 7) % n}",
                             "attributes": {"connection type": [None, "+", "-"][j % 3]}} for j in range(2 * n)],
            "loops": [{"_id": "l1", "attributes": {"loop type": "R"}, "elements": ["e0", "e1"]}],
            "maps": [{"_id": "m1", "name": "Kartta", "elements": [{"element": "e0", "position": {"x": 1.5}}]}]}


@pytest.mark.parametrize("name", sorted(p.name for p in KUMU.glob("*.json")))
def test_a_streamed_project_holds_what_json_loads_gives(name):
    path = KUMU / name
    whole = json.loads(path.read_text(encoding="utf-8"))
    with path.open("rb") as handle, stream_project(handle) as doc:
        assert {k: list(v) if isinstance(v, SpilledArray) else v for k, v in doc.items()} == whole
        assert all(isinstance(doc[k], SpilledArray) for k in ("elements", "connections") if k in whole)


def test_the_import_never_reads_the_file_whole_and_gives_the_same_graph(tmp_path, monkeypatch):
    doc = _generated(3000)
    path = tmp_path / "big.json"
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    expected, expected_account = kumu_entities(doc, path.name, name=path.stem)

    def whole(*args, **kwargs):
        raise AssertionError("the Kumu file was read whole")
    monkeypatch.setattr(Path, "read_text", whole)
    monkeypatch.setattr(Path, "read_bytes", whole)
    with GraphStore(None) as store:
        info, parsed, account = import_kumu(path, store)
    assert account.as_dict() == expected_account.as_dict() and account.unbalanced() == {}
    assert account.as_dict()["connections"]["read"] == 6000
    assert {i: (e.type, e.values) for i, e in parsed.entities.items()} == \
        {i: (e.type, e.values) for i, e in expected.entities.items()}
    assert [(e.source, e.relation, e.target) for e in parsed.edges] == \
        [(e.source, e.relation, e.target) for e in expected.edges]


@pytest.mark.parametrize("text, message", [
    ('{"name": "x", "elements": [{"_id": "e1"}, {"_id": ', "is not JSON"),         # cut short
    ('{"elements": []} {"elements": []}', "is not JSON"),                          # two documents
    ('{"elements": [1,, 2]}', "is not JSON"),
    ('[{"_id": "e1"}]', "a Kumu project is a JSON object with elements and connections"),
    ('{"name": "no elements"}', "a Kumu project is a JSON object with elements and connections"),
])
def test_what_cannot_be_read_is_refused_clearly(tmp_path, text, message):
    path = tmp_path / "broken.json"
    path.write_text(text, encoding="utf-8")
    with GraphStore(None) as store, pytest.raises(InvalidInput) as caught:
        import_kumu(path, store)
    assert message in str(caught.value)
    assert caught.value.problems[0].file == "broken.json"


def test_a_broken_file_says_the_line_and_column(tmp_path):
    path = tmp_path / "broken.json"
    path.write_text('{"elements": [\n  {"_id": "e1"},\n  {"_id": "e2",, "x": 1}\n]}', encoding="utf-8")
    with GraphStore(None) as store, pytest.raises(InvalidInput, match=r"is not JSON: line 3, column 16: "):
        import_kumu(path, store)


def test_bytes_that_are_not_utf8_are_not_json(tmp_path):
    path = tmp_path / "latin1.json"
    path.write_bytes('{"name": "Hyvinvointi ä", "elements": []}'.encode("latin-1"))
    with GraphStore(None) as store, pytest.raises(InvalidInput, match="is not JSON"):
        import_kumu(path, store)


def test_a_file_over_the_limit_is_refused_before_it_is_read(tmp_path, monkeypatch):
    import ingest.kumu

    path = tmp_path / "big.json"
    path.write_text(json.dumps(_generated(10)), encoding="utf-8")
    monkeypatch.setattr(ingest.kumu, "MAX_BYTES", 100)
    with GraphStore(None) as store, pytest.raises(InvalidInput, match="is larger than .*split the project"):
        import_kumu(path, store)


def test_spilled_arrays_can_be_walked_again_and_at_once():
    with stream_project(io.BytesIO(b'{"elements": [{"a": 1}, {"a": 2}], "connections": []}')) as doc:
        outer = [(x["a"], y["a"]) for x in doc["elements"] for y in doc["elements"]]
        assert outer == [(1, 1), (1, 2), (2, 1), (2, 2)] and len(doc["connections"]) == 0
    with pytest.raises(ijson.JSONError):
        with stream_project(io.BytesIO(b'{"elements": [')):
            pass
