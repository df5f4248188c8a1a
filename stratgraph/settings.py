"""One settings object built from command-line options and environment variables.

Credentials live here and nowhere else; :meth:`Settings.__repr__` never shows the password.

>>> s = Settings.from_env({"STRATGRAPH_DB": "/tmp/x.db", "NEO4J_PASSWORD": "secret",
...                         "STRATGRAPH_OIDC_CLIENT_SECRET": "secret"})
>>> s.db, "secret" in repr(s)
(PosixPath('/tmp/x.db'), False)
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["Settings"]


@dataclass(frozen=True)
class Settings:
    """Where the store is, how to reach Neo4j, and the web app's OIDC provider (issuer URL, client id and
    secret: STRATGRAPH_OIDC_ISSUER, STRATGRAPH_OIDC_CLIENT_ID, STRATGRAPH_OIDC_CLIENT_SECRET)."""

    db: Path = Path("stratgraph.db")
    neo4j_uri: str | None = None
    neo4j_username: str = "neo4j"
    neo4j_password: str | None = field(default=None, repr=False)
    neo4j_database: str = "neo4j"
    oidc_issuer: str | None = None
    oidc_client_id: str | None = None
    oidc_client_secret: str | None = field(default=None, repr=False)

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None, db: Path | None = None) -> Settings:
        """Build settings from the environment (STRATGRAPH_DB, NEO4J_URI, NEO4J_USERNAME, ...)."""
        env = os.environ if env is None else env
        return cls(
            db=Path(db or env.get("STRATGRAPH_DB") or "stratgraph.db"),
            neo4j_uri=env.get("NEO4J_URI") or None,
            neo4j_username=env.get("NEO4J_USERNAME") or "neo4j",
            neo4j_password=env.get("NEO4J_PASSWORD") or None,
            neo4j_database=env.get("NEO4J_DATABASE") or "neo4j",
            oidc_issuer=env.get("STRATGRAPH_OIDC_ISSUER") or None,
            oidc_client_id=env.get("STRATGRAPH_OIDC_CLIENT_ID") or None,
            oidc_client_secret=env.get("STRATGRAPH_OIDC_CLIENT_SECRET") or None,
        )
