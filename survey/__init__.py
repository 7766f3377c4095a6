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
    from survey import bounds, cli, db, error_pages, i18n, logs, questionnaires, rate_limits, security, templating
    from survey.accounts import account_pages, audit_pages, auth, user_pages
    from survey.api import routes as api
    from survey.api import token_pages
    from survey.brief import pages as brief_pages
    from survey.brief import programme_pages
    from survey.brief import shared_pages as brief_shared_pages
    from survey.collect import open_answers, short_links
    from survey.collect import pages as collect_pages
    from survey.config import load_config
    from survey.demo import commands as demo
    from survey.preview import pages as preview
    from survey.register import overview_pages
    from survey.register import pages as register_pages
    from survey.respond import links
    from survey.respond import pages as respond_pages
    from survey.results import compare_pages, impact_pages
    from survey.results import pages as results_pages
    from survey.uploads import pages as upload_pages

    instance_path = (config or {}).get("ARVIO_INSTANCE_PATH") or os.environ.get("ARVIO_INSTANCE_PATH")
    app = Flask(__name__, instance_path=str(instance_path) if instance_path else None)
    load_config(app, config)
    bounds.init_app(app)
    logs.init_app(app)
    db.init_app(app)
    i18n.init_app(app)
    templating.init_app(app)
    security.init_app(app)
    rate_limits.init_app(app)
    auth.init_app(app)
    questionnaires.init_app(app)
    links.init_app(app)
    error_pages.init_app(app)
    cli.init_app(app)
    demo.init_app(app)
    app.register_blueprint(respond_pages.bp)
    app.register_blueprint(collect_pages.bp)
    app.register_blueprint(preview.bp)
    app.register_blueprint(open_answers.bp)
    app.register_blueprint(short_links.bp)
    app.register_blueprint(api.bp)
    app.register_blueprint(token_pages.bp)
    app.register_blueprint(account_pages.bp)
    app.register_blueprint(user_pages.bp)
    app.register_blueprint(audit_pages.bp)
    app.register_blueprint(results_pages.bp)
    app.register_blueprint(compare_pages.bp)
    app.register_blueprint(impact_pages.bp)
    app.register_blueprint(register_pages.bp)
    app.register_blueprint(upload_pages.bp)
    app.register_blueprint(overview_pages.bp)
    app.register_blueprint(brief_pages.bp)
    app.register_blueprint(programme_pages.bp)
    app.register_blueprint(brief_shared_pages.bp)
    return app
