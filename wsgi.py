"""WSGI entry point for gunicorn and ``flask --app wsgi``."""

from survey import create_app
from survey.config import ConfigError

try:
    app = create_app()
except ConfigError as error:  # a setting that cannot run Arvio: say which, without a traceback
    raise SystemExit(f"Arvio cannot start: {error}") from None
