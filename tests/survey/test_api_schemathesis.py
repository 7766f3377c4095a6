"""The API keeps the promises of its own OpenAPI document, checked with generated requests (Schemathesis).

The app is called directly through WSGI, no network. The signed-in user is a team member of one project with
the raw-data grant, so that generated ids reach found, forbidden-free and not-found objects alike. Each
operation gets a bounded number of examples so that the run stays short.
"""

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    ignored_auth,
    response_schema_conformance,
    status_code_conformance,
)

from survey.api.schema import openapi_document
from survey.models import Role
from tests.survey.api_helpers import (
    bearer,
    collection_with_responses,
    other_project,
    user_with_token,
    youth_answers,
)

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    ignored_auth,
]


@pytest.fixture
def api_token(app, project) -> str:
    collection_with_responses(app, project, youth_answers(12))
    collection_with_responses(app, other_project(app), youth_answers(6))
    return user_with_token(app, "arvioija@example.fi", Role.TEAM_MEMBER, [project], raw_data=True)


# The document as the app serves it (its server address is the test client's). Loaded from the module,
# not through the app, because the app (and its database) is a per-test fixture.
schema = schemathesis.openapi.from_dict(openapi_document("http://localhost"))


def test_the_app_serves_the_document_the_tests_use(client):
    assert client.get("/api/v1/openapi.json").json == schema.raw_schema


@schema.parametrize()
@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
def test_every_answer_conforms_to_the_document(app, case, api_token):
    case.operation.schema.app = app  # this test's app: calls go through WSGI, no network
    case.call_and_validate(headers=bearer(api_token), checks=CHECKS, app=app)
