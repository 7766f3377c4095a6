"""The instrument library, loaded once per application and kept on it.

Tests (and special deployments) may hand the app a ready library as ``config["ARVIO_INSTRUMENTS"]``: any
object with ``get(id, version) -> Instrument``. Otherwise the built-in library is loaded on first use with
:func:`instruments.loader.load_library`.
"""

from __future__ import annotations

from typing import Protocol

from flask import Flask, current_app

from instruments.model import Instrument

_KEY = "arvio_instruments"


class Library(Protocol):
    def get(self, id: str, version: str) -> Instrument: ...


class UnknownInstrument(LookupError):
    """No instrument with this id and version in the library."""

    def __init__(self, instrument_id: str, version: str) -> None:
        super().__init__(f"no instrument {instrument_id}@{version} in the library")
        self.instrument_id = instrument_id
        self.version = version


def init_app(app: Flask) -> None:
    app.extensions[_KEY] = app.config.get("ARVIO_INSTRUMENTS")


def library(app: Flask | None = None) -> Library:
    """The application's instrument library (loaded on first use)."""
    app = app or current_app._get_current_object()  # type: ignore[attr-defined]
    if app.extensions.get(_KEY) is None:
        from instruments.loader import load_library

        app.extensions[_KEY] = load_library()
    return app.extensions[_KEY]


def get_instrument(instrument_id: str, version: str) -> Instrument:
    """The pinned instrument of a collection or response; :class:`UnknownInstrument` if it is missing."""
    try:
        instrument = library().get(instrument_id, version)
    except LookupError:
        raise UnknownInstrument(instrument_id, version) from None
    if instrument is None:
        raise UnknownInstrument(instrument_id, version)
    return instrument
