"""A parsed YAML document to the model: the pipeline that reads, checks and assembles an instrument or module.

:func:`parse_instrument` reads the header, splices the included modules in front of the instrument's own
sections, reads every part (:mod:`instruments.part_readers`), checks how the parts fit together
(:mod:`instruments.consistency`) and raises one :class:`~instruments.errors.InstrumentError` listing every
problem, or returns the frozen :class:`~instruments.model.Instrument`.

Example
-------
>>> text = {"fi": "Ikä", "en": "Age"}
>>> instrument = parse_instrument({
...     "id": "demo", "version": "1.0", "respondent_group": "youth", "languages": ["fi", "en"],
...     "title": text, "sections": [{"id": "about", "title": text, "items": [
...         {"code": "AGE", "type": "number", "minimum": 13, "maximum": 29, "text": text}]}],
... }, modules={})
>>> instrument.key, instrument.item("AGE").maximum
('demo@1.0', 29)
>>> parse_instrument({"id": "Demo", "version": 1.0}, source="demo.yaml", modules={})
Traceback (most recent call last):
...
instruments.errors.InstrumentError: demo.yaml: -: respondent_group: missing
demo.yaml: -: languages: missing
demo.yaml: -: title: missing
demo.yaml: -: sections: missing
demo.yaml: -: id: 'Demo' is not an id of a-z, 0-9 and _
demo.yaml: -: version: write the version in quotes, like "1.0"
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field

from instruments.checker import ID, VERSION, Checker, Where, show, suggest
from instruments.consistency import check_prompts, check_scales, check_sections
from instruments.errors import InstrumentError, Message, Problem
from instruments.model import (
    LANGUAGES,
    ChoiceList,
    Instrument,
    Item,
    PairingPrompt,
    RespondentGroup,
    Section,
    Text,
)
from instruments.part_readers import read_choice_lists, read_prompts, read_scales, read_sections

THEMES = ("participation", "equality", "gender_equality")
INSTRUMENT_KEYS = ("id", "version", "theme", "respondent_group", "languages", "title", "description", "notes",
                   "include", "choice_lists", "sections", "scales", "pairing_prompts", "module")  # fmt: skip
MODULE_KEYS = ("module", "id", "version", "languages", "title", "description", "notes", "choice_lists",
               "sections", "pairing_prompts")  # fmt: skip
MAX_NODES = 200_000  # far beyond any questionnaire; stops alias bombs and self-referring YAML


@dataclass(frozen=True)
class Module:
    """A shared block of sections (or pairing prompts) that instruments splice in with ``include:``."""

    id: str
    version: str
    languages: tuple[str, ...]
    sections: tuple[Section, ...] = ()
    choice_lists: Mapping[str, ChoiceList] = field(default_factory=dict)
    pairing_prompts: tuple[PairingPrompt, ...] = ()
    title: Text | None = None
    description: Text | None = None
    notes: str = ""
    source: str = field(default="", compare=False)


def parse_instrument(document: object, source: str = "<document>", *, modules: Mapping[str, object]) -> Instrument:
    """Validate a parsed YAML document and build the instrument.

    Parameters
    ----------
    document : object
        What ``yaml.safe_load`` gave: a dict in the instrument format, or anything else (which is a problem).
    source : str
        The file name that problems name.
    modules : mapping
        Module id -> module document (or :class:`Module`) for ``include:``. Pass ``{}`` for none, or
        :func:`instruments.loader.library_modules` for the built-in library's.

    Raises
    ------
    InstrumentError
        For any input that is not a valid instrument, listing every problem found; never another exception.
    """
    check = Checker(source)
    data = _top(check, document)
    if data.get("module") is True:
        check.add(Where("-", "module"), Message("this is a module: include it from an instrument"))
        check.raise_if_any()
    check.keys(data, Where(), INSTRUMENT_KEYS, required=("id", "version", "respondent_group", "languages",
                                                         "title", "sections"))  # fmt: skip
    if "module" in data:
        check.flag(data["module"], Where("-", "module"))
    header = _header(check, data)
    group = _choose(check, data, "respondent_group", [g.value for g in RespondentGroup])
    theme = _choose(check, data, "theme", THEMES)
    included = _included(check, data["include"], _modules(modules), check.languages) if "include" in data else []
    choice_lists = _choice_lists(check, included, data.get("choice_lists", {}))
    before = tuple(section for module in included for section in module.sections)
    sections = read_sections(check, data["sections"]) if "sections" in data else None
    check_sections(check, sections or (), choice_lists, before)
    items = _items_by_code((*before, *(sections or ())))
    scales = read_scales(check, data.get("scales", []))
    if sections is not None:  # without sections every scale item would be "missing": say nothing more
        check_scales(check, scales, items, choice_lists, RespondentGroup(group) if group else None)
    prompts = tuple(p for module in included for p in module.pairing_prompts)
    prompts += read_prompts(check, data["pairing_prompts"]) if "pairing_prompts" in data else ()
    check_prompts(check, prompts, items)
    check.raise_if_any()
    return Instrument(
        id=header["id"],
        version=header["version"],
        title=header["title"],
        respondent_group=RespondentGroup(group),
        languages=check.languages,
        sections=(*before, *(sections or ())),
        choice_lists=choice_lists,
        scales=scales,
        theme=theme,
        description=header["description"],
        notes=header["notes"],
        pairing_prompts=prompts,
        source=source,
    )


def parse_module(document: object, source: str = "<module>") -> Module:
    """Validate a module document (``module: true``) and build the :class:`Module`."""
    check = Checker(source)
    data = _top(check, document)
    check.keys(data, Where(), MODULE_KEYS, required=("module", "id", "version", "languages"))
    if "module" in data and data["module"] is not True:
        check.add(
            Where("-", "module"),
            Message("expected true, got %(data)s: modules say module: true", data=show(data["module"])),
        )
    header = _header(check, data)
    choice_lists = read_choice_lists(check, data["choice_lists"]) if "choice_lists" in data else {}
    sections = (read_sections(check, data["sections"]) if "sections" in data else None) or ()
    check_sections(check, sections, choice_lists)
    prompts = read_prompts(check, data["pairing_prompts"]) if "pairing_prompts" in data else ()
    check_prompts(check, prompts, _items_by_code(sections))
    if "sections" not in data and "pairing_prompts" not in data:
        check.add(Where("-", "sections"), Message("missing: a module has sections or pairing_prompts"))
    check.raise_if_any()
    return Module(
        id=header["id"],
        version=header["version"],
        languages=check.languages,
        sections=sections,
        choice_lists=choice_lists,
        pairing_prompts=prompts,
        title=header["title"],
        description=header["description"],
        notes=header["notes"],
        source=source,
    )


# --- the pieces -------------------------------------------------------------------------------------------


def _top(check: Checker, document: object) -> dict:
    data = check.mapping(document, Where("-", "document"), "id: ..., version: ..., sections: [...]")
    if data is not None and _count_nodes(data) > MAX_NODES:
        check.add(
            Where("-", "document"),
            Message("more than %(limit)s values, or a value that contains itself", limit=MAX_NODES),
        )
    check.raise_if_any()
    return data  # type: ignore[return-value]


def _items_by_code(sections: tuple[Section, ...]) -> dict[str, Item]:
    """Items by code; of two with one code, the first (the second is the one reported)."""
    items: dict[str, Item] = {}
    for section in sections:
        for item in section.items:
            items.setdefault(item.code, item)
    return items


def _count_nodes(document: object) -> int:
    """Values in the document as a reader sees them (YAML aliases counted each time), up to just past the limit."""
    count, stack = 0, [document]
    while stack and count <= MAX_NODES:
        value = stack.pop()
        count += 1
        if isinstance(value, dict):
            stack.extend(value.keys())
            stack.extend(value.values())
        elif isinstance(value, list):
            stack.extend(value)
    return count


def _header(check: Checker, data: dict) -> dict:
    """id, version, languages (which every later text must have), title, description and notes."""
    # Texts are checked against the declared languages; with none declared, the missing key is the problem.
    check.languages = _languages(check, data["languages"]) if "languages" in data else ()
    return {
        "id": check.word(data["id"], Where("-", "id"), ID, Message("an id of a-z, 0-9 and _"))
        if "id" in data
        else None,
        "version": _version(check, data["version"]) if "version" in data else None,
        "title": check.text(data["title"], Where("-", "title")) if "title" in data else None,
        "description": check.text(data["description"], Where("-", "description"))
        if "description" in data
        else None,
        "notes": (check.string(data["notes"], Where("-", "notes")) or "") if "notes" in data else "",
    }


def _languages(check: Checker, value: object) -> tuple[str, ...]:
    where = Where("-", "languages")
    entries = check.sequence(value, where, Message("a list of languages, like [fi, sv, en]"))
    languages: list[str] = []
    for index, entry in enumerate(entries or ()):
        language = check.one_of(entry, where / index, LANGUAGES)
        if language in languages:
            check.add(where / index, Message("%(language)s is listed twice", language=language))
        elif language is not None:
            languages.append(language)
    return tuple(languages)


def _version(check: Checker, value: object) -> str | None:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        check.add(Where("-", "version"), Message('write the version in quotes, like "1.0"'))
        return None
    version = check.string(value, Where("-", "version"))
    if version is not None and not VERSION.fullmatch(version):
        check.add(
            Where("-", "version"),
            Message(
                "%(version)s is not a version like 1.0, 2.1 or 2026112801 (up to 20 letters, digits, . - _)",
                version=show(version),
            ),
        )
        return None
    return version


def _choose(check: Checker, data: dict, key: str, options) -> str | None:
    return check.one_of(data[key], Where("-", key), options) if key in data else None


def _included(check: Checker, value: object, modules: Mapping, languages: tuple[str, ...]) -> list[Module]:
    """The modules named by ``include:``, in order; a broken module's own problems are reported too."""
    where = Where("-", "include")
    names = check.sequence(value, where, Message("a list of module names"), empty_ok=True)
    included: list[Module] = []
    for index, entry in enumerate(names or ()):
        name = check.word(entry, where / index, ID, Message("a module name"))
        if name is None:
            continue
        if any(module.id == name for module in included):
            check.add(where / index, Message("module %(name)s is included twice", name=name))
            continue
        try:
            module = modules[name]
        except KeyError:
            check.add(
                where / index, Message("no module '%(name)s'%(hint)s", name=name, hint=suggest(name, modules))
            )
            continue
        except InstrumentError as error:
            check.extend(error)
            continue
        missing = [language for language in languages if language not in module.languages]
        if missing:
            check.add(
                where / index,
                Message("module %(name)s has no texts in %(missing)s", name=name, missing=", ".join(missing)),
            )
        included.append(module)
    return included


