"""Properties of answer checking: any answer set gives clean answers that fit the instrument, or clear errors.

Hypothesis writes answer sets for built-in instruments (and the small test instrument, which has numbers,
texts, required items and skip logic the library lacks): valid codes, codes from another list, numbers in
and out of bounds, texts at and over their limits, lists where one answer belongs, None, NaN, booleans,
unknown item codes. :func:`check_answers` must never raise; what it accepts must satisfy the instrument;
:func:`store_response` stores exactly that or nothing (rows counted before and after), on both databases; a
form post through the respondent pages either saves the page or answers 400 with the draft unchanged.
"""

from __future__ import annotations

import math

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from instruments.loader import load_library
from instruments.model import CHOICE_TYPES, Instrument, Item, ItemType
from survey.db import db
from survey.models import Collection, Response
from survey.respond.answers import check_answers, max_length, prune_hidden
from survey.respond.responses import AnswerError, store_response
from tests.hostile_corpus import TEXTS
from tests.survey.conftest import YOUTH, Library, Respondent, make_collection

LIBRARY = load_library()
BUILT_IN = ("equality_youth", "gender_equality_youth", "participation_professionals", "equality_children")
INSTRUMENTS = [LIBRARY.get(name, "1.0") for name in BUILT_IN] + [YOUTH]
WITH_DB = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

GARBAGE = st.one_of(
    st.none(),
    st.just([]),
    st.sampled_from([math.nan, math.inf, -1e300, True, False, 10**30, "", "  ", "1e3", "0x10", "½", "١٢"]),
    st.text(max_size=20),
    st.sampled_from(list(TEXTS.values())),
    st.lists(st.integers(-3, 12), max_size=4),
    st.dictionaries(st.text(max_size=3), st.integers(), max_size=2),
)


def plausible(instrument: Instrument, item: Item) -> st.SearchStrategy:
    """Values a respondent (or a careless import) might give `item`: mostly right, sometimes just wrong."""
    choice_list = instrument.choice_list(item) if item.type in CHOICE_TYPES else None
    codes = [c.code for c in choice_list.choices] if choice_list else [0, 1]
    code = st.sampled_from(codes)
    if item.type is ItemType.MULTIPLE:
        return st.lists(code | st.integers(-2, 12), max_size=len(codes) + 1)
    if item.type in CHOICE_TYPES or item.type is ItemType.YESNO:
        return st.one_of(code, code.map(str), code.map(lambda c: f" {c} "), st.integers(-2, 12))
    if item.type is ItemType.NUMBER:
        low, high = item.minimum or -1000, item.maximum or 1000
        return st.one_of(
            st.integers(int(low) - 3, int(high) + 3),
            st.floats(low - 1, high + 1, allow_nan=False).map(lambda x: round(x, 2)),
            st.integers(int(low), int(high)).map(lambda n: f"{n:,}".replace(",", " ")),
            st.sampled_from(["-0", "+15", "15,0", "\u221215", "1 5", "15.", ".5"]),
        )
    limit = max_length(item)
    return st.one_of(
        st.text(max_size=limit + 5),
        st.integers(limit - 2, limit + 2).map(lambda n: "ä" * n),
        st.sampled_from([t for t in TEXTS.values() if len(t) < 3 * limit]),
    )


@st.composite
def answer_sets(draw, instrument: Instrument) -> dict[str, object]:
    answers: dict[str, object] = {}
    for item in instrument.answered_items:
        if draw(st.booleans()):
            answers[item.code] = draw(plausible(instrument, item) | GARBAGE) if draw(
                st.integers(0, 9)
            ) == 0 else draw(plausible(instrument, item))  # fmt: skip
    for extra in draw(
        st.lists(st.sampled_from(["NOPE", "", "csrf_token", "P_VOICE_1 ", "__class__"]), max_size=2)
    ):
        answers[extra] = draw(GARBAGE)
    return answers


def satisfies(instrument: Instrument, answers: dict[str, object], given: object = None, complete: bool = True):
    """Fail unless `answers` is a clean answer set: known, visible items; values of the item's kind; when
    `complete` (not a draft saved page by page), every required item that is shown."""
    kept = prune_hidden(instrument, answers)
    assert kept == answers, f"an answer to a hidden item was kept: {answers} from {given!r}"
    for code, value in answers.items():
        item = instrument.item(code)
        assert item.answered
        if item.type is ItemType.MULTIPLE:
            allowed = [c.code for c in instrument.choice_list(item).choices]
            assert isinstance(value, list) and value and all(v in allowed for v in value)
            assert value == [c for c in allowed if c in value], "codes kept in the list's order, no repeats"
        elif item.type in CHOICE_TYPES:
            assert value in [c.code for c in instrument.choice_list(item).choices]
        elif item.type is ItemType.YESNO:
            choice_list = instrument.choice_list(item)
            assert value in ([c.code for c in choice_list.choices] if choice_list else [0, 1])
        elif item.type is ItemType.NUMBER:
            assert isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)
            assert item.decimal or isinstance(value, int)
            assert item.minimum is None or value >= item.minimum
            assert item.maximum is None or value <= item.maximum
        else:
            assert isinstance(value, str) and value and len(value) <= max_length(item)
            assert not any((ord(c) < 32 and c not in "\t\n") or ord(c) == 127 for c in value)
    shown = prune_hidden(instrument, answers)
    for section in instrument.sections if complete else ():
        for item in section.items:
            if item.required and item.code not in answers and _would_show(instrument, item, shown):
                raise AssertionError(f"required {item.code} is missing but accepted")


