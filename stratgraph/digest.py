"""The optional e-mail digest of "what I owe": one message per party with their overdue and upcoming
updates (:func:`queries.owners.owe`), sent over SMTP with the standard library.

Settings come from the environment (:class:`SmtpSettings`): ``STRATGRAPH_SMTP_HOST``,
``STRATGRAPH_SMTP_PORT`` (default 25), ``STRATGRAPH_SMTP_FROM``; who gets which party's digest is the
caller's (an account's e-mail address, from the accounts the app keeps).

Examples
--------
>>> print(digest_text("U-X", "Työllisyys", [{"when": "overdue", "kind": "action", "id": "A1", "label": "Hire",
...                                          "for": "G2", "due": "2025-01-31", "state": "late", "why": "for G2"}]))
What Työllisyys (U-X) owes:
- overdue: action Hire (A1, for G2), due 2025-01-31, late
"""

from __future__ import annotations

import os
import smtplib
from collections.abc import Mapping
from dataclasses import dataclass
from email.message import EmailMessage

from ontologies.errors import InputError, StoreError

__all__ = ["SmtpSettings", "digest_text", "send_digest"]


@dataclass(frozen=True)
class SmtpSettings:
    """Where the digest goes out: an SMTP host, port and sender address."""

    host: str
    port: int = 25
    sender: str = "stratgraph@localhost"

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> SmtpSettings:
        """From ``STRATGRAPH_SMTP_HOST``, ``STRATGRAPH_SMTP_PORT`` and ``STRATGRAPH_SMTP_FROM``.

        >>> SmtpSettings.from_env({"STRATGRAPH_SMTP_HOST": "mail", "STRATGRAPH_SMTP_PORT": "2525"}).port
        2525
        """
        env = os.environ if env is None else env
        if not env.get("STRATGRAPH_SMTP_HOST"):
            raise InputError("no SMTP host: set STRATGRAPH_SMTP_HOST (and STRATGRAPH_SMTP_PORT, STRATGRAPH_SMTP_FROM)")
        return cls(env["STRATGRAPH_SMTP_HOST"], int(env.get("STRATGRAPH_SMTP_PORT") or 25),
                   env.get("STRATGRAPH_SMTP_FROM") or "stratgraph@localhost")


def digest_text(party: str, label: str, rows: list[dict]) -> str:
    """The plain-text body of one party's digest."""
    lines = [f"What {label} ({party}) owes:"]
    for r in rows:
        lines.append(f"- {r['when']}: {r['kind']} {r['label']} ({r['id']}" + (f", for {r['for']}" if r["for"] and r["for"] != r["id"] else "")
                     + f"), due {r['due']}" + (f", {r['state']}" if r["state"] else ""))
    return "\n".join(lines)


def send_digest(owed: Mapping[str, list[dict]], recipients: Mapping[str, str], labels: Mapping[str, str],
                smtp: SmtpSettings) -> list[str]:
    """Send each party in ``recipients`` (party id -> address) that owes something in ``owed`` its
    digest; return the addresses written to. Parties that owe nothing get no message.

    Raises
    ------
    StoreError
        The SMTP server cannot be reached or refuses a message (the error names the server, never a
        password).
    """
    sent = []
    try:
        with smtplib.SMTP(smtp.host, smtp.port, timeout=30) as server:
            for party, address in sorted(recipients.items()):
                rows = owed.get(party)
                if not rows:
                    continue
                message = EmailMessage()
                message["From"], message["To"] = smtp.sender, address
                message["Subject"] = f"stratgraph: {sum(r['when'] == 'overdue' for r in rows)} overdue, " \
                                     f"{sum(r['when'] == 'upcoming' for r in rows)} upcoming updates"
                message.set_content(digest_text(party, labels.get(party, party), rows))
                server.send_message(message)
                sent.append(address)
    except (OSError, smtplib.SMTPException) as exc:
        raise StoreError(f"cannot send the digest through {smtp.host}:{smtp.port}: {exc}") from exc
    return sent
