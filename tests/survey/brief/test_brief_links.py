"""Share links to a brief: made by evaluators and coordinators, opened without an account, expiring and revoked at
once, audited, never indexed, and opening nothing else: every route of the app is swept with the link's token
in every place a request can carry it, as tests/survey/test_authorization_sweep.py sweeps the roles."""

from __future__ import annotations

import hashlib
import re
from datetime import timedelta

import pytest
from flask import url_for
from sqlalchemy import select

from survey.brief.links import today
from survey.db import db
from survey.models import AuditEntry, BriefLink, User
from tests.survey.brief.world import BRIEF_YOUTH, brief_url, signed_in

LINK = re.compile(r'id="new-link" type="text" value="http://localhost/b/([A-Za-z0-9_-]{43})"')


def make_link(app, world, role: str = "evaluator", **form):
    data = {"instrument": BRIEF_YOUTH.id, "wave": ["baseline", "follow_up"], "note": "Kunnanhallitus",
            "expires_on": (today() + timedelta(days=30)).isoformat(), "language": "fi", **form}  # fmt: skip
    response = signed_in(app, world, role).post(f"/staff/projects/{world['project']}/brief/links", data=data)
    return response


def new_token(app, world, role: str = "evaluator", **form) -> str:
    response = make_link(app, world, role, **form)
    assert response.status_code == 200, response.text
    return LINK.search(response.text).group(1)


def actions(app) -> list[tuple[str, int | None]]:
    with app.app_context():
        return [(e.action, e.user_id) for e in db.session.scalars(select(AuditEntry).order_by(AuditEntry.id))]


def test_a_share_link_opens_the_brief_anonymously_without_a_session_and_is_never_indexed(app, world):
    token = new_token(app, world)
    reader = app.test_client()
    page = reader.get(f"/b/{token}")
    assert page.status_code == 200
    assert "P01 – Nuoret päättäjinä" in page.text and "Kuulluksi tuleminen" in page.text
    assert "0,80" in page.text
    assert page.headers["X-Robots-Tag"] == "noindex, nofollow, noarchive"
    assert '<meta name="robots" content="noindex, nofollow, noarchive">' in page.text
    assert page.headers["Cache-Control"] == "no-store"
    assert "Set-Cookie" not in page.headers
    assert "/staff/" not in page.text  # no way into the staff pages from it
    swedish = reader.get(f"/b/{token}?lang=sv")
    assert swedish.status_code == 200 and "Viktigaste resultat" in swedish.text
    assert "Set-Cookie" not in swedish.headers
    pdf = reader.get(f"/b/{token}/brief.pdf")
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf" and "Set-Cookie" not in pdf.headers
    assert reader.get_cookie("session") is None
    assert actions(app)[-3:] == [("brief.link.open", None), ("brief.link.open", None), ("brief.link.pdf", None)]


def test_the_link_is_shown_once_and_only_its_hash_is_stored(app, world):
    token = new_token(app, world)
    with app.app_context():
        link = db.session.scalar(select(BriefLink))
        assert link.token_hash == hashlib.sha256(token.encode()).hexdigest()
        assert token not in repr([getattr(link, c.name) for c in BriefLink.__table__.columns])
        assert link.note == "Kunnanhallitus" and link.waves == ["baseline", "follow_up"]
    again = signed_in(app, world, "evaluator").get(brief_url(world))
    assert token not in again.text and "Kunnanhallitus" in again.text
    assert ("brief.link.create", world["users"]["evaluator"][0]) in actions(app)


@pytest.mark.parametrize(
    ("language", "title"),
    [("fi", "Linkki on vanhentunut"), ("sv", "Länken har gått ut"), ("en", "This link has expired")],
)
def test_an_expired_link_gives_a_friendly_page_in_the_readers_language(app, world, language, title):
    token = new_token(app, world)
    with app.app_context():
        db.session.scalar(select(BriefLink)).expires_on = today() - timedelta(days=2)
        db.session.commit()
    page = app.test_client().get(f"/b/{token}?lang={language}")
    assert page.status_code == 410
    assert title in page.text and f'<html lang="{language}">' in page.text
    assert "Kuulluksi" not in page.text and "Set-Cookie" not in page.headers
    assert page.headers["X-Robots-Tag"].startswith("noindex")


@pytest.mark.parametrize("token", ["x" * 43, "no-such-link", "a" * 500, "%00", "ä" * 43])
def test_an_unknown_link_is_a_friendly_404(app, world, token):
    page = app.test_client().get(f"/b/{token}/", follow_redirects=True) if token == "%00" else \
        app.test_client().get(f"/b/{token}")  # fmt: skip
    assert page.status_code in (400, 404)
    if page.status_code == 404:
        assert "Tässä osoitteessa ei ole tiivistelmää" in page.text


def test_revoking_a_link_takes_effect_at_once(app, world):
    token = new_token(app, world)
    reader = app.test_client()
    assert reader.get(f"/b/{token}").status_code == 200
    with app.app_context():
        link_id = db.session.scalar(select(BriefLink.id))
    revoked = signed_in(app, world, "evaluator").post(
        f"/staff/projects/{world['project']}/brief/links/revoke", data={"link": link_id}
    )
    assert revoked.status_code == 302
    gone = reader.get(f"/b/{token}")
    assert gone.status_code == 410 and "Linkki ei enää toimi" in gone.text
    assert reader.get(f"/b/{token}/brief.pdf").status_code == 410
    assert ("brief.link.revoke", world["users"]["evaluator"][0]) in actions(app)


