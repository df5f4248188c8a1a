"""The web app's accounts: users with roles and scopes, server-side sessions, and throttled logins.

Kept in SQLite beside the graph, in ``<store>/app/accounts.sqlite`` (WAL; made on first use), so that a
backup of the store folder takes the accounts along and the graph's own files stay the graph's.

- A **user** has a login name, a display name, an e-mail, a password hash (argon2id, argon2-cffi's
  defaults) and/or an OIDC subject, **roles** (:data:`ROLES`), **scopes** (graph ids such as ``SEC-SIHY``,
  ``U-...``, ``M-...``, ``P-...``: what an editor may edit, see :func:`queries.scope.can`), a person id in
  the graph (optional: ties the account to a Person who owns things) and a disabled flag.
- A **session** is a random 256-bit token given to the browser; only its SHA-256 is stored, so a copy of
  the database opens no session. Each session has its own CSRF token, expires after ``idle`` seconds
  without use and ``absolute`` seconds after login, and can be revoked alone or with all of a user's.
  A login always starts a new session (and ends the one the browser had): no fixation.
- **Logins are throttled** per account and per client address: after :data:`FREE_FAILURES` failures in a
  row, each further failure locks the key for twice as long as the last (2 s, 4 s, ... up to
  :data:`MAX_LOCK` s); a success clears the account's count. An unknown login name costs the same
  argon2 time as a known one.

Examples
--------
>>> import tempfile, pathlib
>>> accounts = Accounts(pathlib.Path(tempfile.mkdtemp()) / "city.db")
>>> ann = accounts.add("ann", password="correct horse battery", roles=["editor"], scopes=["SEC-SIHY"])
>>> ann.roles, ann.scopes
(('editor',), ('SEC-SIHY',))
>>> token, session = accounts.login("ann", "correct horse battery", client="127.0.0.1")
>>> accounts.session(token)[0].login
'ann'
>>> accounts.login("ann", "wrong", client="127.0.0.1")
Traceback (most recent call last):
...
ontologies.errors.AuthError: wrong login name or password
>>> accounts.revoke_sessions("ann"), accounts.session(token)
(1, None)
"""

from __future__ import annotations

import hashlib
import json
import re
import secrets
import sqlite3
import time
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass
from pathlib import Path

from ontologies.errors import AuthError, NotFoundError, ThrottledError, UsageError

__all__ = ["Accounts", "User", "Session", "ROLES", "ACCOUNTS_FILE", "FREE_FAILURES", "MAX_LOCK",
           "IDLE_SECONDS", "ABSOLUTE_SECONDS"]

#: The roles, from least to most: a reader reads, an editor edits within scopes, a reviewer decides
#: suggestions, an admin manages accounts and may do everything.
ROLES = ("reader", "editor", "reviewer", "admin")
ACCOUNTS_FILE = Path("app") / "accounts.sqlite"
#: Failed logins in a row allowed before each further one locks the account (or address).
FREE_FAILURES = 5
#: The longest lock after failed logins, in seconds.
MAX_LOCK = 900
IDLE_SECONDS = 30 * 60
#: How stale a session's "last used" time may get before a request writes it again.
TOUCH_SECONDS = 15
#: How long an OIDC login may take at the provider.
OIDC_SECONDS = 600
ABSOLUTE_SECONDS = 12 * 3600
_LOGIN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$")
_SCOPE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.:-]{0,99}$")
_MIN_PASSWORD = 10

