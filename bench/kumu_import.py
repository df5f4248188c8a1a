"""Benchmark: importing a large Kumu project against ingesting the same triples as N-Triples.

A system map is generated (``--elements``, ``--connections``, ``--loops``; element types of the map's own,
untyped and polarity connections, tags and free attributes, loops of four elements, one map view), then,
each in its own process on a fresh store:
- kumu: `stratgraph import-kumu project.json` (reading, the map's types, every check, SHACL, swap, account);
- baseline: `stratgraph ingest project.nt` of exactly the triples the Kumu import stores (RDF input: the
  same checks of ids and SHACL, no Kumu reading).
Prints seconds, records/s and the ratio kumu/baseline; then `export-kumu` of the imported store.

Usage: python bench/kumu_import.py [--elements 5000] [--connections 20000] [--loops 500]
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import measure, python_child, result_line  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from ingest.kumu import kumu_entities  # noqa: E402
from ingest.triples import ntriples_chunks  # noqa: E402


def project(elements: int, connections: int, loops: int, seed: int = 1) -> dict:
    """A generated Kumu system map of the given size."""
    rng = random.Random(seed)
    kinds = ["State", "Phenomenon", "Interviewee", "Stakeholder", "Resource"]
    return {"name": f"Bench {elements}",
            "elements": [{"_id": f"elem-{i}", "attributes": {"label": f"Muuttuja {i}", "element type": rng.choice(kinds),
                                                             "tags": [rng.choice("abc")], "score": i}}
                         for i in range(elements)],
            "connections": [{"_id": f"conn-{j}", "direction": "directed", "delayed": False, "reversed": False,
                             "from": f"elem-{rng.randrange(elements)}", "to": f"elem-{rng.randrange(elements)}",
                             "attributes": {"connection type": rng.choice([None, "+", "-", "++", "+-"])}}
                            for j in range(connections)],
            "loops": [{"_id": f"loop-{k}", "attributes": {"label": f"R{k}", "loop type": rng.choice("RB")},
                       "elements": [f"elem-{rng.randrange(elements)}" for _ in range(4)]} for k in range(loops)],
            "maps": [{"_id": "map-1", "name": "Kartta", "elements": [{"_id": f"node-{i}", "element": f"elem-{i}",
                                                                     "position": {"x": i, "y": -i}}
                                                                    for i in range(min(elements, 1000))]}],
            "perspectives": []}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--elements", type=int, default=5000)
    parser.add_argument("--connections", type=int, default=20000)
    parser.add_argument("--loops", type=int, default=500)
    args = parser.parse_args()
    records = args.elements + args.connections + args.loops
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        doc = project(args.elements, args.connections, args.loops)
        (folder / "project.json").write_text(json.dumps(doc), encoding="utf-8")
        parsed, _ = kumu_entities(doc, "project.json")
        (folder / "project.nt").write_bytes(b"".join(ntriples_chunks(parsed.entities, parsed.edges)))
        kumu, kumu_rss, out = measure(python_child("stratgraph", "--db", str(folder / "k.db"), "import-kumu",
                                                   str(folder / "project.json")))
        base, base_rss, _ = measure(python_child("stratgraph", "--db", str(folder / "b.db"), "ingest",
                                                 str(folder / "project.nt"), "-q"))
        export, _, _ = measure(python_child("stratgraph", "--db", str(folder / "k.db"), "export-kumu",
                                            str(folder / "out.json")))
    print(out.strip())
    print(f"Kumu project of {args.elements:,} elements, {args.connections:,} connections, {args.loops:,} loops")
    print(f"  import-kumu   {kumu:6.2f} s  {records / kumu:8,.0f} records/s  peak {kumu_rss:,.0f} MB")
    print(f"  same triples  {base:6.2f} s  (ingest of N-Triples, the baseline)  peak {base_rss:,.0f} MB")
    print(f"  ratio kumu/baseline {kumu / base:.2f}; export-kumu {export:.2f} s")
    print(result_line("kumu_import", records=records, seconds=kumu, baseline_seconds=base, ratio=kumu / base,
                      export_seconds=export, peak_rss_mb=kumu_rss))


if __name__ == "__main__":
    main()
