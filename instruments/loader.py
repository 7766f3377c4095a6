"""Instrument files: reading YAML safely, resolving ``include:``, and the built-in library.

Every fault, from a missing file to a misspelt key, comes out as one :class:`InstrumentError` whose
:attr:`~InstrumentError.problems` each name the file, the item and the field. Files are read with
``yaml.safe_load`` only: nothing in a file is ever run.

Example
-------
>>> import pathlib, tempfile
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> _ = (folder / "broken.yaml").write_text("id: demo\\nversion: [1.0\\n", encoding="utf-8")
>>> load_instrument(folder / "broken.yaml")
Traceback (most recent call last):
...
instruments.errors.InstrumentError: .../broken.yaml: -: line 3: YAML syntax: expected ',' or ']', but got ...
(while parsing a flow sequence on line 2)
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path

import yaml

from instruments.errors import InstrumentError, Message, Problem
from instruments.model import Instrument
from instruments.parsing import Module, ModuleCache, parse_instrument, parse_module

__all__ = [
    "LIBRARY_DIR",
    "InstrumentError",
    "Library",
    "Module",
    "Problem",
    "library_modules",
    "load_file",
    "load_instrument",
    "load_library",
    "load_module",
    "module_files",
    "parse_instrument",
    "parse_module",
]

LIBRARY_DIR = Path(__file__).resolve().parent / "library"
MAX_FILE_BYTES = 5_000_000


def load_instrument(path: str | Path, *, modules: Mapping[str, object] | None = None) -> Instrument:
    """Read and validate an instrument file.

    ``include:`` finds modules in ``modules/`` beside the file, then in the library (or in `modules` when given).
    Raises InstrumentError, listing every problem, for anything but a valid instrument file.
    """
    path = Path(path)
    modules = modules if modules is not None else _modules_for(path)
    return parse_instrument(read_yaml(path), str(path), modules=modules)


def load_module(path: str | Path) -> Module:
    """Read and validate a module file (``module: true``); its id must be its file name."""
    path = Path(path)
    return _named_after_file(parse_module(read_yaml(path), str(path)), path)


def load_file(path: str | Path) -> Instrument | Module:
    """An instrument or a module file, whichever it is (``module: true`` says so)."""
    path = Path(path)
    document = read_yaml(path)
    if isinstance(document, dict) and document.get("module") is True:
        return _named_after_file(parse_module(document, str(path)), path)
    return parse_instrument(document, str(path), modules=_modules_for(path))


def _named_after_file(module: Module, path: Path) -> Module:
    if module.id != path.stem:
        message = Message(
            "%(id)s differs from the file name: include: finds modules by file name (%(stem)s)",
            id=module.id,
            stem=path.stem,
        )
        raise InstrumentError([Problem(str(path), "-", "id", message)])
    return module


def read_yaml(path: Path) -> object:
    """The file's YAML document; any fault in reading or parsing becomes an InstrumentError naming the line."""
    source = str(path)
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            raise InstrumentError(
                [
                    Problem(
                        source,
                        "-",
                        "file",
                        Message("larger than %(limit)s bytes", limit=MAX_FILE_BYTES),
                    )
                ]
            )
        raw = path.read_bytes()
    except OSError as error:
        raise InstrumentError(
            [Problem(source, "-", "file", Message("cannot read: %(value)s", value=error.strerror or error))]
        ) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        raise InstrumentError(
            [Problem(source, "-", f"line {line}", Message("not UTF-8 text: save the file as UTF-8"))]
        ) from None
    try:
        return yaml.safe_load(text)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        where = f"line {mark.line + 1}" if mark else "file"
        message = error.problem or "cannot read"
        if error.context and error.context_mark:
            message += Message(
                " (%(context)s on line %(value)s)", context=error.context, value=error.context_mark.line + 1
            )
        if "'\\t'" in message:
            message += Message(": indent with spaces, not tabs")
        raise InstrumentError(
            [Problem(source, "-", where, Message("YAML syntax: %(message)s", message=message))]
        ) from None
    except yaml.YAMLError as error:  # e.g. a control character: the reader gives no line
        raise InstrumentError(
            [Problem(source, "-", "file", Message("YAML: %(error)s", error=_first_line(error)))]
        ) from None
    except (ValueError, TypeError, OverflowError, RecursionError) as error:
        # safe_load's constructors raise plain errors for values like a 13th month or a 5000-digit number
        raise InstrumentError(
            [Problem(source, "-", "file", Message("YAML value: %(error)s", error=_first_line(error)))]
        ) from None


