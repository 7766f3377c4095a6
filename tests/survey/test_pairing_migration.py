"""Migration 0006: pairing codes stored the old way (one HMAC per part) are recovered, sealed and still pair.

Each test migrates a database of its own to 0005, writes rows as the app did then, and migrates on.
"""

from __future__ import annotations

import os
import uuid
from datetime import date, timedelta

import pytest
import sqlalchemy as sa
from flask_migrate import downgrade, upgrade
from sqlalchemy import create_engine, make_url, select, text

from survey import create_app
from survey.collect.collections import close_collection
from survey.db import db, utcnow
from survey.models import Collection, Response, Role, User
from survey.pairing_codes import part_hashes, unseal
from survey.results import reports
from tests.conftest import BASE_CONFIG
from tests.survey.conftest import Library
from tests.survey.team_data import SCALED, add_user

KEY = BASE_CONFIG["ARVIO_PAIRING_KEY"]
BASELINE = [("A", "1"), ("Ä", "12"), ("É", "3"), ("K", "0"), ("S", "7"), ("T", "31")]
FOLLOW_UP = [("A", "1"), ("Ä", "12"), ("É", "3"), ("K", "0"), ("S", "8")]  # S-7 mistyped its day: tolerant


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def fresh_url(request, tmp_path):
    """A database of this test's own, empty (no migrations run)."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'old.sqlite'}"
        return
    server = os.environ.get("ARVIO_TEST_POSTGRES_URL")
    if not server:
        if os.environ.get("ARVIO_REQUIRE_POSTGRES") == "1":
            pytest.fail("ARVIO_REQUIRE_POSTGRES=1 but ARVIO_TEST_POSTGRES_URL is not set")
        pytest.skip("PostgreSQL tests need ARVIO_TEST_POSTGRES_URL")
    schema = f"test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(server)
    with admin.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    url = make_url(server).update_query_dict({"options": f"-csearch_path={schema}"})
    try:
        yield url.render_as_string(hide_password=False)
    finally:
        with admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture
def make_app(fresh_url):
    """The app on the test's database, with the given pairing key; every engine is closed at the end."""
    made = []

    def make(key: str = KEY):
        made.append(create_app({**BASE_CONFIG, "SQLALCHEMY_DATABASE_URI": fresh_url, "ARVIO_PAIRING_KEY": key,
                                "ARVIO_INSTRUMENTS": Library(SCALED)}))  # fmt: skip
        return made[-1]

    yield make
    for app in made:
        with app.app_context():
            db.session.remove()
            db.engine.dispose()


def _old_form(code: tuple[str, str]) -> str:
    """What the app stored before 0006: each part's HMAC-SHA256 under the programme key, 12 hex characters."""
    return part_hashes(KEY.encode(), list(zip(("PC_LETTER", "PC_DAY"), code, strict=True)))


def _old_database(app) -> dict[str, int]:
    """At revision 0005: a baseline and a follow-up written the old way, plus codes that cannot be recovered."""
    with app.app_context():
        upgrade(revision="0005")
    with app.app_context():  # the tables as they were at 0005: today's models have columns they lack
        projects, collections, responses, drafts = (
            sa.Table(name, sa.MetaData(), autoload_with=db.engine)
            for name in ("projects", "collections", "responses", "drafts")
        )
        with db.engine.begin() as connection:
            project = connection.execute(projects.insert().values(
                code="P01", name="Hanke P01", kind="single", sectors=[], counties=[], description="",
                created_at=utcnow(),
            )).inserted_primary_key[0]  # fmt: skip
    ids = {"project": project}
    for wave, codes in (("baseline", BASELINE), ("follow_up", FOLLOW_UP)):
        with app.app_context(), db.engine.begin() as connection:
            ids[wave] = connection.execute(collections.insert().values(
                token=f"old-{wave}", project_id=project, label="", instrument_id=SCALED.id,
                instrument_version=SCALED.version, wave=wave, respondent_group=SCALED.respondent_group.value,
                languages=["fi"], opens_at=utcnow() - timedelta(days=3), ask_pairing_code=True, intro={},
                consent={}, created_at=utcnow(), retention_until=date.today() + timedelta(days=365),
            )).inserted_primary_key[0]  # fmt: skip
        with app.app_context(), db.engine.begin() as connection:
            for i, code in enumerate(codes):
                connection.execute(responses.insert().values(
                    collection_id=ids[wave], instrument_id=SCALED.id, instrument_version=SCALED.version,
                    language="fi", answers={"A1": 1 + i % 5, "A2": 3, "A3": 4}, pairing_code_hash=_old_form(code),
                    submission_token=f"{wave}-{i}", submitted_at=utcnow() - timedelta(minutes=i),
                ))  # fmt: skip
    broken = {"garbage": "0123456789ab-ba9876543210", "short": _old_form(("A", "2")).split("-")[0]}
    with app.app_context(), db.engine.begin() as connection:
        for name, value in broken.items():
            connection.execute(responses.insert().values(
                collection_id=ids["baseline"], instrument_id=SCALED.id, instrument_version=SCALED.version,
                language="fi", answers={}, pairing_code_hash=value, submission_token=name, submitted_at=utcnow(),
            ))  # fmt: skip
        connection.execute(drafts.insert().values(
            collection_id=ids["follow_up"], key_hash="k" * 64, submission_token="draft", language="fi", answers={},
            pairing_code_hash=_old_form(("Ö", "5")), page="about", created_at=utcnow(), updated_at=utcnow(),
        ))  # fmt: skip
    return ids