_SCHEMA = """
CREATE TABLE IF NOT EXISTS users (
    id INTEGER PRIMARY KEY, login TEXT NOT NULL UNIQUE, display_name TEXT NOT NULL, email TEXT,
    password_hash TEXT, oidc_subject TEXT UNIQUE, roles TEXT NOT NULL, scopes TEXT NOT NULL,
    person TEXT, disabled INTEGER NOT NULL DEFAULT 0, created REAL NOT NULL);
CREATE TABLE IF NOT EXISTS sessions (
    token_hash TEXT PRIMARY KEY, user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    csrf TEXT NOT NULL, created REAL NOT NULL, last_seen REAL NOT NULL, client TEXT);
CREATE INDEX IF NOT EXISTS sessions_user ON sessions(user_id);
CREATE TABLE IF NOT EXISTS oidc_pending (
    state TEXT PRIMARY KEY, nonce TEXT NOT NULL, verifier TEXT NOT NULL, browser TEXT NOT NULL,
    next_path TEXT NOT NULL, created REAL NOT NULL);
CREATE TABLE IF NOT EXISTS login_failures (
    key TEXT PRIMARY KEY, failures INTEGER NOT NULL, last_failure REAL NOT NULL, locked_until REAL NOT NULL);
"""


@dataclass(frozen=True)
class User:
    """An account as the app sees it (never its password hash)."""

    id: int
    login: str
    display_name: str
    email: str | None
    roles: tuple[str, ...]
    scopes: tuple[str, ...]
    person: str | None = None
    disabled: bool = False
    oidc_subject: str | None = None
    has_password: bool = False

    def has(self, role: str) -> bool:
        """Whether the user has ``role`` (an admin has every role)."""
        return not self.disabled and (role in self.roles or "admin" in self.roles)

    def as_dict(self) -> dict:
        """The user as a JSON-ready row."""
        row = asdict(self)
        row["roles"], row["scopes"] = list(self.roles), list(self.scopes)
        return row


@dataclass(frozen=True)
class Session:
    """A live session: its CSRF token, its user and its times (seconds since the epoch)."""

    user_id: int
    csrf: str
    created: float
    last_seen: float


