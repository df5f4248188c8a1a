"""What an importer read, what it stored and what it did not keep: the conservation account.

Every importer (template, mapping, Popolo, Kumu, register, RDF) ends with one :class:`ImportAccount`.
For every kind of record it read (``persons``, ``memberships``, ``elements``, ``connections``,
``loops``, ``rows`` ...), ``read == stored + sum(not_kept)`` must hold: a record is either in the store
or named, with a reason, in ``not_kept``. :meth:`ImportAccount.unbalanced` lists the kinds for which
it does not, and tests assert it is empty for every real file.

"Not kept" is for what the schema truly cannot hold, never a way to skip what is merely unusual.

>>> account = ImportAccount()
>>> account.read("memberships", 3)
>>> account.stored("memberships", 2)
>>> account.not_kept("memberships", "member points at nothing", where="$.memberships[7]")
>>> account.unbalanced()
{}
>>> account.as_dict()["memberships"]
{'read': 3, 'stored': 2, 'not_kept': {'member points at nothing': 1}, 'examples': {'member points at nothing': ['$.memberships[7]']}}
>>> print(account.summary())
memberships: read 3, stored 2, not kept 1 (member points at nothing: 1)
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

__all__ = ["ImportAccount", "summarise"]


@dataclass
class ImportAccount:
    """Counts per kind of record: read, stored, and not kept by reason (with a few example places)."""

    _read: Counter = field(default_factory=Counter)
    _stored: Counter = field(default_factory=Counter)
    _not_kept: dict[str, Counter] = field(default_factory=lambda: defaultdict(Counter))
    _examples: dict[tuple[str, str], list[str]] = field(default_factory=lambda: defaultdict(list))

    def read(self, kind: str, n: int = 1) -> None:
        """Count ``n`` records of ``kind`` as read from the file."""
        self._read[kind] += n

    def stored(self, kind: str, n: int = 1) -> None:
        """Count ``n`` records of ``kind`` as stored (each one a node, relationship or membership)."""
        self._stored[kind] += n

    def not_kept(self, kind: str, reason: str, n: int = 1, *, where: str | None = None) -> None:
        """Count ``n`` records of ``kind`` as not kept, for ``reason``; ``where`` is a row or JSON path."""
        self._not_kept[kind][reason] += n
        if where is not None and len(self._examples[(kind, reason)]) < 5:
            self._examples[(kind, reason)].append(where)

    def kinds(self) -> list[str]:
        """Every kind of record counted, in the order first read or stored."""
        return list(dict.fromkeys([*self._read, *self._stored, *self._not_kept]))

    def unbalanced(self) -> dict[str, tuple[int, int, int]]:
        """Kinds where read != stored + not kept, as kind -> (read, stored, not kept)."""
        out = {}
        for kind in self.kinds():
            dropped = sum(self._not_kept[kind].values()) if kind in self._not_kept else 0
            if self._read[kind] != self._stored[kind] + dropped:
                out[kind] = (self._read[kind], self._stored[kind], dropped)
        return out

    def as_dict(self) -> dict:
        """The account as plain data (for ``--format json`` and the source's provenance)."""
        out = {}
        for kind in self.kinds():
            entry: dict = {"read": self._read[kind], "stored": self._stored[kind],
                           "not_kept": dict(self._not_kept[kind]) if kind in self._not_kept else {}}
            examples = {r: w for (k, r), w in self._examples.items() if k == kind}
            if examples:
                entry["examples"] = examples
            out[kind] = entry
        return out

    def summary(self) -> str:
        """One line per kind, for the CLI."""
        return summarise(self.as_dict())


def summarise(account: dict) -> str:
    """One line per kind of an account's plain data (:meth:`ImportAccount.as_dict`), for the CLI.

    >>> print(summarise({"rows": {"read": 2, "stored": 2, "not_kept": {}}}))
    rows: read 2, stored 2, not kept 0
    """
    lines = []
    for kind, entry in account.items():
        dropped = sum(entry["not_kept"].values())
        line = f"{kind}: read {entry['read']}, stored {entry['stored']}, not kept {dropped}"
        if dropped:
            line += " (" + "; ".join(f"{r}: {n}" for r, n in entry["not_kept"].items()) + ")"
        lines.append(line)
    return "\n".join(lines)
