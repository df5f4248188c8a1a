"""The columns of every input sheet, derived from the schema.

A node type's sheet has ``id``, one column per literal property (``label_fi``, ``label_sv``,
``label_en`` for multilingual text) and one column per relation the type may be the source of,
whose cells hold one or more target ids separated by ``,``, ``;``, ``|`` or a line break.
The ``relationships`` sheet holds everything else, one relationship a row.

Examples
--------
>>> [c.name for c in sheet_columns("Observation")]
['id', 'label_fi', 'label_sv', 'label_en', 'year', 'value', 'observed_on', 'description_fi', 'description_sv',
 'description_en', 'observation_of']
>>> [c.name for c in RELATIONSHIP_COLUMNS][:3]
['source_id', 'relation', 'target_id']
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ontologies.schema import PropertyDef, RelationDef, load_schema

__all__ = ["Column", "sheet_columns", "RELATIONSHIPS_SHEET", "RELATIONSHIP_COLUMNS", "split_multi",
           "sheet_to_type"]

RELATIONSHIPS_SHEET = "relationships"
_MULTI_SPLIT = re.compile(r"[,;|\n]")


@dataclass(frozen=True)
class Column:
    """One input column: its header and what it holds (a property with a language, or a relation)."""

    name: str
    prop: PropertyDef | None = None
    lang: str | None = None
    relation: RelationDef | None = None
    required: bool = False
    source_type: str | None = None

    def explain(self, lang: str) -> str:
        """A one-line explanation in ``lang`` (fi or en) for the template's help sheet."""
        item = self.prop or self.relation
        text = item.definition[lang]
        if self.lang:
            text += f" [{self.lang}]"
        if self.relation is not None and self.source_type:
            word = "tunnisteet" if lang == "fi" else "ids"
            text += f" ({word}: " + ", ".join(self.relation.endpoints[self.source_type].targets) + ")"
        return text


def sheet_columns(type_name: str) -> list[Column]:
    """The columns of a node type's sheet, in template order."""
    schema = load_schema()
    node = schema.node_types[type_name]
    cols: list[Column] = []
    for name, required in node.properties.items():
        prop = schema.properties[name]
        if prop.datatype == "text":
            cols += [Column(f"{name}_{lang}", prop, lang, required=False) for lang in schema.languages]
        else:
            cols.append(Column(name, prop, required=required))
    for rel in schema.relations_from(type_name):
        cols.append(Column(rel.name, relation=rel, required=rel.endpoints[type_name].min > 0,
                           source_type=type_name))
    return cols


def _relationship_columns() -> list[Column]:
    schema = load_schema()
    ident = schema.properties["id"]
    cols = [Column("source_id", ident, required=True), Column("relation", None, required=True),
            Column("target_id", ident, required=True)]
    cols += [Column(name, prop) for name, prop in schema.relation_properties.items()]
    return cols


RELATIONSHIP_COLUMNS = _relationship_columns()


def split_multi(cell: str) -> list[str]:
    """Split a multi-valued cell into its ids.

    >>> split_multi("G11, G3;U-7 | X")
    ['G11', 'G3', 'U-7', 'X']
    """
    return [part.strip() for part in _MULTI_SPLIT.split(cell) if part.strip()]


def sheet_to_type(sheet: str) -> str | None:
    """The node type whose sheet is called ``sheet`` (file stem or sheet name, any case), or None.

    >>> sheet_to_type("Projects"), sheet_to_type("GoverningBody"), sheet_to_type("nope")
    ('Project', 'GoverningBody', None)
    """
    wanted = sheet.strip().lower()
    for node in load_schema().node_types.values():
        if wanted in (node.sheet, node.name.lower(), node.label["fi"].lower(), node.label["en"].lower()):
            return node.name
    return None
