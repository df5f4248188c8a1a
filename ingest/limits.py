"""Bounds checked before a parser sees a hostile input: zip bombs in .xlsx and entity bombs in RDF/XML.

A workbook is a zip archive; its members' uncompressed sizes are read from the archive's directory
(zipfile never inflates more than the size declared there) and refused before openpyxl inflates a sheet
of hundreds of megabytes. RDF/XML may declare entities: external ones (``SYSTEM``/``PUBLIC``, which a
parser could fetch or read from disk) and parameter entities are refused, as are entities that refer to
other entities ("billion laughs"); the size of the document after expanding the plain ones is bounded.

>>> check_xml_entities(b'<!DOCTYPE r [<!ENTITY owl "http://www.w3.org/2002/07/owl#">]><r a="&owl;x"/>', "o.rdf")
>>> try:
...     check_xml_entities(b'<!DOCTYPE r [<!ENTITY a "x"><!ENTITY b "&a;&a;">]><r>&b;</r>', "b.rdf")
... except InvalidInput as refused:
...     print(refused.problems[0])
b.rdf: entity 'b' refers to other entities (an entity expansion bomb?); nested entities are refused
"""

from __future__ import annotations

import os
import re
import zipfile
from pathlib import Path

from ingest.problems import InvalidInput, Problem

__all__ = ["max_input_bytes", "check_file_size", "max_cell_chars", "check_cell_size", "MAX_SHOWN", "MAX_XLSX_UNPACKED", "MAX_XLSX_RATIO", "MAX_XML_EXPANDED", "check_xlsx_archive", "check_xml_entities"]

#: The most a workbook may unpack to by default (all members; ``$STRATGRAPH_MAX_XLSX_MB`` sets it), and the
#: highest compression ratio of a big member. Reading a sheet costs about ten times its XML in memory, so
#: 200 MB (a list of some 500,000 rows) keeps an ingest within a few GB; a bigger table goes in as CSV.
MAX_XLSX_UNPACKED = 200 * 1024 * 1024
MAX_XLSX_RATIO = 200
_RATIO_FROM = 4 * 1024 * 1024  # small members may compress very well (empty sheets, styles)
#: The most an RDF/XML document may grow to when its entities are expanded.
MAX_XML_EXPANDED = 64 * 1024 * 1024



#: The most characters of an input that a message quotes (a 50 MB line is never echoed back).
MAX_SHOWN = 200


def max_cell_chars() -> int:
    """The longest cell read at all: ``$STRATGRAPH_MAX_CELL_KB`` kilo-characters (default 16384).

    A description of a project is a few thousand characters; a cell of 50 MB is a broken file or an
    attack, and refusing it where it is read keeps the memory of an ingest bounded. (The checks refuse
    a cell of over a million characters by name and column, see :data:`ingest.values.MAX_CELL_CHARS`;
    this bound stops the reader itself.)
    """
    return int(float(os.environ.get("STRATGRAPH_MAX_CELL_KB") or 16384) * 1024)


def check_cell_size(cells: list[str], file: str, sheet: str | None, row: int) -> None:
    """Refuse a row with a cell longer than :func:`max_cell_chars` (named in the message).

    >>> check_cell_size(["a", "b"], "x.xlsx", "units", 2)
    >>> try:
    ...     check_cell_size(["a", "b" * (max_cell_chars() + 1)], "x.xlsx", "units", 7)
    ... except InvalidInput as refused:
    ...     print(refused.problems[0])
    x.xlsx, sheet units, row 7: a cell is 16,777,217 characters, more than the limit of 16,777,216 (STRATGRAPH_MAX_CELL_KB)
    """
    limit = max_cell_chars()
    for cell in cells:
        if len(cell) > limit:
            raise InvalidInput([Problem(file, sheet, row, message=f"a cell is {len(cell):,} characters, more than "
                                                                  f"the limit of {limit:,} (STRATGRAPH_MAX_CELL_KB)",
                                        rule="cell-too-large")])


def max_input_bytes() -> int:
    """The largest CSV or RDF file read whole: ``$STRATGRAPH_MAX_INPUT_MB`` megabytes (default 512)."""
    return int(float(os.environ.get("STRATGRAPH_MAX_INPUT_MB") or 512) * 2**20)


