"""``--pseudonymise``: no person's name or id appears anywhere in an export, a report, a map or a Neo4j
projection (file names included); roles stay; pseudonyms are stable."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from examples import EXAMPLE_DIR
from stratgraph.cli import cli

with (EXAMPLE_DIR / "persons.csv").open(encoding="utf-8") as _handle:
    PERSONS = list(csv.DictReader(_handle))
#: Every person's id, every label, and each word of a real name ("Pirkko", "Sivonen").
SECRETS = sorted({p["id"] for p in PERSONS} | {p[k] for p in PERSONS for k in ("label_fi", "label_sv", "label_en")
                                                if p[k]} | {w for p in PERSONS for w in p["label_fi"].split()
                                                            if len(w) > 3 and w != "Henkilö"})
#: Finnish inflects names: "Pirkko Sivosen tiimi", "Sivoselta" (the example names her so in running text).
#: Every word that starts like a real name's stem counts (the -nen stem -s-, the weak grade Pirko-).
STEMS = sorted({w[:-3] + "s" for p in PERSONS for w in p["label_fi"].split() if w.endswith("nen")}
               | {re.sub(r"(.)\1(.)$", r"\1\2", w) for p in PERSONS for w in p["label_fi"].split()
                  if re.search(r"(.)\1.$", w)})
LEAK = re.compile("|".join([rf"\b{re.escape(s)}\b" for s in SECRETS] + [rf"\b{re.escape(s)}\w*" for s in STEMS]),
                  re.IGNORECASE)
with (EXAMPLE_DIR / "roles.csv").open(encoding="utf-8") as _handle:
    ROLES = [r["label_fi"] for r in csv.DictReader(_handle)]


def leaks(folder: Path) -> list[str]:
    """Every file name or file content under ``folder`` that mentions a person."""
    found = []
    for path in sorted(folder.rglob("*")):
        if LEAK.search(path.name):
            found.append(f"file name {path}")
        if path.is_file():
            text = path.read_bytes().decode("utf-8", errors="replace")
            found += [f"{path.name}: {m.group(0)!r}" for m in LEAK.finditer(text)][:3]
    return found


@pytest.fixture
def db(example_db) -> Path:
    """The shared example store: its persons are real names, so a leak is a real leak."""
    return example_db


def test_the_example_names_real_persons_so_the_check_can_fail(db, tmp_path):
    assert "Sivonen" in SECRETS and "PER-SIVONEN" in SECRETS and {"Sivos", "Pirko"} <= set(STEMS)
    plain = CliRunner().invoke(cli, ["export", "--db", str(db), "-o", str(tmp_path / "inflected.nt")])
    assert plain.exit_code == 0
    text = (tmp_path / "inflected.nt").read_text(encoding="utf-8")
    assert "Pirkko Sivosen" in text and "Sivoselta" in text, "the example names a person in inflected forms"
    result = CliRunner().invoke(cli, ["export", "--db", str(db), "-o", str(tmp_path / "plain.ttl")])
    assert result.exit_code == 0 and leaks(tmp_path)


@pytest.mark.parametrize("ext", [".ttl", ".nq", ".trig", ".nt", ".jsonld"])
def test_export(ext, db, tmp_path):
    out = tmp_path / f"city{ext}"
    result = CliRunner().invoke(cli, ["export", "--db", str(db), "--pseudonymise", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert not leaks(tmp_path)
    text = out.read_text(encoding="utf-8")
    assert all(role in text for role in ROLES[:5]) and re.search(r"Henkilö [0-9A-F]{6}", text)
    assert re.search(r"koolle Henkilö [0-9A-F]{6} tiimi; lisätietoja saa Henkilö [0-9A-F]{6}\.", text), \
        "inflected names in Finnish text are replaced by the Finnish pseudonym"


def test_pseudonyms_are_stable(db, tmp_path):
    runner = CliRunner()
    for name in ("a.nt", "b.nt"):
        assert runner.invoke(cli, ["export", "--db", str(db), "--pseudonymise", "-o", str(tmp_path / name)]).exit_code == 0
    assert (tmp_path / "a.nt").read_bytes() == (tmp_path / "b.nt").read_bytes()


@pytest.mark.slow
def test_report_and_maps(db, tmp_path):
    runner = CliRunner()
    result = runner.invoke(cli, ["report", "--db", str(db), "--pseudonymise", "--out", str(tmp_path / "site"), "-q"])
    assert result.exit_code == 0, result.output
    for kind, ext in (("bodies", ".html"), ("collaboration", ".svg"), ("networks", ".html")):
        result = runner.invoke(cli, ["map", kind, "--db", str(db), "--pseudonymise", "--out",
                                     str(tmp_path / f"{kind}{ext}")])
        assert result.exit_code == 0, result.output
    assert len(list(tmp_path.rglob("*.html"))) > 50
    assert not leaks(tmp_path)


@pytest.mark.neo4j
def test_neo4j_push(db, neo4j_dev_server, neo4j_owner, tmp_path):
    env = {"NEO4J_URI": neo4j_dev_server.uri, "NEO4J_USERNAME": neo4j_dev_server.username,
           "NEO4J_PASSWORD": neo4j_dev_server.password, "NEO4J_DATABASE": neo4j_dev_server.database}
    result = CliRunner().invoke(cli, ["neo4j", "push", "--db", str(db), "--pseudonymise", "--owner", neo4j_owner,
                                      "-q"], env=env)
    assert result.exit_code == 0, result.output
    with neo4j_dev_server.driver() as driver:
        records, _, _ = driver.execute_query("MATCH (n) WHERE n._sg_owner = $owner RETURN properties(n) AS p",
                                             owner=neo4j_owner, database_=neo4j_dev_server.database)
    (tmp_path / "neo4j.txt").write_text("\n".join(str(r["p"]) for r in records), encoding="utf-8")
    assert len(records) > 200 and not leaks(tmp_path)
