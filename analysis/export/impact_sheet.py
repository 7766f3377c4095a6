"""The programme impact as an Excel workbook: About, then the Impact sheet ("Vaikuttavuus") with each project's
change scale by scale, the pooled change and its prediction interval, in the words and numbers of the page.

Rows first say what they are about (the scale, the kind of row, the project), then the numbers, stored as
numbers with a number format (Excel shows them with the reader's decimal separator); a hidden pair count is
its marker (``<5``). Text never becomes a formula (:mod:`analysis.export.cells`), and the file appears only
when it is complete.

>>> [header(name, "fi") for name in IMPACT[:4]]
['Mittari', 'Rivi', 'Hanke', 'Vastaajapareja']
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from openpyxl import Workbook

from analysis.export.cells import WRAP, append, fit_row_heights, put, set_widths
from analysis.export.report_rows import p_format
from analysis.export.safe import atomic_path, sheet_title
from analysis.glossary import capitalised, wave_label
from analysis.impact import MIN_PROJECTS, PooledChange
from analysis.impact_readings import (
    MEASURE_HINTS,
    MEASURE_NAMES,
    METHOD_HINTS,
    METHOD_NAMES,
    heterogeneity_reading,
    left_out_reason,
    pooled_reading,
)
from analysis.scoring import score_range
from instruments.model import Instrument, Text


def _t(fi: str, sv: str, en: str) -> Text:
    return Text(fi=fi, sv=sv, en=en)


@dataclass(frozen=True)
class ImpactBook:
    """What the workbook holds: the questionnaire, the waves compared, and each scale's result by scale code."""

    instrument: Instrument
    baseline: str
    later: str
    measure: str
    method: str
    scales: tuple[tuple[str, PooledChange], ...]
    project_names: Mapping[str, str]  # by the code in each result's rows: "ARV-04 Nivelvaiheen ryhmät"
    waiting: tuple[tuple[str, str], ...] = ()  # (project's name, "baseline" or "later": the wave without results)
    min_cell: int = 5
    released_at: datetime | None = None


