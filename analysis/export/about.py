"""The About sheet: what the workbook is, what it covers, how it was made and how to read and cite it."""

from __future__ import annotations

from datetime import UTC, datetime

from openpyxl.worksheet.properties import PageSetupProperties

from analysis.export.cells import WRAP, fit_row_heights, put, set_widths
from analysis.export.words import SHEETS
from analysis.report_model import Report, Suppressed
from instruments.model import Text


def _t(fi: str, sv: str, en: str) -> Text:
    return Text(fi=fi, sv=sv, en=en)


ABOUT = {
    "title": _t(
        "Arvio – vaikutusarvioinnin tulokset",
        "Arvio – resultat av konsekvensbedömningen",
        "Arvio – impact assessment results",
    ),
    "what": _t(
        "Tämä työkirja sisältää kyselyn vastaukset ja niistä lasketut tulokset. Koontiluvut (Yhteenveto, "
        "Kysymykset, Reliabiliteetti, Vertailut, Kaaviot) eivät koskaan kuvaa pienempää joukkoa kuin "
        "piilotusraja. Vastaukset-välilehti sisältää yksittäiset vastaukset: käsittele sitä luottamuksellisena.",
        "Arbetsboken innehåller enkätens svar och resultaten som räknats ut av dem. Sammanställda tal "
        "(Sammanfattning, Frågor, Reliabilitet, Jämförelser, Diagram) beskriver aldrig en mindre grupp än "
        "gränsen för döljning. Bladet Svar innehåller enskilda svar: behandla det konfidentiellt.",
        "This workbook holds the survey's responses and the results computed from them. Aggregates (Summary, "
        "Items, Reliability, Comparisons, Charts) never describe a group smaller than the suppression "
        "threshold. The Responses sheet holds individual answers: treat it as confidential.",
    ),
    "file": _t("Tiedosto", "Filen", "This file"),
    "instrument": _t("Kyselylomake", "Enkät", "Instrument"),
    "version": _t("Versio", "Version", "Version"),
    "projects": _t("Hankkeet", "Projekt", "Projects"),
    "collections": _t("Aineistonkeruut", "Datainsamlingar", "Data collections"),
    "waves": _t("Mittauskerrat", "Mättillfällen", "Waves"),
    "filters": _t("Rajaukset", "Filter", "Filters"),
    "no_filters": _t("ei rajauksia", "inga filter", "none"),
    "responses": _t("Vastauksia", "Svar", "Responses"),
    "made_at": _t("Tehty (UTC)", "Skapad (UTC)", "Made at (UTC)"),
    "made_by": _t("Tekijä", "Skapad av", "Made by"),
    "threshold": _t("Piilotusraja", "Gräns för döljning", "Suppression threshold"),
    "threshold_text": _t(
        "Luku, joka kuvaisi alle {t} henkilöä, on piilotettu.",
        "Ett tal som skulle beskriva färre än {t} personer är dolt.",
        "A number that would describe fewer than {t} people is suppressed.",
    ),
    "marker": _t("Merkintä solussa", "Markering i cellen", "Marker in a cell"),
    "methods": _t("Menetelmät", "Metoder", "Methods"),
    "methods_text": _t(
        "Keskiarvojen {level} %:n luottamusvälit t-jakaumasta; Cronbachin alfan luottamusväli Feldtin "
        "menetelmällä; osuuksien luottamusvälit Wilsonin menetelmällä. Ryhmävertailut: {group}; "
        "mittauskertojen parivertailut: {paired}. p-arvot korjattu usean vertailun vuoksi: {adjust}. "
        "Tulokset vastaavat R:n oletuksia (stats, psych, effectsize).",
        "Medelvärdenas {level} % konfidensintervall från t-fördelningen; Cronbachs alfa med Feldts "
        "konfidensintervall; andelarnas konfidensintervall med Wilsons metod. Gruppjämförelser: {group}; "
        "parade jämförelser mellan mättillfällen: {paired}. p-värdena justerade för multipla jämförelser: "
        "{adjust}. Resultaten motsvarar R:s standardval (stats, psych, effectsize).",
        "Means with {level}% confidence intervals from the t distribution; Cronbach's alpha with Feldt's "
        "confidence interval; proportions with Wilson intervals. Group comparisons: {group}; paired comparisons "
        "of waves: {paired}. p-values adjusted for multiple comparisons: {adjust}. Results agree with R's "
        "defaults (stats, psych, effectsize).",
    ),
    "warnings": _t("Huomioitavaa", "Att observera", "Notes"),
    "pairing": _t("Vastausten paritus", "Parning av svar", "Pairing of responses"),
    "sheets": _t("Välilehdet", "Blad", "Sheets"),
    "cite": _t("Viittaa näin", "Citera så här", "How to cite"),
    "cite_text": _t(
        "{title} ({id}@{version}). Arvio-työkirja, tehty {date}.",
        "{title} ({id}@{version}). Arvio-arbetsbok, skapad {date}.",
        "{title} ({id}@{version}). Arvio workbook, made {date}.",
    ),
}


