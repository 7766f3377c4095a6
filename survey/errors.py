"""Error pages: plain, translated, with the right status; never a traceback for a respondent."""

from __future__ import annotations

from flask import Flask, render_template
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, InternalServerError

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
CSRF_MESSAGE = (
    _l("The page had expired"),
    _l("For your security, forms stop working after a while. Go back, reload the page and send it again."),
)


def render_error(status: int, title: str, message: str):
    return render_template("error.html", title=title, message=message, status=status), status


def handle_http_error(error: HTTPException):
    status = error.code or 500
    if status not in MESSAGES:
        return error
    title, message = MESSAGES[status]
    return render_error(status, str(title), str(message))


def handle_csrf_error(_error: CSRFError):
    title, message = CSRF_MESSAGE
    return render_error(400, str(title), str(message))


def handle_server_error(_error: Exception):
    db.session.rollback()  # nothing half-stored
    title, message = MESSAGES[500]
    return render_error(500, str(title), str(message))


def init_app(app: Flask) -> None:
    app.register_error_handler(CSRFError, handle_csrf_error)
    for status in MESSAGES:
        if status != 500:
            app.register_error_handler(status, handle_http_error)
    app.register_error_handler(InternalServerError, handle_server_error)
