"""Names people read for columns and groups: metadata columns, items and their choices, in fi/sv/en.

A column that is not an item (``gender`` in a file from another tool) is named by :class:`ColumnLabels`: a
value-label file, a codebook sheet or an SPSS file's own labels, read by :mod:`analysis.label_files`.

>>> METADATA_LABELS["project"].get("fi")
'Hanke'
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field

from instruments.model import Instrument, Text


@dataclass(frozen=True)
class ColumnLabels:
    """Names of columns that are not items of the instrument, and of their values.

    Items are always named by the instrument, and the metadata columns by :data:`METADATA_LABELS`; these
    labels name everything else (a background column from R, SPSS or Excel). Codes are kept as
    :func:`code_key` writes them, so ``1``, ``1.0`` and ``"1"`` are one code.

    >>> labels = ColumnLabels.of({"gender": "Gender"}, {"gender": {1: "Woman", "2": "Man"}})
    >>> labels.value("gender", "1.0").get("sv"), labels.name("gender").get("fi"), labels.value("age", "1")
    ('Woman', 'Gender', None)
    """

    names: Mapping[str, Text] = field(default_factory=dict)
    values: Mapping[str, Mapping[str, Text]] = field(default_factory=dict)

    @classmethod
    def of(
        cls,
        names: Mapping[str, str | Text] | None = None,
        values: Mapping[str, Mapping[object, str | Text]] | None = None,
    ) -> ColumnLabels:
        """Labels from plain mappings; a plain string names the column or value in every language."""
        return cls(
            names={str(c): _text(t) for c, t in (names or {}).items()},
            values={str(c): {code_key(k): _text(t) for k, t in v.items()} for c, v in (values or {}).items()},
        )

    def name(self, column: str) -> Text | None:
        return self.names.get(column)

    def value(self, column: str, code: object) -> Text | None:
        return self.values.get(column, {}).get(code_key(code))

    def merged(self, other: ColumnLabels) -> ColumnLabels:
        """These labels with `other`'s added; where both name a column or a value, `other` wins."""
        values = {column: dict(codes) for column, codes in self.values.items()}
        for column, codes in other.values.items():
            values.setdefault(column, {}).update(codes)
        return ColumnLabels(names={**self.names, **other.names}, values=values)

    def __bool__(self) -> bool:
        return bool(self.names or self.values)


NO_LABELS = ColumnLabels()


def code_key(code: object) -> str:
    """A code as labels store it: a number without a trailing ``.0`` and without leading zeros, text stripped.

    >>> [code_key(c) for c in (1, 1.0, " 1 ", "01", "1,0", "a", 2.5)]
    ['1', '1', '1', '1', '1', 'a', '2.5']
    """
    if isinstance(code, (int, float)) and not isinstance(code, bool):
        number = float(code)
    else:
        text = str(code).strip()
        try:
            number = float(text.replace(",", ".") if text.count(",") == 1 and "." not in text else text)
        except ValueError:
            return text
    if not math.isfinite(number):
        return str(code).strip()
    return str(int(number)) if number.is_integer() else repr(number)


def _text(value: str | Text) -> Text:
    if isinstance(value, Text):
        return value
    text = str(value).strip()
    return Text(fi=text, sv=text, en=text)


def _t(fi: str, sv: str, en: str) -> Text:
    return Text(fi=fi, sv=sv, en=en)


METADATA_LABELS: dict[str, Text] = {
    "response_id": _t("Vastauksen tunniste", "Svarets id", "Response id"),
    "project": _t("Hanke", "Projekt", "Project"),
    "collection": _t("Aineistonkeruu", "Datainsamling", "Data collection"),
    "wave": _t("Mittauskerta", "Mättillfälle", "Wave"),
    "submitted_at": _t("Lähetetty (UTC)", "Skickat (UTC)", "Submitted at (UTC)"),
    "language": _t("Vastauskieli", "Svarsspråk", "Language of the answers"),
    "pairing_code": _t("Parituskoodi", "Parningskod", "Pairing code"),
    "pair_id": _t(
        "Paritunnus (uusi jokaisessa tiedostossa)", "Par-id (nytt i varje fil)", "Pair id (new in every file)"
    ),
}
"""The metadata columns of the Responses sheet, as the workbook and the report name them."""

EVERYONE = _t("Kaikki", "Alla", "Everyone")

