"""Staff sign-in with Flask-Login. Respondents never sign in.

Sessions are Flask's signed cookies. Signing in empties the old session first (no session fixation) and the
cookie then holds ``"<user id>:<session version>"`` (:meth:`survey.models.User.get_id`). Signing out, a new
password and deactivation raise the user's ``session_version``, which ends every session the user had,
including copies of old cookies: sign-out is sign-out everywhere.

Sign-in attempts are rate-limited per client address and e-mail address (``ARVIO_LOGIN_LIMIT``, by default
10 a minute) with Flask-Limiter. The limiter keeps only a SHA-256 of the pair, by default in memory
(``RATELIMIT_STORAGE_URI``, e.g. ``redis://...`` when several workers must share the count); the address is
never written anywhere else.
"""

from __future__ import annotations

import hashlib
from urllib.parse import urlsplit

from flask import Flask, current_app, jsonify, redirect, request, session, url_for
from flask_limiter import Limiter
from flask_login import LoginManager, login_user, logout_user
from sqlalchemy import select

from survey.accounts.passwords import hash_password, verify_password
from survey.db import db
from survey.models import Role, User

login_manager = LoginManager()
login_manager.login_view = "account.login"
login_manager.session_protection = None  # "strong" would keep a hash of the IP address and user agent


def _login_attempt_key() -> str:
    email = request.form.get("email", "").strip().lower()[:254]
    return hashlib.sha256(f"{request.remote_addr}|{email}".encode()).hexdigest()


limiter = Limiter(key_func=_login_attempt_key, default_limits=[], storage_uri="memory://")


def login_limit() -> str:
    return current_app.config["ARVIO_LOGIN_LIMIT"]


@login_manager.user_loader
def load_user(session_id: str) -> User | None:
    """The user whose session this is, while its version is current and the user active."""
    user_id, _, version = session_id.partition(":")
    if not user_id.isdigit() or not version.isdigit():
        return None
    user = db.session.get(User, int(user_id))
    if user is None or not user.active or user.session_version != int(version):
        return None
    return user


@login_manager.unauthorized_handler
def unauthorized():
    """Pages send the visitor to sign in (and back afterwards); the JSON API answers 401."""
    if request.blueprint == "api" or request.path.startswith("/api/"):
        response = jsonify(error="unauthorized", message="Sign in with a personal API token.")
        response.status_code = 401
        response.headers["WWW-Authenticate"] = 'Bearer realm="arvio"'
        return response
    return redirect(url_for("account.login", next=request.full_path.rstrip("?")))


def authenticate(email: str, password: str) -> User | None:
    """The active user with this email and password, or None (the same answer for every failure)."""
    user = db.session.scalar(select(User).where(User.email == email.strip().lower()))
    if user is None:
        verify_password(_dummy_hash(), password)  # same work whether or not the address exists
        return None
    if not user.active or not verify_password(user.password_hash, password):
        return None
    return user


def sign_in(user: User) -> None:
    """Start a new session for `user`: nothing of the session before survives."""
    language = session.get("lang")
    session.clear()
    if language:
        session["lang"] = language
    login_user(user)
    session.pop("_id", None)  # Flask-Login's hash of the address and browser; unused without session protection


def sign_out(user: User) -> None:
    """End the session, and every other session of `user` (see the module notes)."""
    end_sessions(user)
    logout_user()
    language = session.get("lang")
    session.clear()
    if language:
        session["lang"] = language


def end_sessions(user: User) -> None:
    """Invalidate every session cookie `user` has; commits."""
    user.session_version = (user.session_version or 0) + 1
    db.session.commit()


def safe_next(target: str | None) -> str | None:
    """`target` when it is a path on this site (``/staff/...``), else None: no open redirects.

    >>> safe_next("/staff/collections/3?x=1"), safe_next("//evil.example/"), safe_next("https://evil.example/")
    ('/staff/collections/3?x=1', None, None)
    >>> safe_next("/\\\\evil.example"), safe_next("staff"), safe_next(None)
    (None, None, None)
    """
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or any(ord(c) < 32 for c in target):
        return None
    return target


def create_user(email: str, password: str | None, *, role: Role | str, name: str = "") -> User:
    """Create (and commit) a staff user; the password is stored as an Argon2id hash.

    Without a password the account cannot sign in until a set-password link is used.
    """
    user = User(
        email=email.strip().lower(),
        name=name,
        password_hash=hash_password(password) if password else "!",  # "!" matches no password
        role=Role(role),
    )
    db.session.add(user)
    db.session.commit()
    return user


def _dummy_hash() -> str:
    profile = current_app.config.get("ARVIO_PASSWORD_PROFILE", "")
    if profile not in _dummy_hashes:
        _dummy_hashes[profile] = hash_password("not a password")
    return _dummy_hashes[profile]


_dummy_hashes: dict[str, str] = {}


def init_app(app: Flask) -> None:
    login_manager.init_app(app)
    login_manager.login_message = None  # the sign-in page says what it is itself
    limiter.init_app(app)
    _keep_limiter_to_its_decorators(app)


def _keep_limiter_to_its_decorators(app: Flask) -> None:
    """Take the limiter's per-request hooks off the application.

    The only limit is the decorated sign-in, which its decorator checks itself. The hooks serve application-wide
    limits, rate-limit headers and conditional deductions, none of which Arvio uses, yet they ran on every
    request: about a tenth of a respondent page's time (docs/performance.md). A test signs in too often and
    is refused, so the limit is known to hold without them.
    """

    def ours(hook) -> bool:
        return getattr(hook, "__self__", None) is limiter or limiter in getattr(hook, "args", ())

    for hooks in (app.before_request_funcs, app.after_request_funcs, app.teardown_request_funcs):
        hooks[None] = [hook for hook in hooks.get(None, []) if not ours(hook)]
