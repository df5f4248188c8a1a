"""A mapping file is checked against the schema: every unknown name listed at once, with the closest."""

from __future__ import annotations

import pytest

from ingest.mapping.spec import load_mapping
from ingest.problems import InvalidInput


def test_example_mapping_loads(example_mapping):
    m = load_mapping(example_mapping)
    assert m.node.type == "Project" and m.alternatives("Projektin nimi") == ("Projektin nimi", "Hankkeen nimi")
    assert {f.key for f in m.node.relations} == {"funded_by", "led_by", "has_theme"}


def test_every_unknown_name_is_listed_with_the_closest(write_mapping):
    path = write_mapping("""
node:
  type: Project
  id: "{Koodi}"
  properties:
    label_fi: Nimi
    statuss: Tila
    led_by: Toteuttaja
  relations:
    fundedby: Rahasto
    has_theme: {column: Teema, by_name: Theem, colum: x}
entites: []
""")
    with pytest.raises(InvalidInput) as caught:
        load_mapping(path)
    messages = {p.column: p.message for p in caught.value.problems}
    assert "did you mean 'status'" in messages["node.properties.statuss"]
    assert "put it under relations" in messages["node.properties.led_by"]
    assert "did you mean 'funded_by'" in messages["node.relations.fundedby"]
    assert "did you mean 'Theme'" in messages["node.relations.has_theme.by_name"]
    assert "did you mean 'column'" in messages["node.relations.has_theme.colum"]
    assert "did you mean 'entities'" in messages["entites"]
    assert all(p.file == "mapping.yaml" for p in caught.value.problems)


@pytest.mark.parametrize("text, message", [
    ("node: [1, 2", "is not valid YAML"),
    ("- a\n- b\n", "a mapping is a YAML mapping"),
    ("node: {type: Project, id: x, properties: {label_fi: {column: A, value: B}}}", "either column"),
    ("node: {type: Project, id: x}\nskip: [{empty: true}]", "a skip rule names a column"),
    ("node: {type: Project, id: x}\nentities: [{id: F1, type: FundingSource, labl_fi: x}]", "did you mean 'label_fi'"),
])
def test_bad_mapping_files(write_mapping, text, message):
    with pytest.raises(InvalidInput, match=message):
        load_mapping(write_mapping(text))
