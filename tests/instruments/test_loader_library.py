"""The built-in library: every instrument and module file validates, and each survives a round trip."""

from __future__ import annotations

import pytest
import yaml

from instruments.document import dump_yaml, to_document
from instruments.loader import LIBRARY_DIR, load_file, load_instrument, load_library, parse_instrument

LIBRARY_FILES = sorted(LIBRARY_DIR.rglob("*.yaml"))
INSTRUMENT_FILES = sorted(LIBRARY_DIR.glob("*.yaml"))


@pytest.mark.parametrize("path", LIBRARY_FILES, ids=[path.name for path in LIBRARY_FILES])
def test_every_library_file_validates(path):
    load_file(path)


def test_the_library_loads_as_a_whole():
    library = load_library()
    assert len(library) == len(INSTRUMENT_FILES) > 0


@pytest.mark.parametrize("path", INSTRUMENT_FILES, ids=[path.name for path in INSTRUMENT_FILES])
def test_library_instrument_round_trips_through_yaml(path):
    instrument = load_instrument(path)
    assert parse_instrument(to_document(instrument), modules={}) == instrument
    assert parse_instrument(yaml.safe_load(dump_yaml(instrument)), modules={}) == instrument
