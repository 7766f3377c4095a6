"""Every route, for every role and for anonymous visitors, with ids of another project's objects.

The world: projects P01 and P02 with a collection each; a team member, an evaluator, an evaluator with the
raw-data grant and a coordinator, all assigned to P01 only; a team member of P02 with an API token. Each
route's URL is built with P02's ids. The policy below is written out here, independently of
``survey.accounts.permissions``, so that a change there that opens a route makes these tests fail.

- anonymous: pages redirect to the sign-in page, the API answers 401;
- a role the route's permission does not allow: 403 (404 accepted: it reveals less);
- an allowed role with another project's ids: 404, so that ids do not reveal what exists
  (coordinators see every project, so for them the route must work);
- personal objects (API tokens) are 404 for everyone but their owner;
- with P01's own ids, GET routes work for the allowed roles (so the refusals above are not a broken route).

A route that declares no permission with ``@require`` fails :func:`test_every_route_declares_a_permission`.
When a route takes an argument the sweep does not know, teach it in :data:`ID_ARGUMENTS`.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from flask import Blueprint, url_for
from sqlalchemy import select

from instruments.document import dump_yaml
from survey.accounts.auth import create_user
from survey.accounts.permissions import Permission, require, required_permission
from survey.collect.collections import close_collection
from survey.db import db
from survey.models import Collection, Project, Role, UploadedInstrument, User
from survey.respond.responses import store_response
from tests.survey.conftest import CHILDREN, YOUTH, Library, make_collection

ROLES = ("team_member", "evaluator", "evaluator_raw", "coordinator")

# Which roles each permission lets in (the programme's policy, see survey.accounts.permissions).
ALLOWED = {
    Permission.SIGNED_IN: set(ROLES),
    Permission.VIEW_RESULTS: set(ROLES),
    Permission.MANAGE_COLLECTIONS: {"team_member", "coordinator"},
    Permission.DOWNLOAD_RAW: {"evaluator_raw", "coordinator"},
    Permission.VIEW_PROGRAMME: {"coordinator"},
    Permission.VIEW_IMPACT: {"evaluator", "evaluator_raw", "coordinator"},
    Permission.SHARE_BRIEF: {"evaluator", "evaluator_raw", "coordinator"},
    Permission.EDIT_REGISTER: {"coordinator"},
    Permission.MANAGE_USERS: {"coordinator"},
    Permission.VIEW_AUDIT: {"coordinator"},
    Permission.PUBLISH_QUESTIONNAIRES: {"coordinator"},
}

# URL arguments that name stored objects: which of the world's ids to use. "personal": the object belongs
# to one user, and every other user (coordinators too) must get 404.
ID_ARGUMENTS = {
    "project_id": "project",
    "collection_id": "collection",
    "user_id": "user",
    "token_id": "personal",
    "upload_id": "upload",  # an uploaded questionnaire: the programme's, not a project's
}

# Other URL arguments: a value that fits.
PLAIN_ARGUMENTS = {
    "token": "no-such-link",  # a set-password link (public)
    "instrument_id": "tiny_youth",  # a questionnaire's preview (survey/preview/)
    "version": "1.0",
    "page_id": "about",
}

# Routes of a collection that can take answers (a closed one has no poster or QR code): its open collection.
OPEN_COLLECTION_ROUTES = ("staff.poster", "staff.qr")

# Routes that answer 404 when nothing is chosen: a choice, so that the sweep sees them work.
QUERIES = {"compare.workbook": {"instrument": "tiny_youth"}}

REFUSED = (401, 403, 404)
NOT_SWEPT = ("static", "respond.")  # files, and the anonymous respondent flow (the link is the key)


@pytest.fixture
def app_config() -> dict:
    # CSRF is proven separately (test_every_form_refuses_a_post_without_the_csrf_token); here it would
    # answer 400 before the permission check could.
    return {"ARVIO_INSTRUMENTS": Library(YOUTH, CHILDREN), "WTF_CSRF_ENABLED": False}


@dataclass(frozen=True)
class World:
    own: dict[str, int]  # P01's objects
    other: dict[str, int]  # P02's objects
    users: dict[str, tuple[int, int]]  # role -> (user id, session version)
    api_tokens: dict[str, str]  # role -> bearer token
    own_tokens: dict[str, int]  # role -> id of their own API token


def _collection_id(app, token: str) -> int:
    with app.app_context():
        return db.session.scalar(select(Collection.id).where(Collection.token == token))


@pytest.fixture
def world(app) -> World:
    from survey.accounts.api_tokens import create_token

    with app.app_context():
        p1 = Project(code="P01", name="Oma hanke")
        p2 = Project(code="P02", name="Toinen hanke")
        db.session.add_all([p1, p2])
        db.session.commit()
        ids = {"p1": p1.id, "p2": p2.id}
    c1 = _collection_id(app, make_collection(app, ids["p1"], label="Oma keruu"))
    c2 = _collection_id(app, make_collection(app, ids["p2"], label="Toinen keruu"))
    # a follow-up of each, so that the programme impact has two waves to compare
    later = [_collection_id(app, make_collection(app, ids[p], wave="follow_up")) for p in ("p1", "p2")]
    with app.app_context():
        for collection_id in (c1, c2, *later):  # enough answers that results and downloads have something to show
            collection = db.session.get(Collection, collection_id)
            for age, voice in ((14, 1), (15, 2), (16, 3), (17, 3), (18, 2), (19, 1)):
                store_response(collection, {"BG_AGE": age, "P_VOICE": voice})
            close_collection(collection)  # results describe closed collections
        users, secrets, own_tokens = {}, {}, {}
        for name in (*ROLES, "outsider"):
            role = {"evaluator_raw": Role.EVALUATOR, "outsider": Role.TEAM_MEMBER}.get(name, name)
            user = create_user(f"{name}@example.fi", "salasana-123", role=role)
            user.raw_data_grant = name == "evaluator_raw"
            user.projects = [db.session.get(Project, ids["p2" if name == "outsider" else "p1"])]
            db.session.commit()
            new = create_token(user, f"{name} token")
            users[name], secrets[name], own_tokens[name] = (
                (user.id, user.session_version),
                new.secret,
                new.token.id,
            )
        # published, so that the sweep's POSTs (remove, publish again) leave it in place for the next route
        upload = UploadedInstrument(
            instrument_id="own_youth", version="1", document=dump_yaml(YOUTH), published_key="own_youth@1"
        )
        db.session.add(upload)
        db.session.commit()
        ids["upload"] = upload.id
    open1, open2 = (_collection_id(app, make_collection(app, ids[p], wave="end")) for p in ("p1", "p2"))
    return World(
        own={
            "project": ids["p1"], "collection": c1, "open_collection": open1, "user": users["team_member"][0],
            "upload": ids["upload"],
        },
        other={
            "project": ids["p2"], "collection": c2, "open_collection": open2, "user": users["outsider"][0],
            "upload": ids["upload"],
        },
        users=users,
        api_tokens=secrets,
        own_tokens=own_tokens,
    )


def _swept_rules(app):
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.rule):
        if not rule.endpoint.startswith(NOT_SWEPT):
            yield rule


def _methods(rule) -> list[str]:
    return sorted(rule.methods - {"HEAD", "OPTIONS"})


def _url(app, rule, ids: dict[str, int], personal: int) -> tuple[str, bool]:
    """The rule's URL with `ids`, and whether it names a project's (or a person's) object."""
    values, names_object = {}, False
    for argument, converter in rule._converters.items():
        if argument in ID_ARGUMENTS:
            kind = ID_ARGUMENTS[argument]
            if kind == "collection" and rule.endpoint in OPEN_COLLECTION_ROUTES:
                kind = "open_collection"
            values[argument] = personal if kind == "personal" else ids[kind]
            names_object = True
        elif argument in PLAIN_ARGUMENTS:
            values[argument] = PLAIN_ARGUMENTS[argument]
        elif hasattr(converter, "items"):  # <any(png, svg):kind>
            values[argument] = sorted(converter.items)[0]
        else:
            raise AssertionError(f"{rule.endpoint}: the sweep does not know the URL argument {argument!r}")
    with app.test_request_context():
        return url_for(rule.endpoint, **values, **QUERIES.get(rule.endpoint, {})), names_object


def _is_api(rule) -> bool:
    return rule.endpoint.startswith("api.")


class Client:
    """Requests as one role: a session cookie for pages, the role's personal token for the API."""

    def __init__(self, app, world: World, role: str | None) -> None:
        self.client = app.test_client()
        self.role = role
        self.bearer = world.api_tokens[role] if role else None
        if role:
            user_id, version = world.users[role]
            with self.client.session_transaction() as session:
                session["_user_id"] = f"{user_id}:{version}"
                session["_fresh"] = True

    def open(self, rule, method: str, url: str):
        headers = {"Authorization": f"Bearer {self.bearer}"} if self.bearer and _is_api(rule) else {}
        response = self.client.open(url, method=method, headers=headers)
        # Only the status and headers are read: a streamed download's request lasts until its body is read or
        # closed (as a browser closes the connection), and the next request must not find it still going.
        response.close()
        return response


def _refused(response) -> bool:
    if response.status_code in REFUSED:
        return True
    return response.status_code == 302 and response.location.startswith("/staff/login")


def test_every_route_declares_a_permission(app):
    undeclared = [
        r.endpoint for r in _swept_rules(app) if required_permission(app.view_functions[r.endpoint]) is None
    ]
    assert undeclared == [], f"routes without @require(...): {sorted(set(undeclared))}"


def test_anonymous_visitors_are_sent_to_sign_in_or_get_401(app, world):
    visitor, wrong = Client(app, world, None), []
    for rule in _swept_rules(app):
        if required_permission(app.view_functions[rule.endpoint]) in (None, Permission.PUBLIC):
            continue
        url, _ = _url(app, rule, world.other, world.own_tokens["outsider"])
        for method in _methods(rule):
            response = visitor.open(rule, method, url)
            if _is_api(rule):
                ok = response.status_code == 401
            else:
                ok = response.status_code == 302 and response.location.startswith("/staff/login")
            if not ok:
                wrong.append(f"{method} {url} ({rule.endpoint}): {response.status_code}")
    assert wrong == [], "anonymous visitors got through:\n" + "\n".join(wrong)


def role_violations(app, world: World, role: str) -> list[str]:
    """What `role` reached with P02's ids (or without the permission) that it must not have."""
    user, wrong = Client(app, world, role), []
    for rule in _swept_rules(app):
        permission = required_permission(app.view_functions[rule.endpoint])
        if permission in (None, Permission.PUBLIC):
            continue  # undeclared routes fail test_every_route_declares_a_permission
        url, names_object = _url(app, rule, world.other, world.own_tokens["outsider"])
        personal = any(ID_ARGUMENTS.get(a) == "personal" for a in rule.arguments)
        for method in _methods(rule):
            response = user.open(rule, method, url)
            status = response.status_code
            if role not in ALLOWED[permission]:
                expected, ok = "403", status in (403, 404)
            elif personal or (names_object and role != "coordinator"):
                expected, ok = "404", status == 404
            else:
                expected, ok = "to work", not _refused(response) and status < 500
            if not ok:
                wrong.append(f"{method} {url} ({rule.endpoint}, {permission}): {status}, expected {expected}")
    return wrong


@pytest.mark.parametrize("role", ROLES)
def test_each_role_is_refused_what_it_must_not_reach(app, world, role):
    wrong = role_violations(app, world, role)
    assert wrong == [], f"{role}:\n" + "\n".join(wrong)


def test_the_sweep_finds_a_route_that_shows_another_projects_collection(app, world):
    leaky = Blueprint("leaky", __name__)

    @leaky.get("/staff/leaky/<int:collection_id>")
    @require(Permission.VIEW_RESULTS)
    def show(collection_id: int):
        return db.session.get(Collection, collection_id).label  # no collection_or_404: any project's

    @leaky.get("/staff/undeclared")
    def undeclared():
        return "no @require"

    app.register_blueprint(leaky)
    assert role_violations(app, world, "team_member") == [
        f"GET /staff/leaky/{world.other['collection']} (leaky.show, view_results): 200, expected 404"
    ]
    with pytest.raises(AssertionError, match=r"leaky\.undeclared"):
        test_every_route_declares_a_permission(app)


@pytest.mark.parametrize("role", ROLES)
def test_allowed_roles_reach_their_own_projects_pages(app, world, role):
    user, wrong = Client(app, world, role), []
    own_ids = {**world.own, "user": world.own["user"]}
    for rule in _swept_rules(app):
        permission = required_permission(app.view_functions[rule.endpoint])
        if permission in (None, Permission.PUBLIC) or role not in ALLOWED[permission] or "GET" not in rule.methods:
            continue
        url, _ = _url(app, rule, own_ids, world.own_tokens[role])
        response = user.open(rule, "GET", url)
        if _refused(response) or response.status_code >= 500:
            wrong.append(f"GET {url} ({rule.endpoint}, {permission}): {response.status_code}")
    assert wrong == [], f"{role} was refused its own project's pages:\n" + "\n".join(wrong)


def test_an_evaluator_of_all_projects_reads_every_project_but_manages_none(app, world):
    with app.app_context():
        evaluator = db.session.get(User, world.users["evaluator"][0])
        evaluator.all_projects = True
        db.session.commit()
    user = Client(app, world, "evaluator")
    other = world.other["collection"]
    assert user.client.get(f"/staff/collections/{other}").status_code == 200
    assert user.client.post(f"/staff/collections/{other}/close").status_code == 403


def test_every_form_refuses_a_post_without_the_csrf_token(app, world):
    app.config["WTF_CSRF_ENABLED"] = True
    coordinator, accepted = Client(app, world, "coordinator"), []
    for rule in _swept_rules(app):
        if "POST" not in rule.methods or _is_api(rule):
            continue  # the API takes no cookies, so it needs no CSRF token
        url, _ = _url(app, rule, world.own, world.own_tokens["coordinator"])
        response = coordinator.open(rule, "POST", url)
        if response.status_code != 400 or "Sivu oli vanhentunut" not in response.text:
            accepted.append(f"POST {url} ({rule.endpoint}): {response.status_code}")
    assert accepted == [], "forms that took a post without a CSRF token:\n" + "\n".join(accepted)
