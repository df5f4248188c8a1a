"""The accounts library: argon2id hashes, sessions stored only as hashes, OIDC accounts by subject or by
an admin's verified e-mail, single-use OIDC states, and disabled accounts."""

from __future__ import annotations

import sqlite3

import pytest

from graph_model.accounts import ACCOUNTS_FILE, Accounts
from ontologies.errors import AuthError, NotFoundError, UsageError


@pytest.fixture
def accounts(tmp_path):
    return Accounts(tmp_path / "city.db")


def _rows(accounts, sql):
    with sqlite3.connect(accounts.path) as db:
        return db.execute(sql).fetchall()


def test_passwords_are_argon2id_and_sessions_are_kept_as_hashes(accounts):
    accounts.add("ann", password="correct horse battery")
    [(hashed,)] = _rows(accounts, "SELECT password_hash FROM users")
    assert hashed.startswith("$argon2id$") and "correct horse" not in hashed
    token, _ = accounts.start_session(accounts.get("ann"))
    stored = _rows(accounts, "SELECT token_hash FROM sessions")
    assert token not in str(stored) and len(stored[0][0]) == 64
    assert _rows(accounts, "PRAGMA journal_mode") == [("wal",)]
    assert accounts.path == accounts.path.parents[1] / ACCOUNTS_FILE


def test_oidc_accounts_by_subject_then_by_an_admins_email(accounts):
    accounts.add("eeva", email="eeva@example.fi", roles=["editor"], scopes=["SEC-ELVO"])
    first = accounts.oidc_user("sub-1", "eeva@example.fi", "Eeva")
    assert first.login == "eeva" and first.roles == ("editor",) and first.oidc_subject == "sub-1"
    assert accounts.oidc_user("sub-1", None, None).login == "eeva"  # the subject alone finds her now
    other = accounts.oidc_user("sub-2", "eeva@example.fi", "Impostor")
    assert other.login != "eeva" and other.roles == ("reader",), "an e-mail already tied to a subject is not taken over"
    fresh = accounts.oidc_user("sub-3", None, "No Mail")
    assert fresh.roles == ("reader",) and not fresh.has_password
    accounts.disable("eeva")
    with pytest.raises(AuthError, match="disabled"):
        accounts.oidc_user("sub-1", None, None)


def test_an_oidc_state_is_used_once(accounts):
    accounts.remember_oidc("s1", nonce="n", verifier="v", browser="b", next_path="index.html")
    assert accounts.take_oidc("s1")["nonce"] == "n"
    assert accounts.take_oidc("s1") is None and accounts.take_oidc("never") is None


def test_disabled_removed_and_oidc_only_accounts_cannot_log_in_with_a_password(accounts):
    accounts.add("ann", password="correct horse battery")
    accounts.add("oidc", email="o@example.fi")
    token, _ = accounts.start_session(accounts.get("ann"))
    accounts.disable("ann")
    assert accounts.session(token) is None
    with pytest.raises(AuthError, match="wrong login name or password"):
        accounts.check_password("ann", "correct horse battery")
    with pytest.raises(AuthError, match="wrong login name or password"):
        accounts.check_password("oidc", "")
    accounts.remove("ann")
    with pytest.raises(NotFoundError):
        accounts.get("ann")
    with pytest.raises(UsageError, match="already a user"):
        accounts.add("oidc")
