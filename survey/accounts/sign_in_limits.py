"""Sign-in limits that slow guessing down without letting a stranger lock a staff member out.

Only failed sign-ins count, so an office signing in behind one address is not held up by its own successes.
Three rules, checked before the password is:

1. **Per client** (``ARVIO_LOGIN_LIMIT``, by default 10 failures a minute): a client is its address (hashed,
   :func:`survey.rate_limits.client_key`), or its known-device cookie for the account being signed into.
   Password spraying from one address (one password, many accounts) stops here.
2. **Per account** (``ARVIO_LOGIN_ACCOUNT_LIMIT``, by default 20 failures an hour from all clients together):
   above it the account is *slowed*, never locked. Each client may still try it, but after each failure of
   its own there it waits ``ARVIO_LOGIN_SLOWDOWN`` seconds (15), doubling with every further failure of
   that client, at most :data:`MAX_WAIT`. A client that has not failed on the account is never made to wait,
   so the real user signing in from their own address gets in at the first correct password however many
   addresses are guessing; a guesser with many addresses gets a few tries an hour from each.
3. **Known devices**: a successful sign-in leaves a signed cookie (:data:`DEVICE_COOKIE`, sent only to the
   sign-in page) naming a random device id and the account. With it the account's slowing does not apply and
   rule 1 counts the device instead of the address: a flood from the user's own office network, or anywhere,
   does not keep them out of their usual browser.

The account is known by a keyed hash of the e-mail address as typed (whether or not such a user exists, so
the limits reveal nothing about which addresses have accounts).
"""

from __future__ import annotations

import hashlib
import hmac
import math
import secrets
import time
from dataclasses import dataclass

from flask import Response, current_app, request, url_for
from itsdangerous import BadSignature, URLSafeTimedSerializer
from limits import RateLimitItem, RateLimitItemPerHour, RateLimitItemPerSecond

from survey.rate_limits import client_key, counters, enabled

DEVICE_COOKIE = "arvio_device"
DEVICE_LIFETIME = 365 * 24 * 3600  # seconds; each sign-in renews it
MAX_WAIT = 300  # seconds: the longest a slowed client waits between its tries at one account
_FAILURES_OF_PAIR = RateLimitItemPerHour(10_000)  # a counter: one client's failures on one account this hour


@dataclass(frozen=True)
class Verdict:
    """Whether a sign-in attempt may be checked now; if not, how many seconds to wait."""

    allowed: bool
    wait: int = 0


def check(email: str) -> Verdict:
    """May this request try to sign in as `email` now? Counts nothing (see :func:`failed`)."""
    if not enabled():
        return Verdict(True)
    found, account = counters(), _account(email)
    client, known_device = _client(account)
    per_client = found.item(current_app.config["ARVIO_LOGIN_LIMIT"])
    if not found.moving.test(per_client, "signin-client", client):
        return Verdict(False, _seconds_left(per_client, "signin-client", client))
    if known_device:
        return Verdict(True)
    per_account = found.item(current_app.config["ARVIO_LOGIN_ACCOUNT_LIMIT"])
    if found.moving.test(per_account, "signin-account", account):
        return Verdict(True)  # not slowed
    wait = _wait_item(_failures(client, account))
    if wait is not None and not found.moving.test(wait, "signin-wait", client, account):
        return Verdict(False, _seconds_left(wait, "signin-wait", client, account))
    return Verdict(True)


def failed(email: str) -> None:
    """Count a failed sign-in as `email` from this request's client."""
    if not enabled():
        return
    found, account = counters(), _account(email)
    client, _known = _client(account)
    found.moving.hit(found.item(current_app.config["ARVIO_LOGIN_LIMIT"]), "signin-client", client)
    found.moving.hit(found.item(current_app.config["ARVIO_LOGIN_ACCOUNT_LIMIT"]), "signin-account", account)
    found.moving.hit(_FAILURES_OF_PAIR, "signin-pair", client, account)
    wait = _wait_item(_failures(client, account))
    if wait is not None:
        found.moving.hit(wait, "signin-wait", client, account)


def remember_device(response: Response, email: str) -> Response:
    """After a successful sign-in: the known-device cookie for `email` (keeping this browser's device id)."""
    payload = _device_payload() or {}
    device = payload.get("d") if isinstance(payload.get("d"), str) else None
    value = _serializer().dumps({"d": device or secrets.token_urlsafe(16), "a": _account(email)})
    response.set_cookie(
        DEVICE_COOKIE,
        value,
        max_age=DEVICE_LIFETIME,
        path=url_for("account.login"),
        secure=current_app.session_interface.get_cookie_secure(current_app),
        httponly=True,
        samesite="Lax",
    )
    return response


def _client(account: str) -> tuple[str, bool]:
    """The client as rule 1 counts it, and whether it is a known device of `account`."""
    payload = _device_payload()
    if payload and payload.get("a") == account and isinstance(payload.get("d"), str):
        return "device:" + payload["d"][:32], True
    return "address:" + client_key(), False


def _device_payload() -> dict | None:
    raw = request.cookies.get(DEVICE_COOKIE)
    if not raw or len(raw) > 300:
        return None
    try:
        payload = _serializer().loads(raw, max_age=DEVICE_LIFETIME)
    except BadSignature:
        return None
    return payload if isinstance(payload, dict) else None


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.secret_key, salt="arvio.device")


def _account(email: str) -> str:
    normalised = email.strip().lower()[:254].encode()
    secret = str(current_app.config["SECRET_KEY"]).encode()
    return hmac.new(secret, b"sign-in account:" + normalised, hashlib.sha256).hexdigest()[:32]


def _failures(client: str, account: str) -> int:
    stats = counters().moving.get_window_stats(_FAILURES_OF_PAIR, "signin-pair", client, account)
    return _FAILURES_OF_PAIR.amount - stats.remaining


def _wait_item(failures: int) -> RateLimitItem | None:
    """One try per this many seconds: ``ARVIO_LOGIN_SLOWDOWN`` after the first failure, doubling, capped."""
    if failures <= 0:
        return None
    seconds = min(int(current_app.config["ARVIO_LOGIN_SLOWDOWN"]) * 2 ** min(failures - 1, 20), MAX_WAIT)
    return RateLimitItemPerSecond(1, max(seconds, 1))


def _seconds_left(item: RateLimitItem, *identifiers: str) -> int:
    reset = counters().moving.get_window_stats(item, *identifiers).reset_time
    return max(1, math.ceil(reset - time.time()))
