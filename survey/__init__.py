"""The Flask application: storage, respondent flow, staff pages and the JSON API.

>>> from survey import create_app
>>> app = create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://", "SECRET_KEY": "x"})
>>> app.url_map.bind("localhost").build("respond.start", {"token": "abc"})
'/r/abc'
"""

from __future__ import annotations

import os
from collections.abc import Mapping

from flask import Flask


def create_app(config: Mapping[str, object] | None = None) -> Flask:
    """Build the application: defaults, then the environment, then `config` (tests pass a mapping).

    The instance folder (embedded database, generated secret key) is ``instance/`` beside the code unless
    ``ARVIO_INSTANCE_PATH`` (config or environment) names another.
    """
    from survey import auth, cli, db, demo, errors, i18n, instruments, links, logs, security, templating
    from survey.config import load_config
    from survey.views import (
        account,
        api,
        audit,
        compare,
        overview,
        register,
        respondent,
        results,
        staff,
        tokens,
        users,
    )

    instance_path = (config or {}).get("ARVIO_INSTANCE_PATH") or os.environ.get("ARVIO_INSTANCE_PATH")
    app = Flask(__name__, instance_path=str(instance_path) if instance_path else None)
    load_config(app, config)
    logs.init_app(app)
    db.init_app(app)
    i18n.init_app(app)
    templating.init_app(app)
    security.init_app(app)
    auth.init_app(app)
    instruments.init_app(app)
    links.init_app(app)
    errors.init_app(app)
    cli.init_app(app)
    demo.init_app(app)
    app.register_blueprint(respondent.bp)
    app.register_blueprint(staff.bp)
    app.register_blueprint(api.bp)
    app.register_blueprint(tokens.bp)
    app.register_blueprint(account.bp)
    app.register_blueprint(users.bp)
    app.register_blueprint(audit.bp)
    app.register_blueprint(results.bp)
    app.register_blueprint(compare.bp)
    app.register_blueprint(register.bp)
    app.register_blueprint(overview.bp)
    return app
