"""Ingest one input (a workbook, CSV files or an RDF file) into the store: read, check, load, swap.

Either the whole source lands or nothing changes: every problem is collected first, the triples go
to a staging graph, the SHACL rules run there, and only then does the source go live (see
:mod:`graph_model.store`). Ingesting an unchanged input again does nothing.

Examples
--------
>>> from graph_model.store import GraphStore
>>> from examples import EXAMPLE_DIR
>>> with GraphStore(None) as store:
...     report = ingest(EXAMPLE_DIR, store)
...     again = ingest(EXAMPLE_DIR, store)
>>> report.status, again.status, report.entities > 100
('stored', 'unchanged', True)
"""

from __future__ import annotations

import hashlib
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from graph_model.source_diff import diff_graphs
from graph_model.store import GraphStore, SourceDraft
from graph_model.terms import id_of
from ingest.checks import check_parsed
from ingest.limits import check_file_size
from ingest.problems import InvalidInput, Problem
from ingest.rdf_input import RDF_SUFFIXES, read_rdf
from ingest.records import HELP_SHEETS, Parsed, parse_tables
from ingest.shacl import run_rules
from ingest.tables import iter_tables
from ingest.triples import ntriples_chunks
from ontologies.schema import load_schema

__all__ = ["IngestReport", "ingest", "input_checksum", "default_source_name", "shacl_check"]

Progress = Callable[[str], None]


@dataclass
class IngestReport:
    """What an ingest did: ``status`` is stored, unchanged or valid (a dry run)."""

    source: str
    location: str
    format: str
    status: str
    entities: int = 0
    relationships: int = 0
    triples: int = 0
    by_type: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0
    changes: dict | None = None  # a dry run over an existing source: what would change (SourceDiff.as_dict)
    account: dict = field(default_factory=dict)  # read, stored, not kept per kind (ingest.account)
    notes: list[str] = field(default_factory=list)  # what the reader did that the user should know

    def as_dict(self) -> dict:
        """The report as a plain dict (for JSON output)."""
        return dict(self.__dict__)


def default_source_name(path: Path) -> str:
    """A source's default name: the file or folder name.

    >>> default_source_name(Path("data/city.xlsx")), default_source_name(Path("examples/rovaniemi/"))
    ('city.xlsx', 'rovaniemi')
    """
    return Path(path).name


def input_checksum(path: Path) -> str:
    """SHA-256 over the input's files (names and bytes) and the schema version."""
    digest = hashlib.sha256(load_schema().version.encode())
    path = Path(path)
    files = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
    for file in files:
        label = str(file.relative_to(path) if path.is_dir() else file.name)
        digest.update(label.encode())
        check_file_size(file, label)  # before hashing a 1 GB file
        try:
            with file.open("rb") as handle:
                for block in iter(lambda: handle.read(1 << 20), b""):
                    digest.update(block)
        except OSError as exc:  # gone or unreadable since it was listed
            raise InvalidInput([Problem(label, message=f"cannot be read: {exc.strerror or exc}")]) from exc
    return digest.hexdigest()


def shacl_check(store: GraphStore, exclude: str, locate: Callable[[str], Problem],
                columns: dict[str, str] | None = None):
    """The check that :meth:`GraphStore.replace_source` runs on a staging graph: the schema's SHACL rules.

    ``exclude`` is the source being replaced (its live graph is not part of the data the rules see);
    ``locate`` turns a focus node's IRI into the :class:`Problem` that says where it came from;
    ``columns`` names the file's own column of a schema property or relation (a mapped file's headers).
    The check raises :class:`InvalidInput` with every finding.

    >>> check = shacl_check(GraphStore(None), "city", lambda focus: Problem("projects.csv"))
    >>> callable(check)
    True
    """
    def check(staging) -> None:
        findings = run_rules(store.oxigraph, staging, store.live_graphs(exclude))
        if findings:
            problems = []
            names = _schema_names() if columns else {}
            for f in findings:
                base = locate(f.focus)
                column = f.path.rsplit("#", 1)[-1].rsplit("/", 1)[-1] if f.path else None
                column = (columns or {}).get(names.get(f.path or ""), column)
                problems.append(Problem(base.file, base.sheet, base.row, column,
                                        f"{id_of(f.focus) or f.focus}: {f.message} (SHACL {f.component})",
                                        "shacl"))
            raise InvalidInput(problems)
    return check


def _schema_names() -> dict[str, str]:
    """Schema property and relation names by IRI."""
    schema = load_schema()
    return {schema.expand(t.iri): name for name, t in [*schema.properties.items(), *schema.relations.items()]}


def _spill(chunks, store: GraphStore) -> Path:
    """Write N-Triples chunks to a scratch file beside the store (so the records can be freed)."""
    handle = tempfile.NamedTemporaryFile("wb", suffix=".nt", dir=store.scratch_dir, delete=False)
    try:
        with handle:
            for chunk in chunks:
                handle.write(chunk)
    except BaseException:  # a full disk or an interrupt: the half-written file must not stay
        Path(handle.name).unlink(missing_ok=True)
        raise
    return Path(handle.name)


