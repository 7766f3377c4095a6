"""The Flask application: storage, respondent flow, staff pages and the JSON API.

>>> from survey import create_app
>>> app = create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://", "SECRET_KEY": "x"})
>>> app.url_map.bind("localhost").build("respond.start", {"token": "abc"})
'/r/abc'
"""

from __future__ import annotations

from collections.abc import Mapping

from flask import Flask


def create_app(config: Mapping[str, object] | None = None) -> Flask:
    """Build the application: defaults, then the environment, then `config` (tests pass a mapping)."""
    from survey import auth, cli, db, errors, i18n, instruments, logs, security, templating
    from survey.config import load_config
    from survey.views import respondent, staff

    app = Flask(__name__, instance_relative_config=True)
    load_config(app, config)
    logs.init_app(app)
    db.init_app(app)
    i18n.init_app(app)
    templating.init_app(app)
    security.init_app(app)
    auth.init_app(app)
    instruments.init_app(app)
    errors.init_app(app)
    cli.init_app(app)
    app.register_blueprint(respondent.bp)
    app.register_blueprint(staff.bp)
    return app