def _hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def check_roles(roles: Iterable[str], scopes: Iterable[str]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """``roles`` and ``scopes`` checked and sorted; raise UsageError naming every bad one.

    >>> check_roles(["editor", "reader"], ["U-1", "SEC-A"])
    (('reader', 'editor'), ('SEC-A', 'U-1'))
    >>> check_roles(["boss"], ["<b>"])
    Traceback (most recent call last):
    ...
    ontologies.errors.UsageError: unknown role 'boss' (roles: reader, editor, reviewer, admin); a scope is a graph id such as SEC-SIHY or U-1, not '<b>'
    """
    roles, scopes = set(roles), set(scopes)
    problems = [f"unknown role {r!r} (roles: {', '.join(ROLES)})" for r in sorted(roles - set(ROLES))]
    problems += [f"a scope is a graph id such as SEC-SIHY or U-1, not {s[:40]!r}" for s in sorted(scopes)
                 if not _SCOPE.match(s)]
    if problems:
        raise UsageError("; ".join(problems))
    return tuple(r for r in ROLES if r in roles), tuple(sorted(scopes))


class Accounts:
    """The accounts of the store at ``store`` (a folder; the SQLite file is made on first use).

    ``idle`` and ``absolute`` are the sessions' lifetimes in seconds; ``clock`` gives the time (tests
    move it on).
    """

    def __init__(self, store: Path | str, *, idle: float = IDLE_SECONDS, absolute: float = ABSOLUTE_SECONDS,
                 clock: Callable[[], float] = time.time):
        from argon2 import PasswordHasher

        self.path = Path(store) / ACCOUNTS_FILE
        self.idle, self.absolute, self.clock = idle, absolute, clock
        self.hasher = PasswordHasher()  # argon2id with the library's (RFC 9106 low-memory) parameters
        self._dummy = self.hasher.hash(secrets.token_hex(16))
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self._db() as db:
            db.execute("PRAGMA journal_mode=WAL")
            db.executescript(_SCHEMA)

    def _db(self) -> _Closing:
        db = sqlite3.connect(self.path, timeout=10, isolation_level=None)
        db.row_factory = sqlite3.Row
        db.execute("PRAGMA foreign_keys=ON")
        return _Closing(db)

    # -- users ---------------------------------------------------------------------------------------------

    def add(self, login: str, *, display_name: str | None = None, email: str | None = None,
            password: str | None = None, roles: Iterable[str] = ("reader",), scopes: Iterable[str] = (),
            person: str | None = None, oidc_subject: str | None = None) -> User:
        """Create a user; raise UsageError for a taken or malformed login, a short password, bad roles."""
        problems = []
        if not _LOGIN.match(login or ""):
            problems.append(f"a login name is 1-64 letters, digits or . _ @ -, not {login[:40]!r}")
        if password is not None and len(password) < _MIN_PASSWORD:
            problems.append(f"a password has at least {_MIN_PASSWORD} characters")
        try:
            roles, scopes = check_roles(roles, scopes)
        except UsageError as exc:
            problems.append(str(exc))
        if problems:
            raise UsageError("; ".join(problems))
        hashed = self.hasher.hash(password) if password is not None else None
        try:
            with self._db() as db:
                db.execute("INSERT INTO users (login, display_name, email, password_hash, oidc_subject, roles, scopes,"
                           " person, created) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                           (login, display_name or login, email, hashed, oidc_subject, json.dumps(roles),
                            json.dumps(scopes), person, self.clock()))
        except sqlite3.IntegrityError:
            raise UsageError(f"there is already a user {login!r} (or one with that OIDC subject)") from None
        return self.get(login)

    def get(self, login: str) -> User:
        """The user called ``login``; raise NotFoundError."""
        with self._db() as db:
            row = db.execute("SELECT * FROM users WHERE login = ?", (login,)).fetchone()
        if row is None:
            raise NotFoundError(f"no user {login[:64]!r}")
        return _user(row)

    def users(self) -> list[User]:
        """Every user, by login name."""
        with self._db() as db:
            return [_user(r) for r in db.execute("SELECT * FROM users ORDER BY login")]

    def set_roles(self, login: str, roles: Iterable[str], scopes: Iterable[str] | None = None) -> User:
        """Give ``login`` these roles (and scopes, if given); their sessions see it at the next request."""
        user = self.get(login)
        roles, scopes = check_roles(roles, user.scopes if scopes is None else scopes)
        with self._db() as db:
            db.execute("UPDATE users SET roles = ?, scopes = ? WHERE id = ?", (json.dumps(roles), json.dumps(scopes),
                                                                           user.id))
        return self.get(login)

    def disable(self, login: str, disabled: bool = True) -> User:
        """Disable (or enable again) ``login``; disabling ends their sessions."""
        user = self.get(login)
        with self._db() as db:
            db.execute("UPDATE users SET disabled = ? WHERE id = ?", (int(disabled), user.id))
        if disabled:
            self.revoke_sessions(login)
        return self.get(login)

    def remove(self, login: str) -> User:
        """Delete ``login`` and their sessions."""
        user = self.get(login)
        with self._db() as db:
            db.execute("DELETE FROM users WHERE id = ?", (user.id,))
        return user

    def set_password(self, login: str, password: str) -> User:
        """Set ``login``'s password (ends their sessions: whoever knew the old one is out)."""
        if len(password) < _MIN_PASSWORD:
            raise UsageError(f"a password has at least {_MIN_PASSWORD} characters")
        user = self.get(login)
        with self._db() as db:
            db.execute("UPDATE users SET password_hash = ? WHERE id = ?", (self.hasher.hash(password), user.id))
        self.revoke_sessions(login)
        return self.get(login)

    # -- logging in ------------------------------------------------------------------------------------------

    def check_password(self, login: str, password: str, *, client: str = "") -> User:
        """The user if ``password`` is theirs; raise ThrottledError while the account or ``client`` is
        locked, AuthError otherwise (the same message for an unknown user and a wrong password)."""
        from argon2.exceptions import InvalidHashError, VerificationError

        keys = [f"account:{login.casefold()[:64]}", f"client:{client}"]
        self._check_lock(keys)
        with self._db() as db:
            row = db.execute("SELECT * FROM users WHERE login = ?", (login,)).fetchone()
        stored = row["password_hash"] if row is not None and row["password_hash"] else self._dummy
        try:
            self.hasher.verify(stored, password)
            ok = row is not None and bool(row["password_hash"]) and not row["disabled"]
        except (VerificationError, InvalidHashError):
            ok = False
        if not ok:
            self._fail(keys)
            raise AuthError("wrong login name or password")
        with self._db() as db:
            db.execute("DELETE FROM login_failures WHERE key = ?", (keys[0],))
            if self.hasher.check_needs_rehash(stored):
                db.execute("UPDATE users SET password_hash = ? WHERE id = ?", (self.hasher.hash(password), row["id"]))
        return _user(row)

    def login(self, login: str, password: str, *, client: str = "", old_token: str | None = None
              ) -> tuple[str, Session]:
        """Check the password and start a new session (ending ``old_token``'s): the token and session."""
        user = self.check_password(login, password, client=client)
        return self.start_session(user, client=client, old_token=old_token)

    def oidc_user(self, subject: str, email: str | None, name: str | None) -> User:
        """The account of an OIDC login: by subject, else by a verified e-mail an admin gave an account
        (which is then tied to the subject); an unknown person gets a new reader account. Roles are set
        by an admin, never by the provider's claims."""
        with self._db() as db:
            row = db.execute("SELECT * FROM users WHERE oidc_subject = ?", (subject,)).fetchone()
            if row is None and email:
                row = db.execute("SELECT * FROM users WHERE email = ? AND oidc_subject IS NULL", (email,)).fetchone()
                if row is not None:
                    db.execute("UPDATE users SET oidc_subject = ? WHERE id = ?", (subject, row["id"]))
        if row is None:
            base = re.sub(r"[^A-Za-z0-9._@-]", "", (email or "").split("@")[0]) or "user"
            login = base
            while True:
                try:
                    return self.add(login, display_name=name or base, email=email, oidc_subject=subject)
                except UsageError:
                    login = f"{base}-{secrets.token_hex(2)}"
        if row["disabled"]:
            raise AuthError("this account is disabled")
        return self.get(row["login"])

    def remember_oidc(self, state: str, *, nonce: str, verifier: str, browser: str, next_path: str) -> None:
        """Keep an OIDC login's ``state``, ``nonce`` and PKCE verifier until its callback (10 minutes),
        with the browser's CSRF token (the callback must come from the same browser)."""
        now = self.clock()
        with self._db() as db:
            db.execute("DELETE FROM oidc_pending WHERE created < ?", (now - OIDC_SECONDS,))
            db.execute("INSERT INTO oidc_pending VALUES (?, ?, ?, ?, ?, ?)", (state, nonce, verifier, browser,
                                                                          next_path, now))

    def take_oidc(self, state: str) -> dict | None:
        """The pending OIDC login of ``state`` (removed: a state is used once), or None."""
        with self._db() as db:
            row = db.execute("DELETE FROM oidc_pending WHERE state = ? AND created >= ? RETURNING *",
                             (state, self.clock() - OIDC_SECONDS)).fetchone()
        return dict(row) if row is not None else None

    def _check_lock(self, keys: list[str]) -> None:
        now = self.clock()
        with self._db() as db:
            for key in keys:
                row = db.execute("SELECT locked_until FROM login_failures WHERE key = ?", (key,)).fetchone()
                if row is not None and row["locked_until"] > now:
                    wait = int(row["locked_until"] - now) + 1
                    locked = "account" if key.startswith("account:") else "address"
                    raise ThrottledError(f"too many failed logins for this {locked}: try again in {wait} s", wait,
                                         locked)

    def _fail(self, keys: list[str]) -> None:
        now = self.clock()
        with self._db() as db:
            for key in keys:
                row = db.execute("SELECT failures, last_failure FROM login_failures WHERE key = ?", (key,)).fetchone()
                failures = 1 if row is None or now - row["last_failure"] > MAX_LOCK * 4 else row["failures"] + 1
                lock = 0 if failures <= FREE_FAILURES else min(2 ** (failures - FREE_FAILURES), MAX_LOCK)
                db.execute("INSERT OR REPLACE INTO login_failures VALUES (?, ?, ?, ?)", (key, failures, now, now + lock))

    # -- sessions --------------------------------------------------------------------------------------------

    def start_session(self, user: User, *, client: str = "", old_token: str | None = None) -> tuple[str, Session]:
        """A new session for ``user`` (the browser's old one, if any, ends: rotation at login)."""
        if old_token:
            self.revoke_session(old_token)
        token, now = secrets.token_urlsafe(32), self.clock()
        session = Session(user.id, secrets.token_urlsafe(32), now, now)
        with self._db() as db:
            db.execute("INSERT INTO sessions VALUES (?, ?, ?, ?, ?, ?)",
                       (_hash_token(token), user.id, session.csrf, now, now, client[:64]))
        return token, session

    def session(self, token: str | None) -> tuple[User, Session] | None:
        """The user and session of ``token`` if it is live (and marks it used), else None (an expired
        session is deleted)."""
        if not token or len(token) > 100:
            return None
        now, key = self.clock(), _hash_token(token)
        with self._db() as db:
            row = db.execute("SELECT s.user_id, s.csrf, s.created, s.last_seen, u.* FROM sessions s JOIN users u"
                             " ON u.id = s.user_id WHERE s.token_hash = ?", (key,)).fetchone()
            if row is None:
                return None
            if row["disabled"] or now - row["last_seen"] > self.idle or now - row["created"] > self.absolute:
                db.execute("DELETE FROM sessions WHERE token_hash = ?", (key,))
                return None
            if now - row["last_seen"] > TOUCH_SECONDS:  # not a write per request
                db.execute("UPDATE sessions SET last_seen = ? WHERE token_hash = ?", (now, key))
        return _user(row), Session(row["user_id"], row["csrf"], row["created"], now)

    def revoke_session(self, token: str) -> bool:
        """End the session of ``token``; whether there was one."""
        with self._db() as db:
            return db.execute("DELETE FROM sessions WHERE token_hash = ?", (_hash_token(token),)).rowcount > 0

    def revoke_sessions(self, login: str) -> int:
        """End every session of ``login``; how many there were."""
        user = self.get(login)
        with self._db() as db:
            return db.execute("DELETE FROM sessions WHERE user_id = ?", (user.id,)).rowcount

    def session_counts(self) -> dict[int, int]:
        """Live sessions per user id (expired ones are not counted)."""
        now = self.clock()
        with self._db() as db:
            rows = db.execute("SELECT user_id, count(*) AS n FROM sessions WHERE last_seen > ? AND created > ?"
                              " GROUP BY user_id", (now - self.idle, now - self.absolute))
            return {r["user_id"]: r["n"] for r in rows}


class _Closing:
    """A connection used as ``with``: closed at the end (sqlite3's own ``with`` only commits)."""

    def __init__(self, db: sqlite3.Connection):
        self.db = db

    def __enter__(self) -> sqlite3.Connection:
        return self.db

    def __exit__(self, *exc: object) -> None:
        self.db.close()


def _user(row: sqlite3.Row) -> User:
    keys = row.keys()
    ident = row["id"] if "user_id" not in keys else row["user_id"]
    return User(ident, row["login"], row["display_name"], row["email"], tuple(json.loads(row["roles"])),
                tuple(json.loads(row["scopes"])), row["person"], bool(row["disabled"]), row["oidc_subject"],
                bool(row["password_hash"]))