def _tabular(path: Path, store: GraphStore, name: str, progress: Progress,
             encoding: str | None = None) -> tuple[Parsed, str]:
    progress("reading and checking rows")
    unreadable: list[Problem] = []
    parsed = parse_tables(iter_tables(path, unreadable, HELP_SHEETS, encoding))
    if unreadable:
        raise InvalidInput(unreadable + parsed.problems)
    existing = store.ids_by_type(exclude_source=name) if store.sources() else {}
    check_parsed(parsed, existing)
    if parsed.problems:
        raise InvalidInput(parsed.problems)
    return parsed, "tabular"


def _mapped(path: Path, mapping: Path, store: GraphStore, name: str, progress: Progress) -> tuple[Parsed, str]:
    from ingest.mapping import read_mapped  # only mapped imports pay for it

    progress("reading the table through the mapping")
    parsed = read_mapped(path, mapping, store, name)
    check_parsed(parsed, store.ids_by_type(exclude_source=name) if store.sources() else {})
    if parsed.problems:
        raise InvalidInput(parsed.problems)
    return parsed, "mapped"


def ingest(path: Path | str, store: GraphStore, *, source: str | None = None, dry_run: bool = False,
           progress: Progress | None = None, mapping: Path | str | None = None,
           encoding: str | None = None) -> IngestReport:
    """Ingest ``path`` as the source ``source`` (default: its file or folder name).

    With ``mapping`` (a YAML mapping file, see :mod:`ingest.mapping`), ``path`` is any CSV (or
    ``.csv.gz``) or xlsx table, read by the mapping instead of as our template. ``encoding`` declares
    the CSV files' encoding (default: UTF-8, or a whole Windows-1252 file; see :mod:`ingest.tables`).

    Raises
    ------
    InvalidInput
        With every problem found; the store is unchanged.
    """
    started = time.perf_counter()
    path = Path(path)
    progress = progress or (lambda _msg: None)
    name = source or default_source_name(path)
    is_rdf = path.is_file() and path.suffix.lower() in RDF_SUFFIXES and mapping is None
    checksum = input_checksum(path) if path.exists() else ""
    if mapping is not None and Path(mapping).is_file():  # a changed mapping changes the source
        checksum = hashlib.sha256((checksum + input_checksum(Path(mapping))).encode()).hexdigest()
    current = store.source(name)
    if path.exists() and current is not None and current.checksum == checksum and not dry_run:
        return IngestReport(name, str(path), current.format, "unchanged", triples=current.triples,
                            seconds=time.perf_counter() - started)
    if is_rdf:
        progress("parsing RDF")
        rdf = read_rdf(path, store.ids_by_type(exclude_source=name) if store.sources() else {})
        chunks, fmt = rdf.chunks(), rdf.format
        by_type, n_edges = Counter(rdf.types.values()), rdf.relationships
        account, notes, columns = rdf.account(), [], {}

        def locate(focus: str) -> Problem:
            return Problem(path.name)
    else:
        parsed, fmt = (_tabular(path, store, name, progress, encoding) if mapping is None
                       else _mapped(path, Path(mapping), store, name, progress))
        by_type, n_edges = Counter(e.type for e in parsed.entities.values()), len(parsed.edges)
        account, notes, columns = parsed.account, parsed.notes, parsed.columns
        progress("writing triples")
        chunks = _spill(ntriples_chunks(parsed.entities, parsed.edges), store)
        # Keep only where each node came from; the records are not needed once their triples are written.
        rows = {ident: (e.file, e.sheet, e.row) for ident, e in parsed.entities.items()}
        del parsed

        def locate(focus: str) -> Problem:
            where = rows.get(id_of(focus) or "")
            return Problem(*where) if where else Problem(path.name)
    progress("loading and checking shapes")
    draft = SourceDraft(name, str(path.resolve()), checksum, fmt, account.as_dict())
    check, diffs = shacl_check(store, name, locate, columns), []
    if dry_run and current is not None:
        check = _with_diff(check, store, current.graph, diffs)
    try:
        info = store.replace_source(draft, chunks, check, dry_run=dry_run)
    finally:
        if isinstance(chunks, Path):
            chunks.unlink(missing_ok=True)
    return IngestReport(name, str(path), fmt, "valid" if dry_run else "stored", sum(by_type.values()), n_edges,
                        info.triples, dict(sorted(by_type.items())), time.perf_counter() - started,
                        diffs[0].as_dict() if diffs else None, account.as_dict(), notes)


def _with_diff(check: Callable, store: GraphStore, live_graph: str, out: list) -> Callable:
    """``check``, then the diff of the staging graph against the live one (a refresh's dry run)."""
    def check_and_diff(staging) -> None:
        check(staging)
        out.append(diff_graphs(store, live_graph, staging))
    return check_and_diff
