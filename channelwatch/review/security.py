"""Who may write: the token printed at start, or the session cookie set from it.

- ``/login?token=…`` (the address printed at start) checks the token and sets an
  HttpOnly, SameSite=Strict session cookie signed with the server's secret.
- Every form carries a CSRF field derived from the session (HMAC); a write needs the
  cookie and its CSRF value, or the token itself as the ``token`` field (for scripts).
- A write whose Origin header names another site is refused whatever it carries.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass, field

COOKIE = "channelwatch_review"


def _sign(secret: bytes, purpose: str, value: str) -> str:
    return hmac.new(secret, f"{purpose}:{value}".encode(), hashlib.sha256).hexdigest()


@dataclass(frozen=True, slots=True)
class Guard:
    token: str = field(default_factory=lambda: secrets.token_urlsafe(18))
    secret: bytes = field(default_factory=lambda: secrets.token_bytes(32))

    def token_ok(self, given: str | None) -> bool:
        return bool(given) and hmac.compare_digest(str(given), self.token)

    def new_session(self) -> str:
        """A cookie value: a random session id and its signature."""
        session = secrets.token_urlsafe(18)
        return f"{session}.{_sign(self.secret, 'session', session)}"

    def session_of(self, cookie: str | None) -> str | None:
        """The session id of a cookie this server signed, else None."""
        session, _, signature = (cookie or "").partition(".")
        if not session or not hmac.compare_digest(
            signature, _sign(self.secret, "session", session)
        ):
            return None
        return session

    def csrf_for(self, cookie: str | None) -> str:
        """The CSRF value the forms of this session carry ('' without a session)."""
        session = self.session_of(cookie)
        return _sign(self.secret, "csrf", session) if session else ""

    def may_write(
        self, *, cookie: str | None, csrf: str | None, token: str | None, origin_ok: bool
    ) -> bool:
        if not origin_ok:
            return False
        if self.token_ok(token):
            return True
        expected = self.csrf_for(cookie)
        return bool(expected) and bool(csrf) and hmac.compare_digest(str(csrf), expected)
