"""Response headers, CSRF protection, the proxies trusted, and the public address of links that leave the app.

Everything the pages load comes from this host: no inline scripts, no other origins, no framing. In production
over HTTPS, browsers are told to use HTTPS only (HSTS, ``ARVIO_HSTS_SECONDS``).
"""

from __future__ import annotations

from flask import Flask, Response, abort, current_app, request, url_for
from flask.sessions import SecureCookieSessionInterface
from flask_wtf.csrf import CSRFProtect
from itsdangerous import URLSafeTimedSerializer
from werkzeug.middleware.proxy_fix import ProxyFix

csrf = CSRFProtect()

CONTENT_SECURITY_POLICY = "; ".join(
    (
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    )
)

HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), interest-cohort=()",
    "Cross-Origin-Opener-Policy": "same-origin",
}


def add_security_headers(response: Response) -> Response:
    present = {name.lower() for name in response.headers.keys()}  # noqa: SIM118 (Headers iterates pairs)
    for name, value in HEADERS.items():
        if name.lower() not in present:
            response.headers.add(name, value)
    if response.mimetype == "text/html" and "cache-control" not in present:
        # Respondents' answers must not linger in shared computers' caches or the back-forward cache.
        response.headers.add("Cache-Control", "no-store")
    hsts = current_app.config["ARVIO_HSTS_SECONDS"]
    if hsts and request.is_secure and current_app.config["ARVIO_ENV"] == "production":
        # Not includeSubDomains: other services of the organisation's domain may still need plain HTTP.
        response.headers["Strict-Transport-Security"] = f"max-age={int(hsts)}"
    return response


def public_url(endpoint: str, **values) -> str:
    """The absolute address of `endpoint` for people outside this request: a respondent link, a QR code, a
    poster, a set-password link. Under ``ARVIO_PUBLIC_URL`` when it is set; otherwise from the request, whose
    Host header is then either checked against ``ARVIO_TRUSTED_HOSTS`` or trusted because this is not
    production (:mod:`survey.config` refuses production without one of the two)."""
    base = current_app.config.get("ARVIO_PUBLIC_URL")
    if not base:
        return url_for(endpoint, _external=True, **values)
    return base + url_for(endpoint, **values).removeprefix(request.script_root)


def public_root() -> str:
    """The public address of the application's root, ending in ``/``."""
    return (current_app.config.get("ARVIO_PUBLIC_URL") or request.url_root.rstrip("/")) + "/"


def refuse_nul_characters() -> None:
    """Refuse (400) a request with a NUL character in its path or query, or in a staff form: no one types one,
    and PostgreSQL text cannot hold it (looking up ``/r/a%00b`` would be a 500). Respondents' answers are
    cleaned of control characters instead (:mod:`survey.respond.answers`), so an invisible character loses no
    answer."""
    values = [request.path, *(v for _, vs in request.args.lists() for v in vs)]
    if request.blueprint != "respond":
        values += [v for _, vs in request.form.lists() for v in vs]
    if any("\x00" in value for value in values):
        abort(400)


class SessionInterface(SecureCookieSessionInterface):
    """Signed cookie sessions whose Secure flag, unless configured, follows the request: always on HTTPS,
    and still usable on a plain-HTTP embedded installation in a local network."""

    def get_signing_serializer(self, app: Flask) -> URLSafeTimedSerializer | None:
        """Flask's serializer, made once per key instead of on every request (itsdangerous tries a
        serialization in each constructor: a few per cent of a respondent page)."""
        key = (app.secret_key, tuple(app.config["SECRET_KEY_FALLBACKS"] or ()))
        made = app.extensions.get("arvio_session_serializer")
        if made is None or made[0] != key:
            made = (key, super().get_signing_serializer(app))
            app.extensions["arvio_session_serializer"] = made
        return made[1]

    def get_cookie_secure(self, app: Flask) -> bool:
        configured = app.config["SESSION_COOKIE_SECURE"]
        return bool(request.is_secure) if configured is None else bool(configured)


def init_app(app: Flask) -> None:
    csrf.init_app(app)
    app.session_interface = SessionInterface()
    app.after_request(add_security_headers)
    app.before_request(refuse_nul_characters)
    proxies = app.config["ARVIO_PROXIES"]
    if proxies:
        # The scheme and host the respondent used (https links), and the client's own address for the rate
        # limits, which keep it only as a keyed hash in memory (survey.rate_limits); it is never stored.
        # Without a proxy these headers are not trusted: anyone could send them.
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=proxies, x_port=proxies)
