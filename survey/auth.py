"""Staff sign-in with Flask-Login. Respondents never sign in."""

from __future__ import annotations

from flask import Flask, current_app
from flask_login import LoginManager
from sqlalchemy import select

from survey.db import db
from survey.models import Role, User
from survey.passwords import hash_password, verify_password

login_manager = LoginManager()
login_manager.login_view = "staff.login"
login_manager.session_protection = None  # "strong" would keep a hash of the IP address and user agent


@login_manager.user_loader
def load_user(user_id: str) -> User | None:
    if not user_id.isdigit():
        return None
    return db.session.get(User, int(user_id))


def authenticate(email: str, password: str) -> User | None:
    """The active user with this email and password, or None (the same answer for every failure)."""
    user = db.session.scalar(select(User).where(User.email == email.strip().lower()))
    if user is None:
        verify_password(_dummy_hash(), password)  # same work whether or not the address exists
        return None
    if not user.active or not verify_password(user.password_hash, password):
        return None
    return user


def create_user(email: str, password: str, *, role: Role | str, name: str = "") -> User:
    """Create (and commit) a staff user; the password is stored as an Argon2id hash."""
    user = User(email=email.strip().lower(), name=name, password_hash=hash_password(password), role=Role(role))
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
