"""The audit log: append-only, hash-chained, readable and verifiable by the coordinator only."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from survey.accounts import audit
from survey.accounts.auth import create_user
from survey.db import db
from survey.models import AuditEntry, Role, User


def tamper(statement: str) -> None:
    """Change the log behind the application's back, as someone with the database password could."""
    with db.engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            connection.execute(text("ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only"))
            connection.execute(text(statement))
            connection.execute(text("ALTER TABLE audit_log ENABLE TRIGGER audit_log_append_only"))
        else:
            trigger = connection.execute(
                text("SELECT sql FROM sqlite_master WHERE name = 'audit_log_append_only'")
            ).scalar_one()
            connection.execute(text("DROP TRIGGER audit_log_append_only"))
            connection.execute(text(statement))
            connection.execute(text(trigger))


@pytest.fixture
def people(app) -> dict[str, int]:
    with app.app_context():
        return {
            "coordinator": create_user("koordinaattori@example.fi", "salasana-123", role=Role.COORDINATOR).id,
            "evaluator": create_user("arvioija@example.fi", "salasana-123", role=Role.EVALUATOR).id,
        }


def _three_entries(people) -> None:
    coordinator = db.session.get(User, people["coordinator"])
    audit.record(coordinator, "download.xlsx", "collection:1", {"waves": ["baseline"], "by": "BG_GENDER"}, 40)
    audit.record(coordinator, "responses.view", "collection:2", {"language": "fi"}, 12)
    audit.record(None, "responses.purge", "collections:3", {"drafts": 2}, 7)


def test_entries_chain_each_to_the_one_before(app, people):
    with app.app_context():
        _three_entries(people)
        entries = db.session.scalars(db.select(AuditEntry).order_by(AuditEntry.id)).all()
        assert [e.id for e in entries] == [1, 2, 3]
        assert entries[0].prev_hash == "" and entries[1].prev_hash == entries[0].hash
        assert entries[2].prev_hash == entries[1].hash and len(entries[2].hash) == 64
        assert entries[0].details == {"by": "BG_GENDER", "waves": ["baseline"]} and entries[0].row_count == 40
        assert audit.verify_chain() == audit.ChainCheck(entries=3)


def test_a_removed_entry_breaks_the_chain(app, people):
    with app.app_context():
        _three_entries(people)
        tamper("DELETE FROM audit_log WHERE id = 2")
        assert audit.verify_chain() == audit.ChainCheck(entries=1, first_broken=3)


def test_a_changed_entry_breaks_the_chain_from_there(app, people):
    with app.app_context():
        _three_entries(people)
        tamper("UPDATE audit_log SET row_count = 4 WHERE id = 2")
        check = audit.verify_chain()
        assert not check.intact and check.first_broken == 2 and check.entries == 1


def test_the_database_refuses_to_change_an_entry(app, people):
    with app.app_context():
        _three_entries(people)
        with pytest.raises(DBAPIError, match="append-only"), db.engine.begin() as connection:
            connection.execute(text("UPDATE audit_log SET row_count = 0 WHERE id = 1"))
        if db.engine.dialect.name == "postgresql":
            with pytest.raises(DBAPIError, match="append-only"), db.engine.begin() as connection:
                connection.execute(text("DELETE FROM audit_log WHERE id = 1"))
        assert audit.verify_chain().intact


def _sign_in_as(client, people, who):
    with client.session_transaction() as session:
        session["_user_id"] = f"{people[who]}:1"


def test_the_coordinator_reads_the_log_filtered_and_paged(app, client, people):
    with app.app_context():
        _three_entries(people)
    _sign_in_as(client, people, "coordinator")
    page = client.get("/staff/audit/").text
    assert "3 merkintää" in page and "download.xlsx" in page and "koordinaattori@example.fi" in page
    filtered = client.get("/staff/audit/?action=responses.purge").text
    assert "1 merkintä" in filtered and "järjestelmä" in filtered and "download.xlsx</td>" not in filtered
    mine = client.get(f"/staff/audit/?user={people['coordinator']}").text
    assert "2 merkintää" in mine


def test_the_coordinator_sees_the_chain_intact_or_where_it_broke(app, client, people):
    with app.app_context():
        _three_entries(people)
    _sign_in_as(client, people, "coordinator")
    assert "Ketju on ehjä: 3 merkintää." in client.get("/staff/audit/verify").text
    with app.app_context():
        tamper("UPDATE audit_log SET target = 'collection:9' WHERE id = 3")
    broken = client.get("/staff/audit/verify").text
    assert "Ketju on katkennut" in broken and "Merkintä 3" in broken


def test_evaluators_cannot_read_the_log(app, client, people):
    _sign_in_as(client, people, "evaluator")
    assert client.get("/staff/audit/").status_code == 403
    assert client.get("/staff/audit/verify").status_code == 403


def test_writers_at_the_same_time_extend_one_chain(app):
    def write(n: int) -> None:
        with app.app_context():
            for i in range(8):
                audit.record(None, "download.csv", f"collection:{n}", {"i": i}, i)

    threads = [threading.Thread(target=write, args=(n,)) for n in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    with app.app_context():
        assert audit.verify_chain() == audit.ChainCheck(entries=24)
