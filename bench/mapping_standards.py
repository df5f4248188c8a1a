"""Benchmark: our YAML mapping against the standards issue 11 names (RML run by morph-kgc, W3C CSVW read
by the ``csvw`` package), on the real structural-funds list (19,940 rows).

Each tool reads the same table, in its own process, ``--repeat`` times:
- ours: `stratgraph ingest list.csv --mapping examples/structural-funds/mapping.yaml` (to RDF in the store,
  value maps, dates, names resolved to one organisation, every check, SHACL, swap);
- rml: morph-kgc materialising bench/mapping_standards/structural-funds.yarrrml.yml (to an rdflib graph);
- csvw: the csvw package reading bench/mapping_standards/structural-funds.csv-metadata.json (typed rows:
  dates and decimals parsed; the package has no csv2rdf, so this is the reading floor, not RDF).
Then each reads a later export whose headers differ (``Hankkeen nimi``, ``Tila``) with the same mapping.

morph-kgc pins pandas<3, pyoxigraph<0.4 and rdflib<7.3, which our own dependencies exceed, so it cannot be
installed beside stratgraph: the benchmark makes a venv of its own for the two standard tools
(bench/out/standards-venv, created on first run with pip; or pass --tools-python).

Prints wall time (median), peak RSS, triples, organisations and how the later headers fared, the ratio of
each tool's speed to ours, and ``RESULT`` lines.

Usage: python bench/mapping_standards.py [--repeat 3] [--tools-python PATH]
"""

from __future__ import annotations

import argparse
import csv
import gzip
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import OUT, ROOT, measure, median, python_child, result_line, shared_data  # noqa: E402

HERE = ROOT / "bench" / "mapping_standards"
MAPPING = ROOT / "examples" / "structural-funds" / "mapping.yaml"
LATER_HEADERS = {"Projektin nimi": "Hankkeen nimi", "Toiminnan tila": "Tila"}
SG = "https://w3id.org/stratgraph/ontology#"

RML_CHILD = """
import sys, morph_kgc, resource
from rdflib import RDF, URIRef
mapping = open(sys.argv[1], encoding="utf-8").read().replace("TABLE~csv", sys.argv[2] + "~csv")
path = sys.argv[3]
open(path, "w", encoding="utf-8").write(mapping)
graph = morph_kgc.materialize("[CONFIGURATION]\\nnumber_of_processes=1\\nlogging_level=ERROR\\n[T]\\nmappings=" + path + "\\n")
labels = len(set(graph.subjects(URIRef("http://www.w3.org/2004/02/skos/core#prefLabel"), None))
             & set(graph.subjects(RDF.type, URIRef(sys.argv[4] + "Project"))))
orgs = len(set(graph.subjects(RDF.type, URIRef(sys.argv[4] + "Stakeholder"))))
print(len(graph), orgs, labels)
print("PEAK_RSS_KB=%d" % resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)
"""

CSVW_CHILD = """
import sys, json, warnings, resource, csvw
meta = json.load(open(sys.argv[1], encoding="utf-8"))
meta["url"] = sys.argv[2]
path = sys.argv[3]
json.dump(meta, open(path, "w", encoding="utf-8"))
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    table = csvw.Table.from_file(path)
    rows = sum(1 for _ in table)
print(rows, len({str(w.message) for w in caught}), 0)
print("PEAK_RSS_KB=%d" % resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)
"""


def write_tables() -> tuple[Path, Path]:
    """The list as plain CSV, and a 'later export' with two headers renamed (both cached in bench/out)."""
    source = shared_data() / "fi-structural-funds-2007-2013" / "projektilista-2007-2013.csv.gz"
    OUT.mkdir(parents=True, exist_ok=True)
    table, later = OUT / "standards-list.csv", OUT / "standards-list-later.csv"
    if not later.exists():
        with gzip.open(source, "rt", encoding="utf-8", newline="") as handle:
            rows = list(csv.reader(handle))
        with table.open("w", encoding="utf-8", newline="") as handle:
            csv.writer(handle).writerows(rows)
        with later.open("w", encoding="utf-8", newline="") as handle:
            csv.writer(handle).writerows([[LATER_HEADERS.get(h, h) for h in rows[0]], *rows[1:]])
    return table, later


def tools_python(given: str | None) -> str:
    """An interpreter with morph-kgc and csvw: the given one, or bench/out/standards-venv (made once)."""
    if given:
        return given
    venv = OUT / "standards-venv"
    python = venv / "bin" / "python"
    if not python.exists():
        print("making bench/out/standards-venv with morph-kgc and csvw (once, about a minute) ...", flush=True)
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        subprocess.run([str(python), "-m", "pip", "install", "--quiet", "morph-kgc>=2.8", "csvw>=3.1"], check=True)
    return str(python)