def check_file_size(path: Path, label: str) -> None:
    """Refuse a file larger than :func:`max_input_bytes` before reading it (a 1 GB file is a mistake
    or an attack; raise the limit with STRATGRAPH_MAX_INPUT_MB when it is neither)."""
    try:
        size = path.stat().st_size
    except OSError:
        return  # the reader reports a missing or unreadable file in its own words
    if size > max_input_bytes():
        raise _refuse(label, f"is {size / 2**20:,.0f} MB, more than the limit of {max_input_bytes() / 2**20:,.0f} MB"
                             " (set STRATGRAPH_MAX_INPUT_MB to raise it)")


_DOCTYPE = re.compile(rb"<!DOCTYPE\b", re.IGNORECASE)
_ENTITY = re.compile(rb"<!ENTITY\s+(%\s*)?([^\s\"'>]+)\s*(?:(SYSTEM|PUBLIC)\b[^>]*|\"([^\"]*)\"|'([^']*)')\s*>",
                     re.DOTALL)
_REFERENCE = re.compile(rb"&([A-Za-z_:][\w.:-]*);")
_PREDEFINED = {b"amp", b"lt", b"gt", b"quot", b"apos"}


def _refuse(file: str, message: str) -> InvalidInput:
    return InvalidInput([Problem(file, message=message, rule="limits")])


def check_xlsx_archive(path: Path, label: str) -> None:
    """Refuse a workbook that would unpack to more than :data:`MAX_XLSX_UNPACKED` or whose big members
    compress more than :data:`MAX_XLSX_RATIO` times (a zip bomb), or whose XML declares a DTD."""
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
            for m in members:
                if m.file_size > _RATIO_FROM and m.file_size > MAX_XLSX_RATIO * max(m.compress_size, 1):
                    raise _refuse(label, f"member {m.filename} unpacks {m.file_size / max(m.compress_size, 1):,.0f}"
                                         f" times its packed size ({m.file_size / 2**20:,.0f} MB); is it a zip bomb?")
            total = sum(m.file_size for m in members)
            limit = int(float(os.environ.get("STRATGRAPH_MAX_XLSX_MB") or MAX_XLSX_UNPACKED / 2**20) * 2**20)
            if total > limit:
                raise _refuse(label, f"would unpack to {total / 2**20:,.0f} MB, more than the limit of "
                                     f"{limit / 2**20:,.0f} MB (STRATGRAPH_MAX_XLSX_MB); save a table this big as CSV,"
                                     " or raise the limit if this is no zip bomb")
            for m in members:
                if m.filename.endswith((".xml", ".rels")):
                    with archive.open(m) as member:
                        if _DOCTYPE.search(member.read(4096)):
                            raise _refuse(label, f"member {m.filename} declares a DTD (entities); "
                                                 "workbooks never need one")
    except (zipfile.BadZipFile, OSError, EOFError, ValueError):
        return  # not a readable archive: the workbook reader reports it with its own words


def check_xml_entities(data: bytes, file: str) -> None:
    """Refuse external, parameter and nested entities and a too big expansion of the others."""
    if not _DOCTYPE.search(data[:1 << 20]):
        return
    end = data.find(b"]>")
    dtd = data[:end + 2] if end >= 0 else data
    values: dict[bytes, bytes] = {}
    for match in _ENTITY.finditer(dtd):
        parameter, name, external, value = match.group(1), match.group(2), match.group(3), \
            match.group(4) if match.group(4) is not None else match.group(5)
        shown = name.decode("utf-8", "replace")
        if external:
            raise _refuse(file, f"entity {shown!r} is external ({external.decode()}); a parser would read it "
                                "from another file or server, so it is refused")
        if parameter:
            raise _refuse(file, f"parameter entity {shown!r} is refused")
        if any(ref not in _PREDEFINED for ref in _REFERENCE.findall(value or b"")):
            raise _refuse(file, f"entity {shown!r} refers to other entities (an entity expansion bomb?); "
                                "nested entities are refused")
        values[name] = value or b""
    if re.search(rb"<!ENTITY", dtd) and len(values) < len(re.findall(rb"<!ENTITY", dtd)):
        raise _refuse(file, "an entity declaration could not be read; refused")
    expanded = len(data) + sum(len(values.get(ref, b"")) for ref in _REFERENCE.findall(data[len(dtd):]))
    if expanded > MAX_XML_EXPANDED:
        raise _refuse(file, f"its entities expand to {expanded / 2**20:,.0f} MB (more than "
                            f"{MAX_XML_EXPANDED / 2**20:,.0f} MB); refused")
