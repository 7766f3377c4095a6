"""Names people read for columns and groups: metadata columns, items and their choices, in fi/sv/en.

>>> METADATA_LABELS["project"].get("fi")
'Hanke'
"""

from __future__ import annotations

from instruments.model import Instrument, Text


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


def group_label(instrument: Instrument, by: str | None, group: str | None, language: str) -> str:
    """ "Everyone", or the breakdown's name and the group's choice label ("Gender: Girl") where known.

    >>> from instruments.model import RespondentGroup
    >>> empty = Instrument("x", "1", Text(en="X"), RespondentGroup.YOUTH, ("en",), ())
    >>> group_label(empty, "project", "ARV-08", "en"), group_label(empty, None, None, "sv")
    ('Project: ARV-08', 'Alla')
    """
    if by is None:
        return EVERYONE.get(language)
    return f"{column_label(instrument, by, language)}: {group_name(instrument, by, group, language)}"


def group_name(instrument: Instrument, by: str, group: str | None, language: str) -> str:
    """A group's own name: the choice label of its code where the column is an item ("tyttö"), else the value."""
    if group == NO_ANSWER:
        return NO_ANSWER_LABEL.get(language)
    try:
        item = instrument.item(by)
    except KeyError:  # a metadata column (project, wave, ...) or a column from another tool
        return str(group)
    choices = instrument.choice_list(item)
    choice = next((c for c in choices.choices if str(c.code) == group), None) if choices else None
    return choice.label.get(language) if choice else str(group)


def column_label(instrument: Instrument, column: str, language: str) -> str:
    """A breakdown column as people name it: a background question's short name, the item's text, a metadata
    column's name, or the column itself."""
    if column in BACKGROUND_LABELS:
        return BACKGROUND_LABELS[column].get(language)
    try:
        return instrument.item(column).text.get(language)
    except KeyError:
        return METADATA_LABELS[column].get(language) if column in METADATA_LABELS else column


def comparison_label(instrument: Instrument, row) -> Text:
    """A comparison's heading in fi/sv/en: the scale, what is compared, and within which group or in which wave.

    The same scale compared in several ways gets as many distinct headings: waves for everyone and within each
    group ("Sukupuoli: tyttö"), groups in each wave.
    """
    from analysis.glossary import wave_label  # glossary imports nothing of this module

    texts = {}
    for lang in ("fi", "sv", "en"):
        scale = instrument.scale(row.scale).label.get(lang) if _has_scale(instrument, row.scale) else row.scale
        if row.kind == "groups":
            names = " – ".join(group_name(instrument, row.by, g, lang) for g in row.groups)
            text = f"{scale}: {names} ({column_label(instrument, row.by, lang)})"
            if row.wave:
                text += f", {wave_label(row.wave, lang)}"
        else:
            text = f"{scale}: {' – '.join(wave_label(w, lang) for w in row.groups)}"
            within = group_label(instrument, row.by, row.group, lang) if row.by else EVERYONE_WITHIN.get(lang)
            text += f", {within}"
        texts[lang] = text
    return Text(**texts)


EVERYONE_WITHIN = _t("kaikki vastaajat", "alla svarande", "everyone")


def _has_scale(instrument: Instrument, code: str) -> bool:
    return any(s.code == code for s in instrument.scales)

