"""XLSForm's names for types and columns, and what Arvio does with each, as lookup tables.

The aliases are pyxform's (ODK's converter, 4.5: ``pyxform/aliases.py`` and ``question_type_dictionary.py``), so a
form that pyxform accepts is read the same way here. Every type pyxform knows has one of four fates:

- a question Arvio asks (:data:`QUESTION_TYPES`, :data:`SELECT_COMMANDS`);
- metadata Arvio records itself or not at all (:data:`METADATA_TYPES`): left out, with a warning;
- a question Arvio cannot ask (:data:`UNSUPPORTED_TYPES`): an error, or left out with a warning when the caller
  skips unsupported rows;
- structure (``begin group`` ... ``end group``, repeats: :data:`GROUP_WORDS`, :data:`REPEAT_WORDS`).

Columns likewise are read (:data:`KNOWN_COLUMNS`), left out with a warning (:data:`LEFT_OUT_COLUMNS`:
presentation, prompts, columns Arvio has no use for), or unsupported (:data:`UNSUPPORTED_COLUMNS`: they change what
is asked or stored). :func:`type_of` reads a ``type`` cell with these tables. ``docs/xlsform.md`` has the same
tables for people.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from instruments.errors import Message

# --- question types --------------------------------------------------------------------------------------------

QUESTION_TYPES = {
    "text": "text", "string": "text", "add text prompt": "text", "q string": "text",
    "integer": "integer", "int": "integer", "add integer prompt": "integer", "q int": "integer",
    "decimal": "decimal", "add decimal prompt": "decimal", "q decimal": "decimal",
    "note": "note", "add note prompt": "note", "q note": "note",
}  # fmt: skip
"""Types Arvio asks, by every name pyxform accepts (lower case), and the canonical XLSForm name."""

SELECT_COMMANDS = {
    "select_one": "select_one", "select one": "select_one", "select1": "select_one",
    "select one from": "select_one", "add select one prompt using": "select_one",
    "select_multiple": "select_multiple", "select all that apply": "select_multiple",
    "select all that apply from": "select_multiple", "add select multiple prompt using": "select_multiple",
}  # fmt: skip
"""Select commands followed by a choice list name (``select one from agree``), as pyxform reads them."""

OR_OTHER = ("or_other", "or other", "or specify other")
"""Suffixes after the list name that add an "other" choice and a text question for it."""

METADATA_TYPES = {
    "start", "end", "today", "deviceid", "subscriberid", "simserial", "phonenumber", "username", "email",
    "audit", "start-geopoint", "background-audio", "background-geopoint", "start time", "end time",
    "get start time", "get end time", "get today", "device id", "get device id", "imei", "subscriber id",
    "get subscriber id", "sim id", "get sim id", "get phone number", "uri:deviceid", "uri:email",
    "uri:phonenumber", "uri:simserial", "uri:subscriberid", "uri:username",
}  # fmt: skip
"""What ODK records about a submission or the device without asking. Arvio records its own submission time and,
for respondents' privacy, nothing about the device, the person or the place."""

