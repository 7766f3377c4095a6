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


def group_label(instrument: Instrument, by: str | None, group: str | None, language: str) -> str:
    """ "Everyone", or the breakdown's name and the group's choice label ("Gender: Girl") where known.

    >>> from instruments.model import RespondentGroup
    >>> empty = Instrument("x", "1", Text(en="X"), RespondentGroup.YOUTH, ("en",), ())
    >>> group_label(empty, "project", "ARV-08", "en"), group_label(empty, None, None, "sv")
    ('Project: ARV-08', 'Alla')
    """
    if by is None:
        return EVERYONE.get(language)
    try:
        item = instrument.item(by)
    except KeyError:  # a metadata column (project, wave, ...) or a column from another tool
        name = METADATA_LABELS[by].get(language) if by in METADATA_LABELS else by
        return f"{name}: {group}"
    choices = instrument.choice_list(item)
    choice = next((c for c in choices.choices if str(c.code) == group), None) if choices else None
    return f"{item.text.get(language)}: {choice.label.get(language) if choice else group}"
