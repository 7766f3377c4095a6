"""The command line and the web produce the same workbook for the same data.

An evaluator downloads a project's workbook, then runs ``python -m analysis report`` on its Responses sheet with
the same design: every sheet but About (which says who made the file and when) must be identical, cell by cell.
"""

import subprocess
import sys

import pytest
from python_calamine import CalamineWorkbook

from instruments.document import dump_yaml
from survey.models import Role
from tests.survey.team_data import LIBRARY, SCALED, add_collection, add_project, add_user, fill, sign_in


@pytest.fixture
def app_config():
    return {"ARVIO_INSTRUMENTS": LIBRARY}


def _sheets(path) -> dict[str, list[list[object]]]:
    book = CalamineWorkbook.from_path(str(path))
    return {name: book.get_sheet_by_name(name).to_python() for name in book.sheet_names}


def test_the_cli_rebuilds_the_web_workbook_from_its_responses_sheet(app, client, tmp_path):
    project = add_project(app, "P01", "Osallisuus arkeen")
    fill(app, add_collection(app, project, "baseline"), 14)
    fill(app, add_collection(app, project, "follow_up"), 12, shift=1)
    add_user(app, "tiimi@example.fi", Role.TEAM_MEMBER, project, raw=True)
    sign_in(client, "tiimi@example.fi")

    download = client.get(f"/staff/projects/{project}/results/download.xlsx?lang=en")
    assert download.status_code == 200
    web = tmp_path / "web.xlsx"
    web.write_bytes(download.data)
    instrument = tmp_path / "tiny_scaled.yaml"
    instrument.write_text(dump_yaml(SCALED), encoding="utf-8")

    cli = tmp_path / "cli.xlsx"
    command = [sys.executable, "-m", "analysis", "report", str(web), "--instrument", str(instrument),
               "--wave", "wave", "--pair", "pairing_code", "--lang", "en", "--out", str(cli)]  # fmt: skip
    done = subprocess.run(command, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr

    from_web, from_cli = _sheets(web), _sheets(cli)
    assert list(from_web) == list(from_cli)
    for name in from_web:
        if name != "About":
            assert from_cli[name] == from_web[name], name