def _would_show(instrument: Instrument, item: Item, answers: dict[str, object]) -> bool:
    probe = prune_hidden(instrument, {**answers, item.code: "x"})
    return item.code in probe


@pytest.mark.parametrize("instrument", INSTRUMENTS, ids=lambda i: i.id)
def test_any_answer_set_gives_clean_answers_or_errors_never_an_exception(instrument):
    @settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(answer_sets(instrument))
    def check(answers):
        clean, errors = check_answers(instrument, answers)
        assert all(error.message for error in errors)
        if not errors:
            satisfies(instrument, clean, given=answers)

    check()


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


@pytest.fixture
def app_config() -> dict:
    return {"ARVIO_INSTRUMENTS": Library(YOUTH, *(LIBRARY.get(name, "1.0") for name in BUILT_IN))}


@pytest.mark.parametrize("instrument", [LIBRARY.get("equality_youth", "1.0"), YOUTH], ids=lambda i: i.id)
def test_store_response_stores_exactly_the_clean_answers_or_nothing(app, project, instrument):
    token = make_collection(app, project, instrument)

    @WITH_DB
    @given(answer_sets(instrument))
    def check(answers):
        with app.app_context():
            collection = db.session.scalar(select(Collection).where(Collection.token == token))
            before = _count(Response)
            clean, errors = check_answers(instrument, answers)
            try:
                response = store_response(collection, answers)
            except AnswerError as error:
                assert errors and error.errors
                db.session.rollback()
                assert _count(Response) == before
                return
            assert not errors
            stored_id = response.id
            db.session.expire_all()
            assert db.session.get(Response, stored_id).answers == clean
            assert _count(Response) == before + 1

    check()


FORM_VALUES = st.one_of(
    st.sampled_from(["", "1", "2", "3", "9", "0", "15", "29", "30", "12", "-1", "1.5", "1,0"]),
    st.sampled_from([t for t in TEXTS.values() if "\x00" not in t and len(t) < 1000]),
    st.text(max_size=60),
)


@WITH_DB
@given(st.dictionaries(st.sampled_from(["BG_AGE", "Q_CLUB", "Q_CLUB_NAME", "P_VOICE"]),
                       FORM_VALUES | st.lists(FORM_VALUES, max_size=3), max_size=4))  # fmt: skip
def test_a_posted_page_is_saved_clean_or_refused_with_the_draft_unchanged(app, client, project, form):
    token = make_collection(app, project)
    respondent = Respondent(client, token)
    respondent.start()
    response = respondent.post("about", form, shown="BG_AGE Q_CLUB Q_CLUB_NAME")
    assert response.status_code in (200, 302, 303, 400), response.status_code
    draft = respondent.draft()
    if response.status_code == 400:
        assert draft.answers == {}
    else:
        satisfies(YOUTH, draft.answers, complete=False)
        assert "BG_AGE" in draft.answers


def test_a_code_given_as_text_hides_a_negated_section_exactly_as_the_code_does():
    # Found by the property above: visibility was decided on the raw "1", so the harassment page (shown
    # unless the age band is 1) counted as shown and its answers were stored for the youngest band.
    instrument = LIBRARY.get("gender_equality_youth", "1.0")

    clean, errors = check_answers(instrument, {"BG_AGE_YOUTH": "1", "G_HARASS_GENDER": 1})

    assert clean == {"BG_AGE_YOUTH": 1}
    assert [(e.field, e.message) for e in errors] == [
        ("G_HARASS_GENDER", "This question is not asked with these answers.")
    ]


@pytest.mark.parametrize("empty", [None, "", "   ", []])
def test_a_required_question_given_an_empty_value_is_missing(empty):
    clean, errors = check_answers(YOUTH, {"BG_AGE": empty, "P_VOICE": 2})

    assert clean == {"P_VOICE": 2}
    assert [(e.field, e.message) for e in errors] == [("BG_AGE", "Answer this question.")]
