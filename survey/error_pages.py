"""Error pages: plain, translated, with the right status; never a traceback for a respondent."""

from __future__ import annotations

import contextlib
from contextlib import suppress

from flask import Flask, current_app, jsonify, render_template, request
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import OperationalError, SQLAlchemyError
from werkzeug.exceptions import HTTPException, InternalServerError, MethodNotAllowed, SecurityError

from survey.db import db

MESSAGES = {
    400: (_l("Something in the form was wrong"), _l("Go back to the previous page and try again.")),
    403: (_l("No access"), _l("You do not have permission to see this page.")),
    404: (_l("Page not found"), _l("Check the address. A questionnaire link must be typed exactly.")),
    405: (_l("Not possible here"), _l("This page cannot be used that way. Go back and try again.")),
    410: (_l("This page is no longer available"), _l("The questionnaire has closed.")),
    413: (
        _l("Too much text"),
        _l("The answers sent were too long. Shorten the longest answer and try again."),
    ),
    500: (
        _l("Something went wrong"),
        _l("We could not finish what you asked. Your saved answers are safe. Please try again in a moment."),
    ),
}
NOT_SAVED_MESSAGE = (
    _l("Could not save just now"),
    _l("What you sent last was not saved. Please send it again in a moment. Answers saved before are safe."),
)
CSRF_MESSAGE = (
    _l("The page had expired"),
    _l("For your security, forms stop working after a while. Go back, reload the page and send it again."),
)


API_PREFIX = "/api/"
API_MESSAGES = {
    403: "The token's user may see this but not do it (raw responses need the raw-data permission).",
    404: "No such address or object, or one the token's user may not see.",
}


def json_error(status: int, error: str, message: str):
    """The JSON API's error body: ``{"error": code, "message": text}``."""
    response = jsonify(error=error, message=message)
    response.status_code = status
    return response


def api_error_response(error: HTTPException):
    """An HTTP error under ``/api/`` as JSON (no HTML error pages for programs)."""
    if error.response is not None and error.response.mimetype == "application/json":
        return error.response  # the API made this answer itself (``abort(json_error(...))``)
    status = error.code or 500
    code = (error.name or "error").lower().replace(" ", "_")
    response = json_error(status, code, API_MESSAGES.get(status) or error.description or error.name)
    if isinstance(error, MethodNotAllowed) and error.valid_methods:
        response.headers["Allow"] = ", ".join(error.valid_methods)
    return response


def render_error(status: int, title: str, message: str):
    return render_template("error.html", title=title, message=message, status=status), status


def handle_http_error(error: HTTPException):
    if request.path.startswith(API_PREFIX):
        return api_error_response(error)
    status = error.code or 500
    if status not in MESSAGES:
        return error
    title, message = MESSAGES[status]
    if isinstance(error, SecurityError):  # a Host header not in TRUSTED_HOSTS: no page can build its links
        return f"{title}\n\n{message}\n", status, {"Content-Type": "text/plain; charset=utf-8"}
    return render_error(status, str(title), str(message))


def handle_csrf_error(error: CSRFError):
    if request.path.startswith(API_PREFIX):
        return api_error_response(error)
    title, message = CSRF_MESSAGE
    return render_error(400, str(title), str(message))


def handle_server_error(_error: Exception):
    db.session.rollback()  # nothing half-stored
    if request.path.startswith(API_PREFIX):
        return json_error(500, "internal_server_error", "Something went wrong; nothing was changed.")
    title, message = MESSAGES[500]
    return render_error(500, str(title), str(message))


def handle_database_unavailable(error: OperationalError):
    """The database is down, restarting or full: a 503 saying that what was sent was not saved."""
    current_app.logger.error("database unavailable, nothing saved: %s", str(error.orig or error).strip())
    # The connection may be gone; the pool replaces it (pool_pre_ping) when the database is back.
    with suppress(SQLAlchemyError):
        db.session.rollback()
    if request.path.startswith(API_PREFIX):
        return json_error(503, "service_unavailable", "The database is not available; nothing was changed.")
    title, message = NOT_SAVED_MESSAGE
    return render_error(503, str(title), str(message))


def close_session(_error: BaseException | None = None) -> None:
    """End the request's database session even when its connection died meanwhile (a database restart).

    Flask-SQLAlchemy's own teardown, which runs after this one, would raise from the rollback of the dead
    connection and turn a finished page into the server's bare "Internal Server Error"; the connection is
    invalidated instead and the pool replaces it.
    """
    try:
        db.session.remove()
    except SQLAlchemyError as error:
        current_app.logger.warning("database session closed after its connection failed: %s", error)
        with contextlib.suppress(SQLAlchemyError):  # close the dead connection rather than leave it to the GC
            db.session().invalidate()
        db.session.registry.clear()


def init_app(app: Flask) -> None:
    app.teardown_appcontext(close_session)  # registered after db.init_app, so it runs first
    app.register_error_handler(CSRFError, handle_csrf_error)
    app.register_error_handler(OperationalError, handle_database_unavailable)
    for status in MESSAGES:
        if status != 500:
            app.register_error_handler(status, handle_http_error)
    app.register_error_handler(InternalServerError, handle_server_error)
