"""The instrument library, loaded once per application and kept on it.

Tests (and special deployments) may hand the app a ready library as ``config["ARVIO_INSTRUMENTS"]``: any
object with ``get(id, version) -> Instrument``. Otherwise the built-in library is loaded on first use with
:func:`instruments.loader.load_library`.

Either way the library the app offers is that base plus the questionnaires coordinators have published through
the browser (:mod:`survey.uploads`), which live in the database: see :class:`ProgrammeLibrary`.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Protocol

import yaml
from flask import Flask, current_app
from sqlalchemy import select

from instruments.model import Instrument
from survey.db import db
from survey.models import UploadedInstrument

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


def library(app: Flask | None = None) -> ProgrammeLibrary:
    """The application's instrument library: the built-ins (loaded on first use) and published uploads."""
    app = app or current_app._get_current_object()  # type: ignore[attr-defined]
    found = app.extensions.get(_KEY)
    if not isinstance(found, ProgrammeLibrary):
        if found is None:
            from instruments.loader import load_library

            found = load_library()
        found = ProgrammeLibrary(found)
        app.extensions[_KEY] = found
    return found


class ProgrammeLibrary:
    """The built-in library plus the published uploaded questionnaires, by id and version.

    Several app processes may run: one publishes, the others learn of it when asked. A published version is
    immutable, so each process reads it from the database on the first miss and keeps it (per process) for
    good; listing the library asks the database which versions are published and parses only new ones.
    """

    def __init__(self, built_in: Library) -> None:
        self.built_in = built_in
        self._published: dict[str, Instrument] = {}

    def get(self, id: str, version: str | None = None) -> Instrument:
        """The instrument `id` at `version` (or its newest version); KeyError when there is none."""
        if version is None:
            versions = self.versions(id)
            if not versions:
                raise KeyError(f"no instrument {id}")
            version = versions[-1]
        try:
            found = self.built_in.get(id, version)
        except LookupError:
            found = None
        if found is None:
            found = self._published.get(f"{id}@{version}") or self._load(f"{id}@{version}")
        if found is None:
            raise KeyError(f"no instrument {id} version {version}")
        return found

    def is_built_in(self, id: str) -> bool:
        """True when the built-in library has any version of `id` (uploads may not reuse its id)."""
        return any(i.id == id for i in self._built_ins())

    def uploaded(self) -> list[Instrument]:
        """The published uploaded questionnaires, each version."""
        keys = published_keys()
        for key in keys - self._published.keys():
            self._load(key)
        return [self._published[key] for key in sorted(keys) if key in self._published]

    def versions(self, id: str) -> tuple[str, ...]:
        """The versions of `id`, oldest first."""
        from instruments.loader import version_key

        return tuple(sorted({i.version for i in self if i.id == id}, key=version_key))

    def keys(self) -> list[str]:
        return [i.key for i in self]

    def __iter__(self) -> Iterator[Instrument]:
        from instruments.loader import version_key

        everything = {i.key: i for i in [*self._built_ins(), *self.uploaded()]}
        return iter(sorted(everything.values(), key=lambda i: (i.id, version_key(i.version))))

    def __len__(self) -> int:
        return sum(1 for _ in self)

    def __contains__(self, key: object) -> bool:
        return any(key in (i.key, i.id) for i in self)

    def _built_ins(self) -> list[Instrument]:
        return list(self.built_in) if hasattr(self.built_in, "__iter__") else []

    def _load(self, key: str) -> Instrument | None:
        instrument = published_instrument(key)
        if instrument is not None:
            self._published[key] = instrument
        return instrument


def get_instrument(instrument_id: str, version: str) -> Instrument:
    """The pinned instrument of a collection or response; :class:`UnknownInstrument` if it is missing."""
    try:
        instrument = library().get(instrument_id, version)
    except LookupError:
        raise UnknownInstrument(instrument_id, version) from None
    if instrument is None:
        raise UnknownInstrument(instrument_id, version)
    return instrument


def published_keys() -> set[str]:
    """``id@version`` of every published uploaded questionnaire."""
    keys = db.session.scalars(
        select(UploadedInstrument.published_key).where(UploadedInstrument.published_key.is_not(None))
    )
    return {key for key in keys if key}


def published_instrument(key: str) -> Instrument | None:
    """The published uploaded questionnaire ``id@version``, read from the database, or None."""
    row = db.session.scalar(select(UploadedInstrument).where(UploadedInstrument.published_key == key))
    return stored_instrument(row) if row is not None else None


def stored_instrument(upload: UploadedInstrument) -> Instrument:
    """The instrument of a stored upload (draft or published), from its canonical YAML."""
    from instruments.loader import library_modules, parse_instrument

    return parse_instrument(yaml.safe_load(upload.document), f"upload:{upload.id}", modules=library_modules())
