"""Drawing helpers shared by the stages: words, weights, unique labels, and the nodes of one type.

>>> _compound("ilmasto", "ohjelma"), _slug("Kulta-Lahti (Ä)")
('ilmasto-ohjelma', 'kulta-lahti-a')
>>> _split(10, np.array([0.5, 0.3, 0.2]), low=1)
[5, 3, 2]
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _compound(head: str, tail: str) -> str:
    """Join a Finnish compound word; a hyphen when the same vowel meets (ilmasto-ohjelma)."""
    return f"{head}-{tail}" if head[-1] == tail[0] and tail[0] in "aeiouyäö" else head + tail


def _slug(text: str) -> str:
    table = str.maketrans({"ä": "a", "ö": "o", "å": "a", " ": "-", "–": "-", ",": "", "(": "", ")": "",
                           "'": "", "+": "", ".": ""})
    return "-".join(part for part in text.lower().translate(table).split("-") if part)


def _iso(ordinal: int) -> str:
    return dt.date.fromordinal(ordinal).isoformat()


def _power_weights(rng: np.random.Generator, n: int, exponent: float) -> np.ndarray:
    """Zipf-like weights: a random permutation of ranks 1..n, weight rank**-exponent."""
    ranks = rng.permutation(n) + 1.0
    weights = ranks ** -exponent
    return weights / weights.sum()


def _split(total: int, weights: np.ndarray, low: int, high: int | None = None) -> list[int]:
    """Split ``total`` into ``len(weights)`` integers in [low, high] roughly proportional to weights."""
    n = len(weights)
    counts = np.full(n, low, dtype=np.int64)
    left = total - low * n
    cap = np.full(n, high if high is not None else total, dtype=np.int64)
    while left > 0:
        open_ = counts < cap
        if not open_.any():
            break
        share = np.where(open_, weights, 0.0)
        add = np.floor(left * share / share.sum()).astype(np.int64)
        add = np.minimum(add, cap - counts)
        if add.sum() == 0:
            for i in np.argsort(-share, kind="stable"):
                if left == 0:
                    break
                if counts[i] < cap[i]:
                    counts[i] += 1
                    left -= 1
            continue
        counts += add
        left -= int(add.sum())
    return counts.tolist()


class _Labels:
    """Keeps labels unique within a namespace by adding a place qualifier when one repeats."""

    def __init__(self, places: Sequence[str]) -> None:
        self.used: set[str] = set()
        self.places = places

    def __call__(self, fi: str, en: str, start: int) -> tuple[str, str]:
        if fi not in self.used:
            self.used.add(fi)
            return fi, en
        n = len(self.places)
        for k in range(n):
            place = self.places[(start + k) % n]
            cand = f"{fi}, {place}"
            if cand not in self.used:
                self.used.add(cand)
                return cand, f"{en}, {place}"
        k = 2
        while f"{fi} {k}" in self.used:
            k += 1
        self.used.add(f"{fi} {k}")
        return f"{fi} {k}", f"{en} {k}"


@dataclass
class _Kind:
    """The nodes of one type held in memory: ids and, per node, municipality and labels."""

    prefix: str
    ids: list[str] = field(default_factory=list)
    fi: list[str] = field(default_factory=list)
    en: list[str] = field(default_factory=list)
    muni: list[int] = field(default_factory=list)
    start: list[int] = field(default_factory=list)  # first index per municipality (+ end)

    def new_id(self, width: int) -> str:
        ident = f"{self.prefix}-{len(self.ids) + 1:0{width}d}"
        self.ids.append(ident)
        return ident


def _width(n: int) -> int:
    return max(3, len(str(n)))


def _pick_local(cum: np.ndarray, starts: np.ndarray, muni: np.ndarray, u: np.ndarray) -> np.ndarray:
    """Draw, for each ``muni[i]``, an index of that municipality's block by the weights whose
    cumulative sum is ``cum`` (blocks ``starts[m]:starts[m + 1]``, each non-empty); ``u`` uniform."""
    lo, hi = starts[muni], starts[muni + 1]
    before = np.where(lo > 0, cum[np.maximum(lo - 1, 0)], 0.0)
    span = cum[hi - 1] - before
    if u.ndim > 1:
        before, span, lo, hi = before[:, None], span[:, None], lo[:, None], hi[:, None]
    idx = np.searchsorted(cum, before + u * span, side="right")
    return np.clip(idx, lo, hi - 1)