def test_old_codes_are_recovered_sealed_and_still_pair(make_app):
    app = make_app()
    ids = _old_database(app)
    with app.app_context():
        upgrade(revision="heads")
        stored = {r.submission_token: r.sealed_pairing_code for r in db.session.scalars(select(Response))}
        draft = db.session.execute(text("SELECT sealed_pairing_code FROM drafts")).scalar_one()
    for wave, codes in (("baseline", BASELINE), ("follow_up", FOLLOW_UP)):
        for i, (letter, day) in enumerate(codes):
            assert unseal(KEY, stored[f"{wave}-{i}"]) == (("PC_LETTER", letter), ("PC_DAY", day))
    assert stored["garbage"] is None and stored["short"] is None  # not recoverable: no code
    assert unseal(KEY, draft) == (("PC_LETTER", "Ö"), ("PC_DAY", "5"))
    assert len(set(stored.values())) == len(stored) - 1  # two equal codes, two different values (and None)

    add_user(app, "arvioija@example.fi", Role.EVALUATOR, ids["project"], raw=True)
    with app.test_request_context():
        for wave in ("baseline", "follow_up"):  # results describe closed collections
            close_collection(db.session.get(Collection, ids[wave]))
        user = db.session.scalar(select(User).where(User.email == "arvioija@example.fi"))
        report = reports.report_for(user, project_ids=[ids["project"]], instrument_id=SCALED.id).report
    (pairing,) = report.pairing
    assert (pairing.exact_matches, pairing.tolerant_matches) == (4, 1)


def test_the_migration_reverses_to_the_old_form(make_app):
    app = make_app()
    _old_database(app)
    with app.app_context():
        upgrade(revision="heads")
        downgrade(revision="0005")
        rows = dict(db.session.execute(text("SELECT submission_token, pairing_code_hash FROM responses")).all())
    assert rows["baseline-1"] == _old_form(("Ä", "12")) and rows["follow_up-4"] == _old_form(("S", "8"))


def test_a_wrong_key_stops_the_migration_before_anything_changes(make_app, capfd):
    _old_database(make_app())
    app = make_app(key="not-the-key-the-codes-were-stored-with")
    with app.app_context():
        with pytest.raises(SystemExit):  # `flask db upgrade` prints the error and exits with status 1
            upgrade(revision="heads")
        assert "Set ARVIO_PAIRING_KEY to the key the app has used" in capfd.readouterr().err
        db.session.remove()
        columns = {c["name"] for c in sa.inspect(db.engine).get_columns("responses")}
        kept = db.session.execute(text("SELECT count(*) FROM responses WHERE pairing_code_hash IS NOT NULL"))
        assert "pairing_code_hash" in columns and kept.scalar_one() == len(BASELINE) + len(FOLLOW_UP) + 2
        assert db.session.scalar(select(Collection.id).limit(1)) is not None
