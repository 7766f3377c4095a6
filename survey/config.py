"""Configuration: defaults, then the environment, then the mapping a caller gives (tests).

Nothing here runs at import time; :func:`load_config` is called by :func:`survey.create_app`.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Mapping
from pathlib import Path
from urllib.parse import urlsplit

from flask import Flask

from analysis.errors import AnalysisError
from analysis.threshold import DEFAULT_THRESHOLD, checked_threshold

DEFAULTS: dict[str, object] = {
    "ARVIO_ENV": "embedded",  # embedded (one machine, SQLite) | production (SECRET_KEY must be given)
    "ARVIO_PAIRING_KEY": None,  # the programme's secret for pairing-code hashes; defaults to SECRET_KEY
    "ARVIO_DEFAULT_LANGUAGE": "fi",
    "ARVIO_MIN_CELL": DEFAULT_THRESHOLD,  # no shown number describes fewer people (3-100)
    "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
    "MAX_CONTENT_LENGTH": 256 * 1024,  # a page of long answers fits many times over; anything bigger is abuse
    "SESSION_COOKIE_SECURE": None,  # None: Secure whenever the request came over HTTPS; always in production
    "SESSION_COOKIE_HTTPONLY": True,
    "SESSION_COOKIE_SAMESITE": "Lax",
    "ARVIO_PROXIES": 0,  # reverse proxies in front: trust this many hops of X-Forwarded-For/Proto/Host/Port
    "ARVIO_PUBLIC_URL": None,  # e.g. https://kysely.example.fi: for respondent links, QR codes, password links
    "ARVIO_TRUSTED_HOSTS": None,  # e.g. kysely.example.fi,arvio.example.fi: the Host names answered (else 400)
    "ARVIO_HSTS_SECONDS": 365 * 24 * 3600,  # Strict-Transport-Security in production over HTTPS; 0: none
    "REMEMBER_COOKIE_HTTPONLY": True,
    "ARVIO_LINK_CACHE_SECONDS": 5,  # seconds a process reuses a link's collection (respond.links)
    # Rate limits (survey.rate_limits, docs/survey.md "Security"): failed sign-ins per client; per account
    # before it is slowed; the first wait of a slowed client, in seconds. Anonymous writes per address.
    "ARVIO_LOGIN_LIMIT": "10/minute",
    "ARVIO_LOGIN_ACCOUNT_LIMIT": "20/hour",
    "ARVIO_LOGIN_SLOWDOWN": 15,
    "ARVIO_RESUME_LIMIT": "100/minute",
    "ARVIO_DRAFT_LIMIT": "150/minute",
    "ARVIO_SEND_LIMIT": "120/minute",
    "RATELIMIT_STORAGE_URI": "memory://",  # per process; e.g. redis://host:6379 to share among workers
    "WTF_CSRF_TIME_LIMIT": 12 * 3600,  # a respondent may leave a page open for a school day
    # The strict mode wants a Referer header on HTTPS, which our Referrer-Policy (no-referrer) never sends;
    # the token and SameSite cookies are the protection.
    "WTF_CSRF_SSL_STRICT": False,
    "BABEL_DEFAULT_LOCALE": "fi",
    "BABEL_DEFAULT_TIMEZONE": "Europe/Helsinki",
}

# Environment variables read as-is (strings) or converted.
_ENV_STRINGS = (
    "ARVIO_MIN_CELL",  # checked by analysis.threshold.checked_threshold
    "SECRET_KEY",
    "ARVIO_PAIRING_KEY",
    "ARVIO_ENV",
    "ARVIO_DEFAULT_LANGUAGE",
    "ARVIO_LOGIN_LIMIT",
    "ARVIO_LOGIN_ACCOUNT_LIMIT",
    "ARVIO_RESUME_LIMIT",
    "ARVIO_DRAFT_LIMIT",
    "ARVIO_SEND_LIMIT",
    "ARVIO_PUBLIC_URL",
    "ARVIO_TRUSTED_HOSTS",
    "RATELIMIT_STORAGE_URI",
)
_ENV_BOOLS = ("SESSION_COOKIE_SECURE",)
_ENV_INTS = (
    "MAX_CONTENT_LENGTH",
    "ARVIO_PROXIES",
    "ARVIO_LINK_CACHE_SECONDS",
    "ARVIO_LOGIN_SLOWDOWN",
    "ARVIO_HSTS_SECONDS",
)


class ConfigError(RuntimeError):
    """The configuration cannot run the application (for example no SECRET_KEY in production)."""


def load_config(app: Flask, overrides: Mapping[str, object] | None) -> None:
    """Fill `app.config`: defaults, environment, then `overrides`; derive what is left."""
    app.config.from_mapping(DEFAULTS)
    app.config.from_mapping(_from_environment(os.environ))
    if overrides:
        app.config.from_mapping(overrides)
    if not app.config.get("SQLALCHEMY_DATABASE_URI"):
        app.config["SQLALCHEMY_DATABASE_URI"] = _embedded_database_url(app)
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = _secret_key(app)
    if app.config["ARVIO_ENV"] == "production" and app.config["SESSION_COOKIE_SECURE"] is None:
        app.config["SESSION_COOKIE_SECURE"] = True
    try:
        app.config["ARVIO_MIN_CELL"] = checked_threshold(app.config["ARVIO_MIN_CELL"], "ARVIO_MIN_CELL")
    except AnalysisError as error:
        raise ConfigError(str(error)) from None
    if not app.config.get("ARVIO_PAIRING_KEY"):
        app.config["ARVIO_PAIRING_KEY"] = app.config["SECRET_KEY"]
    _public_address(app)


def _public_address(app: Flask) -> None:
    """Check ``ARVIO_PUBLIC_URL`` and turn ``ARVIO_TRUSTED_HOSTS`` into Flask's ``TRUSTED_HOSTS``.

    Links that leave the app (respondent links, QR codes, posters, password links) must not take their host
    from the request's Host header, which anyone can set: in production one of the two must be given.
    """
    url = app.config.get("ARVIO_PUBLIC_URL")
    if url:
        parts = urlsplit(str(url).strip())
        if parts.scheme not in ("http", "https") or not parts.hostname or parts.query or parts.fragment:
            raise ConfigError(f"ARVIO_PUBLIC_URL must be an address like https://kysely.example.fi, not {url!r}")
        app.config["ARVIO_PUBLIC_URL"] = f"{parts.scheme}://{parts.netloc}{parts.path.rstrip('/')}"
    hosts = app.config.get("ARVIO_TRUSTED_HOSTS")
    if isinstance(hosts, str):
        hosts = [host.strip() for host in hosts.split(",") if host.strip()]
    if hosts:
        app.config["ARVIO_TRUSTED_HOSTS"] = app.config["TRUSTED_HOSTS"] = list(hosts)
    if app.config["ARVIO_ENV"] == "production" and not url and not hosts:
        raise ConfigError(
            "In production set ARVIO_PUBLIC_URL (the address respondents' links and QR codes use, e.g. "
            "https://kysely.example.fi) or ARVIO_TRUSTED_HOSTS (the host names the app answers to, "
            "comma-separated)"
        )


def _from_environment(environ: Mapping[str, str]) -> dict[str, object]:
    values: dict[str, object] = {}
    if environ.get("DATABASE_URL"):
        values["SQLALCHEMY_DATABASE_URI"] = _normalise_database_url(environ["DATABASE_URL"])
    for name in _ENV_STRINGS:
        if environ.get(name):
            values[name] = environ[name]
    for name in _ENV_BOOLS:
        if environ.get(name):
            values[name] = environ[name].strip().lower() in ("1", "true", "yes", "on")
    for name in _ENV_INTS:
        if environ.get(name):
            try:
                values[name] = int(environ[name])
            except ValueError:
                raise ConfigError(f"{name} must be a whole number, not {environ[name]!r}") from None
    return values


def _normalise_database_url(url: str) -> str:
    """Accept the `postgres://` and `postgresql://` spellings hosting services hand out; use psycopg 3."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def _embedded_database_url(app: Flask) -> str:
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    return "sqlite:///" + str(Path(app.instance_path) / "arvio.sqlite")


def _secret_key(app: Flask) -> str:
    """In the embedded default, generate a key into `instance/secret_key` once; in production refuse."""
    if app.config["ARVIO_ENV"] == "production":
        raise ConfigError("SECRET_KEY must be set in production (environment variable SECRET_KEY)")
    path = Path(app.instance_path) / "secret_key"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_hex(32), encoding="ascii")
        path.chmod(0o600)
    return path.read_text(encoding="ascii").strip()