_LOCATION = Message("a location")
_DATE = Message("a date")
_DATE_TIME = Message("a date and time")
_PHOTO = Message("a photo")
_CALCULATION = Message("a calculated value, not a question")
_NO_LIST = Message("a select without a choice list")
_AUDIO = Message("an audio recording")
_BARCODE = Message("a barcode scan")
_FROM_FILE = Message("choices from a file")
UNSUPPORTED_TYPES = {
    "geopoint": _LOCATION, "gps": _LOCATION, "location": _LOCATION, "add location prompt": _LOCATION,
    "q geopoint": _LOCATION, "q location": _LOCATION,
    "geotrace": Message("a line drawn on a map"), "q geotrace": Message("a line drawn on a map"),
    "geoshape": Message("an area drawn on a map"), "q geoshape": Message("an area drawn on a map"),
    "osm": Message("an OpenStreetMap feature"),
    "image": _PHOTO, "photo": _PHOTO, "add image prompt": _PHOTO, "add photo prompt": _PHOTO, "q image": _PHOTO,
    "q picture": _PHOTO,
    "audio": _AUDIO, "add audio prompt": _AUDIO, "q audio": _AUDIO,
    "video": Message("a video"), "add video prompt": Message("a video"), "q video": Message("a video"),
    "file": Message("a file"), "add file prompt": Message("a file"),
    "barcode": _BARCODE, "add barcode prompt": _BARCODE, "q barcode": _BARCODE,
    "date": _DATE, "add date prompt": _DATE, "q date": _DATE,
    "time": Message("a time of day"),
    "datetime": _DATE_TIME, "date time": _DATE_TIME, "add date time prompt": _DATE_TIME,
    "add datetime prompt": _DATE_TIME, "q date time": _DATE_TIME, "q datetime": _DATE_TIME,
    "range": Message("a value on a slider"),
    "rank": Message("a ranking of choices"),
    "acknowledge": Message("an acknowledgement"), "add acknowledge prompt": Message("an acknowledgement"),
    "q acknowledge": Message("an acknowledgement"), "trigger": Message("an acknowledgement"),
    "calculate": _CALCULATION, "add calculate prompt": _CALCULATION, "q calculate": _CALCULATION,
    "hidden": Message("a hidden value, not a question"),
    "phone number": Message("a phone number (personal data)"),
    "percentage": Message("a percentage with ODK's own widget"),
    "number of days in last month": Message("a count with ODK's own widget"),
    "number of days in last six months": Message("a count with ODK's own widget"),
    "number of days in last year": Message("a count with ODK's own widget"),
    "csv-external": Message("external data"), "xml-external": Message("external data"),
    "select_one_external": Message("choices from an external file"),
    "select one external": Message("choices from an external file"),
    "select_one_from_file": _FROM_FILE, "select_multiple_from_file": _FROM_FILE,
    "select one from file": _FROM_FILE, "select multiple from file": _FROM_FILE,
    "select one using": _NO_LIST, "select multiple using": _NO_LIST, "select multiple from": _NO_LIST,
    "q select": _NO_LIST, "q select1": _NO_LIST,
}  # fmt: skip
"""Types Arvio cannot ask, each with what it would have asked (for the message)."""

UNSUPPORTED_PREFIXES = ("select_one_from_file", "select_multiple_from_file", "select one from file",
                        "select multiple from file", "select_one_external", "select one external",
                        "select one using", "select multiple using", "rank")  # fmt: skip
"""Types that take a list or file name after them (``select_one_from_file places.csv``), checked before the
select commands so that ``select one from file x.csv`` is not read as ``select one from`` a list named ``file``."""

GROUP_WORDS = ("group",)
REPEAT_WORDS = ("repeat", "loop", "looped group", "lgroup")
"""``begin group`` / ``end group`` and the repeats (``begin repeat``, ``begin loop over LIST``), as pyxform."""

# --- columns ---------------------------------------------------------------------------------------------------

KNOWN_COLUMNS = {"type", "name", "label", "hint", "required", "relevant", "constraint", "appearance", "arvio_type",
                 "select_from_list_name", "disabled", "read_only"}  # fmt: skip
"""Survey columns Arvio reads (on the rows they are for)."""

SURVEY_ALIASES = {
    "relevance": "relevant", "caption": "label", "command": "type", "tag": "name", "value": "name",
    "constraining_message": "constraint_message", "jr:constraintmsg": "constraint_message",
    "requiredmsg": "required_message", "jr:requiredmsg": "required_message",
    "noapperrorstring": "no_app_error_string", "jr:noapperrorstring": "no_app_error_string",
    "readonly": "read_only", "calculate": "calculation", "count": "repeat_count", "jr:count": "repeat_count",
    "image": "media", "big-image": "media", "audio": "media", "video": "media",
}  # fmt: skip
"""Survey column aliases (pyxform's ``survey_header``), by the lower-case name before any language."""

CHOICES_ALIASES = {"caption": "label", "value": "name", "list name": "list_name", "image": "media",
                   "big-image": "media", "audio": "media", "video": "media"}  # fmt: skip
SETTINGS_ALIASES = {"set_form_title": "form_title", "set_form_id": "form_id"}  # id_string: read beside form_id

