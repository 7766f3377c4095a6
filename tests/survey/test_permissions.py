"""The permission rules, role by role, and the examples in the access modules' docstrings."""

from __future__ import annotations

import doctest
import importlib

import pytest

from survey.accounts.permissions import (
    Permission,
    allows,
    can_download_raw,
    can_manage_collections,
    can_view_audit,
    can_view_programme,
    can_view_project,
)
from survey.models import Project, Role, User

P01 = Project(id=1, code="P01", name="Oma")
P02 = Project(id=2, code="P02", name="Toinen")


def person(role: Role, *, raw: bool = False, everything: bool = False, projects=(P01,)) -> User:
    return User(role=role, raw_data_grant=raw, all_projects=everything, projects=list(projects))


def test_team_members_work_on_their_own_projects_only():
    member = person(Role.TEAM_MEMBER)
    assert can_view_project(member, P01) and can_manage_collections(member, P01)
    assert not can_view_project(member, P02) and not can_manage_collections(member, P02)
    assert not can_download_raw(member, P01)  # raw responses need the grant, also in one's own project
    assert can_download_raw(person(Role.TEAM_MEMBER, raw=True), P01)


def test_evaluators_read_assigned_projects_and_change_nothing():
    evaluator = person(Role.EVALUATOR)
    assert allows(evaluator, Permission.VIEW_RESULTS, P01) and not allows(evaluator, Permission.VIEW_RESULTS, P02)
    assert not can_manage_collections(evaluator, P01)
    assert not can_download_raw(evaluator, P01) and can_download_raw(person(Role.EVALUATOR, raw=True), P01)
    assert not can_download_raw(person(Role.EVALUATOR, raw=True), P02)


def test_an_evaluator_without_assignments_sees_nothing_unless_set_to_all_projects():
    assert not can_view_project(person(Role.EVALUATOR, projects=()), P01)
    everything = person(Role.EVALUATOR, everything=True, projects=())
    assert can_view_project(everything, P02) and can_view_programme(everything)
    assert not can_manage_collections(everything, P02) and not can_view_audit(everything)


def test_the_all_projects_flag_means_nothing_for_team_members():
    member = person(Role.TEAM_MEMBER, everything=True)
    assert not can_view_project(member, P02) and not can_view_programme(member)


def test_coordinators_may_do_everything():
    coordinator = person(Role.COORDINATOR, projects=())
    assert all(allows(coordinator, p, P02) for p in Permission)


@pytest.mark.parametrize("name", ["survey.accounts.permissions", "survey.accounts.audit", "survey.accounts.auth"])
def test_docstring_examples_run(name):
    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0 and result.failed == 0
