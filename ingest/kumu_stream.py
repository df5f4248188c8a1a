"""Read a Kumu JSON backup without holding it whole: one streamed pass (ijson), its big arrays spilled.

A Kumu backup is one JSON object whose ``elements``, ``connections``, ``loops``, ``maps`` and
``perspectives`` arrays may hold millions of items; :func:`json.loads` would hold the whole text and
every item as Python objects at once (several times the file's size). :func:`stream_project` parses
the file once with ijson and writes each item of those arrays as one line of JSON to a temporary file;
the rest of the object (the name, attribute definitions ...) is small and kept. A first pass reads the
object's shape and small values; then ijson's C parser gives each array's items, one pass per array
(a Python object builder over every event was 3.5 times slower than ``json.loads``). The reader
(:mod:`ingest.kumu`) walks an array as often as it needs to, one item in memory at a time.

Examples
--------
>>> import io
>>> with stream_project(io.BytesIO(b'{"name": "Demo", "elements": [{"_id": "e1"}, {"_id": "e2", "x": 1.5}]}')) as doc:
...     doc["name"], list(doc["elements"]), len(doc["elements"]), doc.get("loops")
('Demo', [{'_id': 'e1'}, {'_id': 'e2', 'x': 1.5}], 2, None)
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

import ijson

__all__ = ["SpilledArray", "StreamedProject", "stream_project", "ARRAYS", "NotAKumuObject"]

#: The arrays of a Kumu project that are spilled to disk rather than held.
ARRAYS = ("elements", "connections", "loops", "maps", "perspectives")
_OPEN, _CLOSE = ("start_map", "start_array"), ("end_map", "end_array")


class NotAKumuObject(ValueError):
    """The file's JSON is not an object (so it is no Kumu project)."""


class SpilledArray:
    """A JSON array kept on disk, one item per line: iterable any number of times, with a length."""

    def __init__(self, path: Path):
        self.path, self._count = path, 0
        self._out: IO[bytes] | None = path.open("wb")

    def append(self, item: Any) -> None:
        """Write one item (while the file is read)."""
        self._out.write(json.dumps(item, ensure_ascii=False).encode("utf-8") + b"\n")
        self._count += 1

    def close(self) -> None:
        """Finish writing."""
        if self._out is not None:
            self._out.close()
            self._out = None

    def __len__(self) -> int:
        return self._count

    def __iter__(self) -> Iterator[Any]:
        with self.path.open("rb") as lines:
            for line in lines:
                yield json.loads(line)


class StreamedProject(dict):
    """A Kumu project's top-level object: small values as they are, the big arrays as :class:`SpilledArray`."""


def _value(events: Iterator[tuple[str, str, Any]], event: str, value: Any) -> Any:
    """The whole JSON value that starts with ``(event, value)``, built from ``events``."""
    builder = ijson.ObjectBuilder()
    builder.event(event, value)
    depth = event in _OPEN
    while depth:
        _, event, value = next(events)
        builder.event(event, value)
        depth += (event in _OPEN) - (event in _CLOSE)
    return builder.value


def _top_level(events: Iterator[tuple[str, str, Any]]) -> tuple[StreamedProject, list[str]]:
    """The object's small values, and the keys of :data:`ARRAYS` whose values are arrays (skipped here)."""
    doc, key, arrays = StreamedProject(), None, []
    for prefix, event, value in events:
        if prefix == "" and event == "map_key":
            key = value
        elif prefix == "" and event == "end_map":
            break
        elif key in ARRAYS and event == "start_array":
            doc[key], empty = [], True  # an empty array needs no pass of its own
            for prefix, event, _ in events:  # the items are read by ijson's own items() (C), below
                if event == "end_array" and prefix == key:
                    break
                empty = False
            if not empty and key not in arrays:
                arrays.append(key)
        else:
            doc[key] = _value(events, event, value)
    for _ in events:  # anything after the object is an error (as json.loads says)
        pass
    return doc, arrays


@contextmanager
def stream_project(handle: IO[bytes]) -> Iterator[StreamedProject]:
    """The project read from the binary, seekable ``handle``, streamed; its spilled arrays are removed
    when the block ends.

    Raises
    ------
    NotAKumuObject
        When the JSON is not an object.
    ijson.JSONError
        When the file is not JSON (truncated, a syntax error, not UTF-8), with where it stopped.
    """
    with tempfile.TemporaryDirectory(prefix="stratgraph-kumu-") as folder:
        events = ijson.parse(handle, use_float=True)
        first = next(events, (None, None, None))
        if first[1] != "start_map":
            raise NotAKumuObject("the JSON is not an object")
        doc, arrays = _top_level(events)
        for key in arrays:  # one pass of ijson's C parser per array: the items, one at a time
            handle.seek(0)
            doc[key] = SpilledArray(Path(folder) / f"{key}.jsonl")
            for item in ijson.items(handle, f"{key}.item", use_float=True):
                doc[key].append(item)
            doc[key].close()
        yield doc
