"""Reading instrument files: YAML faults, includes from modules/, the library and its versions."""

from __future__ import annotations

import pytest
import yaml

from instruments.errors import InstrumentError
from instruments.loader import (
    Library,
    library_modules,
    load_file,
    load_instrument,
    load_library,
    load_module,
    parse_instrument,
)
from instruments.parsing import Module


def write(path, document) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(document, allow_unicode=True, sort_keys=False), encoding="utf-8")


def problems(path) -> list[tuple[str, str, str]]:
    with pytest.raises(InstrumentError) as caught:
        load_instrument(path)
    return [(p.file, p.item, p.field) for p in caught.value.problems]


def test_a_valid_file_loads_with_its_path_as_source(tmp_path, document):
    write(tmp_path / "demo.yaml", document)
    instrument = load_instrument(tmp_path / "demo.yaml")
    assert instrument.key == "demo@1.0"
    assert instrument.source == str(tmp_path / "demo.yaml")


@pytest.mark.parametrize(
    ("content", "field", "fragment"),
    [
        (b"id: demo\nversion: [1.0\n", "line 3", "expected ',' or ']'"),
        (b"id: demo\n  title: x\n", "line 2", "mapping values are not allowed here"),
        (b"id: demo\ntitle:\n\t- x\n", "line 3", "indent with spaces, not tabs"),
        (b"id: demo\n\xff\xfe broken\n", "line 2", "not UTF-8"),
        (b"a: 2020-13-45\n", "file", "YAML value"),
        (b"a: \x00\n", "file", "YAML"),
        (b"", "document", "expected a mapping"),
        (b"- just\n- a list\n", "document", "expected a mapping"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "line 1", "not UTF-8"),
    ],
    ids=["unclosed list", "bad indent", "tab", "latin-1", "bad date", "control character", "empty", "list", "png"],
)
def test_unreadable_yaml_names_file_and_line(tmp_path, content, field, fragment):
    path = tmp_path / "broken.yaml"
    path.write_bytes(content)
    with pytest.raises(InstrumentError) as caught:
        load_instrument(path)
    [problem] = caught.value.problems
    assert (problem.file, problem.item, problem.field) == (str(path), "-", field)
    assert fragment in problem.message


def test_missing_file_and_directory_are_instrument_errors(tmp_path):
    assert problems(tmp_path / "nowhere.yaml") == [(str(tmp_path / "nowhere.yaml"), "-", "file")]
    assert problems(tmp_path) == [(str(tmp_path), "-", "file")]


def test_yaml_is_never_run(tmp_path):
    path = tmp_path / "evil.yaml"
    path.write_text("!!python/object/apply:os.system ['echo hacked']\n", encoding="utf-8")
    with pytest.raises(InstrumentError) as caught:
        load_instrument(path)
    assert "could not determine a constructor" in caught.value.problems[0].message


def test_alias_bomb_is_refused(tmp_path):
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{n}: &a{n} [{', '.join([f'*a{n - 1}'] * 10)}]" for n in range(1, 7)]
    path = tmp_path / "bomb.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert problems(path) == [(str(path), "-", "document")]


def test_include_finds_modules_beside_the_file(tmp_path, document, module):
    document["include"] = ["background"]
    write(tmp_path / "demo.yaml", document)
    write(tmp_path / "modules" / "background.yaml", module)
    instrument = load_instrument(tmp_path / "demo.yaml")
    assert instrument.sections[0].id == "background"


def test_include_of_a_missing_module_suggests_a_name(tmp_path, document, module):
    document["include"] = ["backgrund"]
    write(tmp_path / "demo.yaml", document)
    write(tmp_path / "modules" / "background.yaml", module)
    with pytest.raises(InstrumentError) as caught:
        load_instrument(tmp_path / "demo.yaml")
    [problem] = caught.value.problems
    assert (problem.item, problem.field) == ("-", "include[1]")
    assert "did you mean 'background'?" in problem.message


def test_module_id_must_be_its_file_name(tmp_path, module):
    write(tmp_path / "other.yaml", module)
    with pytest.raises(InstrumentError) as caught:
        load_module(tmp_path / "other.yaml")
    assert [(p.item, p.field) for p in caught.value.problems] == [("-", "id")]
    write(tmp_path / "background.yaml", module)
    assert isinstance(load_module(tmp_path / "background.yaml"), Module)


def test_load_file_tells_modules_from_instruments(tmp_path, document, module):
    write(tmp_path / "demo.yaml", document)
    write(tmp_path / "background.yaml", module)
    assert load_file(tmp_path / "demo.yaml").key == "demo@1.0"
    assert load_file(tmp_path / "background.yaml").id == "background"


def test_parse_instrument_names_an_include_the_modules_given_lack(document):
    document["include"] = ["no_such_module_anywhere"]
    with pytest.raises(InstrumentError) as caught:
        parse_instrument(document, modules=library_modules())
    assert [(p.file, p.field) for p in caught.value.problems] == [("<document>", "include[1]")]


# --- the library ---------------------------------------------------------------------------------------------


def _versions(document: dict, *versions: str) -> list[dict]:
    return [{**document, "version": version} for version in versions]


def test_library_orders_by_id_and_numeric_version(tmp_path, document):
    for n, version_document in enumerate(_versions(document, "1.9", "1.10", "1.2")):
        write(tmp_path / f"demo_{n}.yaml", version_document)
    write(tmp_path / "another.yaml", {**document, "id": "another"})
    library = load_library(tmp_path)
    assert library.keys() == ["another@1.0", "demo@1.2", "demo@1.9", "demo@1.10"]
    assert library.get("demo").version == "1.10"
    assert library.get("demo", "1.9").version == "1.9"
    assert [instrument.id for instrument in library] == ["another", "demo", "demo", "demo"]
    assert len(library) == 4
    assert "demo" in library and "demo@1.9" in library and "demo@3.0" not in library


def test_library_get_unknown_raises_key_error():
    library = Library([])
    with pytest.raises(KeyError, match="no instrument demo"):
        library.get("demo")


def test_broken_library_lists_every_file(tmp_path, document, module):
    write(tmp_path / "good.yaml", document)
    write(tmp_path / "bad_one.yaml", {**document, "id": "Bad"})
    write(tmp_path / "bad_two.yaml", {**document, "version": 2})
    write(tmp_path / "same.yaml", document)
    write(tmp_path / "modules" / "background.yaml", {**module, "languages": ["fi", "xx"]})
    with pytest.raises(InstrumentError) as caught:
        load_library(tmp_path)
    found = {(p.file.rsplit("/", 1)[-1], p.field) for p in caught.value.problems}
    assert found == {
        ("background.yaml", "languages[2]"),
        ("bad_one.yaml", "id"),
        ("bad_two.yaml", "version"),
        ("same.yaml", "version"),  # demo@1.0 is also in good.yaml
    }
