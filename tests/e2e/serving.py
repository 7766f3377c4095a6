"""The app as the browser tests' servers serve it."""

from __future__ import annotations

import mimetypes
from pathlib import Path


def closed_before_sending(app):
    """The app with each response read whole and closed before the server sends it.

    Werkzeug's development server closes a response only after draining the socket, and a browser that drops
    a connection (a favicon request cut short by the next page) makes that drain raise first: the static file
    stayed open and its ResourceWarning failed whichever test was running when it was collected. Static files
    (stylesheet, script, icon: the requests a browser cuts short) are therefore served from bytes read here, so
    no file is open while the browser may drop the connection.
    """
    static = {
        f"/static/{path.relative_to(app.static_folder).as_posix()}": path.read_bytes()
        for path in Path(app.static_folder).rglob("*")
        if path.is_file()
    }

    def wsgi(environ, start_response):
        if environ.get("PATH_INFO") in static:
            content_type = mimetypes.guess_type(environ["PATH_INFO"])[0] or "application/octet-stream"
            start_response("200 OK", [("Content-Type", content_type)])
            return [static[environ["PATH_INFO"]]]
        body = app(environ, start_response)
        try:
            return [b"".join(body)]
        finally:
            if hasattr(body, "close"):
                body.close()

    return wsgi
