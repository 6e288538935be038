"""Who may change the store through the web app, and from where.

The app is read-only unless ``server.password_hash`` is set.  Then a person logs in on
/login (a session cookie, kept in memory, ``HttpOnly`` and ``SameSite=Strict``) and every
form carries the session's token; an API client sends the password as a bearer token.
Every request's ``Host`` must be one the server is known by (so DNS rebinding cannot reach
it from a web page), a state-changing request from a browser must come from the app's own
origin, and a request body is capped while it streams in."""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import time
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from fastapi import Request

from corroborator.config import ServerSettings
from corroborator.errors import ConfigError, Forbidden

SESSION_COOKIE = "corroborator_session"
LOOPBACK_NAMES = ("localhost", "127.0.0.1", "::1")
WILDCARDS = ("0.0.0.0", "::", "")
UNSAFE_METHODS = ("POST", "PUT", "PATCH", "DELETE")
_SCRYPT = {"n": 2**14, "r": 8, "p": 1}
MAX_FAILURES = 10  # wrong passwords a minute before every login and bearer check waits out the minute


def hash_password(password: str) -> str:
    """The stored form of a password: ``scrypt$n$r$p$salt$hash`` (base64)."""
    if len(password) < 8:
        raise ConfigError("the password is too short: give at least 8 characters")
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode(), salt=salt, **_SCRYPT)
    parts = [str(_SCRYPT["n"]), str(_SCRYPT["r"]), str(_SCRYPT["p"]), _b64(salt), _b64(digest)]
    return "scrypt$" + "$".join(parts)


def check_password(password: str, stored: str) -> bool:
    """Whether ``password`` is the one ``stored`` was made from (in constant time)."""
    try:
        kind, n, r, p, salt, digest = stored.split("$")
        if kind != "scrypt":
            raise ValueError(kind)
        expected = base64.b64decode(digest)
        made = hashlib.scrypt(
            password.encode(), salt=base64.b64decode(salt), n=int(n), r=int(r), p=int(p), dklen=len(expected)
        )
    except ValueError as error:
        raise ConfigError(
            "server.password_hash is not a hash made by `corroborator password`: make it again"
        ) from error
    return hmac.compare_digest(made, expected)


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


@dataclass
class Session:
    token: str  # the forms' anti-forgery token
    expires: float


@dataclass
class Access:
    """The app's access rules and its logged-in sessions."""

    settings: ServerSettings
    bound_to: str = "127.0.0.1"
    sessions: dict[str, Session] = field(default_factory=dict)
    failures: list[float] = field(default_factory=list)  # times of recent wrong passwords

    @property
    def writable(self) -> bool:
        return self.settings.password_hash is not None

    @property
    def hosts(self) -> set[str]:
        names = {*LOOPBACK_NAMES, *(name.lower() for name in self.settings.hosts)}
        if self.bound_to not in WILDCARDS:
            names.add(self.bound_to.lower())
        return names

    def host_allowed(self, header: str) -> bool:
        return _host_name(header) in self.hosts

    def login(self, password: str) -> str | None:
        """A new session id when ``password`` is right, else None."""
        if not self._right(password):
            return None
        now = time.time()
        self.sessions = {key: s for key, s in self.sessions.items() if s.expires > now}
        session_id = secrets.token_urlsafe(32)
        self.sessions[session_id] = Session(
            secrets.token_urlsafe(32), now + self.settings.session_hours * 3600
        )
        return session_id

    def session(self, request: Request) -> Session | None:
        found = self.sessions.get(request.cookies.get(SESSION_COOKIE, ""))
        if found is None or found.expires < time.time():
            return None
        return found

    def logout(self, request: Request) -> None:
        self.sessions.pop(request.cookies.get(SESSION_COOKIE, ""), None)

    def require_form_writer(self, request: Request, token: str) -> None:
        """Refuse a page's form post without a live session and that session's token."""
        self._require_writable()
        session = self.session(request)
        if session is None:
            raise Forbidden("log in first (/login): changes need the server's password")
        if not hmac.compare_digest(token.encode(), session.token.encode()):
            raise Forbidden(
                "the form is out of date or came from another site: reload the page and try again"
            )

    def require_api_writer(self, request: Request) -> None:
        """Refuse an API change without ``Authorization: Bearer <password>``."""
        self._require_writable()
        scheme, _, credential = request.headers.get("authorization", "").partition(" ")
        if scheme.lower() != "bearer" or not self._right(credential.strip()):
            raise Forbidden("send the server's password as 'Authorization: Bearer <password>' to change data")

    def _right(self, password: str) -> bool:
        """Whether ``password`` is the server's; after :data:`MAX_FAILURES` wrong ones in a
        minute, every try is refused until the minute has passed (guessing stays slow)."""
        stored = self.settings.password_hash
        if stored is None:
            return False
        now = time.monotonic()
        self.failures = [t for t in self.failures if now - t < 60]
        if len(self.failures) >= MAX_FAILURES:
            raise Forbidden(f"{MAX_FAILURES} wrong passwords in a minute: wait a minute and try again")
        if check_password(password, stored):
            return True
        self.failures.append(now)
        return False

    def _require_writable(self) -> None:
        if not self.writable:
            raise Forbidden(
                "this server is read-only: set server.password_hash (made by `corroborator password`) "
                "to allow changes"
            )


def _host_name(header: str) -> str:
    """The name in a ``Host`` header, without its port ("[::1]:8000" -> "::1")."""
    header = header.strip().lower()
    if header.startswith("["):
        return header[1:].partition("]")[0]
    return header.rpartition(":")[0] if header.count(":") == 1 else header


def same_origin(request: Request) -> bool:
    """Whether a browser's state-changing request comes from a page of this app: its
    ``Origin`` (or, lacking one, its ``Referer``) names the host it was sent to."""
    claimed = request.headers.get("origin") or request.headers.get("referer")
    if not claimed or claimed == "null":
        return False
    return urlsplit(claimed).netloc.lower() == request.headers.get("host", "").lower()
