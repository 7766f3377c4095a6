"""The interface language: Finnish by default, Swedish and English on request.

The respondent's choice (``?lang=sv``, or a language button) is kept in the session. Without one, the
browser's Accept-Language picks among the languages the page offers: a collection's languages on the
respondent pages (set in ``g.languages``), all three elsewhere.
"""

from __future__ import annotations

from flask import Flask, g, has_request_context, request, session
from flask_babel import Babel

from instruments.model import DEFAULT_LANGUAGE, LANGUAGES

LANGUAGE_NAMES = {"fi": "Suomeksi", "sv": "På svenska", "en": "In English"}  # each in its own language

babel = Babel()


def offered_languages() -> tuple[str, ...]:
    return tuple(g.get("languages") or LANGUAGES)


def choose_language(requested: str | None = None) -> str:
    """Remember `requested` if it is offered; return the language to use for this request."""
    offered = offered_languages()
    if requested in offered:
        session["lang"] = requested
        return requested
    chosen = session.get("lang")
    if chosen in offered:
        return chosen
    best = request.accept_languages.best_match(offered)
    if best:
        return best
    return DEFAULT_LANGUAGE if DEFAULT_LANGUAGE in offered else offered[0]


def current_language() -> str:
    if not has_request_context():  # commands and services called outside a request: the default
        return DEFAULT_LANGUAGE
    if "language" not in g:
        g.language = choose_language(request.args.get("lang"))
    return g.language


def init_app(app: Flask) -> None:
    babel.init_app(app, locale_selector=current_language)
    app.jinja_env.globals["language_names"] = LANGUAGE_NAMES
    app.jinja_env.globals["offered_languages"] = offered_languages
    app.jinja_env.globals["current_language"] = current_language