BACKGROUND_LABELS: dict[str, Text] = {
    "BG_AGE_CHILD": _t("Ikä", "Ålder", "Age"),
    "BG_AGE_YOUTH": _t("Ikä", "Ålder", "Age"),
    "BG_AGE_ADULT": _t("Ikä", "Ålder", "Age"),
    "BG_GENDER": _t("Sukupuoli", "Kön", "Gender"),
    "BG_LANGUAGE": _t("Kotikieli", "Hemspråk", "Home language"),
    "BG_COUNTY": _t("Hyvinvointialue", "Välfärdsområde", "Wellbeing services county"),
}
"""Short names of the built-in background questions, for results broken down by them ("Sukupuoli: tyttö"
rather than the question "Mikä sukupuolesi on?: tyttö"). Other items are named by their text."""

NO_ANSWER = ""
"""The group of those who left a breakdown's question unanswered (the group value ``""``)."""
NO_ANSWER_LABEL = _t("ei vastausta", "inget svar", "no answer")


def group_label(
    instrument: Instrument, by: str | None, group: str | None, language: str, labels: ColumnLabels = NO_LABELS
) -> str:
    """ "Everyone", or the breakdown's name and the group's choice label ("Gender: Girl") where known.

    >>> from instruments.model import RespondentGroup
    >>> empty = Instrument("x", "1", Text(en="X"), RespondentGroup.YOUTH, ("en",), ())
    >>> group_label(empty, "project", "ARV-08", "en"), group_label(empty, None, None, "sv")
    ('Project: ARV-08', 'Alla')
    >>> group_label(empty, "gender", "2", "en", ColumnLabels.of({"gender": "Gender"}, {"gender": {2: "Woman"}}))
    'Gender: Woman'
    """
    if by is None:
        return EVERYONE.get(language)
    name = group_name(instrument, by, group, language, labels)
    return f"{column_label(instrument, by, language, labels)}: {name}"


def group_name(
    instrument: Instrument, by: str, group: str | None, language: str, labels: ColumnLabels = NO_LABELS
) -> str:
    """A group's own name: the choice label of its code where the column is an item ("tyttö"), the value's
    label where `labels` has one, else the value."""
    if group == NO_ANSWER:
        return NO_ANSWER_LABEL.get(language)
    try:
        item = instrument.item(by)
    except KeyError:  # a metadata column (project, wave, ...) or a column from another tool
        label = labels.value(by, group) if group is not None else None
        return label.get(language) if label is not None else str(group)
    choices = instrument.choice_list(item)
    choice = next((c for c in choices.choices if str(c.code) == group), None) if choices else None
    return choice.label.get(language) if choice else str(group)


def column_label(instrument: Instrument, column: str, language: str, labels: ColumnLabels = NO_LABELS) -> str:
    """A breakdown column as people name it: a background question's short name, the item's text, a metadata
    column's name, the name `labels` give it, or the column itself."""
    if column in BACKGROUND_LABELS:
        return BACKGROUND_LABELS[column].get(language)
    try:
        return instrument.item(column).text.get(language)
    except KeyError:
        pass
    if column in METADATA_LABELS:
        return METADATA_LABELS[column].get(language)
    label = labels.name(column)
    return label.get(language) if label is not None else column


def comparison_label(instrument: Instrument, row, labels: ColumnLabels = NO_LABELS) -> Text:
    """A comparison's heading in fi/sv/en: the scale, what is compared, and within which group or in which wave.

    The same scale compared in several ways gets as many distinct headings: waves for everyone and within each
    group ("Sukupuoli: tyttö"), groups in each wave.
    """
    from analysis.glossary import wave_label  # glossary imports nothing of this module

    texts = {}
    for lang in ("fi", "sv", "en"):
        scale = instrument.scale(row.scale).label.get(lang) if _has_scale(instrument, row.scale) else row.scale
        if row.kind == "groups":
            names = " – ".join(group_name(instrument, row.by, g, lang, labels) for g in row.groups)
            text = f"{scale}: {names} ({column_label(instrument, row.by, lang, labels)})"
            if row.wave:
                text += f", {wave_label(row.wave, lang)}"
        else:
            text = f"{scale}: {' – '.join(wave_label(w, lang) for w in row.groups)}"
            within = (
                group_label(instrument, row.by, row.group, lang, labels) if row.by else EVERYONE_WITHIN.get(lang)
            )
            text += f", {within}"
        texts[lang] = text
    return Text(**texts)


EVERYONE_WITHIN = _t("kaikki vastaajat", "alla svarande", "everyone")


def _has_scale(instrument: Instrument, code: str) -> bool:
    return any(s.code == code for s in instrument.scales)

