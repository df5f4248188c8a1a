"""Write an empty input template: one sheet per node type, the relationships sheet and a help sheet.

The help sheet (``ohje``) explains every column in Finnish and English; in the .xlsx, enumeration
columns get a drop-down list (data validation) and required columns a bold header.

Examples
--------
>>> import tempfile, pathlib
>>> out = pathlib.Path(tempfile.mkdtemp()) / "template.xlsx"
>>> written = write_template(out)
>>> import openpyxl
>>> openpyxl.load_workbook(out).sheetnames[:3]
['ohje', 'strategies', 'goals']
"""

from __future__ import annotations

from pathlib import Path

from graph_model.spreadsheet import csv_writer, write_workbook
from ingest.columns import RELATIONSHIP_COLUMNS, RELATIONSHIPS_SHEET, Column, sheet_columns
from ingest.kumu import MAP_NODE_TYPES
from ontologies.errors import UsageError
from ontologies.schema import load_schema

__all__ = ["write_template", "help_rows", "HELP_SHEET", "HELP_HEADER"]

HELP_SHEET = "ohje"
HELP_HEADER = ["sheet / taulukko", "column / sarake", "required / pakollinen", "type / tyyppi",
               "selitys (fi)", "explanation (en)"]


def _kind(col: Column) -> str:
    if col.relation is not None:
        return "ids"
    if col.prop is None:
        return "relation"
    return col.prop.datatype.replace("enum:", "one of: ") if not col.prop.enum else \
        "one of: " + ", ".join(load_schema().enumerations[col.prop.enum].values)


def _explain(col: Column, lang: str) -> str:
    if col.prop is None and col.relation is None:  # the relationships sheet's relation column
        rels = ", ".join(load_schema().relations)
        return (f"Suhteen nimi: {rels}" if lang == "fi" else f"The relation's name: {rels}")
    return col.explain(lang)


def _sheets() -> list[tuple[str, list[Column]]]:
    schema = load_schema()
    # Drawn maps come from Kumu (import-kumu), not from the city's own workbook.
    sheets = [(n.sheet, sheet_columns(n.name)) for n in schema.node_types.values() if n.name not in MAP_NODE_TYPES]
    return sheets + [(RELATIONSHIPS_SHEET, RELATIONSHIP_COLUMNS)]


def help_rows() -> list[list[str]]:
    """The help sheet's rows: sheet, column, required, type, Finnish and English explanation."""
    rows = []
    for sheet, columns in _sheets():
        for col in columns:
            rows.append([sheet, col.name, "x" if col.required else "", _kind(col),
                         _explain(col, "fi"), _explain(col, "en")])
    return rows


def _write_csv_dir(out: Path) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for sheet, columns in [(HELP_SHEET, None), *_sheets()]:
        path = out / f"{sheet}.csv"
        if path.exists():
            raise UsageError(f"{path} exists; choose an empty folder")
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv_writer(handle)
            if columns is None:
                writer.writerow(HELP_HEADER)
                writer.writerows(help_rows())
            else:
                writer.writerow([c.name for c in columns])
        written.append(path)
    return written


def _write_xlsx(out: Path) -> list[Path]:
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    schema = load_schema()
    sheets = _sheets()

    def style(book) -> None:
        help_sheet = book[HELP_SHEET]
        for cell in help_sheet[1]:
            cell.font = Font(bold=True)
        for letter, width in zip("ABCDEF", (16, 18, 10, 28, 70, 70)):
            help_sheet.column_dimensions[letter].width = width
        for sheet, columns in sheets:
            ws = book[sheet]
            ws.freeze_panes = "A2"
            for index, col in enumerate(columns, start=1):
                letter = get_column_letter(index)
                ws.column_dimensions[letter].width = max(12, len(col.name) + 4)
                ws.cell(1, index).font = Font(bold=col.required)
                if col.prop is not None and col.prop.enum:
                    codes = ",".join(schema.enumerations[col.prop.enum].values)
                    rule = DataValidation(type="list", formula1=f'"{codes}"', allow_blank=True,
                                          error=f"{col.name}: {codes}", showErrorMessage=True)
                    ws.add_data_validation(rule)
                    rule.add(f"{letter}2:{letter}10000")

    content = {HELP_SHEET: [HELP_HEADER, *help_rows()], **{s: [[c.name for c in cols]] for s, cols in sheets}}
    write_workbook(out, content, style)
    return [out]


def write_template(out: Path) -> list[Path]:
    """Write the template to ``out``: a .xlsx workbook, or a folder of CSV files otherwise."""
    out = Path(out)
    if out.suffix.lower() == ".xlsx":
        if out.exists():
            raise UsageError(f"{out} exists; remove it or choose another name")
        out.parent.mkdir(parents=True, exist_ok=True)
        return _write_xlsx(out)
    if out.suffix:
        raise UsageError(f"{out}: give a .xlsx file name or a folder name")
    return _write_csv_dir(out)
