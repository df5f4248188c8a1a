"""Helpers shared by test modules (fixtures live in the conftest files; these are plain functions and data).

- ``GOOD`` and :func:`write_csvs`: a small valid input and a writer of CSV inputs;
- ``PAYLOADS``, :func:`hostile_sheets` and :func:`hostile_map`: XSS payloads as data;
- :func:`drawn_pixels`: how much of a map's canvas a browser drew; :func:`wait_for_map`: until it has drawn.
"""

from __future__ import annotations

import csv
from pathlib import Path

from visualize.model import MapData, MapEdge, MapNode

#: A small valid city input (its README says where it came from).
SMALL = Path(__file__).parent / "data" / "small"

GOOD = {
    "sectors": [["id", "label_fi", "label_en"], ["SEC-A", "Toimiala A", "Sector A"], ["SEC-B", "Toimiala B", "Sector B"]],
    "units": [["id", "label_fi", "part_of"], ["U1", "Yksikkö 1", "SEC-A"], ["U2", "Yksikkö 2", "SEC-B"],
              ["U3", "Yksikkö 3", "U1"]],
    "projects": [["id", "label_fi", "status", "budget", "start_date", "led_by", "has_partner"],
                 ["P1", "Hanke 1", "ongoing", "1000", "2024-01-01", "U1", "U2; U3"],
                 ["P2", "Hanke 2", "planned", "", "", "U2", ""]],
    "bodies": [["id", "label_fi", "body_kind"], ["B1", "Kaupunginhallitus", "board"]],
    "relationships": [["source_id", "relation", "target_id", "start_date", "end_date", "role", "note"],
                      ["B1", "has_member", "U1", "2025-01-01", "2025-12-31", "jäsen", ""]],
}


def write_csvs(folder: Path, sheets: dict[str, list[list[str]]], *, delimiter: str = ",",
               encoding: str = "utf-8") -> Path:
    """Write each sheet as ``folder/<sheet>.csv`` and return the folder."""
    folder.mkdir(parents=True, exist_ok=True)
    for sheet, rows in sheets.items():
        with (folder / f"{sheet}.csv").open("w", encoding=encoding, newline="") as handle:
            csv.writer(handle, delimiter=delimiter).writerows(rows)
    return folder


#: Each payload tries a different way in; the ones that can run set window.__xss or open a dialog.
PAYLOADS = [
    "<img src=x onerror=alert(1)>",
    "<img src=x onerror=\"window.__xss='img'\">",
    "<script>window.__xss='script'</script>",
    "\"><svg onload=\"window.__xss='svg'\">",
    "'><iframe srcdoc=\"<script>parent.__xss='iframe'</script>\">",
    "</script><script>window.__xss='close-script'</script>",
    "<a href=\"javascript:window.__xss='href'\">href</a>",
    "<b onmouseover=\"window.__xss='hover'\">bold</b> &amp; {{7*7}} \u2028\u2029",
    "javascript:alert(9)",
    "<style>body{display:none}</style>",
]


def hostile_sheets() -> dict[str, list[list[str]]]:
    """A small city whose every label and description is an XSS payload (ids may not hold < > ")."""
    p = PAYLOADS
    return {
        "sectors": [["id", "label_fi", "label_en", "description_fi"],
                    ["SEC-A", p[0], p[1], p[2]], ["SEC-B", p[3], p[4], p[5]]],
        "units": [["id", "label_fi", "label_en", "description_en", "part_of"],
                  ["U1", p[6], p[7], p[8], "SEC-A"], ["U2", p[9], p[0], p[1], "SEC-B"],
                  ["javascript:alert(1)", p[2], p[3], p[4], "SEC-A"],
                  ["U'onmouseover=alert(1)", p[5], p[6], p[7], "SEC-B"]],
        "strategies": [["id", "label_fi", "label_en"], ["S1", p[1], p[3]]],
        "goals": [["id", "label_fi", "label_en", "description_fi", "code", "part_of", "has_theme"],
                  ["G1", p[7], p[8], p[9], "1", "S1", "T1"], ["../../G2", p[0], p[6], p[3], "2", "S1", "T1"]],
        "themes": [["id", "label_fi", "label_en"], ["T1", p[4], p[5]]],
        "stakeholders": [["id", "label_fi", "label_en", "stakeholder_kind", "description_fi"],
                         ["SH1", p[1], p[2], "university", p[6]]],
        "projects": [["id", "label_fi", "label_en", "description_fi", "status", "budget", "led_by", "has_partner",
                      "contributes_to", "has_theme"],
                     ["P1", p[0], p[1], p[2], "ongoing", "1000", "U1", "U2; SH1", "G1; ../../G2", "T1"],
                     ["P2", p[3], p[4], p[5], "planned", "2000", "U2", "javascript:alert(1)", "G1", "T1"],
                     ["P3", p[6], p[7], p[8], "idea", "", "javascript:alert(1)", "U'onmouseover=alert(1)", "../../G2",
                      "T1"]],
        "bodies": [["id", "label_fi", "label_en", "body_kind", "has_member", "description_en"],
                   ["B1", p[8], p[9], "board", "U1; U2; SH1", p[0]], ["B2", p[5], p[6], "working_group", "U1", p[7]]],
        "networks": [["id", "label_fi", "label_en", "level", "has_member", "advances", "has_theme"],
                     ["N1", p[2], p[3], "regional", "U1; SH1", "G1", "T1"]],
    }


def hostile_map() -> MapData:
    data = MapData("demo", PAYLOADS[0], "en", subtitle=PAYLOADS[2])
    for i, payload in enumerate(PAYLOADS):
        data.add_node(MapNode(payload, payload, "Unit", facts=[(payload, payload)], facets={"goal": [payload]},
                              href="javascript:alert(1)"))
        if i:
            data.edges.append(MapEdge(PAYLOADS[i - 1], payload, facts=[("evidence", payload)], suggested=i % 2 == 0))
    data.facets = {"goal": {p: p for p in PAYLOADS}}
    data.finish()
    return data


def drawn_pixels(page) -> int:
    """How many pixels of the map's canvas are not white (a blank map has none)."""
    return page.evaluate("""() => {
        const canvas = document.querySelector('#network canvas');
        const ctx = canvas.getContext('2d');
        const data = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
        let n = 0;
        for (let i = 0; i < data.length; i += 4) {
            if (data[i + 3] > 0 && (data[i] < 240 || data[i + 1] < 240 || data[i + 2] < 240)) n++;
        }
        return n;
    }""")


def wait_for_map(page, timeout: float = 30.0) -> None:
    """Wait until a map page (or frame) says it has drawn (``window.stratgraphReady``), polling from here.

    Playwright's ``wait_for_function`` re-evaluates its predicate with ``eval`` inside the page, which the
    map's Content-Security-Policy (no ``unsafe-eval``) refuses whenever the first check is not yet true;
    ``evaluate`` runs each check once, outside that rule.
    """
    import time

    end = time.monotonic() + timeout
    while page.evaluate("window.stratgraphReady === true") is not True:
        if time.monotonic() > end:
            raise TimeoutError(f"the map did not draw within {timeout:.0f} s")
        time.sleep(0.1)
