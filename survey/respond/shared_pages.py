"""Respondent pages that are the same for everyone, rendered once per process.

A question page shown for the first time, the start page and the thank-you page differ between respondents
only in their tokens (the CSRF token, the draft's submission token). Rendering such a page once with
placeholders, and putting each request's own tokens into a copy, takes a page view from about 1 ms of CPU to
a third of that (docs/performance.md). The caller's key must hold everything else the page is rendered from;
the tokens are URL-safe, so they need no escaping.
"""

from __future__ import annotations

from collections.abc import Mapping

from flask import current_app, render_template, request
from flask_wtf.csrf import generate_csrf

from survey.i18n import current_language

CSRF_PLACEHOLDER = "csrf-placeholder-8d2f61"
MAX_PAGES = 4096  # entries (about 10 kB each) before the cache starts over


def same_for_everyone() -> bool:
    """True when the request's address asks for nothing but the page (a language at most): the language links
    of a page keep its query parameters, so any other parameter would make it a page of its own."""
    return all(name == "lang" for name in request.args)


def shared_page(
    key: tuple, template: str, context: Mapping[str, object], tokens: Mapping[str, str] | None = None
) -> str:
    """`template` rendered with `context`, reused for every request with the same `key` in this language.

    `tokens` maps placeholders put into `context` to this request's values; a CSRF token is filled in too.
    """
    pages = current_app.extensions.setdefault("arvio_shared_pages", {})
    full_key = (template, request.script_root, current_language(), *key)
    html = pages.get(full_key)
    if html is None:
        if len(pages) >= MAX_PAGES:
            pages.clear()
        html = pages[full_key] = render_template(template, **context, csrf_token=lambda: CSRF_PLACEHOLDER)
    if CSRF_PLACEHOLDER in html:
        html = html.replace(CSRF_PLACEHOLDER, generate_csrf())
    for placeholder, value in (tokens or {}).items():
        html = html.replace(placeholder, value)
    return html
