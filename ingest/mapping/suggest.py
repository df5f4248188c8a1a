"""Draft a mapping from a table's headers (Finnish, Swedish and English words) for a user to edit.

Each header is matched to the property or relation whose synonyms it contains (``Hankkeen nimi`` ->
``label_fi``, ``Aloituspvm`` -> ``start_date``, ``Toteuttajan nimi`` -> ``led_by`` by name); the node type
is guessed from the file name and headers (project, hanke, projekt ...). Date and number formats are
read off all the rows; a column whose cells repeat a few values gets a value map to fill in. Columns
it cannot place are listed as comments, so nothing is left out unseen.

Examples
--------
>>> from ingest.tables import Table
>>> t = Table("hankkeet.csv", "hankkeet", ["Koodi", "Hankkeen nimi", "Aloituspvm", "Toteuttaja"],
...           [(2, ["S1", "Aurinko", "1.4.2008", "Laurea Oy"])])
>>> draft = suggest_mapping(t)
>>> draft["node"]["type"], draft["node"]["id"], draft["node"]["properties"]["start_date"]
('Project', 'P-{Koodi}', {'column': 'Aloituspvm', 'date_format': '%d.%m.%Y'})
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

import yaml

from ingest.columns import sheet_columns
from ingest.tables import Table

__all__ = ["suggest_mapping", "suggest_yaml", "SYNONYMS"]

#: Words (lower case, matched inside a header) -> the template column they suggest; first match wins.
SYNONYMS: list[tuple[str, tuple[str, ...]]] = [
    ("start_date", ("aloitus", "alkupvm", "alkamis", "alkaa", "start", "början", "begin", "startdatum")),
    ("end_date", ("päättymis", "loppupvm", "päättyy", "end", "slut", "finish")),
    ("led_by", ("toteuttaja", "hallinnoija", "vastuuorganisaatio", "lead", "implement", "beneficiary",
                "coordinator", "genomförare", "stödmottagare", "koordinator", "huvudman")),
    ("has_partner", ("kumppani", "partner", "osatoteuttaja", "samarbetspartner")),
    ("funded_by", ("rahasto", "rahoittaja", "rahoitusohjelma", "fund", "finansiär", "fond")),
    ("has_theme", ("teema", "aihe", "ohjelma", "osio", "theme", "topic", "tema", "programme", "program")),
    ("status", ("tila", "status", "state", "läge")),
    ("budget", ("budjetti", "kustannus", "rahoitus", "budget", "cost", "amount", "kostnad", "belopp", "euro")),
    ("description_fi", ("kuvaus", "tiivistelmä")),
    ("description_sv", ("beskrivning", "sammanfattning")),
    ("description_en", ("description", "summary", "abstract")),
    ("homepage", ("www", "url", "verkkosivu", "homepage", "webbplats", "website")),
    ("label_sv", ("namn", "benämning", "titel")),
    ("label_en", ("title", "name")),
    ("label_fi", ("nimi", "otsikko", "nimike")),
    ("code", ("koodi", "tunnus", "code", "kod", "numero", "nro", "number", "diaari")),
]
_TYPE_WORDS = {"Project": ("hanke", "hankk", "projekt", "project"), "Unit": ("yksikkö", "unit", "enhet"),
               "Stakeholder": ("sidosryhm", "stakeholder", "organisaatio", "organisation", "intressent"),
               "Goal": ("tavoite", "goal", "mål"), "Metric": ("mittari", "metric", "indikator", "indicator"),
               "GoverningBody": ("toimielin", "body", "organ", "lautakunta", "board")}
_FI_DATE = re.compile(r"^\d{1,2}\.\d{1,2}\.\d{4}$")
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}")
_NUMBER = re.compile(r"^-?[\d\s\u00a0.]*(,\d+)?$")


def _guess_type(table: Table) -> str:
    words = (table.file + " " + " ".join(table.header)).lower()
    scores = {t: sum(words.count(w) for w in ws) for t, ws in _TYPE_WORDS.items()}
    best = max(scores, key=lambda t: scores[t])
    return best if scores[best] else "Project"


def _samples(table: Table, index: int) -> list[str]:
    """Every non-empty cell of a column: formats are inferred from all rows, so that a date written
    another way on row 2,000 is not missed."""
    return [cells[index] for _, cells in table.rows if index < len(cells) and cells[index]]


def _field(key: str, header: str, samples: list[str], allowed: dict) -> dict[str, Any] | str:
    column = allowed[key]
    spec: dict[str, Any] = {"column": header}
    if column.relation is not None:
        if key in ("led_by", "has_partner"):
            spec.update(by_name=["Stakeholder", "Unit", "Sector"],
                        create={"id_prefix": "ORG", "stakeholder_kind": "other"})
        else:
            target = column.relation.endpoints[next(iter(column.relation.endpoints))].targets[0]
            spec.update(by_name=target, create={"id_prefix": target[:3].upper()})
    elif column.prop.datatype == "date" and samples:
        if all(_FI_DATE.match(s) for s in samples):
            spec["date_format"] = "%d.%m.%Y"
        elif all(_ISO_DATE.match(s) for s in samples):
            spec["date_format"] = "%Y-%m-%d"
    elif column.prop.datatype in ("decimal", "integer") and samples and all(_NUMBER.match(s) for s in samples):
        spec.update(decimal=",", thousands=" ")
    elif column.prop.enum:
        spec["values"] = {value: "TODO" for value, _ in Counter(samples).most_common(20)}
    return spec if len(spec) > 1 else header


def suggest_mapping(table: Table) -> dict[str, Any]:
    """A draft mapping (a dict ready for YAML) for ``table``, with ``unmapped`` headers listed."""
    type_name = _guess_type(table)
    allowed = {c.name: c for c in sheet_columns(type_name) if c.name != "id"}
    props: dict[str, Any] = {}
    rels: dict[str, Any] = {}
    unmapped = []
    id_column = None
    for index, header in enumerate(table.header):
        low = header.strip().lower()
        if not low:
            continue
        key = next((k for k, words in SYNONYMS if k in allowed and k not in props and k not in rels
                    and any(w in low for w in words)), None)
        if key is None:
            unmapped.append(header)
            continue
        spec = _field(key, header, _samples(table, index), allowed)
        (rels if allowed[key].relation is not None else props)[key] = spec
        if key == "code" and id_column is None:
            id_column = header
    id_template = f"{type_name[:1].upper()}-{{{id_column}}}" if id_column else "TODO: a column or {Column} template"
    node = {"type": type_name, "id": id_template, "properties": props, "relations": rels}
    return {"node": node, "unmapped": unmapped}


def suggest_yaml(table: Table) -> str:
    """The draft as YAML text, unmapped headers as comments at the end."""
    draft = suggest_mapping(table)
    unmapped = draft.pop("unmapped")
    text = (f"# Draft mapping for {table.file} (stratgraph mapping suggest): check every line, fill in TODO.\n"
            + yaml.safe_dump(draft, allow_unicode=True, sort_keys=False, width=110))
    if unmapped:
        text += "# Columns not mapped (add them above if they matter):\n" + "".join(f"#   {h}\n" for h in unmapped)
    return text
