"""Exports are valid XLSForm for ODK and KoboToolbox: pyxform, ODK's own converter, turns them into XForms."""

from __future__ import annotations

import pytest
from pyxform.xls2xform import convert

from instruments.loader import LIBRARY_DIR, load_instrument, parse_instrument
from instruments.xlsform import export_xlsform
from tests.instruments.test_xlsform_export import BUILT_IN, rich_document


@pytest.mark.parametrize("name", BUILT_IN)
def test_odk_pyxform_converts_every_exported_built_in_instrument(tmp_path, name):
    instrument = load_instrument(LIBRARY_DIR / f"{name}.yaml")
    path = tmp_path / f"{instrument.id}.xlsx"
    export_xlsform(instrument, path)

    result = convert(xlsform=str(path), warnings=(warnings := []))

    assert f'id="{instrument.id}"' in result.xform
    assert f'version="{instrument.version}"' in result.xform
    assert warnings == []


def test_odk_pyxform_converts_the_rich_export_with_its_skip_logic(tmp_path):
    rich = parse_instrument(rich_document(), source="rich.yaml", modules={})
    path = tmp_path / "rich.xlsx"
    export_xlsform(rich, path)

    result = convert(xlsform=str(path), warnings=(warnings := []))

    # ${COUNTY} resolved to the question's path: pyxform understood the reference
    assert "relevant=\"selected( /data/background/COUNTY , '01') or selected(" in result.xform
    assert warnings == []
