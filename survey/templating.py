"""Template helpers: the few functions and filters the pages share."""

from __future__ import annotations

from urllib.parse import urlencode

from flask import Flask, g, request, url_for
from flask_babel import format_date, format_datetime
from flask_babel import gettext as _
from markupsafe import Markup, escape

from analysis import numbers
from analysis.export import html as results_page
from analysis.glossary import capitalised, term, wave_label
from survey.i18n import current_language
from survey.models import CollectionStatus
from survey.questionnaires import library
from survey.respond.answers import max_length


def cell(value: object, digits: int = 2) -> Markup:
    """A report number for a page: the suppression marker with its reason, "–" for undefined, else the number
    written for the page's language (decimal comma and minus sign in Finnish and Swedish)."""
    return results_page.cell(value, digits, current_language())


def percent(value: object) -> Markup:
    """A proportion (0-1) as a percentage with one decimal; markers and undefined values as :func:`cell`."""
    return results_page.percent(value, current_language())


def pvalue(value: float) -> str:
    return numbers.p_value(value if isinstance(value, float) else None, current_language())


def interval(low: object, high: object, digits: int = 2) -> Markup:
    """A confidence interval ``0,12–0,50``, or the suppression marker of a hidden end."""
    return results_page.interval(low, high, digits, current_language())


def paragraphs(text: str) -> Markup:
    """Plain text with blank lines between paragraphs as escaped ``<p>`` elements (no HTML from data)."""
    parts = [p.strip() for p in str(text).replace("\r\n", "\n").split("\n\n") if p.strip()]
    return Markup("\n").join(Markup("<p>{}</p>").format(escape(p)) for p in parts)


def visible_text(value: object) -> object:
    """Every ``{{ ... }}`` of every page passes here (Jinja's `finalize`) before it is escaped: text loses the
    invisible characters that could make it read otherwise (bidirectional overrides, zero-width characters;
    :data:`analysis.export.safe.INVISIBLE`), as in the exported files. Answers, project names and register
    fields come from people; one place covers them all.

    >>> visible_text("Hanke \\u202eAKKUS"), visible_text(12), visible_text(Markup("<b>a\\u200bb</b>"))
    ('Hanke AKKUS', 12, Markup('<b>ab</b>'))
    """
    return results_page.visible_text(value)


def page_title(page) -> str:
    if page.section is None:
        return _("Your pairing code")
    return page.section.title.get(current_language())


def collection_title() -> str:
    instrument = g.get("instrument")
    return instrument.title.get(current_language()) if instrument else "Arvio"


def instrument_name(instrument_id: str, version: str | None = None) -> str:
    """A questionnaire as staff pages name it: its title in the page's language, then its version in words
    (``Osallisuus – nuoret, versio 1.1``); ids are for files and the API, not for people.

    Without `version`, the newest version's title alone.
    """
    title = _title(instrument_id, version)
    return _("%(title)s, %(version)s", title=title, version=version_name(version)) if version else title


def version_name(version: str) -> str:
    return _("version %(version)s", version=version)


def collection_name(collection) -> str:
    """A data collection as staff pages name it: the team's own name for it, or else its questionnaire's title
    and its wave (``Osallisuus – nuoret: alkumittaus``)."""
    if collection.label:
        return collection.label
    title = _title(collection.instrument_id, collection.instrument_version)
    wave = wave_label(collection.wave, current_language())
    return _("%(questionnaire)s: %(wave)s", questionnaire=title, wave=wave)


def _title(instrument_id: str, version: str | None) -> str:
    """The questionnaire's title in the page's language; its id when the library has no such questionnaire (the
    only name there is)."""
    try:
        return library().get(instrument_id, version).title.get(current_language())
    except LookupError:
        return instrument_id


def wave_name(wave: str) -> str:
    """A wave as people name it (the glossary's words), capitalised for a cell or a heading."""
    return capitalised(wave_label(wave, current_language()))


def status_name(status: CollectionStatus) -> str:
    return {
        CollectionStatus.NOT_READY: _("Not ready: no retention date"),
        CollectionStatus.NOT_YET_OPEN: _("Not open yet"),
        CollectionStatus.OPEN: _("Open"),
        CollectionStatus.CLOSED: _("Closed"),
    }[status]


MOMENT_FORMATS = {"fi": "d.M.yyyy 'klo' H.mm", "sv": "d.M.yyyy 'kl.' H.mm", "en": "d MMM yyyy, HH:mm"}


def moment(value) -> str:
    """A stored (UTC) time as people in the page's language write it, in Finnish time: ``14.3.2026 klo 12.05``."""
    return format_datetime(value, MOMENT_FORMATS[current_language()]) if value else ""


def flow_url(endpoint: str, **values) -> str:
    """A respondent page's address (``begin``, ``post_page``, ``resume``, ...): under the collection's link, or
    in a preview (:mod:`survey.collect.preview`) under the preview's own address, which stores nothing."""
    preview = g.get("preview")
    if preview is not None:
        return preview.url(endpoint, **values)
    return url_for(f"respond.{endpoint}", token=g.collection.token, **values)


def url_in_language(language: str) -> str:
    """This page's address in another language, keeping every query parameter (a results selection, say)."""
    args = [(key, value) for key, value in request.args.items(multi=True) if key != "lang"]
    return f"{request.path}?{urlencode([*args, ('lang', language)])}"


def init_app(app: Flask) -> None:
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
    app.jinja_env.finalize = visible_text
    app.jinja_env.filters.update(paragraphs=paragraphs, cell=cell, percent=percent, pvalue=pvalue)
    app.jinja_env.globals.update(
        page_title=page_title,
        collection_title=collection_title,
        instrument_name=instrument_name,
        version_name=version_name,
        collection_name=collection_name,
        max_length=max_length,
        format_datetime=format_datetime,
        format_date=format_date,
        wave_name=wave_name,
        interval=interval,
        term=lambda key: term(key, current_language()),
        moment=moment,
        status_name=status_name,
        url_in_language=url_in_language,
        flow_url=flow_url,
    )
