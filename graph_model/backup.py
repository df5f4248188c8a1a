"""Back up a store folder and restore it into a new one: every live source (files, decisions, the web
edits with their log and comments) with its record, and the app's own files in ``<store>/app/``
(accounts and sessions: ``.sqlite`` files are copied with SQLite's backup API, so a copy taken while the
app writes is consistent).

A backup folder holds ``store.nq`` (N-Quads: each source's live graph and the meta graph that names
them), ``app/`` and ``manifest.json`` (sources, triples, checksums of the files). :func:`restore` checks
the files against the manifest, loads them into a new store and checks the sources against it too, so a
restore gives the same sources, the same graphs and therefore the same pages and JSON.

Examples
--------
>>> import tempfile
>>> from graph_model.store import SourceDraft
>>> tmp = Path(tempfile.mkdtemp())
>>> with GraphStore(tmp / "db") as store:
...     _ = store.replace_source(SourceDraft("a", "a.nt", "x", "ntriples"), b'<urn:a> <urn:p> "1" .\\n')
>>> backup(tmp / "db", tmp / "bk")["sources"][0]["name"]
'a'
>>> [s.name for s in restore(tmp / "bk", tmp / "db2")]
['a']
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import shutil
import sqlite3
from pathlib import Path

import pyoxigraph as ox

from graph_model.store import GraphStore, SourceInfo
from graph_model.terms import META_GRAPH
from ontologies.errors import InputError, StoreError

__all__ = ["backup", "restore", "APP_FOLDER", "MANIFEST"]

APP_FOLDER = "app"
MANIFEST = "manifest.json"
_QUADS = "store.nq"


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _copy_app(source: Path, target: Path) -> list[str]:
    """Copy the app folder; SQLite databases through the backup API (consistent while in use)."""
    copied = []
    for item in sorted(source.rglob("*")):
        if not item.is_file() or item.name.endswith(("-wal", "-shm", "-journal")):
            continue
        dest = target / item.relative_to(source)
        dest.parent.mkdir(parents=True, exist_ok=True)
        if item.suffix == ".sqlite":
            with sqlite3.connect(f"file:{item}?mode=ro", uri=True) as src, sqlite3.connect(dest) as out:
                src.backup(out)
            src.close()
            out.close()
        else:
            shutil.copy2(item, dest)
        copied.append(str(item.relative_to(source)))
    return copied


def _new_folder(path: Path, what: str) -> None:
    if path.exists() and (not path.is_dir() or any(path.iterdir())):
        raise InputError(f"{what} {path} exists and is not empty; choose a new folder (nothing was written)")


def backup(store_path: Path | str, target: Path | str) -> dict:
    """Write a backup of the store at ``store_path`` into the new folder ``target``; return the manifest.

    Raises
    ------
    InputError
        ``target`` exists and is not empty.
    StoreError
        There is no store at ``store_path``.
    """
    store_path, target = Path(store_path), Path(target)
    _new_folder(target, "the backup folder")
    with GraphStore(store_path, read_only=True) as store:  # a writer meanwhile: the state before it
        sources = store.sources()
        graphs = [ox.NamedNode(s.graph) for s in sources] + [ox.NamedNode(META_GRAPH)]
        target.mkdir(parents=True, exist_ok=True)
        quads = (q for g in graphs for q in store.oxigraph.quads_for_pattern(None, None, None, g))
        with (target / _QUADS).open("wb") as out:
            ox.serialize(quads, out, ox.RdfFormat.N_QUADS)
    app = store_path / APP_FOLDER
    files = _copy_app(app, target / APP_FOLDER) if app.is_dir() else []
    manifest = {"created": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
                "store": str(store_path.resolve()), "sources": [s.as_dict() for s in sources],
                "files": {name: _sha256(target / name) for name in [_QUADS, *(f"{APP_FOLDER}/{f}" for f in files)]}}
    (target / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=2), encoding="utf-8")
    return manifest


def restore(backup_dir: Path | str, target: Path | str) -> list[SourceInfo]:
    """Restore the backup in ``backup_dir`` into the new store folder ``target``; return its sources.

    Raises
    ------
    InputError
        ``target`` exists and is not empty, the backup has no manifest, a file differs from its checksum,
        or the restored sources differ from the manifest (the half-made store is removed then).
    """
    backup_dir, target = Path(backup_dir), Path(target)
    _new_folder(target, "the store to restore into")
    try:
        manifest = json.loads((backup_dir / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise InputError(f"{backup_dir} is not a stratgraph backup: {MANIFEST}: {exc}") from exc
    bad = [name for name, digest in manifest.get("files", {}).items()
           if not (backup_dir / name).is_file() or _sha256(backup_dir / name) != digest]
    if bad:
        raise InputError(f"the backup {backup_dir} is damaged (missing or changed: {', '.join(bad)}); nothing was restored")
    try:
        with GraphStore(target) as store:
            store.oxigraph.bulk_load(path=str(backup_dir / _QUADS), format=ox.RdfFormat.N_QUADS)
            store.oxigraph.flush()
            sources = store.sources()
            got = sorted((s.name, s.graph, s.triples) for s in sources)
            want = sorted((s["name"], s["graph"], s["triples"]) for s in manifest["sources"])
            counts = sorted((s.name, s.graph, store.count_triples(ox.NamedNode(s.graph))) for s in sources)
            if got != want or counts != want:
                raise StoreError(f"the restored sources differ from the backup's manifest: {got} != {want}")
        app = backup_dir / APP_FOLDER
        if app.is_dir():
            _copy_app(app, target / APP_FOLDER)
    except BaseException:
        shutil.rmtree(target, ignore_errors=True)
        raise
    return sources