def _choice_lists(check: Checker, included: list[Module], own: object) -> dict[str, ChoiceList]:
    """The modules' choice lists, then the instrument's own; a name may be defined only once."""
    lists: dict[str, ChoiceList] = {}
    origin: dict[str, str] = {}
    for module in included:
        for name, choice_list in module.choice_lists.items():
            if name in lists:
                check.add(
                    Where("-", "include"),
                    Message(
                        "modules %(origin)s and %(id)s both define '%(name)s'",
                        origin=origin[name],
                        id=module.id,
                        name=name,
                    ),
                )
            lists.setdefault(name, choice_list)
            origin.setdefault(name, f"module {module.id}")
    for name, choice_list in read_choice_lists(check, own).items():
        if name in lists:
            check.add(
                Where("-", f"choice_lists.{name}"),
                Message("'%(name)s' is already defined in %(origin)s", name=name, origin=origin[name]),
            )
        lists.setdefault(name, choice_list)
    return lists


class ModuleCache(Mapping):
    """Modules by name, each read (and checked) once, when an instrument first includes it.

    `read` turns a name into a :class:`Module` or raises InstrumentError; a broken module raises the same
    error each time it is asked for, so every instrument that includes it reports it.
    """

    def __init__(self, names: Iterable[str], read: Callable[[str], Module]) -> None:
        self._names = dict.fromkeys(names)
        self._read = read
        self._results: dict[str, Module | InstrumentError] = {}

    def __getitem__(self, name: str) -> Module:
        if name not in self._names:
            raise KeyError(name)
        if name not in self._results:
            try:
                self._results[name] = self._read(name)
            except InstrumentError as error:
                self._results[name] = error
        result = self._results[name]
        if isinstance(result, InstrumentError):
            raise result
        return result

    def __iter__(self) -> Iterator[str]:
        return iter(self._names)

    def __len__(self) -> int:
        return len(self._names)


def _modules(modules: Mapping[str, object]) -> Mapping:
    if isinstance(modules, Mapping) and all(isinstance(name, str) for name in modules):

        def read(name: str) -> Module:
            document = modules[name]
            return document if isinstance(document, Module) else parse_module(document, f"<{name}>")

        return ModuleCache(modules, read)
    raise InstrumentError(
        [Problem("<modules>", "-", "modules", Message("expected a mapping from module id to module"))]
    )
