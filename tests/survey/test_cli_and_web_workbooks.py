"""The command line and the web produce the same workbook for the same data.

An evaluator downloads a project's workbook, then runs ``python -m analysis report`` on its Responses sheet with
the same design: every sheet but About (which says who made the file and when) must be identical, cell by cell.
"""

import subprocess
import sys

import pytest
from python_calamine import CalamineWorkbook

from analysis.pairing import pair_waves
from instruments.document import dump_yaml
from survey.db import db
from survey.models import Collection, Role
from survey.respond.responses import store_response
from tests.survey.team_data import (
    LIBRARY,
    SCALED,
    add_collection,
    add_project,
    add_user,
    answers,
    fill,
    pairing,
    sign_in,
)


@pytest.fixture
def app_config():
    return {"ARVIO_INSTRUMENTS": LIBRARY}


def _sheets(path) -> dict[str, list[list[object]]]:
    book = CalamineWorkbook.from_path(str(path))
    return {name: book.get_sheet_by_name(name).to_python() for name in book.sheet_names}


def _add(app, collection_id: int, code: dict[str, str]) -> None:
    with app.app_context():
        store_response(db.session.get(Collection, collection_id), answers(3), pairing_code=code)


def test_the_cli_rebuilds_the_web_workbook_from_its_responses_sheet(app, client, tmp_path):
    project = add_project(app, "P01", "Osallisuus arkeen")
    baseline, follow_up = add_collection(app, project, "baseline"), add_collection(app, project, "follow_up")
    fill(app, baseline, 14)
    fill(app, follow_up, 12, shift=1)
    _add(app, follow_up, {**pairing(12), "PC_DAY": "99"})  # baseline 12 mistyped its day: a tolerant match
    for _twice in range(2):
        _add(app, baseline, {"PC_LETTER": "X", "PC_DAY": "50"})  # one code twice in a wave: ambiguous
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
               "--wave", "wave", "--pair", "pair_id", "--lang", "en", "--out", str(cli)]  # fmt: skip
    done = subprocess.run(command, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr

    from_web, from_cli = _sheets(web), _sheets(cli)
    assert list(from_web) == list(from_cli)
    header, *rows = from_web["Responses"]
    wave, pair_id = header.index("wave"), header.index("pair_id")
    ids = {w: [row[pair_id] for row in rows if row[wave] == w] for w in ("baseline", "follow_up")}
    again = pair_waves(ids["baseline"], ids["follow_up"])  # what the command line finds in the file
    assert (again.exact, again.tolerant) == (12, 1)
    assert sum(not i for i in ids["baseline"]) == 3  # the two who chose one code, and the one never seen again
    for name in from_web:
        if name != "About":
            assert from_cli[name] == from_web[name], name
