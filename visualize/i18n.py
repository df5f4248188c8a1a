"""The words of the maps and the report in Finnish and English, in one place.

Names of node types, properties, relations and enumeration values come from the schema
(``ontologies/schema.yaml``), so that a map and the spreadsheet template use the same words;
everything else is in ``words.yaml`` beside this module (:data:`STRINGS`, :data:`GAP_DETAILS_FI`,
:data:`FOLLOWUP_WORDS`, :data:`FOLLOWUP_NOTES`), so that a translator edits one data file.

>>> t = translator("fi")
>>> t("overview"), t.type_label("Project"), t.enum_label("status", "ongoing")
('Yleiskuva', 'hanke', 'käynnissä')
>>> translator("en").relation_label("has_partner")
'partner'
"""

from __future__ import annotations

import datetime

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from graph_model.schema_types import NodeType
from ontologies.errors import UsageError
from ontologies.schema import load_schema
from queries.followup.progress import REASONS, WARNINGS
from queries.gaps import DETAILS

__all__ = ["LANGUAGES", "STRINGS", "GAP_DETAILS_FI", "FOLLOWUP_WORDS", "FOLLOWUP_NOTES", "Translator", "translator"]

LANGUAGES = ("fi", "en")
_WORDS = yaml.safe_load(Path(__file__).with_name("words.yaml").read_text(encoding="utf-8"))

#: key -> {fi, en}: the report's and the maps' words, kept in words.yaml beside this module.
STRINGS: dict[str, dict[str, str]] = {**_WORDS["report"], **_WORDS["web"]}
#: queries.gaps.DETAILS in Finnish (same keys, same {fields}; a test checks).
GAP_DETAILS_FI: dict[str, str] = dict(_WORDS["gap_details_fi"])
#: lang -> key -> text: the follow-up pages' words (:mod:`visualize.followup_pages`).
FOLLOWUP_WORDS: dict[str, dict[str, str]] = {lang: {key: texts[lang] for key, texts in _WORDS["followup"].items()}
                                             for lang in LANGUAGES}
#: lang -> code -> sentence: a metric's reason and warnings (queries.followup.progress.REASONS and
#: WARNINGS; Finnish from words.yaml, same codes and {fields}, a test checks).
FOLLOWUP_NOTES: dict[str, dict[str, str]] = {"fi": dict(_WORDS["followup_notes_fi"]), "en": {**REASONS, **WARNINGS}}
STRINGS.update({f"detail_{key}": {"fi": GAP_DETAILS_FI[key], "en": english} for key, english in DETAILS.items()})


@dataclass(frozen=True)
class LocalNumber:
    """A number that formats in a language's style, for ``str.format`` templates with number specs.

    >>> "{x:+.3g} / {y}".format(x=LocalNumber(1.93, "fi"), y=LocalNumber(2025, "fi"))
    '+1,93 / 2025'
    """

    value: float | int
    lang: str

    def __format__(self, spec: str) -> str:
        text = format(self.value, spec)
        if self.lang != "fi":
            return text
        return text.translate({ord(","): "\u00a0", ord("."): ","}).replace("%", "\u00a0%")

    def __str__(self) -> str:
        return format(self, "")


