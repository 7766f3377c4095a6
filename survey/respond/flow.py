"""The respondent's way through a questionnaire: which pages are shown, and what a posted page does.

Pages are the pairing-code page (when the collection asks for the code) and then the instrument's
sections whose conditions hold and that have a question to show. Skip logic is evaluated here, on the
server, on every request; the views only read the request and render.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from flask import current_app
from flask_babel import gettext as _

from instruments.model import Instrument, Section
from survey.field_errors import FieldError
from survey.pairing_codes import PairingCodeError, normalise, seal
from survey.rate_limits import TooManyRequests
from survey.respond import answers as ans
from survey.respond.drafts import DraftState, save_draft
from survey.respond.links import PublicCollection
from survey.respond.responses import submit_draft

PAIRING_PAGE = "pairing-code"  # section ids are a-z, 0-9 and _, so the hyphen never meets one
ACTIONS = ("next", "back", "save", "submit", "stay")  # "stay": save the page and show it again


@dataclass(frozen=True)
class Page:
    id: str
    number: int  # 1-based among the pages shown with the current answers
    total: int
    section: Section | None  # None for the pairing-code page
    previous: str | None
    next: str | None


def page_ids(collection: PublicCollection, instrument: Instrument, answers: Mapping[str, object]) -> list[str]:
    ids = [PAIRING_PAGE] if collection.ask_pairing_code and instrument.pairing_prompts else []
    shown = ans.prune_hidden(instrument, answers)
    ids += [s.id for s in instrument.sections if ans.section_is_shown(s, shown)]
    return ids


def get_page(
    collection: PublicCollection, instrument: Instrument, answers: Mapping[str, object], page_id: str
) -> Page | None:
    """The page `page_id` as shown with `answers`, or None when it is not (or no longer) shown."""
    ids = page_ids(collection, instrument, answers)
    if page_id not in ids:
        return None
    index = ids.index(page_id)
    section = next((s for s in instrument.sections if s.id == page_id), None)
    return Page(
        id=page_id,
        number=index + 1,
        total=len(ids),
        section=section,
        previous=ids[index - 1] if index > 0 else None,
        next=ids[index + 1] if index + 1 < len(ids) else None,
    )


def resume_page(collection: PublicCollection, instrument: Instrument, draft: DraftState) -> str:
    """Where a respondent continues: the page they were on, or the first page."""
    ids = page_ids(collection, instrument, draft.answers)
    return draft.page if draft.page in ids else ids[0]


def page_after_hidden(collection: PublicCollection, instrument: Instrument, answers, page_id: str) -> str | None:
    """For a page not shown with these answers (an old link): the next page that is shown, or the last
    one; None for a page the questionnaire does not have."""
    shown = page_ids(collection, instrument, answers)
    all_ids = [PAIRING_PAGE] + [s.id for s in instrument.sections]
    if page_id not in all_ids:
        return None
    return next((p for p in all_ids[all_ids.index(page_id) :] if p in shown), shown[-1])


def missing_required(instrument: Instrument, answers: Mapping[str, object]) -> tuple[str, list[FieldError]]:
    """The first shown page with a required question unanswered, and those errors; ("", []) if none."""
    shown = ans.prune_hidden(instrument, answers)
    for section in instrument.sections:
        if not ans.section_is_shown(section, shown):
            continue
        errors = [
            ans.answer_error(item.code, ans.required_message(item))
            for item in ans.visible_items(section, shown)
            if item.answered and item.required and item.code not in shown
        ]
        if errors:
            return section.id, errors
    return "", []


# --- a posted page -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Outcome:
    """What the view does after a posted page: render it again with errors, or go to `target`."""

    kind: str  # "errors" | "page" | "start" | "saved" | "submitted" | "busy" (a write limit: nothing written)
    target: str = ""
    errors: tuple[FieldError, ...] = ()
    answers: Mapping[str, object] = field(default_factory=dict)  # decide which questions an error page shows
    notice: str = ""  # "more": new questions appeared on the page; "missing": required answers missing


def post_page(
    collection: PublicCollection,
    instrument: Instrument,
    draft: DraftState,
    page: Page,
    form: Mapping[str, Sequence[str]],
    action: str,
    shown: frozenset[str],
) -> Outcome:
    """Apply a posted page to the draft. `action` is one of :data:`ACTIONS`, or ``lang:xx``."""
    strict = action in ("next", "submit")
    if page.section is None:
        sealed_code, errors = _read_pairing(instrument, form, keep=draft.sealed_pairing_code)
        merged = dict(draft.answers)
    else:
        parsed = ans.parse_section(
            instrument, page.section, form, draft.answers, check_required=strict, shown=shown
        )
        errors, sealed_code = parsed.errors, None
        merged = ans.merge_page(instrument, draft.answers, page.section, parsed)
    if errors and strict:
        return Outcome("errors", page.id, tuple(errors), merged)
    language = action.partition(":")[2] if action.startswith("lang:") else None
    try:
        if action == "submit" and page.section is not None and _sends(collection, instrument, page, merged, shown):
            submit_draft(draft, merged)  # the response's one commit: the last page is not saved first
            return Outcome("submitted")
        save_draft(draft, merged, page=page.id, language=language, sealed_pairing_code=sealed_code)
    except TooManyRequests:
        return Outcome("busy", page.id, answers=merged)
    if action == "back":
        return Outcome("page", page.previous) if page.previous else Outcome("start")
    if action == "save":
        return Outcome("saved", page.id)
    if language is not None or action == "stay":
        return Outcome("page", page.id)
    if page.section is not None and _new_questions(page.section, merged, shown):
        return Outcome("page", page.id, notice="more")
    next_page = _next_page(collection, instrument, merged, page)
    if next_page:
        return Outcome("page", next_page)
    if action == "submit":
        return _submit(instrument, draft, merged)
    return Outcome("page", page.id)  # "next" on the last page: only the send button sends


def _next_page(collection: PublicCollection, instrument: Instrument, answers, page: Page) -> str | None:
    after = get_page(collection, instrument, answers, page.id)
    return after.next if after else page_after_hidden(collection, instrument, answers, page.id)


def _sends(
    collection: PublicCollection, instrument: Instrument, page: Page, answers, shown: frozenset[str]
) -> bool:
    """True when "send" on this question page stores the response at once: no new questions on the page,
    no page after it and no required answer missing (the same checks as the steps below, in order)."""
    return (
        not _new_questions(page.section, answers, shown)
        and not _next_page(collection, instrument, answers, page)
        and not missing_required(instrument, answers)[1]
    )


def _submit(instrument: Instrument, draft: DraftState, merged: Mapping[str, object]) -> Outcome:
    missing_page, errors = missing_required(instrument, merged)
    if errors:
        return Outcome("page", missing_page, tuple(errors), notice="missing")
    try:
        submit_draft(draft, merged)
    except TooManyRequests:
        return Outcome("busy", draft.page, answers=merged)
    return Outcome("submitted")


def _new_questions(section: Section, answers: Mapping[str, object], shown: frozenset[str]) -> bool:
    """True when the page's answers revealed a question the respondent has not seen yet."""
    return any(item.answered and item.code not in shown for item in ans.visible_items(section, answers))


