"""The interface language: Finnish by default, Swedish and English on request.

The respondent's choice (``?lang=sv``, or a language button) is kept in the session. Without one, the
browser's Accept-Language picks among the languages the page offers: a collection's languages on the
respondent pages (set in ``g.languages``), all three elsewhere.
"""

from __future__ import annotations

from babel.support import NullTranslations
from flask import Flask, g, has_request_context, request, session
from flask_babel import Babel, get_translations

from instruments.model import DEFAULT_LANGUAGE, LANGUAGES

LANGUAGE_NAMES = {"fi": "Suomeksi", "sv": "På svenska", "en": "In English"}  # each in its own language
SHORT_LANGUAGE_NAMES = {"fi": "Suomi", "sv": "Svenska", "en": "English"}  # children's pages: one short line

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


def _translations() -> NullTranslations:
    """Flask-Babel's translations, looked up once per locale in a request: its own lookup for every string of
    a template was a tenth of a respondent page's time. Keyed by Flask-Babel's locale object, so that
    ``force_locale`` still switches."""
    locale = getattr(g.get("_flask_babel"), "babel_locale", None)
    cached = g.get("arvio_translations")
    if cached is not None and locale is not None and cached[0] is locale:
        return cached[1]
    translations = get_translations()
    g.arvio_translations = (getattr(g.get("_flask_babel"), "babel_locale", None), translations)
    return translations


def init_app(app: Flask) -> None:
    babel.init_app(app, locale_selector=current_language)
    app.jinja_env.install_gettext_callables(
        gettext=lambda s: _translations().ugettext(s),
        ngettext=lambda s, p, n: _translations().ungettext(s, p, n),
        pgettext=lambda c, s: _translations().upgettext(c, s),
        npgettext=lambda c, s, p, n: _translations().unpgettext(c, s, p, n),
        newstyle=True,
    )
    app.jinja_env.globals["language_names"] = LANGUAGE_NAMES
    app.jinja_env.globals["short_language_names"] = SHORT_LANGUAGE_NAMES
    app.jinja_env.globals["offered_languages"] = offered_languages
    app.jinja_env.globals["current_language"] = current_language
