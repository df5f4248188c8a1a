"""Benchmark: mapped import of a 200,000-row foreign table against the template ingest of the same data.

The table is the real structural-funds list (``shared/data/fi-structural-funds-2007-2013``) repeated
with fresh project codes up to ``--rows`` rows (cached in bench/out/). In the same run, each in its own
process:
- mapped: `stratgraph ingest table.csv --mapping examples/structural-funds/mapping.yaml` (reading
  through the mapping, names resolved to one organisation each, every check, SHACL, swap);
- template: `stratgraph ingest folder/` of the same nodes and relationships written as our template's
  CSV sheets (projects, stakeholders, themes, funding), i.e. what a hand-written converter would give.
Prints rows/s of both and the ratio mapped/template (target >= 0.7).

Usage: python bench/mapped_import.py [--rows 200000] [--repeat 1]
"""

from __future__ import annotations

import argparse
import csv
import gzip
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import OUT, ROOT, measure, median, python_child, result_line, shared_data  # noqa: E402

sys.path.insert(0, str(ROOT))
from graph_model.orgnames import name_key, slug  # noqa: E402

MAPPING = ROOT / "examples" / "structural-funds" / "mapping.yaml"
STATUS = {"Toiminta päättynyt": "completed", "Keskeytynyt": "cancelled"}
FUND = {"EAKR": "FS-ERDF", "ESR": "FS-ESF"}


def _source_rows() -> tuple[list[str], list[list[str]]]:
    path = shared_data() / "fi-structural-funds-2007-2013" / "projektilista-2007-2013.csv.gz"
    with gzip.open(path, "rt", encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle)
        return next(reader), list(reader)


def write_inputs(n_rows: int) -> tuple[Path, Path]:
    """The foreign table and the same data as a template folder (both cached)."""
    table, folder = OUT / f"mapped-{n_rows}.csv", OUT / f"mapped-{n_rows}-template"
    if table.exists() and (folder / "projects.csv").exists():
        return table, folder
    header, rows = _source_rows()
    OUT.mkdir(parents=True, exist_ok=True)
    folder.mkdir(exist_ok=True)
    orgs, themes = {}, {}
    with table.open("w", encoding="utf-8", newline="") as t, (folder / "projects.csv").open(
            "w", encoding="utf-8", newline="") as p:
        out, proj = csv.writer(t), csv.writer(p)
        out.writerow(header)
        proj.writerow(["id", "label_fi", "code", "status", "start_date", "end_date", "budget", "led_by",
                       "funded_by", "has_theme"])
        for i in range(n_rows):
            row = list(rows[i % len(rows)])
            row[0] = f"{row[0]}-{i // len(rows)}" if i >= len(rows) else row[0]
            out.writerow(row)
            org = "ORG-" + slug(name_key(row[9]))
            orgs.setdefault(org, row[9])
            theme = "T-SF-" + slug(name_key(row[3]))
            themes.setdefault(theme, row[3])
            proj.writerow([f"SF-{row[0]}", row[2], row[0], STATUS[row[6]], row[7], row[8], row[12], org,
                           FUND[row[1]], theme])
    with (folder / "stakeholders.csv").open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([["id", "label_fi", "stakeholder_kind"],
                                      *([k, v, "other"] for k, v in orgs.items())])
    with (folder / "themes.csv").open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([["id", "label_fi"], *([k, v] for k, v in themes.items())])
    with (folder / "funding.csv").open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([["id", "label_fi", "funding_kind"], ["FS-ERDF", "EAKR", "eu"],
                                      ["FS-ESF", "ESR", "eu"]])
    return table, folder


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=200_000)
    parser.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args()
    table, folder = write_inputs(args.rows)
    mapped, template = [], []
    for _ in range(args.repeat):
        with tempfile.TemporaryDirectory(dir=OUT) as tmp:
            seconds, rss, _ = measure(python_child("stratgraph", "--db", str(Path(tmp) / "m.db"), "ingest",
                                                   str(table), "--mapping", str(MAPPING), "-q"))
            mapped.append(seconds)
            print(f"mapped:   {seconds:6.1f} s  {args.rows / seconds:8,.0f} rows/s  peak {rss:,.0f} MB")
            seconds, rss, _ = measure(python_child("stratgraph", "--db", str(Path(tmp) / "t.db"), "ingest",
                                                   str(folder), "-q"))
            template.append(seconds)
            print(f"template: {seconds:6.1f} s  {args.rows / seconds:8,.0f} rows/s  peak {rss:,.0f} MB")
    m_rps, t_rps = args.rows / median(mapped), args.rows / median(template)
    print(f"median over {args.repeat}: mapped {m_rps:,.0f} rows/s, template {t_rps:,.0f} rows/s, "
          f"ratio {m_rps / t_rps:.2f} (target >= 0.7)")
    print(result_line("mapped_import", rows=args.rows, mapped_rows_per_s=m_rps, template_rows_per_s=t_rps,
                      ratio=m_rps / t_rps, target=0.7))


if __name__ == "__main__":
    main()
