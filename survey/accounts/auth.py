"""Staff sign-in with Flask-Login. Respondents never sign in.

Sessions are Flask's signed cookies. Signing in empties the old session first (no session fixation) and the
cookie then holds ``"<user id>:<session version>"`` (:meth:`survey.models.User.get_id`). Signing out, a new
password and deactivation raise the user's ``session_version``, which ends every session the user had,
including copies of old cookies: sign-out is sign-out everywhere. A new password (own, from a link, or a
coordinator's new link) and "sign out everywhere" on the account page also revoke the user's API tokens
(:func:`survey.accounts.passwords.end_access`); a plain sign-out leaves them, so that a script keeps working.

Failed sign-ins are limited per client and slowed per account (:mod:`survey.accounts.sign_in_limits`); the
limits hold only keyed hashes of addresses, in memory or in ``RATELIMIT_STORAGE_URI``.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Flask, current_app, jsonify, redirect, request, session, url_for
from flask_login import LoginManager, login_user, logout_user
from sqlalchemy import select

from survey.accounts.passwords import end_access, hash_password, verify_password
from survey.db import db
from survey.models import Role, User

login_manager = LoginManager()
login_manager.login_view = "account.login"
login_manager.session_protection = None  # "strong" would keep a hash of the IP address and user agent


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


def sign_out_everywhere(user: User) -> None:
    """Sign out as :func:`sign_out` does, and revoke every API token of `user` too."""
    end_access(user)
    sign_out(user)


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