def _first_line(error: Exception) -> str:
    text = str(error).strip().splitlines()
    return text[0][:200] if text else type(error).__name__


# --- modules ------------------------------------------------------------------------------------------------


def module_files(directories: Iterable[Path]) -> ModuleCache:
    """Modules by file name from `directories` (the first that has a name wins), each read when first included."""
    paths: dict[str, Path] = {}
    for directory in directories:
        for path in sorted(directory.glob("*.yaml")) if directory.is_dir() else ():
            paths.setdefault(path.stem, path)
    return ModuleCache(paths, lambda name: load_module(paths[name]))


def library_modules() -> ModuleCache:
    """The built-in modules, ``instruments/library/modules/*.yaml``."""
    return module_files([LIBRARY_DIR / "modules"])


def _modules_for(path: Path) -> ModuleCache:
    return module_files([path.parent / "modules", LIBRARY_DIR / "modules"])


# --- the library ----------------------------------------------------------------------------------------------


def version_key(version: str) -> tuple[tuple[int, int, str], ...]:
    """Versions compare part by part, runs of digits as numbers: ``"1.10"`` comes after ``"1.9"``.

    >>> sorted(["1.10", "1.9", "2.0", "2026112801", "2026110101"], key=version_key)
    ['1.9', '1.10', '2.0', '2026110101', '2026112801']
    >>> sorted(["v10", "v9", "1.0-beta", "1.0"], key=version_key)
    ['1.0', '1.0-beta', 'v9', 'v10']
    """
    return tuple(
        (0, int(part), "") if part.isascii() and part.isdigit() else (1, 0, part.lower())
        for part in re.findall(r"[0-9]+|[^0-9]+", version)
    )


class Library:
    """Instruments by id and version. Iterating gives instruments in id order, each id's versions oldest first."""

    def __init__(self, instruments: Iterable[Instrument]) -> None:
        ordered = sorted(instruments, key=lambda i: (i.id, version_key(i.version)))
        self._instruments: dict[str, Instrument] = {instrument.key: instrument for instrument in ordered}

    def get(self, id: str, version: str | None = None) -> Instrument:
        """The instrument `id` at `version`, or its latest version; KeyError when there is none."""
        if version is not None:
            if f"{id}@{version}" not in self._instruments:
                raise KeyError(f"no instrument {id} version {version} (versions: {', '.join(self.versions(id))})")
            return self._instruments[f"{id}@{version}"]
        versions = self.versions(id)
        if not versions:
            raise KeyError(f"no instrument {id}")
        return self._instruments[f"{id}@{versions[-1]}"]

    def versions(self, id: str) -> tuple[str, ...]:
        """The versions of `id`, oldest first."""
        return tuple(i.version for i in self._instruments.values() if i.id == id)

    def keys(self) -> list[str]:
        """``id@version`` of every instrument, in id order."""
        return list(self._instruments)

    def __iter__(self) -> Iterator[Instrument]:
        return iter(self._instruments.values())

    def __len__(self) -> int:
        return len(self._instruments)

    def __contains__(self, key: object) -> bool:
        """True for a known ``id@version`` or a known id."""
        return key in self._instruments or any(i.id == key for i in self._instruments.values())


def load_library(directory: str | Path | None = None) -> Library:
    """Every instrument in ``DIRECTORY/*.yaml``; every module in ``DIRECTORY/modules/`` is validated too.

    A broken file raises one InstrumentError listing the problems of every file.
    """
    directory = Path(directory) if directory is not None else LIBRARY_DIR
    if not directory.is_dir():
        raise InstrumentError([Problem(str(directory), "-", "directory", Message("not a directory"))])
    modules = module_files([directory / "modules", LIBRARY_DIR / "modules"])
    problems: list[Problem] = []
    for path in sorted((directory / "modules").glob("*.yaml")):
        try:
            modules[path.stem]
        except InstrumentError as error:
            problems.extend(error.problems)
    instruments: dict[str, Instrument] = {}
    for path in sorted(directory.glob("*.yaml")):
        try:
            instrument = load_instrument(path, modules=modules)
        except InstrumentError as error:
            problems.extend(p for p in error.problems if p not in problems)  # a broken module is named once
            continue
        if instrument.key in instruments:
            message = Message(
                "%(key)s is also defined in %(source)s",
                key=instrument.key,
                source=instruments[instrument.key].source,
            )
            problems.append(Problem(str(path), "-", "version", message))
        instruments.setdefault(instrument.key, instrument)
    if problems:
        raise InstrumentError(problems)
    return Library(instruments.values())
