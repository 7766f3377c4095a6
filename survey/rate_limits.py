"""Rate limits kept under keyed hashes of client addresses, never the addresses themselves.

Two users of it: staff sign-in (:mod:`survey.accounts.sign_in_limits`) and the anonymous writes of the
respondent flow (:func:`anonymous_write`). Counts live in the `limits` library's storage named by
``RATELIMIT_STORAGE_URI``: ``memory://`` (each process counts for itself) or e.g. ``redis://host:6379`` when
several workers must share the counts. The storage must support moving windows (memory and Redis do).

A client is known by :func:`client_key`: an HMAC of its address under the app's SECRET_KEY. A plain hash of
an IPv4 address is reversed by trying all four thousand million of them; the keyed hash is not, and it is all
the storage ever holds. Behind reverse proxies the address is the one the proxies report (``ARVIO_PROXIES``,
see :mod:`survey.security`).
"""

from __future__ import annotations

import hashlib
import hmac
import threading

from flask import Flask, current_app, request
from limits import RateLimitItem, parse
from limits.storage import Storage, storage_from_string
from limits.strategies import FixedWindowRateLimiter, MovingWindowRateLimiter

from survey.config import ConfigError

_EXTENSION = "arvio_rate_limits"

ANONYMOUS_WRITES = {
    "resume": "ARVIO_RESUME_LIMIT",
    "draft": "ARVIO_DRAFT_LIMIT",
    "send": "ARVIO_SEND_LIMIT",
}
"""The respondent flow's limited actions and the setting that holds each one's limit."""


class TooManyRequests(Exception):
    """A limit was reached; nothing was done. `kind` names the limit (``send``, ``draft``, ``resume``)."""

    def __init__(self, kind: str) -> None:
        super().__init__(kind)
        self.kind = kind


class _Counters:
    """The storage and the two strategies over it, made on first use in each process (after a fork)."""

    def __init__(self, uri: str) -> None:
        self.uri = uri
        self._lock = threading.Lock()
        self._storage: Storage | None = None
        self._moving: MovingWindowRateLimiter | None = None
        self._fixed: FixedWindowRateLimiter | None = None
        self._items: dict[str, RateLimitItem] = {}

    def _ready(self) -> None:
        with self._lock:
            if self._storage is None:
                self._storage = storage_from_string(self.uri)
                self._moving = MovingWindowRateLimiter(self._storage)
                self._fixed = FixedWindowRateLimiter(self._storage)

    @property
    def moving(self) -> MovingWindowRateLimiter:
        if self._moving is None:
            self._ready()
        return self._moving

    @property
    def fixed(self) -> FixedWindowRateLimiter:
        if self._fixed is None:
            self._ready()
        return self._fixed

    def item(self, limit: str) -> RateLimitItem:
        """``"10/minute"`` as the `limits` library's item, parsed once."""
        parsed = self._items.get(limit)
        if parsed is None:
            parsed = self._items[limit] = parse(limit)
        return parsed


def counters() -> _Counters:
    return current_app.extensions[_EXTENSION]


def client_key() -> str:
    """This request's client as the limits know it: a keyed hash of its address, never the address."""
    address = (request.remote_addr or "").encode()
    return hmac.new(_hash_key(), address, hashlib.sha256).hexdigest()[:32]


def _hash_key() -> bytes:
    key = current_app.extensions.get("arvio_rate_limit_key")
    if key is None:
        secret = str(current_app.config["SECRET_KEY"]).encode()
        key = current_app.extensions["arvio_rate_limit_key"] = hashlib.sha256(b"rate-limit:" + secret).digest()
    return key


def enabled() -> bool:
    """False only when ``RATELIMIT_ENABLED`` is set false (tests that post a great deal from one address)."""
    return current_app.config.get("RATELIMIT_ENABLED", True) is not False


def anonymous_write(kind: str) -> None:
    """Count one anonymous write of `kind` (a key of :data:`ANONYMOUS_WRITES`) from this client in this minute;
    raise :class:`TooManyRequests`, before anything is written, when the client is over the limit."""
    if not enabled():
        return
    found = counters()
    limit = found.item(current_app.config[ANONYMOUS_WRITES[kind]])
    if not found.fixed.hit(limit, "respond", kind, client_key()):
        raise TooManyRequests(kind)


def init_app(app: Flask) -> None:
    app.extensions[_EXTENSION] = _Counters(app.config["RATELIMIT_STORAGE_URI"])
    for setting in ("ARVIO_LOGIN_LIMIT", "ARVIO_LOGIN_ACCOUNT_LIMIT", *ANONYMOUS_WRITES.values()):
        try:
            parse(str(app.config[setting]))
        except ValueError:
            raise ConfigError(f"{setting} must be a rate like 10/minute, not {app.config[setting]!r}") from None
