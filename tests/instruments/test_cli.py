"""`python -m instruments`: exit codes 0 (fine), 1 (problems), 2 (usage), and never a traceback."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from instruments.loader import load_instrument
from tests.instruments.real_forms import UNSUPPORTED
from tests.instruments.xlsform_tables import xlsform

ROOT = Path(__file__).resolve().parents[2]


def run(*args: str) -> subprocess.CompletedProcess:
    result = subprocess.run(
        [sys.executable, "-m", "instruments", *args], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert "Traceback" not in result.stderr + result.stdout
    return result


def write(path: Path, document: dict) -> Path:
    path.write_text(yaml.safe_dump(document, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def test_validate_a_good_file_exits_0(tmp_path, document):
    result = run("validate", str(write(tmp_path / "demo.yaml", document)))
    assert result.returncode == 0
    assert result.stderr == ""


def test_validate_reports_every_problem_one_per_line_and_exits_1(tmp_path, document):
    good = write(tmp_path / "good.yaml", document)
    document["version"] = 1.0
    document["sections"][0]["items"][0]["text"].pop("sv")
    bad = write(tmp_path / "bad.yaml", document)
    (tmp_path / "broken.yaml").write_bytes(b"id: [\n")
    result = run("validate", str(good), str(bad), str(tmp_path / "broken.yaml"))
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        f'{bad}: -: version: write the version in quotes, like "1.0"',
        f"{bad}: Q1: text.sv: missing translation",
        f"{tmp_path / 'broken.yaml'}: -: line 2: YAML syntax: expected the node content, but found '<stream end>'"
        " (while parsing a flow node on line 2)",
    ]


def test_validate_a_directory_checks_modules_too(tmp_path, document, module):
    write(tmp_path / "demo.yaml", {**document, "include": ["background"]})
    (tmp_path / "modules").mkdir()
    write(tmp_path / "modules" / "background.yaml", {**module, "version": 1})
    result = run("validate", str(tmp_path))
    assert result.returncode == 1
    # the broken module is named once, though both files meet it
    assert result.stderr.splitlines() == [f"{tmp_path / 'modules' / 'background.yaml'}: -: version: "
                                          'write the version in quotes, like "1.0"']  # fmt: skip


@pytest.mark.parametrize(
    "args",
    [
        ["validate", "no/such/file.yaml"],
        ["show", "no_such_instrument"],
        ["show", "no/such/file.yaml"],
        ["export-xlsform", "no_such_instrument", "out.xlsx"],
        ["import-xlsform", "no/such/file.xlsx", "out.yaml"],
    ],
)
def test_problems_exit_1_without_traceback(args):
    result = run(*args)
    assert result.returncode == 1
    assert result.stderr.strip()


@pytest.mark.parametrize("args", [[], ["bogus"], ["validate"], ["show", "x", "--lang", "de"], ["list", "--nope"]])
def test_usage_errors_exit_2(args):
    assert run(*args).returncode == 2


def test_list_shows_the_library_as_a_table(tmp_path, document):
    write(tmp_path / "demo.yaml", document)
    write(tmp_path / "demo2.yaml", {**document, "version": "1.10"})
    result = run("list", "--library", str(tmp_path))
    assert result.returncode == 0
    assert result.stdout.splitlines() == [
        "id    version  group  languages  items",
        "demo  1.0      youth  fi,sv,en   5",
        "demo  1.10     youth  fi,sv,en   5",
    ]


def test_list_of_the_built_in_library_exits_0():
    result = run("list")
    assert result.returncode == 0
    assert result.stdout.startswith("id ")


def test_show_a_file_in_swedish(tmp_path, document):
    result = run("show", str(write(tmp_path / "demo.yaml", document)), "--lang", "sv")
    assert result.returncode == 0
    assert "Visas om: Q1 är 1 (Ja)" in result.stdout


def test_show_refuses_a_module(tmp_path, module):
    result = run("show", str(write(tmp_path / "background.yaml", module)))
    assert result.returncode == 1
    assert "this is a module" in result.stderr


def test_export_then_import_xlsform_gives_back_the_instrument(tmp_path, document):
    source = write(tmp_path / "demo.yaml", document)
    assert run("export-xlsform", str(source), str(tmp_path / "demo.xlsx")).returncode == 0
    result = run("import-xlsform", str(tmp_path / "demo.xlsx"), str(tmp_path / "again.yaml"))
    assert result.returncode == 0
    assert load_instrument(tmp_path / "again.yaml") == load_instrument(source)


def test_import_xlsform_lists_problems_then_warnings_and_exits_1(tmp_path):
    path = UNSUPPORTED.write(tmp_path)

    result = run("import-xlsform", str(path), str(tmp_path / "out.yaml"))

    lines = result.stderr.splitlines()
    assert result.returncode == 1
    assert not (tmp_path / "out.yaml").exists()
    assert lines[0] == (
        f"{path}: survey row 3: type: 'geopoint' asks for a location "
        "(import with --skip-unsupported to leave it out)"
    )
    assert len(lines) == 12  # one line per problem, no warnings: the form left nothing else out


def test_import_xlsform_lists_warnings_after_the_problems(tmp_path):
    path = tmp_path / "form.xlsx"
    xlsform(tmp_path, survey=[["type", "name", "label"], ["start", "start", None], ["text", "a", "A"],
                              ["geopoint", "p", "P"]])  # fmt: skip

    lines = run("import-xlsform", str(path), str(tmp_path / "out.yaml")).stderr.splitlines()

    assert lines[0].startswith(f"{path}: survey row 4: type: 'geopoint' asks for a location")
    assert [line.split(": ")[2] for line in lines[1:-1]] == ["settings sheet", "settings sheet", "survey row 2"]
    assert lines[-1] == "3 warnings"


def test_import_xlsform_with_skip_unsupported_exits_0_and_lists_what_it_left_out_last(tmp_path):
    path = UNSUPPORTED.write(tmp_path)

    result = run("import-xlsform", str(path), str(tmp_path / "out.yaml"), "--skip-unsupported")

    assert result.returncode == 0
    assert result.stdout == f"{path} -> {tmp_path / 'out.yaml'} (field_visit@1, 2 items)\n"
    warnings = result.stderr.splitlines()
    assert warnings[-1] == f"{len(warnings) - 1} warnings"
    assert f"warning: {path}: survey row 3: type: 'geopoint' asks for a location: left out" in warnings
    assert load_instrument(tmp_path / "out.yaml").key == "field_visit@1"


def test_validate_and_show_read_xlsform_workbooks(tmp_path):
    path = UNSUPPORTED.write(tmp_path)

    assert run("validate", str(path)).returncode == 1
    assert run("validate", str(path), "--skip-unsupported").returncode == 0
    shown = run("show", str(path), "--skip-unsupported", "--default-language", "en")
    assert shown.returncode == 0
    assert "PEOPLE  (number, required)" in shown.stdout


@pytest.mark.parametrize(
    "args",
    [["import-xlsform", "form.xlsx"], ["import-xlsform", "a.xlsx", "b.yaml", "--default-language", "de"],
     ["import-xlsform", "a.xlsx", "b.yaml", "--skip-everything"]],
)  # fmt: skip
def test_import_xlsform_usage_errors_exit_2(args):
    assert run(*args).returncode == 2
