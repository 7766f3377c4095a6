"""Whatever a file or document holds, the loader returns an Instrument or raises InstrumentError: nothing else."""

from __future__ import annotations

import copy

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from instruments.errors import InstrumentError, Message
from instruments.loader import load_instrument, parse_instrument
from instruments.model import Instrument
from tests.instruments.conftest import minimal_document, module_document

SETTINGS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
KEYS = ["id", "version", "code", "type", "text", "items", "sections", "choices", "show_if", "item", "in",
        "all", "not", "fi", "sv", "en", "scales", "reverse", "languages", "include", "module"]  # fmt: skip

scalars = st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20) | st.sampled_from(KEYS)
anything = st.recursive(
    scalars,
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.sampled_from(KEYS) | scalars, children, max_size=4)
    ),
    max_leaves=30,
)


def loads_or_refuses(document: object) -> None:
    try:
        result = parse_instrument(document, "fuzz.yaml", modules={"background": module_document()})
    except InstrumentError as error:
        assert error.problems, "an InstrumentError always says what is wrong"
        assert all(str(problem).startswith("fuzz.yaml: ") or str(problem).startswith("<background>: ")
                   for problem in error.problems)  # fmt: skip
        assert all(isinstance(problem.message, Message) for problem in error.problems), "translatable texts"
    else:
        assert isinstance(result, Instrument)


@SETTINGS
@given(anything)
def test_arbitrary_documents_give_instrument_errors(document):
    loads_or_refuses(document)


@st.composite
def mutated_documents(draw) -> dict:
    """The valid minimal document with a few of its values dropped, replaced or renamed, anywhere."""
    document = minimal_document()
    if draw(st.booleans()):
        document["include"] = ["background"]
    for _ in range(draw(st.integers(1, 4))):
        containers = list(_containers(document))
        container = draw(st.sampled_from(containers))
        keys = list(container) if isinstance(container, dict) else list(range(len(container)))
        if not keys:
            continue
        key = draw(st.sampled_from(keys))
        action = draw(st.sampled_from(["drop", "replace", "typo", "duplicate"]))
        if action == "drop":
            del container[key]
        elif action == "replace":
            container[key] = draw(anything)
        elif action == "typo" and isinstance(key, str):
            container[key[:-1] + draw(st.sampled_from("aeiox_"))] = container.pop(key)
        elif action == "duplicate" and isinstance(container, list):
            container.append(copy.deepcopy(container[key]))
    return document


def _containers(value: object):
    if isinstance(value, (dict, list)):
        yield value
        for child in value.values() if isinstance(value, dict) else value:
            yield from _containers(child)


@SETTINGS
@given(mutated_documents())
def test_mutated_documents_give_instrument_errors(document):
    loads_or_refuses(document)


def _yaml_cut(document: object, data: st.DataObject) -> bytes:
    """A document as YAML, cut off at a random place (half-written files)."""
    text = yaml.safe_dump(document, allow_unicode=True).encode()
    return text[: data.draw(st.integers(0, len(text)))]


files = (
    st.binary(max_size=300)
    | st.text(max_size=300).map(str.encode)
    | st.builds(_yaml_cut, mutated_documents(), st.data())
    | st.builds(_yaml_cut, anything, st.data())
)


@SETTINGS
@given(files)
def test_arbitrary_files_give_instrument_errors(tmp_path, content):
    path = tmp_path / "fuzz.yaml"
    path.write_bytes(content)
    try:
        assert isinstance(load_instrument(path), Instrument)
    except InstrumentError as error:
        assert error.problems and all(problem.file == str(path) for problem in error.problems)