def about_rows(report: Report, language: str, made_by: str) -> list[tuple[object, ...]]:
    """The About sheet's rows: (heading, value) pairs, values as text, numbers or datetimes."""

    def t(key: str) -> str:
        return ABOUT[key].get(language)

    design, instrument = report.design, report.instrument
    threshold = design.min_cell
    created = report.created_at
    if created.tzinfo is not None:
        created = created.astimezone(UTC).replace(tzinfo=None)
    rows: list[tuple[object, ...]] = [
        (t("title"),),
        (t("file"), t("what")),
        (),
        (t("instrument"), f"{instrument.title.get(language)} ({instrument.id})"),
        (t("version"), instrument.version),
        (t("projects"), "; ".join(_distinct(report, "project"))),
        (t("collections"), "; ".join(_distinct(report, "collection"))),
        (t("waves"), "; ".join(design.waves or _distinct(report, design.wave or "wave"))),
        (t("filters"), "; ".join(f"{k}: {v}" for k, v in report.filters) or t("no_filters")),
        (t("responses"), report.n_responses),
        (t("made_at"), created),
        (t("made_by"), made_by),
        (),
        (t("threshold"), threshold, t("threshold_text").format(t=threshold)),
    ]
    for reason in ("small_cell", "complementary", "small_group"):
        marker = Suppressed(reason, threshold)
        rows.append((t("marker"), str(marker), marker.text.get(language)))
    level = f"{design.confidence * 100:g}"
    methods = t("methods_text").format(
        level=level, group=design.group_test, paired=design.paired_test, adjust=design.adjust
    )
    rows += [(), (t("methods"), methods)]
    rows += [(t("pairing"), f"{p.baseline} – {p.follow_up}", p.note.get(language)) for p in report.pairing]
    rows += [(t("warnings"), w.subject, w.text.get(language)) for w in report.warnings]
    rows += [(), (t("sheets"), ", ".join(SHEETS.get(language, SHEETS["fi"])))]
    cite = t("cite_text").format(
        title=instrument.title.get(language),
        id=instrument.id,
        version=instrument.version,
        date=created.strftime("%Y-%m-%d"),
    )
    rows.append((t("cite"), cite))
    return rows


def write_about(ws, report: Report, language: str, made_by: str) -> None:
    widths = (26, 60, 60)
    set_widths(ws, widths)
    ws.page_setup.orientation = "landscape"  # printed on one page width
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    rows = about_rows(report, language, made_by)
    fit_row_heights(ws, [row[1:] for row in rows], widths[1:])
    for row in rows:
        cells = [put(ws, value, number_format=_format(value), bold=i == 0) for i, value in enumerate(row)]
        for cell in cells:
            cell.alignment = WRAP  # the heading at the top of a tall row, beside its text
        ws.append(cells)


def _format(value: object) -> str | None:
    return "yyyy-mm-dd hh:mm" if isinstance(value, datetime) else None


def _distinct(report: Report, column: str) -> list[str]:
    """The distinct non-empty values of a text column of the responses, in order of first appearance."""
    if column not in report.responses:
        return []
    values = report.responses.text(column).tolist()
    return [v for v in dict.fromkeys(values) if v]
