"""Logging without client addresses: respondents are anonymous, so no request log names an IP address.

Werkzeug's development server logs each request as ``ADDRESS - - [time] "GET ..."``; the filter blanks the
address. Under gunicorn, run without an access log or with an ``--access-logformat`` that leaves out ``%(h)s``.
"""

from __future__ import annotations

import logging
import re

from flask import Flask

_REQUEST_LINE = re.compile(r"^\S+ - - \[")


class NoClientAddress(logging.Filter):
    """Replaces the client address that starts Werkzeug's request log lines with ``-``.

    >>> record = logging.LogRecord("werkzeug", 20, "", 0, '10.0.0.7 - - [date] "GET /r/x" %s', ("200",), None)
    >>> NoClientAddress().filter(record), record.getMessage()
    (True, '- - - [date] "GET /r/x" 200')
    """

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.msg, str) and _REQUEST_LINE.match(record.msg):
            record.msg = "-" + record.msg[record.msg.index(" - - [") :]
        return True


def init_app(app: Flask) -> None:
    logger = logging.getLogger("werkzeug")
    if not any(isinstance(f, NoClientAddress) for f in logger.filters):
        logger.addFilter(NoClientAddress())
