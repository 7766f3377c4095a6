"""Switching the interface language keeps the page's query, so a results selection survives the switch."""

from urllib.parse import parse_qsl, urlsplit

from survey import create_app
from survey.templating import url_in_language


def test_language_link_keeps_every_query_parameter_and_replaces_the_language():
    app = create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://", "SECRET_KEY": "x", "TESTING": True})
    with app.test_request_context("/staff/compare/?project=1&project=3&wave=baseline&lang=fi"):
        link = url_in_language("sv")
    parts = urlsplit(link)
    assert parts.path == "/staff/compare/"
    assert parse_qsl(parts.query) == [("project", "1"), ("project", "3"), ("wave", "baseline"), ("lang", "sv")]