LEFT_OUT_COLUMNS = {
    "constraint_message": Message("Arvio shows its own message for an answer out of bounds"),
    "required_message": Message("Arvio shows its own message for a missing answer"),
    "no_app_error_string": Message("Arvio shows its own messages"),
    "guidance_hint": Message("guidance hints are not shown"),
    "media": Message("Arvio does not show media files with questions"),
    "default": Message("Arvio does not fill in answers in advance"),
    "choice_filter": Message("every choice of the list is shown"),
    "parameters": Message("Arvio has its own layout"),
    "autoplay": Message("Arvio does not show media files with questions"),
    "rows": Message("Arvio has its own layout"),
    "compact_tag": Message("Arvio does not send answers by SMS"),
    "save_to": Message("Arvio does not update ODK entities"),
    "instance": Message("Arvio stores answers in its own format"),
}
"""Columns whose values Arvio leaves out with one warning per column (they change looks or messages, not what
is asked); any column Arvio does not know is left out the same way."""

UNSUPPORTED_COLUMNS = {
    "calculation": Message("a calculation"),
    "trigger": Message("a recalculation trigger"),
    "repeat_count": Message("a repeat count"),
    "bind": Message("an ODK bind attribute"),
    "body": Message("an ODK body attribute"),
}
"""Columns that change what is asked or stored: an error, or left out with a warning per row when the caller skips
unsupported parts."""

SETTINGS_LEFT_OUT = {
    "public_key": Message("responses are stored on Arvio's server, not encrypted with a form key"),
    "submission_url": Message("responses are sent to Arvio"),
    "instance_name": Message("Arvio names responses itself"),
    "style": Message("Arvio shows one page per section"),
    "auto_send": Message("responses are sent to Arvio"),
    "auto_delete": Message("responses are sent to Arvio"),
    "name": Message("Arvio names the data after the form id"),
}
"""Settings ODK and KoboToolbox use that Arvio has no use for; any other unknown setting is left out too."""


# --- reading a type ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RowType:
    kind: str  # empty, begin, end, select, question, metadata, unsupported, unknown
    name: str = ""  # group or repeat; the canonical question type; what an unsupported type asks
    list_name: str = ""
    or_other: bool = False


def type_of(raw: str) -> RowType:
    """What a `type` cell says, read as pyxform reads it (any case, any spacing).

    >>> type_of("select one from Agree5 or_other")
    RowType(kind='select', name='select_one', list_name='Agree5', or_other=True)
    >>> type_of("begin_group").kind, type_of("string").name, type_of("geopoint").name
    ('begin', 'text', 'a location')
    """
    words = raw.split()
    lowered = [word.lower() for word in words]
    text = " ".join(lowered)
    structure = re.fullmatch(
        r"(begin|end)[ _](" + "|".join(GROUP_WORDS + REPEAT_WORDS) + r")(?: (?:over )?\S+)?", text
    )
    if not words:
        return RowType("empty")
    if structure:
        return RowType(structure.group(1), "group" if structure.group(2) == "group" else "repeat")
    for prefix in UNSUPPORTED_PREFIXES:
        if lowered[: len(prefix.split())] == prefix.split():
            return RowType("unsupported", UNSUPPORTED_TYPES.get(prefix, "a ranking of choices"))
    for command in sorted(SELECT_COMMANDS, key=lambda c: -len(c.split())):
        size = len(command.split())
        if lowered[:size] == command.split():
            rest, other = words[size:], False
            for suffix in OR_OTHER:
                if [w.lower() for w in rest[-len(suffix.split()) :]] == suffix.split() and len(rest) > 1:
                    rest, other = rest[: -len(suffix.split())], True
                    break
            return RowType("select", SELECT_COMMANDS[command], " ".join(rest), other)
    if text in QUESTION_TYPES:
        return RowType("question", QUESTION_TYPES[text])
    if text in METADATA_TYPES:
        return RowType("metadata", text)
    if text in UNSUPPORTED_TYPES:
        return RowType("unsupported", UNSUPPORTED_TYPES[text])
    return RowType("unknown", " ".join(words))
