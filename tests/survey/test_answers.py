"""Answers checked against the instrument, and responses stored from an answers dict."""

import pytest
from sqlalchemy import select

from survey.db import db
from survey.models import Collection
from survey.pairing_codes import unseal
from survey.respond.answers import check_answers, prune_hidden
from survey.respond.responses import AnswerError, store_response
from tests.survey.conftest import YOUTH


def test_answers_given_as_python_values_are_normalised_like_form_input():
    clean, errors = check_answers(YOUTH, {"BG_AGE": "15", "P_VOICE": 3, "P_TOPICS": [3, 1, 3], "P_OTHER": " hi "})
    assert errors == []
    assert clean == {"BG_AGE": 15, "P_VOICE": 3, "P_TOPICS": [1, 3], "P_OTHER": "hi"}


def test_every_problem_of_an_answer_set_is_reported_at_once():
    _clean, errors = check_answers(YOUTH, {"BG_AGE": 40, "P_VOICE": 7, "NOPE": 1, "Q_CLUB": 0, "Q_CLUB_NAME": "x"})
    assert sorted(e.field for e in errors) == ["BG_AGE", "NOPE", "P_VOICE", "Q_CLUB_NAME"]


def test_answers_to_questions_hidden_by_skip_logic_are_dropped():
    answers = {"BG_AGE": 15, "Q_CLUB": 0, "Q_CLUB_NAME": "Shakki", "C_LIKE": 3, "P_VOICE": 1}
    assert prune_hidden(YOUTH, answers) == {"BG_AGE": 15, "Q_CLUB": 0, "P_VOICE": 1}


def test_store_response_keeps_checked_answers_and_seals_the_pairing_code(app, token):
    with app.app_context():
        collection = db.session.scalar(select(Collection).where(Collection.token == token))
        response = store_response(
            collection,
            {"BG_AGE": 20, "P_VOICE": 2},
            language="sv",
            pairing_code={"PC_LETTER": "ö", "PC_DAY": "31"},
        )
        assert response.answers == {"BG_AGE": 20, "P_VOICE": 2}
        assert response.language == "sv"
        assert unseal("test-pairing-key", response.sealed_pairing_code) == (("PC_LETTER", "Ö"), ("PC_DAY", "31"))


def test_store_response_refuses_bad_answers_and_stores_nothing(app, token):
    with app.app_context():
        collection = db.session.scalar(select(Collection).where(Collection.token == token))
        with pytest.raises(AnswerError) as error:
            store_response(collection, {"BG_AGE": 5})
        assert {e.field for e in error.value.errors} == {"BG_AGE", "P_VOICE"}
        with pytest.raises(AnswerError):
            store_response(collection, {"BG_AGE": 15, "P_VOICE": 1}, language="de")
        from survey.models import Response

        assert db.session.scalars(select(Response)).all() == []