@dataclass(frozen=True)
class Translator:
    """Words in one language: ``t(key)`` for report strings, plus schema names."""

    lang: str

    def __call__(self, key: str, default: str | None = None) -> str:
        entry = STRINGS.get(key)
        if entry is None:
            if default is None:
                raise KeyError(key)
            return default
        return entry.get(self.lang) or entry["en"]

    def date(self, day: datetime.date | datetime.datetime) -> str:
        """A date as a reader of this language writes it (with the time of day for a datetime).

        >>> Translator("fi").date(datetime.date(2026, 12, 6)), Translator("en").date(datetime.date(2026, 12, 6))
        ('6.12.2026', '2026-12-06')
        >>> Translator("fi").date(datetime.datetime(2026, 12, 6, 9, 5))
        '6.12.2026 klo 9.05'
        """
        if isinstance(day, datetime.datetime):
            if self.lang == "fi":
                return f"{self.date(day.date())} klo {day.hour}.{day.minute:02d}"
            return day.strftime("%Y-%m-%d %H:%M")
        return f"{day.day}.{day.month}.{day.year}" if self.lang == "fi" else day.isoformat()

    def timestamp(self, text: str) -> str:
        """An ISO timestamp (as the edit log keeps one) the way :meth:`date` writes a datetime.

        >>> Translator("fi").timestamp("2026-12-07T05:23:36+00:00"), Translator("en").timestamp("2026-12-07T05:23")
        ('7.12.2026 klo 5.23', '2026-12-07 05:23')
        """
        try:
            return self.date(datetime.datetime.fromisoformat(text))
        except (TypeError, ValueError):
            return str(text)

    def count(self, n: int, key: str) -> str:
        """``n`` and the counted word ``key`` (an entry [one, more] of words.yaml) in this language.

        >>> Translator("fi").count(37, "n_projects"), Translator("fi").count(1, "n_projects")
        ('37 hanketta', '1 hanke')
        >>> Translator("en").count(2400, "n_projects")
        '2,400 projects'
        """
        one, more = STRINGS[key].get(self.lang) or STRINGS[key]["en"]
        return f"{self.number(n, ',d')} {one if n == 1 else more}"

    def number(self, value: float | int | None, spec: str = "g") -> str:
        """``value`` formatted by ``spec`` in this language's style ("" for None).

        Finnish writes a decimal comma, a (no-break) space between thousands and before a percent sign.

        >>> Translator("fi").number(2400000, ",.0f"), Translator("fi").number(18.33333, "g")
        ('2\xa0400\xa0000', '18,3333')
        >>> Translator("fi").number(0.35, ".0%"), Translator("en").number(0.35, ".0%")
        ('35\xa0%', '35%')
        """
        return "" if value is None else format(LocalNumber(value, self.lang), spec)

    def type_label(self, type_name: str, plural: bool = False) -> str:
        """The schema's name of a node type in this language (``plural`` for headings of lists)."""
        plurals = {NodeType.PROJECT: "projects", NodeType.GOVERNING_BODY: "bodies",
                   NodeType.STAKEHOLDER: "stakeholders", NodeType.PERSON: "persons", NodeType.ROLE: "roles",
                   NodeType.GOAL: "goals", NodeType.NETWORK: "networks", NodeType.UNIT: "units"}
        if plural and type_name in plurals:
            return self(plurals[type_name])
        node_type = load_schema().node_types.get(type_name)
        return node_type.label.get(self.lang, type_name) if node_type else type_name

    def property_label(self, name: str) -> str:
        """The schema's name of a literal property."""
        prop = load_schema().properties.get(name)
        return prop.label.get(self.lang, name) if prop else name

    def relation_label(self, name: str) -> str:
        """The schema's name of a relation."""
        relation = load_schema().relations.get(name)
        return relation.label.get(self.lang, name) if relation else name

    def enum_label(self, prop: str, code: str) -> str:
        """The label of an enumeration value (``status`` ``ongoing`` -> ``käynnissä``); the code itself
        when the property is not an enumeration or the code is unknown."""
        definition = load_schema().properties.get(prop)
        enum = definition.enum if definition is not None else None
        values = load_schema().enumerations[enum].values if enum else {}
        return values.get(code, {}).get(self.lang, code)


@lru_cache(maxsize=None)
def translator(lang: str) -> Translator:
    """The translator for ``lang`` (``fi`` or ``en``); raises UsageError for any other."""
    if lang not in LANGUAGES:
        raise UsageError(f"unknown language {lang!r}; choose from {', '.join(LANGUAGES)}")
    return Translator(lang)
