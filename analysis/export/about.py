"""The About sheet: what the workbook is, what it covers, how it was made and how to read and cite it."""

from __future__ import annotations

from datetime import UTC, datetime

from openpyxl.worksheet.properties import PageSetupProperties

from analysis.export.cells import WRAP, fit_row_heights, put, set_widths
from analysis.export.words import SHEETS
from analysis.glossary import term, wave_label
from analysis.numbers import number
from analysis.report_model import Design, Report, Suppressed
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
        "menetelmällä; osuuksien luottamusvälit Wilsonin menetelmällä. Kahden ryhmän vertailu: {group}; "
        "useamman ryhmän vertailu: {groups}; mittauskertojen vertailu samoilla vastaajilla: {paired}. "
        "p-arvot on korjattu usean vertailun vuoksi: {adjust}. Muutos tai ero on ilmoitettu vastausasteikon "
        "pisteinä luottamusväleineen ja vakioituna vaikutuksen kokona. Tulokset vastaavat R:n oletuksia "
        "(stats, psych, effectsize).",
        "Medelvärdenas {level} % konfidensintervall från t-fördelningen; Cronbachs alfa med Feldts "
        "konfidensintervall; andelarnas konfidensintervall med Wilsons metod. Jämförelse av två grupper: "
        "{group}; av flera grupper: {groups}; jämförelse av mättillfällen med samma svarande: {paired}. "
        "p-värdena är justerade för multipla jämförelser: {adjust}. Förändringen eller skillnaden anges i "
        "svarsskalans poäng med konfidensintervall och som standardiserad effektstorlek. Resultaten motsvarar "
        "R:s standardval (stats, psych, effectsize).",
        "Means with {level}% confidence intervals from the t distribution; Cronbach's alpha with Feldt's "
        "confidence interval; proportions with Wilson intervals. Two groups compared: {group}; more groups: "
        "{groups}; waves compared for the same respondents: {paired}. p-values adjusted for multiple "
        "comparisons: {adjust}. A change or difference is given in points of the response scale with its "
        "confidence interval, and as a standardised effect size. Results agree with R's defaults (stats, "
        "psych, effectsize).",
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


_FILTERS = {  # the filters the web application and the command line describe a report by
    "projects": _t("Hankkeet", "Projekt", "Projects"),
    "collections": _t("Aineistonkeruut", "Datainsamlingar", "Data collections"),
    "waves": _t("Mittauskerrat", "Mättillfällen", "Waves"),
    "file": _t("Tiedosto", "Fil", "File"),
}
_GROUP_TESTS = {  # Design.group_test -> the test of two groups, as the glossary names it
    "welch": "welch_t",
    "student": "student_t",
    "mann-whitney": "mann_whitney",
}
_MANY_GROUPS = {"welch": "welch_anova", "student": "anova", "mann-whitney": "kruskal_wallis"}
_PAIRED_TESTS = {"t": "paired_t", "wilcoxon": "wilcoxon_signed_rank"}


def about_rows(report: Report, language: str, made_by: str) -> list[tuple[object, ...]]:
    """The About sheet's rows: (heading, value) pairs, values as text, numbers or datetimes."""

    def t(key: str) -> str:
        return ABOUT[key].get(language)

    design, instrument = report.design, report.instrument
    threshold = design.min_cell
    created = report.created_at
    if created.tzinfo is not None:
        created = created.astimezone(UTC).replace(tzinfo=None)
    waves = design.waves or _distinct(report, design.wave or "wave")
    rows: list[tuple[object, ...]] = [
        (t("title"),),
        (t("file"), t("what")),
        (),
        (t("instrument"), f"{instrument.title.get(language)} ({instrument.id})"),
        (t("version"), instrument.version),
        (t("projects"), "; ".join(_distinct(report, "project"))),
        (t("collections"), "; ".join(_distinct(report, "collection"))),
        (t("waves"), "; ".join(wave_label(w, language) for w in waves)),
        (t("filters"), "; ".join(_filter(k, v, language) for k, v in report.filters) or t("no_filters")),
        (t("responses"), report.n_responses),
        (t("made_at"), created),
        (t("made_by"), made_by),
        (),
        (t("threshold"), threshold, t("threshold_text").format(t=threshold)),
    ]
    for reason in ("small_cell", "complementary", "small_group"):
        marker = Suppressed(reason, threshold)
        rows.append((t("marker"), str(marker), marker.text.get(language)))
    rows += [(), (t("methods"), methods_text(design, language))]
    rows += [
        (t("pairing"), f"{wave_label(p.baseline, language)} – {wave_label(p.follow_up, language)}",
         p.note.get(language))
        for p in report.pairing
    ]  # fmt: skip
    rows += [(t("warnings"), w.text.get(language)) for w in report.warnings]
    rows += [(), (t("sheets"), ", ".join(SHEETS.get(language, SHEETS["fi"])))]
    cite = t("cite_text").format(
        title=instrument.title.get(language),
        id=instrument.id,
        version=instrument.version,
        date=created.strftime("%Y-%m-%d"),
    )
    rows.append((t("cite"), cite))
    return rows


def methods_text(design: Design, language: str) -> str:
    """How the numbers were computed, naming every test and correction as the glossary does.

    >>> print(methods_text(Design(), "fi").split(". ")[1].replace("; ", ";\\n"))
    Kahden ryhmän vertailu: Welchin t-testi;
    useamman ryhmän vertailu: Welchin varianssianalyysi;
    mittauskertojen vertailu samoilla vastaajilla: parittainen t-testi
    """
    level = design.confidence * 100
    return (
        ABOUT["methods_text"]
        .get(language)
        .format(
            level=number(level, 0 if level.is_integer() else 1, language),
            group=term(_GROUP_TESTS.get(design.group_test, design.group_test), language),
            groups=term(_MANY_GROUPS.get(design.group_test, "welch_anova"), language),
            paired=term(_PAIRED_TESTS.get(design.paired_test, design.paired_test), language),
            adjust=term(design.adjust, language),
        )
    )


def _filter(key: str, value: str, language: str) -> str:
    """A filter as people read it: its name in the language, and waves by their display names."""
    if key == "waves":
        value = ", ".join(wave_label(w.strip(), language) for w in value.split(",") if w.strip())
    name = _FILTERS[key].get(language) if key in _FILTERS else key
    return f"{name}: {value}"


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
        for cell in cells if len(row) > 1 else ():  # the workbook's title runs on to the right, unwrapped
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
