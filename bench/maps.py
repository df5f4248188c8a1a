"""Benchmark: map generation, layout, page size and time to interactive at 500, 5,000 and 20,000 nodes.

For each size a synthetic city (:func:`devtools.synth.synthetic_graph`) is drawn as the goals map
(goals - projects - sectors; exactly that many nodes) and written as an offline HTML page:

- generation: building the map (including the layout) and writing the page, in seconds;
- layout: the positions alone (inside generation);
- html: the page's size in MB;
- interactive: headless Debian chromium (network blocked), from navigation start to vis-network's
  first drawing (``window.stratgraphReady``), median of ``--repeat`` loads; maps above 1,000 nodes
  open aggregated by sector;
- open_all: clicking "open all groups" until every node is drawn;
- up to 5,000 nodes the same map is also measured opening with every node drawn (``_flat``).

Targets (issue 5): a 5,000-node map interactive within 2 s, its layout under 10 s, a 20,000-node
page generated in seconds.

Usage: python bench/maps.py [--sizes 500,5000,20000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from _common import OUT, against_reference, median, result_line  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]


def generate(n: int, folder: Path, aggregate: str = "auto") -> dict:
    from visualize.html import write_map
    from visualize.maps import build_map
    from devtools.synth import synthetic_graph

    graph = synthetic_graph(n, seed=1)
    started = time.perf_counter()
    data = build_map(graph, "goals", lang="en", aggregate=aggregate)
    path = write_map(data, folder / f"map-{n}-{aggregate}.html")
    seconds = time.perf_counter() - started
    return {"nodes": len(data.nodes), "edges": len(data.edges), "generation_s": seconds,
            "layout_s": data.timings["layout"], "html_mb": path.stat().st_size / 1e6, "path": path,
            "aggregated": data.start_depth is not None, "name": f"maps_{n}" + ("" if aggregate == "auto" else "_flat")}


def interactive(browser, path: Path, repeat: int) -> tuple[float, float]:
    """(median ms to first drawing, ms to draw every node after 'open all')."""
    ready, opened = [], 0.0
    for _ in range(repeat):
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        page.route("**/*", lambda r: r.continue_() if r.request.url.startswith("file://") else r.abort())
        page.goto(path.resolve().as_uri())
        page.wait_for_function("window.stratgraphReady === true", timeout=120_000)
        ready.append(page.evaluate("window.stratgraphReadyAt"))
        opened = page.evaluate("""() => new Promise(done => {
            const t0 = performance.now();
            window.stratgraphNetwork.once('afterDrawing', () => done(performance.now() - t0));
            const button = document.getElementById('open-all');
            if (button.hidden) { window.stratgraphNetwork.redraw(); } else { button.click(); }
        })""")
        page.close()
    return median(ready), opened


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="500,5000,20000")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    from playwright.sync_api import sync_playwright

    OUT.mkdir(parents=True, exist_ok=True)
    rows = []
    with tempfile.TemporaryDirectory(dir=OUT) as tmp, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        for n in sizes:
            # Also every node drawn at once (no aggregation) up to 5,000 nodes, for comparison.
            for aggregate in ("auto", "none") if n <= 5000 else ("auto",):
                row = generate(n, Path(tmp), aggregate)
                if aggregate == "none" and not rows[-1]["aggregated"]:
                    continue  # small maps open with every node drawn anyway
                row["interactive_ms"], row["open_all_ms"] = interactive(browser, row["path"], args.repeat)
                rows.append(row)
        browser.close()
    print(f"{'nodes':>7} {'edges':>7} {'generation s':>13} {'layout s':>9} {'html MB':>8} {'aggregated':>10} "
          f"{'interactive ms':>15} {'open all ms':>12}")
    for r in rows:
        print(f"{r['nodes']:>7,} {r['edges']:>7,} {r['generation_s']:>13.2f} {r['layout_s']:>9.2f} "
              f"{r['html_mb']:>8.1f} {str(r['aggregated']):>10} {r['interactive_ms']:>15.0f} {r['open_all_ms']:>12.0f}")
    for r in rows:
        print(result_line(r["name"], aggregated=int(r["aggregated"]), nodes=r["nodes"], edges=r["edges"],
                          generation_s=r["generation_s"],
                          layout_s=r["layout_s"], html_mb=r["html_mb"], interactive_ms=r["interactive_ms"],
                          open_all_ms=r["open_all_ms"]))
    for r in rows:
        if r["name"] == "maps_5000":  # the headline: a 5,000-node map as it opens (aggregated)
            print(against_reference("map_interactive_5000", r["interactive_ms"]))


if __name__ == "__main__":
    main()