IMPACT = (
    "scale_label", "row", "project", "pairs", "estimate", "ci_low", "ci_high", "weight", "pi_low", "pi_high",
    "tau2", "i2", "q", "q_df", "q_p", "p", "k", "reading", "scale",
)  # fmt: skip
_HEADERS = {
    "scale_label": _t("Mittari", "Skala", "Scale"),
    "row": _t("Rivi", "Rad", "Row"),
    "project": _t("Hanke", "Projekt", "Project"),
    "pairs": _t("Vastaajapareja", "Par av svarande", "Pairs of answers"),
    "estimate": _t("Muutos", "Förändring", "Change"),
    "ci_low": _t("Luottamusvälin alaraja", "Konfidensintervallets nedre gräns", "Confidence interval, low"),
    "ci_high": _t("Luottamusvälin yläraja", "Konfidensintervallets övre gräns", "Confidence interval, high"),
    "weight": _t("Paino (%)", "Vikt (%)", "Weight (%)"),
    "pi_low": _t("Ennustevälin alaraja", "Prediktionsintervallets nedre gräns", "Prediction interval, low"),
    "pi_high": _t("Ennustevälin yläraja", "Prediktionsintervallets övre gräns", "Prediction interval, high"),
    "tau2": _t(
        "τ² (todellisten muutosten vaihtelu)",
        "τ² (de verkliga förändringarnas varians)",
        "τ² (variance of the true changes)",
    ),
    "i2": _t("I² (%)", "I² (%)", "I² (%)"),
    "q": _t("Q", "Q", "Q"),
    "q_df": _t("Q:n vapausasteet", "Q:s frihetsgrader", "Q's degrees of freedom"),
    "q_p": _t("Q:n p-arvo", "Q:s p-värde", "Q's p-value"),
    "p": _t("p-arvo", "p-värde", "p-value"),
    "k": _t("Hankkeita", "Projekt", "Projects"),
    "reading": _t("Tulkinta", "Tolkning", "Reading"),
    "scale": _t("Mittarin muuttuja", "Skalans variabel", "Scale variable"),
}
_ROWS = {
    "project": _t("hanke", "projekt", "project"),
    "left_out": _t("hanke, ei mukana", "projekt, inte med", "project, left out"),
    "pooled": _t("yhdistetty muutos", "sammanslagen förändring", "pooled change"),
    "not_pooled": _t("ei yhdistetty", "inte sammanslagen", "not pooled"),
}
_ABOUT = {
    "title": _t("Arvio – ohjelman vaikuttavuus", "Arvio – programmets effekt", "Arvio – programme impact"),
    "what": _t(
        "Kunkin hankkeen muutos samoilla vastaajilla (parituskoodin mukaan) ja hankkeiden muutokset "
        "yhdistettynä yhdeksi keskimääräiseksi muutokseksi (meta-analyysi). Luvut ovat samat kuin Arvion "
        "vaikuttavuussivulla.",
        "Varje projekts förändring för samma svarande (enligt parkoden) och projektens förändringar "
        "sammanslagna till en genomsnittlig förändring (metaanalys). Talen är desamma som på Arvios sida om "
        "effekt.",
        "Each project's change for the same respondents (matched by pairing code), and the projects' changes "
        "pooled into one average change (a meta-analysis). The numbers are those of Arvio's impact page.",
    ),
    "instrument": _t("Kyselylomake", "Enkät", "Questionnaire"),
    "waves": _t("Mittauskerrat", "Mättillfällen", "Waves"),
    "measure": _t("Muutoksen mitta", "Förändringens mått", "Measure of change"),
    "method": _t("Yhdistämisen menetelmä", "Metod för sammanslagning", "Pooling method"),
    "rules": _t("Pienten lukujen suojaus", "Skydd av små tal", "Small numbers"),
    "rules_text": _t(
        "Hanke, jolla on alle {t} vastaajaparia, ei ole mukana, eikä sen parien määrää näytetä. Muutoksia "
        "yhdistetään vain, kun mukana on vähintään {m} hanketta.",
        "Ett projekt med färre än {t} par av svarande är inte med, och antalet par visas inte. Förändringar "
        "slås samman bara när minst {m} projekt är med.",
        "A project with fewer than {t} pairs of answers is left out, and its number of pairs is not shown. "
        "Changes are pooled only when at least {m} projects are included.",
    ),
    "waiting": _t(
        "Odottaa päättynyttä mittauskertaa", "Väntar på ett avslutat mättillfälle", "Waiting for a closed wave"
    ),
    "released": _t(
        "Aineistonkeruut päättyneet viimeistään (UTC)",
        "Datainsamlingarna avslutade senast (UTC)",
        "Data collections closed by (UTC)",
    ),
    "made_at": _t("Tehty (UTC)", "Skapad (UTC)", "Made at (UTC)"),
    "made_by": _t("Tekijä", "Skapad av", "Made by"),
}
_SHEETS = {"about": _t("Tietoja", "Om filen", "About"), "impact": _t("Vaikuttavuus", "Effekt", "Impact")}
_TWO = "0.00"
_FORMATS = {"pairs": "0", "estimate": _TWO, "ci_low": _TWO, "ci_high": _TWO, "weight": "0.0", "pi_low": _TWO,
            "pi_high": _TWO, "tau2": "0.0000", "i2": "0.0", "q": _TWO, "q_df": "0", "k": "0"}  # fmt: skip
_WIDTHS = (28, 18, 34, 12, 10, 12, 12, 10, 12, 12, 12, 8, 8, 10, 10, 10, 10, 70, 14)


def header(name: str, language: str) -> str:
    return _HEADERS[name].get(language)


def write_impact_workbook(
    book: ImpactBook, path: str | os.PathLike, *, language: str = "fi", made_by: str = ""
) -> Path:
    """Write the About and Impact sheets of `book` to `path` (replaced only when the new file is complete)."""
    workbook = Workbook(write_only=True)
    _write_about(workbook.create_sheet(sheet_title(_SHEETS["about"].get(language))), book, language, made_by)
    sheet = workbook.create_sheet(sheet_title(_SHEETS["impact"].get(language)))
    set_widths(sheet, _WIDTHS)
    append(sheet, [header(name, language) for name in IMPACT], bold=True)
    formats = {i: _FORMATS[name] for i, name in enumerate(IMPACT) if name in _FORMATS}
    formats.update({IMPACT.index("q_p"): p_format(language), IMPACT.index("p"): p_format(language)})
    for row in impact_rows(book, language):
        append(sheet, row, formats=formats, language=language)
    target = Path(path)
    with atomic_path(target) as final:
        workbook.save(final)
    return target