def run_ours(table: Path, tmp: Path) -> tuple[float, float, tuple[int, int, int]]:
    """Our mapped ingest; (seconds, peak MB, (triples, organisations, labelled projects))."""
    db = tmp / "ours.db"
    seconds, rss, _ = measure(python_child("stratgraph", "--db", str(db), "ingest", str(table),
                                           "--mapping", str(MAPPING), "-q", "--source", "sf"))
    counts = []
    for query in (f"SELECT (COUNT(*) AS ?n) WHERE {{ ?s ?p ?o }}",
                  f"SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE {{ ?s a <{SG}Stakeholder> }}",
                  f"SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE {{ ?s a <{SG}Project> ; "
                  f"<http://www.w3.org/2004/02/skos/core#prefLabel> ?l }}"):
        out = subprocess.run([sys.executable, "-m", "stratgraph", "--db", str(db), "sparql", query, "--format",
                              "csv"], capture_output=True, text=True, check=True).stdout
        counts.append(int(out.splitlines()[-1]))
    return seconds, rss, tuple(counts)


def run_tool(python: str, child: str, spec: Path, table: Path, tmp: Path) -> tuple[float, float, tuple[int, ...]]:
    """A standard tool in the tools venv; (seconds, peak MB, the three figures the child prints)."""
    seconds, rss, out = measure([python, "-c", child, str(spec), str(table), str(tmp / spec.name), SG])
    return seconds, rss, tuple(int(x) for x in out.split())


def later_outcome(argv: list[str]) -> str:
    """How a tool fares on the later export with the same mapping: ``read: ...`` or ``fails: <its error>``."""
    proc = subprocess.run(argv, capture_output=True, text=True)
    if proc.returncode != 0:
        lines = [line for line in proc.stderr.splitlines() if line.strip() and not line.startswith("PEAK_RSS")]
        return "fails: " + (lines[-1][:160] if lines else f"exit {proc.returncode}")
    return "read: " + (proc.stdout.strip().splitlines() or ["(no output)"])[-1][:160]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--tools-python", help="a Python with morph-kgc and csvw installed")
    args = parser.parse_args()
    table, later = write_tables()
    python = tools_python(args.tools_python)
    runs = {"ours": [], "rml": [], "csvw": []}
    figures = {}
    for _ in range(args.repeat):
        with tempfile.TemporaryDirectory(dir=OUT) as name:
            tmp = Path(name)
            for tool, run in (("ours", lambda t: run_ours(t, tmp)),
                              ("rml", lambda t: run_tool(python, RML_CHILD, HERE / "structural-funds.yarrrml.yml", t, tmp)),
                              ("csvw", lambda t: run_tool(python, CSVW_CHILD,
                                                          HERE / "structural-funds.csv-metadata.json", t, tmp))):
                seconds, rss, counts = run(table)
                runs[tool].append(seconds)
                figures[tool] = (rss, counts)
    with tempfile.TemporaryDirectory(dir=OUT) as name:
        tmp = Path(name)
        later = {"ours": later_outcome([*python_child("stratgraph", "--db", str(tmp / "l.db"), "ingest", str(later),
                                                      "--mapping", str(MAPPING), "-q")]),
                 "rml": later_outcome([python, "-c", RML_CHILD, str(HERE / "structural-funds.yarrrml.yml"),
                                       str(later), str(tmp / "l.yml"), SG]),
                 "csvw": later_outcome([python, "-c", CSVW_CHILD, str(HERE / "structural-funds.csv-metadata.json"),
                                        str(later), str(tmp / "l.json"), SG])}
    base = median(runs["ours"])
    print(f"structural-funds list, 19,940 rows; median of {args.repeat}")
    print("ours:  triples / organisations / labelled projects;  rml: the same;  csvw: rows / warnings")
    for tool in runs:
        rss, counts = figures[tool]
        seconds = median(runs[tool])
        print(f"{tool:5} {seconds:6.1f} s  peak {rss:6,.0f} MB  {counts}  speed vs ours {base / seconds:.2f}x")
        print(result_line(f"mapping_standards_{tool}", seconds=seconds, peak_mb=rss, figures="/".join(map(str, counts)),
                          speed_vs_ours=base / seconds))
    for tool, outcome in later.items():
        print(f"later export (Hankkeen nimi, Tila), {tool}: {outcome}")
    print(result_line("mapping_standards_later_headers",
                      **{tool: outcome.split(":")[0] for tool, outcome in later.items()}))

if __name__ == "__main__":
    main()
