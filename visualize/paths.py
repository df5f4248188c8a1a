"""File names of the report's pages, shared by the report and its follow-up pages (and the web app).

A page's file name is made from its node's id with everything but ``A-Z a-z 0-9 _ -`` replaced, plus
a hash when that changed the id, so that no id can climb out of the site or collide with another.

Examples
--------
>>> slug("P-HNR"), slug("../x y")
('P-HNR', '___x_y-...')
>>> goal_path("G11.1")
'goals/G11_1-...'
"""

from __future__ import annotations

import hashlib
import re

__all__ = ["slug", "goal_path"]

_UNSAFE = re.compile(r"[^A-Za-z0-9_-]")


def slug(ident: str) -> str:
    """A file name stem for ``ident``: the id itself when it is plain, else a cleaned id and a hash.

    >>> slug("javascript:alert(1)")
    'javascript_alert_1_-...'
    """
    clean = _UNSAFE.sub("_", ident)[:80]
    if clean == ident and clean:
        return clean
    return f"{clean}-{hashlib.sha1(ident.encode('utf-8')).hexdigest()[:10]}"


def goal_path(goal: str) -> str:
    """The goal page's path under the report root.

    >>> goal_path("G2")
    'goals/G2.html'
    """
    return f"goals/{slug(goal)}.html"