def _read_pairing(instrument: Instrument, form, keep: str | None) -> tuple[str | None, list[FieldError]]:
    """The pairing page: all parts empty keeps the code given before (or none); otherwise all are needed."""
    parts, errors = check_pairing(instrument, form)
    if parts is None or errors:
        return keep, errors
    return seal(current_app.config["ARVIO_PAIRING_KEY"], parts), []


def check_pairing(instrument: Instrument, form) -> tuple[list[tuple[str, str]] | None, list[FieldError]]:
    """The pairing code's parts as typed on its page, normalised, with a message in the respondent's language
    for each part that is not what its prompt asks (a letter A-Ö; a number within the prompt's range).
    (None, []) when every part was left empty."""
    raw = {p.code: (form.get(p.code) or [""])[0] for p in instrument.pairing_prompts}
    if not any(value.strip() for value in raw.values()):
        return None, []
    parts, errors = [], []
    for prompt in instrument.pairing_prompts:
        try:
            parts.append((prompt.code, normalise(prompt.kind, raw[prompt.code], prompt.minimum, prompt.maximum)))
        except PairingCodeError:
            errors.append(ans.answer_error(prompt.code, _pairing_message(prompt, raw[prompt.code])))
    return parts, errors


def _pairing_message(prompt, raw: str) -> str:
    if not raw.strip():
        return _("Fill in every part of the code, or leave them all empty.")
    if prompt.kind == "letter":
        return _("Write one letter, A–Ö.")
    if prompt.minimum is not None and prompt.maximum is not None:
        return _("Write a number from %(min)s to %(max)s.", min=prompt.minimum, max=prompt.maximum)
    return _("Write one or two digits.")
