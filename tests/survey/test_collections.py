"""Creating, opening, closing and purging collections, by service and by CLI."""

from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import func, select

from survey.collect.collections import (
    CollectionError,
    close_collection,
    create_collection,
    purge_expired,
    set_retention,
)
from survey.db import db, utcnow
from survey.models import AuditEntry, Collection, CollectionStatus, Draft, Project, Response
from survey.respond.responses import store_response
from tests.survey.conftest import make_collection


def _project(app, project_id):
    return db.session.get(Project, project_id)


def test_a_collection_pins_the_instrument_version_and_gets_an_unguessable_token(app, project):
    with app.app_context():
        collection = create_collection(_project(app, project), "tiny_youth", "1.0", wave="follow_up")
        assert (collection.instrument_id, collection.instrument_version) == ("tiny_youth", "1.0")
        assert collection.respondent_group == "youth"
        assert collection.languages == ["fi", "sv", "en"]
        assert len(collection.token) >= 22  # 16 random bytes
        other = create_collection(_project(app, project), "tiny_youth", "1.0")
        assert other.token != collection.token


def test_a_collection_without_retention_date_cannot_open_until_it_gets_one(app, project):
    with app.app_context():
        collection = create_collection(_project(app, project), "tiny_youth", "1.0")
        assert collection.status() is CollectionStatus.NOT_READY
        set_retention(collection, date.today() + timedelta(days=30))
        assert collection.status() is CollectionStatus.OPEN


def test_status_follows_the_opening_and_closing_times(app, project):
    now = datetime(2026, 3, 1, 12, 0)
    with app.app_context():
        collection = create_collection(
            _project(app, project), "tiny_youth", "1.0", opens_at=now, closes_at=now + timedelta(days=7),
            retention_until=date(2027, 1, 1),
        )  # fmt: skip
        assert collection.status(now - timedelta(minutes=1)) is CollectionStatus.NOT_YET_OPEN
        assert collection.status(now) is CollectionStatus.OPEN
        assert collection.status(now + timedelta(days=7)) is CollectionStatus.CLOSED


@pytest.mark.parametrize(
    ("options", "field"),
    [
        ({"instrument_version": "9.9"}, "instrument"),
        ({"languages": ["de"]}, "languages"),
        ({"wave": "Syksy 2026!"}, "wave"),
        ({"closes_at": datetime(2020, 1, 1)}, "closes_at"),
        ({"closes_at": datetime(2030, 6, 1), "retention_until": date(2030, 5, 1)}, "retention_until"),
        ({"intro": {"de": "Hallo"}}, "intro"),
    ],
)
def test_bad_collection_settings_name_the_field(app, project, options, field):
    options = dict(options)  # parametrize shares the dict between the database variants
    version = options.pop("instrument_version", "1.0")
    with app.app_context():
        with pytest.raises(CollectionError) as error:
            create_collection(
                _project(app, project), "tiny_youth", version, opens_at=datetime(2029, 1, 1), **options
            )
        assert error.value.field == field
        assert db.session.scalar(select(func.count()).select_from(Collection)) == 0


def test_asking_a_pairing_code_needs_an_instrument_with_pairing_prompts(app, project):
    with app.app_context(), pytest.raises(CollectionError, match="ask_pairing_code"):
        create_collection(_project(app, project), "tiny_children", "1.0", ask_pairing_code=True)


def test_custom_wave_labels_are_kept(app, project):
    with app.app_context():
        assert (
            create_collection(_project(app, project), "tiny_youth", "1.0", wave="autumn_2026").wave
            == "autumn_2026"
        )


def test_closing_early_closes_the_link_and_deletes_stored_drafts(app, project, respondent, client):
    respondent.start()
    respondent.post("about", {"BG_AGE": "15"}, action="save")  # a resume code keeps the draft on the server
    with app.app_context():
        collection = db.session.scalar(select(Collection))
        assert db.session.scalar(select(func.count()).select_from(Draft)) == 1
        close_collection(collection)
        assert collection.status() is CollectionStatus.CLOSED
        assert db.session.scalar(select(func.count()).select_from(Draft)) == 0
    assert client.get(f"/r/{respondent.token}").status_code == 410


def test_purge_deletes_responses_past_retention_and_writes_the_audit_log(app, project):
    keep = make_collection(app, project, retention_until=date(2030, 1, 1))
    expire = make_collection(app, project, retention_until=date(2026, 12, 31))
    with app.app_context():
        for token in (keep, expire):
            collection = db.session.scalar(select(Collection).where(Collection.token == token))
            store_response(collection, {"BG_AGE": 14, "P_VOICE": 2})
        result = purge_expired(today=date(2027, 1, 1))
        assert result.responses == 1
        remaining = db.session.scalars(select(Response)).all()
        assert [r.collection.token for r in remaining] == [keep]
        entry = db.session.scalar(select(AuditEntry))
        assert entry.action == "responses.purge" and entry.row_count == 1


def test_cli_creates_lists_and_closes_collections(app, project, runner):
    created = runner.invoke(
        args=["collection", "create", "--project", "P01", "--instrument", "tiny_youth", "--version", "1.0",
              "--wave", "baseline", "--language", "fi", "--language", "sv", "--retention", "2030-01-31"],
    )  # fmt: skip
    assert created.exit_code == 0, created.output
    collection_id, link, status = created.output.strip().split("\t")
    assert link.startswith("/r/") and status == "open"
    listed = runner.invoke(args=["collection", "list", "--project", "P01"])
    assert "tiny_youth@1.0\tbaseline\topen\t0" in listed.output
    closed = runner.invoke(args=["collection", "close", collection_id])
    assert closed.output.strip().endswith("closed")
    with app.app_context():
        assert db.session.get(Collection, int(collection_id)).languages == ["fi", "sv"]


def test_cli_reports_bad_settings_without_a_traceback(app, project, runner):
    result = runner.invoke(
        args=["collection", "create", "--project", "NOPE", "--instrument", "tiny_youth", "--version", "1.0"]
    )
    assert result.exit_code == 2
    assert "no project with code 'NOPE'" in result.output
    result = runner.invoke(
        args=["collection", "create", "--project", "P01", "--instrument", "tiny_youth", "--version", "1.0",
              "--language", "de"],
    )  # fmt: skip
    assert result.exit_code == 2 and "--languages" in result.output
    assert "Choose languages among fi, sv, en." in result.output  # the command line speaks English


def test_purge_command_reports_what_it_deleted(app, project, runner):
    now = utcnow()
    dates = {"opens_at": now - timedelta(days=30), "closes_at": now - timedelta(days=2)}
    token = make_collection(app, project, retention_until=now.date() - timedelta(days=1), **dates)
    with app.app_context():
        store_response(
            db.session.scalar(select(Collection).where(Collection.token == token)), {"BG_AGE": 20, "P_VOICE": 1}
        )
    result = runner.invoke(args=["purge-expired"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("deleted 1 responses")
