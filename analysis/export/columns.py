"""The columns of an exported responses table: what each is (the codebook) and its values as plain Python.

The Responses sheet, the wide CSV, the long CSV and the SPSS file share this layout: the metadata columns of
:data:`analysis.response_table.METADATA_COLUMNS` present in the table, then every answered item in questionnaire
order (a multiple-choice item as one 0/1 column per option, ``CODE__option``), then the scale scores (``S_*`` and
``S_*_pct``), then any other column of the table (e.g. a background column from another survey tool).

Example
-------
>>> from instruments.model import Instrument, Item, ItemType, RespondentGroup, Section, Text
>>> q = Item(code="Q1", type=ItemType.YESNO, text=Text(fi="Kävitkö?", sv="Gick du?", en="Did you go?"))
>>> instrument = Instrument(id="demo", version="1", title=Text(fi="Demo"), respondent_group=RespondentGroup.YOUTH,
...                         languages=("fi",), sections=(Section(id="s", title=Text(fi="S"), items=(q,)),))
>>> table = ResponseTable.from_columns({"project": ["A", "B", "A"], "Q1": [1, None, 0]})
>>> [(c.name, c.type) for c in layout(instrument, table)]
[('project', 'text'), ('Q1', 'number')]
>>> column_values(layout(instrument, table)[1], table["Q1"], labels=True, language="en")
['Yes', None, 'No']
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

import numpy as np

from analysis.export.words import WORDS
from analysis.glossary import wave_label
from analysis.response_table import METADATA_COLUMNS, OPTION_SEPARATOR, ResponseTable
from instruments.model import Instrument, Item, ItemType, Text


@dataclass(frozen=True)
class Column:
    """One exported column and what the codebook says of it.

    ``type`` is ``"text"``, ``"number"``, ``"datetime"``, ``"option"`` (0/1), or for scale scores ``"mean"``,
    ``"sum"`` or ``"percent"``. ``values`` are the codes with their labels (choice items); ``missing`` the codes
    that mean "don't know" and the like; ``scales`` the scales the item belongs to.
    """

    name: str
    label: Text
    type: str
    values: tuple[tuple[int | str, Text], ...] = ()
    missing: tuple[int | str, ...] = ()
    scales: tuple[str, ...] = ()
    reversed: bool = False
    measure: str = "nominal"  # SPSS level of measurement: nominal, ordinal or scale


def layout(instrument: Instrument, table: ResponseTable) -> tuple[Column, ...]:
    """The exported columns for an instrument and a table (or the first chunk of one), in file order.

    Items of the instrument are always present (empty when the table lacks them), so files of one instrument
    version have the same columns; metadata and scale columns appear when the table has them.
    """
    names = table.names
    columns = [_metadata(name) for name in METADATA_COLUMNS if name in names]
    for item in instrument.answered_items:
        columns.extend(_item_columns(instrument, item))
    for scale in instrument.scales:
        kind = "sum" if scale.method == "sum" else "mean"
        if scale.code in names:
            columns.append(Column(scale.code, scale.label, kind, measure="scale"))
        if f"{scale.code}_pct" in names:
            label = Text(**{lang: f"{text} (0–100)" for lang, text in scale.label.as_dict().items()})
            columns.append(Column(f"{scale.code}_pct", label, "percent", measure="scale"))
    known = {column.name for column in columns}
    columns.extend(
        Column(name, Text(fi=name), "number", measure="scale")
        if table.is_numeric(name)
        else Column(name, Text(fi=name), "text")
        for name in names
        if name not in known
    )
    return tuple(columns)


def _metadata(name: str) -> Column:
    if name == "submitted_at":
        return Column(name, WORDS[name], "datetime", measure="scale")
    return Column(name, WORDS[name], "text")


def _item_columns(instrument: Instrument, item: Item) -> list[Column]:
    choice_list = instrument.choice_list(item)
    member_of = tuple(scale.code for scale in instrument.scales if item.code in scale.items)
    reversed_ = any(item.code in scale.reverse for scale in instrument.scales)
    if item.type is ItemType.MULTIPLE and choice_list is not None:
        return [
            Column(
                f"{item.code}{OPTION_SEPARATOR}{choice.code}",
                Text(
                    **{lang: f"{item.text.get(lang)}: {choice.label.get(lang)}" for lang in instrument.languages}
                ),
                "option",
                values=((0, WORDS["not_chosen"]), (1, WORDS["chosen"])),
            )
            for choice in choice_list.choices
        ]
    if item.type in (ItemType.TEXT, ItemType.LONGTEXT):
        return [Column(item.code, item.text, "text")]
    values = tuple((c.code, c.label) for c in choice_list.choices) if choice_list else ()
    missing = tuple(sorted(choice_list.missing_codes, key=str)) if choice_list else ()
    measure = {ItemType.LIKERT: "ordinal", ItemType.NUMBER: "scale"}.get(item.type, "nominal")
    kind = "text" if any(isinstance(code, str) for code, _ in values) else "number"  # codes like "01" (county)
    return [Column(item.code, item.text, kind, values, missing, member_of, reversed_, measure)]


def column_values(column: Column, array: np.ndarray, *, labels: bool, language: str) -> list:
    """One column's values as plain Python: ``int``/``float`` numbers, ``str`` text, ``datetime`` (naive UTC)
    for the submission time, ``None`` for an empty cell. With `labels`, codes of choice items become labels and
    waves their display names (``follow_up`` -> "seurantamittaus").
    """
    if column.type == "datetime":
        return [_timestamp(v) for v in array.tolist()] if array.dtype == object else [None] * len(array)
    if array.dtype == object:
        texts = [v if v != "" else None for v in array.tolist()]
        if labels and column.name == "wave":
            return [wave_label(v, language) or None for v in texts]
        if labels and column.values:
            names = {str(code): text.get(language) for code, text in column.values}
            return [names.get(v, v) for v in texts]
        return texts
    # v - v is nan for nan and for infinities: neither is a value a file can hold
    numbers = [None if v - v != 0 else (int(v) if v.is_integer() else v) for v in array.tolist()]
    if labels and column.values and column.type != "option":
        names = {code: text.get(language) for code, text in column.values}
        return [names.get(v, v) for v in numbers]
    return numbers


def chunk_values(columns: Sequence[Column], table: ResponseTable, *, labels: bool, language: str) -> list[list]:
    """The values of `columns` in one table (or chunk of one), column by column; absent columns are empty."""
    empty = [None] * len(table)
    return [
        column_values(column, table.columns[column.name], labels=labels, language=language)
        if column.name in table
        else empty
        for column in columns
    ]


@dataclass(frozen=True)
class ResponseStream:
    """Responses too many to hold at once: `count` rows in all, arriving as tables of a few thousand rows.

    The web application reads a large collection from the database this way; every exporter accepts it where it
    accepts a :class:`~analysis.response_table.ResponseTable`. `chunks` is read once; the first chunk's columns
    name the columns of the file.
    """

    count: int
    chunks: Iterable[ResponseTable]


CHUNK_ROWS = 10_000


def open_responses(responses: ResponseTable | ResponseStream) -> tuple[int, Iterator[ResponseTable]]:
    """The row count and an iterator over chunks, for a whole table or a stream."""
    if isinstance(responses, ResponseStream):
        return responses.count, iter(responses.chunks)
    count = len(responses)
    chunks = (responses.select(slice(start, start + CHUNK_ROWS)) for start in range(0, count, CHUNK_ROWS))
    return count, chunks


def _timestamp(value: object) -> datetime | str | None:
    """An ISO 8601 time as a naive UTC datetime (Excel has no time zones); other text is kept as text."""
    if not value:
        return None
    try:
        moment = datetime.fromisoformat(str(value))
    except ValueError:
        return str(value)
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC).replace(tzinfo=None)
    return moment
