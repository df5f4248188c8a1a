"""The main job: ingest the bundled example city into a store, summarise it and write the report.

The report (a static HTML site, :mod:`visualize.report`) goes to ``stratgraph-report/`` next to the
store unless ``report_dir`` says otherwise (``report_dir=False`` skips it).

Examples
--------
>>> import tempfile, pathlib
>>> result = run_demo(pathlib.Path(tempfile.mkdtemp()) / "demo.db")
>>> result.report.status, result.summary["nodes_by_type"]["Project"] >= 30
('stored', True)
>>> result.site.index.name, result.site.index.parent.name, result.site.index.exists()
('index.html', 'stratgraph-report', True)
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from examples import EXAMPLE_DIR, EXAMPLE_SOURCE
from graph_model.store import GraphStore
from ingest.pipeline import IngestReport, ingest
from ontologies.errors import UsageError
from queries.stats import summary
from visualize.report import ReportResult, write_report

__all__ = ["DemoResult", "run_demo"]


@dataclass
class DemoResult:
    """What the demo did and what the store now holds."""

    db: Path
    report: IngestReport
    summary: dict
    site: ReportResult | None = None

    def text(self) -> str:
        """A short human summary with the next commands to try."""
        s = self.summary
        lines = [f"Example city {self.report.status} in {self.db} (source {self.report.source!r}).",
                 f"{s['nodes']} nodes, {s['relationships']} relationships, {s['triples']} triples:"]
        lines += [f"  {name:<14} {count:>5}" for name, count in s["nodes_by_type"].items()]
        lines += ["", "Try next:",
                  f"  stratgraph --db {self.db} users add admin --role admin   # an account for the web app",
                  f"  stratgraph serve {self.db} --insecure-cookies   # the web app: http://127.0.0.1:8000",
                  f"  stratgraph --db {self.db} stats --by relation",
                  f"  stratgraph --db {self.db} sparql 'SELECT ?project ?name WHERE {{ ?project a sg:Project ;"
                  " skos:prefLabel ?name FILTER(LANG(?name) = \"en\") } LIMIT 10'",
                  f"  stratgraph --db {self.db} map collaboration --out collaboration.html"]
        if self.site is not None:
            lines += ["", f"Report ({self.site.pages} pages) written; open it in a browser:",
                      f"  {self.site.index.resolve()}",
                      f"  follow-up scorecard: {(self.site.index.parent / 'followup.html').resolve()}"]
        return "\n".join(lines)


def run_demo(db: Path, progress: Callable[[str], None] | None = None, report_dir: Path | None | bool = None,
             lang: str = "fi") -> DemoResult:
    """Ingest the example into ``db`` (refreshing it), summarise the store and write the report.

    ``report_dir`` is the report's folder (default: ``stratgraph-report`` beside ``db``; False: no
    report); ``lang`` its language (``fi`` or ``en``).

    Raises
    ------
    UsageError
        When the store holds sources other than the example: the demo never touches a user's data.
    """
    with GraphStore(db) as store:
        others = [s.name for s in store.sources() if s.name != EXAMPLE_SOURCE]
        if others:
            raise UsageError(f"{db} holds other sources ({', '.join(others)}); the demo only writes to a store "
                             "of its own. Use --db to choose another folder, e.g. stratgraph --db demo.db demo")
        report = ingest(EXAMPLE_DIR, store, source=EXAMPLE_SOURCE, progress=progress)
        result = DemoResult(Path(db), report, summary(store))
        if report_dir is not False:
            folder = Path(report_dir) if report_dir else Path(db).resolve().parent / "stratgraph-report"
            if progress:
                progress(f"writing the report to {folder}")
            result.site = write_report(store, folder, lang=lang, progress=progress)
        return result