def impact_rows(book: ImpactBook, language: str) -> Iterator[list[object]]:
    """The Impact sheet's rows: per scale, each project (left-out ones with the reason), then the pooled row."""
    for code, result in book.scales:
        scale = book.instrument.scale(code)
        label = scale.label.get(language)
        for change in result.projects:
            name = book.project_names.get(change.project, change.project)
            if change.left_out:
                reason = left_out_reason(change.left_out, result.min_cell).get(language)
                yield [label, _ROWS["left_out"].get(language), name, change.n, *[None] * 13, reason, code]
                continue
            numbers = [change.estimate, change.ci_low, change.ci_high, change.weight]
            yield [label, _ROWS["project"].get(language), name, change.n, *numbers, *[None] * 9, "", code]
        reading = pooled_reading(result, score_range(book.instrument, scale) if book.measure == "points" else None)
        pooled = result.pooled
        if pooled is None:
            yield [label, _ROWS["not_pooled"].get(language), "", None, *[None] * 13, reading.get(language), code]
            continue
        words = f"{reading.get(language)} {heterogeneity_reading(result).get(language)}"
        yield [
            label, _ROWS["pooled"].get(language), "", result.pairs, pooled.estimate, pooled.ci_low, pooled.ci_high,
            100.0, pooled.pi_low, pooled.pi_high, pooled.tau2, pooled.i2, pooled.q, pooled.k - 1, pooled.q_p,
            pooled.p, pooled.k, words, code,
        ]  # fmt: skip


def _write_about(ws, book: ImpactBook, language: str, made_by: str) -> None:
    set_widths(ws, (34, 100))
    instrument = book.instrument
    waves = " – ".join(capitalised(wave_label(w, language)) for w in (book.baseline, book.later))
    rules = _ABOUT["rules_text"].get(language).format(t=book.min_cell, m=_min_projects(book))
    rows: list[tuple[str, object]] = [
        ("", _ABOUT["what"].get(language)),
        (_ABOUT["instrument"].get(language), f"{instrument.title.get(language)} ({instrument.key})"),
        (_ABOUT["waves"].get(language), waves),
        (_ABOUT["measure"].get(language), _named(MEASURE_NAMES, MEASURE_HINTS, book.measure, language)),
        (_ABOUT["method"].get(language), _named(METHOD_NAMES, METHOD_HINTS, book.method, language)),
        (_ABOUT["rules"].get(language), rules),
    ]
    if book.waiting:
        names = "; ".join(
            f"{name} ({wave_label(_wave(book, missing), language)})" for name, missing in book.waiting
        )
        rows.append((_ABOUT["waiting"].get(language), names))
    if book.released_at is not None:
        rows.append((_ABOUT["released"].get(language), book.released_at.replace(tzinfo=None)))
    rows += [
        (_ABOUT["made_at"].get(language), datetime.now(UTC).replace(tzinfo=None, microsecond=0)),
        (_ABOUT["made_by"].get(language), made_by),
    ]
    fit_row_heights(ws, [(_ABOUT["title"].get(language),), *rows], (34, 100))
    ws.append([put(ws, _ABOUT["title"].get(language), bold=True)])
    for key, value in rows:
        cell = put(ws, value, number_format="yyyy-mm-dd hh:mm")
        cell.alignment = WRAP
        ws.append([put(ws, key, bold=True), cell])


def _named(names: Mapping[str, Text], hints: Mapping[str, Text], key: str, language: str) -> str:
    return f"{names[key].get(language)}. {hints[key].get(language)}"


def _wave(book: ImpactBook, missing: str) -> str:
    return book.baseline if missing == "baseline" else book.later


def _min_projects(book: ImpactBook) -> int:
    return next((result.min_projects for _code, result in book.scales), MIN_PROJECTS)


__all__ = ["IMPACT", "ImpactBook", "header", "impact_rows", "write_impact_workbook"]
