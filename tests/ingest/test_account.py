"""The conservation account of every importer: read = stored + not kept, for every real file in tests/data.

Each import ends with an :class:`~ingest.account.ImportAccount`; the test runs the importer of each real
file of tests/data (template, mapping, Popolo, register, RDF, CORDIS) and checks the account balances, is in the
report and is kept in the source's provenance. Kumu projects are tested with the Kumu importer.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from examples import EXAMPLE_DIR
from ingest.cordis import import_cordis
from ingest.pipeline import ingest
from ingest.popolo import import_popolo
from ingest.register import import_register

DATA = Path(__file__).resolve().parents[1] / "data"
MAPPING = EXAMPLE_DIR.parent / "structural-funds" / "mapping.yaml"

IMPORTS = {
    "template small/": lambda store: ingest(DATA / "small", store),
    "template examples/rovaniemi/": lambda store: ingest(EXAMPLE_DIR, store),
    "rdf w3c-org/org.ttl": lambda store: ingest(DATA / "w3c-org" / "org.ttl", store),
    **{f"mapping structural-funds/{p.name}": (lambda store, p=p: ingest(p, store, mapping=MAPPING))
       for p in sorted((DATA / "structural-funds").glob("*.csv"))},
    **{f"popolo popolo/{p.name}": (lambda store, p=p: import_popolo(p, store))
       for p in sorted((DATA / "popolo").glob("*.json"))},
    **{f"register helsinki-organisations/{p.name}": (lambda store, p=p: import_register(p, store))
       for p in sorted((DATA / "helsinki-organisations").glob("*.csv"))},
    # up to 2015: the excerpt's last project lost its coordinator row to the cut (every project of the
    # whole file has one), and the shapes refuse a project nobody leads
    "cordis cordis-h2020/": lambda store: _as_report(import_cordis(DATA / "cordis-h2020", store, until=2015)),
}


def _as_report(info):
    """A stored source (``import_cordis`` gives one) as the report the test reads."""
    from types import SimpleNamespace

    return SimpleNamespace(source=info.name, account=info.account)


@pytest.mark.parametrize("name", sorted(IMPORTS))
def test_read_equals_stored_plus_reported(store, name):
    report = IMPORTS[name](store)
    account = report.account
    assert account, "the import gave no account"
    unbalanced = {kind: e for kind, e in account.items() if e["read"] != e["stored"] + sum(e["not_kept"].values())}
    assert unbalanced == {}
    assert all(e["read"] > 0 for e in account.values())
    assert store.source(report.source).account == account


def test_not_kept_names_each_record(store):
    report = import_register(DATA / "helsinki-organisations" / "organisaatiokoodit-excerpt.csv", store)
    rows = report.account["rows"]
    assert rows["read"] == 96 and rows["stored"] == report.sectors + report.units + report.bodies + report.posts
    assert all(where and all(w.startswith("row ") for w in where) for where in rows["examples"].values())
