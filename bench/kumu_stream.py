"""Benchmark: peak memory of reading a large Kumu backup streamed against reading it whole (issue 20).

A system map is written to a temporary file item by item (``--elements``, ``--connections``; each element
with a description of ``--text`` characters, free attributes and tags; untyped and polarity
connections), then, each in its own process (peak RSS as the child reports it):
- read whole (the baseline, as the importer read before): ``json.loads`` of the file's text, then a
  walk over its elements and connections;
- read streamed: :func:`ingest.kumu_stream.stream_project` (one ijson pass, the arrays spilled to a
  temporary file), then the same walk;
- parse whole / parse streamed: the same, then :func:`ingest.kumu.kumu_entities`, the importer's whole
  reading step (what it stores is held in memory in both: it is written to the store afterwards).
Prints MB and seconds per child, the ratio streamed/whole, and ``RESULT`` lines.

Usage: python bench/kumu_stream.py [--elements 50000] [--connections 150000] [--text 400]
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

MODES = ("read-whole", "read-streamed", "parse-whole", "parse-streamed")


def write_project(path: Path, elements: int, connections: int, text: int, seed: int = 1) -> None:
    """Write a generated system map to ``path`` one item at a time (the writer holds none of it)."""
    rng = random.Random(seed)
    kinds = ["State", "Phenomenon", "Interviewee", "Stakeholder", "Resource"]
    words = "kestävä liikkuvuus hyvinvointi yhteistyö kaupunki hanke ilmasto kiertotalous".split()
    with path.open("w", encoding="utf-8") as out:
        out.write('{"name": "Stream bench", "attributes": [{"name": "score", "type": "number"}], "elements": [')
        for i in range(elements):
            description = " ".join(rng.choice(words) for _ in range(text // 9))[:text]
            out.write(("," if i else "") + json.dumps(
                {"_id": f"elem-{i}", "attributes": {"label": f"Muuttuja {i}", "element type": rng.choice(kinds),
                                                    "description": description, "tags": [rng.choice("abc")],
                                                    "score": i}}, ensure_ascii=False))
        out.write('], "connections": [')
        for j in range(connections):
            out.write(("," if j else "") + json.dumps(
                {"_id": f"conn-{j}", "direction": "directed", "delayed": False, "reversed": False,
                 "from": f"elem-{rng.randrange(elements)}", "to": f"elem-{rng.randrange(elements)}",
                 "attributes": {"connection type": rng.choice([None, "+", "-", "++", "+-"])}}))
        out.write('], "loops": [], "maps": [], "perspectives": []}')


def child(mode: str, path: Path) -> None:
    """Run one way of reading ``path`` (in a child process, which reports its own peak RSS)."""
    from ingest.kumu import kumu_entities
    from ingest.kumu_stream import stream_project

    def use(doc) -> int:
        if mode.startswith("parse"):
            parsed, account = kumu_entities(doc, path.name)
            assert not parsed.problems and account.unbalanced() == {}
            return len(parsed.entities)
        return sum(1 for part in ("elements", "connections") for _ in doc[part])

    if mode.endswith("whole"):
        print(use(json.loads(path.read_text(encoding="utf-8"))))
    else:
        with path.open("rb") as handle, stream_project(handle) as doc:
            print(use(doc))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--elements", type=int, default=50_000)
    parser.add_argument("--connections", type=int, default=150_000)
    parser.add_argument("--text", type=int, default=400, help="characters of each element's description")
    parser.add_argument("--child", nargs=2, metavar=("MODE", "PATH"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child[0], Path(args.child[1]))
        return
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "project.json"
        write_project(path, args.elements, args.connections, args.text)
        size_mb = path.stat().st_size / 2**20
        runs = {mode: measure(python_child(__file__, "--child", mode, str(path))) for mode in MODES}
    print(f"Kumu project of {args.elements:,} elements and {args.connections:,} connections: {size_mb:,.1f} MB")
    for mode, (seconds, rss, out) in runs.items():
        print(f"  {mode:15s} {seconds:7.2f} s  peak {rss:8,.0f} MB  ({out.strip()} items or entities)")
    for step in ("read", "parse"):
        (whole_s, whole_mb, _), (streamed_s, streamed_mb, _) = runs[f"{step}-whole"], runs[f"{step}-streamed"]
        print(f"  {step}: streamed/whole peak memory {streamed_mb / whole_mb:.2f}, time {streamed_s / whole_s:.2f}")
        print(result_line(f"kumu_stream_{step}", file_mb=size_mb, peak_mb=streamed_mb, baseline_peak_mb=whole_mb,
                          ratio=streamed_mb / whole_mb, seconds=streamed_s, baseline_seconds=whole_s))


if __name__ == "__main__":
    main()