def test_a_link_ends_when_its_maker_may_no_longer_see_the_brief(app, world):
    token = new_token(app, world)
    with app.app_context():
        db.session.get(User, world["users"]["evaluator"][0]).projects = []
        db.session.commit()
    assert app.test_client().get(f"/b/{token}").status_code == 410


def test_team_members_do_not_make_links_and_bad_dates_are_refused_in_words(app, world):
    assert make_link(app, world, "team_member").status_code == 403
    for expires, message in [
        ("", "Valitse viimeinen päivä, jolloin linkki toimii."),
        ("2001-01-01", "Viimeinen päivä ei voi olla menneisyydessä."),
        ((today() + timedelta(days=400)).isoformat(), "Linkki voi olla voimassa enintään vuoden."),
        ("31.12.2026", "Valitse viimeinen päivä, jolloin linkki toimii."),
    ]:
        response = make_link(app, world, expires_on=expires)
        assert response.status_code == 400 and message in response.text, expires
    too_long = make_link(app, world, note="x" * 201)
    assert too_long.status_code == 400 and "Kirjoita enintään 200 merkkiä." in too_long.text
    with app.app_context():
        assert db.session.scalar(select(BriefLink)) is None


def test_a_programme_link_shows_the_programme_brief(app, world):
    coordinator = signed_in(app, world, "coordinator")
    made = coordinator.post("/staff/brief/links", data={"expires_on": today().isoformat(), "language": "en"})
    assert made.status_code == 200
    token = LINK.search(made.text).group(1)
    page = app.test_client().get(f"/b/{token}")
    assert page.status_code == 200 and "The programme's projects: what changed" in page.text
    assert "P01" in page.text and "+0.80" in page.text
    assert app.test_client().get(f"/b/{token}/brief.pdf").mimetype == "application/pdf"


# The sweep: the token opens nothing but its brief ------------------------------------------------------------

SHARE_ROUTES = ("brief_share.shared", "brief_share.shared_pdf")


def _urls(app, world, token: str):
    """Every route but the share link's own and static files, with P01's ids and the token where a route takes
    one."""
    ids = {"project_id": world["project"], "collection_id": 1, "user_id": world["users"]["team_member"][0],
           "token_id": 1, "page_id": "views", "code": "ABCD-EFGH",
           "instrument_id": "equality_youth", "version": "1.0", "upload_id": 1}  # fmt: skip
    with app.test_request_context():
        for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.rule):
            if rule.endpoint in SHARE_ROUTES or rule.endpoint == "static":
                continue
            values = {}
            for argument, converter in rule._converters.items():
                if argument == "token":
                    values[argument] = token
                elif argument in ids:
                    values[argument] = ids[argument]
                elif hasattr(converter, "items"):
                    values[argument] = sorted(converter.items)[0]
                else:
                    raise AssertionError(f"{rule.endpoint}: teach the sweep the argument {argument!r}")
            for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
                yield rule.endpoint, method, url_for(rule.endpoint, **values)


def _answer(response) -> tuple[int, str]:
    return response.status_code, response.headers.get("Location", "")


def token_violations(app, world, token: str) -> list[str]:
    """Requests that answered differently with the share token than an anonymous visitor without it."""
    carriers = {
        "after opening the link": lambda client: client.get(f"/b/{token}"),
        "as a cookie": lambda client: client.set_cookie("session", token) or client.set_cookie("token", token),
        "as a bearer token": None,
        "as a query parameter": None,
    }
    wrong = []
    for endpoint, method, url in _urls(app, world, token):
        baseline = _answer(app.test_client().open(url.replace(token, "no-such-link"), method=method))
        for name, prepare in carriers.items():
            client = app.test_client()
            headers, query = {}, ""
            if prepare is not None:
                prepare(client)
            if name == "as a bearer token":
                headers["Authorization"] = f"Bearer {token}"
            if name == "as a query parameter":
                query = ("&" if "?" in url else "?") + f"token={token}&link={token}"
            answer = _answer(client.open(url + query, method=method, headers=headers))
            same_place = answer[1].split("?")[0] == baseline[1].split("?")[0]
            if answer[0] != baseline[0] or not same_place:
                wrong.append(f"{method} {url} ({endpoint}) with the token {name}: {answer}, anonymous: {baseline}")
    return wrong


def test_the_share_token_opens_nothing_else_wherever_a_request_carries_it(app, world):
    token = new_token(app, world)
    assert token_violations(app, world, token) == []
    staff = [(e, m, u) for e, m, u in _urls(app, world, token) if e.startswith(("brief.", "programme_brief."))]
    assert len(staff) >= 10
    for _endpoint, method, url in staff:  # the brief's staff pages are refused to an anonymous reader
        assert app.test_client().open(url, method=method).status_code in (302, 401)


def test_the_sweep_finds_a_route_that_trusts_the_token(app, world):
    from flask import Blueprint, request

    from survey.accounts.permissions import Permission, require
    from survey.brief.links import LinkState, find_link

    leaky = Blueprint("leaky", __name__)

    @leaky.get("/staff/leaky")
    @require(Permission.PUBLIC)
    def show():
        _link, state = find_link(request.args.get("token", ""))
        return ("the brief", 200) if state is LinkState.OPEN else ("no", 404)

    app.register_blueprint(leaky)
    token = new_token(app, world)
    assert [line.split(" (")[0] for line in token_violations(app, world, token)] == ["GET /staff/leaky"]
