"""Every word the exporters write into a file, in Finnish, Swedish and English.

Machine names of a report (tests, effect sizes, waves) are said through :mod:`analysis.glossary`; this module
holds the rest: sheet names, column headers and the words of the Codebook and the Charts sheet.

>>> word("sheet_responses", "sv")
'Svar'
>>> SHEETS["en"]
('About', 'Codebook', 'Responses', 'Summary', 'Items', 'Reliability', 'Comparisons', 'Charts')
>>> header("estimate", "fi")
'Muutos tai ero pisteinä'
"""

from __future__ import annotations

from analysis.labels import EVERYONE, METADATA_LABELS
from instruments.model import Text


def _t(fi: str, sv: str, en: str) -> Text:
    return Text(fi=fi, sv=sv, en=en)


WORDS: dict[str, Text] = {
    # sheets, in workbook order
    "sheet_about": _t("Tietoja", "Om", "About"),
    "sheet_codebook": _t("Koodikirja", "Kodbok", "Codebook"),
    "sheet_responses": _t("Vastaukset", "Svar", "Responses"),
    "sheet_summary": _t("Yhteenveto", "Sammanfattning", "Summary"),
    "sheet_items": _t("Kysymykset", "Frågor", "Items"),
    "sheet_reliability": _t("Reliabiliteetti", "Reliabilitet", "Reliability"),
    "sheet_comparisons": _t("Vertailut", "Jämförelser", "Comparisons"),
    "sheet_charts": _t("Kaaviot", "Diagram", "Charts"),
    # metadata columns of the Responses sheet
    **METADATA_LABELS,
    # codebook
    "name": _t("Muuttuja", "Variabel", "Name"),
    "label": _t("Selite", "Etikett", "Label"),
    "type": _t("Tyyppi", "Typ", "Type"),
    "values": _t("Arvot (koodi = selite)", "Värden (kod = etikett)", "Values (code = label)"),
    "scale": _t("Mittari", "Skala", "Scale"),
    "reversed": _t("Käännetty", "Omvänd", "Reversed"),
    "missing_codes": _t("Puuttuvan tiedon koodit", "Koder för bortfall", "Missing codes"),
    "yes": _t("kyllä", "ja", "yes"),
    "chosen": _t("valittu", "vald", "chosen"),
    "not_chosen": _t("ei valittu", "inte vald", "not chosen"),
    "type_text": _t("teksti", "text", "text"),
    "type_number": _t("luku", "tal", "number"),
    "type_datetime": _t("päivämäärä ja aika", "datum och tid", "date and time"),
    "type_option": _t("valinta 0/1", "val 0/1", "choice 0/1"),
    "type_mean": _t("mittarin pisteet (keskiarvo)", "skalpoäng (medelvärde)", "scale score (mean)"),
    "type_sum": _t("mittarin pisteet (summa)", "skalpoäng (summa)", "scale score (sum)"),
    "type_percent": _t("mittarin pisteet 0–100", "skalpoäng 0–100", "scale score 0–100"),
    # report sheets
    "everyone": EVERYONE,
    "distributions": _t("Vastausjakaumat", "Svarsfördelningar", "Distributions of answers"),
    "proportions": _t("Osuudet", "Andelar", "Proportions"),
    "item_diagnostics": _t("Osioiden tunnusluvut", "Itemstatistik", "Item diagnostics"),
    "not_run": _t("Ei laskettu", "Inte beräknad", "Not computed"),
    "warnings": _t("Lue nämä ensin", "Läs detta först", "Read these first"),
    "hidden": _t("piilotettu", "dold", "hidden"),
    # charts
    "chart_means": _t(
        "keskiarvot ja {level} %:n luottamusvälit",
        "medelvärden med {level} % konfidensintervall",
        "means with {level}% confidence intervals",
    ),
    "chart_items": _t("vastausten jakaumat (%)", "svarsfördelningar (%)", "distributions of answers (%)"),
    "chart_items_part": _t("osa {part}/{parts}", "del {part}/{parts}", "part {part} of {parts}"),
    "chart_axis_mean": _t("Keskiarvo", "Medelvärde", "Mean"),
    "chart_axis_sum": _t("Summa", "Summa", "Sum"),
    "chart_axis_per_item": _t("kysymyksittäin", "per fråga", "per question"),
    "chart_axis_percent": _t(
        "Osuus vastanneista (%)", "Andel av de svarande (%)", "Share of those who answered (%)"
    ),
    "chart_hidden_series": _t("Piilotettu (pieni ryhmä)", "Dold (liten grupp)", "Hidden (small group)"),
    "chart_data": _t("Kaavioiden luvut", "Diagrammens värden", "The figures behind the charts"),
    "chart_note_axis": _t(
        "Keskiarvokaavioiden akseli kattaa koko vastausasteikon, ja sen otsikko kertoo asteikon päät.",
        "Medelvärdesdiagrammens axel täcker hela svarsskalan, och dess rubrik anger skalans ändar.",
        "The mean charts' axis covers the whole response scale, and its title names the scale's ends.",
    ),
    "chart_note_hidden": _t(
        "Piilotettu: luku kuvaisi alle {t} henkilöä tai paljastaisi sellaisen luvun. Piilotetun ryhmän "
        "palkki puuttuu, ja jakaumissa piilotettu osuus näkyy harmaana viivoitettuna.",
        "Dold: talet skulle beskriva färre än {t} personer eller avslöja ett sådant tal. En dold grupp saknar "
        "stapel, och i fördelningarna visas den dolda andelen grå och streckad.",
        "Hidden: the number would describe fewer than {t} people or reveal such a number. A hidden group has "
        "no bar, and in the distributions the hidden share is grey and hatched.",
    ),
    "chart_note_data": _t(
        "Kaavioiden luvut ovat rivistä {row} alkaen.",
        "Diagrammens värden finns från rad {row}.",
        "The figures behind the charts start at row {row}.",
    ),
}

PAGE: dict[str, Text] = {
    # the standalone results page (analysis.export.html): the words of the web application's results page
    "page_title": _t("{title}: tulokset", "{title}: resultat", "{title}: results"),
    "page_describes": _t(
        "Nämä luvut kuvaavat {n} vastausta ({file}).",
        "Talen beskriver {n} svar ({file}).",
        "These numbers describe {n} responses ({file}).",
    ),
    "page_hidden": _t(
        "Alle {min} hengen ryhmät on piilotettu, samoin jokainen luku, josta sellaisen voisi päätellä.",
        "Grupper med färre än {min} personer är dolda, liksom varje tal som skulle avslöja en sådan.",
        "Groups under {min} people are hidden, and so is any number that would reveal one.",
    ),
    "page_made": _t(
        "Tehty Arviolla {when} (UTC), kyselylomake {instrument}.",
        "Gjord med Arvio {when} (UTC), enkät {instrument}.",
        "Made with Arvio on {when} (UTC), instrument {instrument}.",
    ),
    "page_contents": _t("Sisältö", "Innehåll", "Contents"),
    "page_scales": _t("Mittarien pisteet", "Skalpoäng", "Scale scores"),
    "page_no_scales": _t(
        "Tässä kyselyssä ei ole mittareita.", "Enkäten har inga skalor.", "This questionnaire has no scales."
    ),
    "page_scale_caption": _t(
        "{scale}: keskiarvot ja niiden {level}:n luottamusvälit asteikolla {range}",
        "{scale}: medelvärden med {level} konfidensintervall på skalan {range}",
        "{scale}: means with their {level} confidence intervals on a scale of {range}",
    ),
    "page_group": _t("Ryhmä", "Grupp", "Group"),
    "page_wave": _t("Mittauskerta", "Mättillfälle", "Wave"),
    "page_mean": _t("Keskiarvo", "Medelvärde", "Mean"),
    "page_ci": _t("Luottamusväli", "Konfidensintervall", "Confidence interval"),
    "page_sd": _t("Keskihajonta", "Standardavvikelse", "SD"),
    "page_median": _t("Mediaani", "Median", "Median"),
    "page_pairing": _t(
        "Vastaajien parittaminen mittauskertojen välillä",
        "Parning av svarande mellan mättillfällen",
        "Pairing of waves",
    ),
    "page_pairing_caption": _t(
        "Miten alku- ja myöhemmät vastaukset yhdistettiin parikoodilla",
        "Hur start- och senare svar paras ihop med parkoden",
        "How baseline and later answers were matched by pairing code",
    ),
    "page_waves": _t("Mittauskerrat", "Mättillfällen", "Waves"),
    "page_exact": _t("Täsmälleen samat", "Exakta matchningar", "Exact matches"),
    "page_tolerant": _t("Yksi osa eri", "En del skiljer sig", "Matches with one part differing"),
    "page_twice": _t("Kahdesti käytetyt koodit", "Koder som använts två gånger", "Codes used twice"),
    "page_match_rate": _t("Yhdistymisaste", "Andel parade", "Match rate"),
    "page_analysis": _t("Analyysi", "Analys", "Analysis"),
    "page_comparisons": _t("Vertailut", "Jämförelser", "Comparisons"),
    "page_comparisons_intro": _t(
        "Kukin vertailu kertoo, mikä muuttui tai erosi asteikon pisteinä ja kuinka varma tulos on. Vakioitu "
        "vaikutuksen koko ja testi ovat sen alla; p-arvot on korjattu vertailujen määrän mukaan ({correction}).",
        "Varje jämförelse anger vad som förändrades eller skilde sig, i skalans poäng, och hur säkert resultatet "
        "är. Den standardiserade effektstorleken och testet står under den; p-värdena är korrigerade för antalet "
        "jämförelser ({correction}).",
        "Each comparison says what changed or differed, in points of the scale, and how certain it is. The "
        "standardised effect size and the test are below it; p-values are adjusted for the number of "
        "comparisons ({correction}).",
    ),
    "page_not_computed": _t("Ei laskettu:", "Inte beräknat:", "Not computed:"),
    "page_difference": _t("Ero pisteinä", "Skillnad i poäng", "Difference in points"),
    "page_ci_word": _t("luottamusväli", "konfidensintervall", "confidence interval"),
    "page_effect": _t("Vakioitu vaikutuksen koko", "Standardiserad effektstorlek", "Standardised effect size"),
    "page_test": _t("Testi", "Test", "Test"),
    "page_p": _t("p-arvo", "p-värde", "p-value"),
    "page_adjusted": _t("korjattu", "justerat", "adjusted"),
    "page_not_compared": _t(
        "Ei vertailtu (luvut piilotettu)", "Inte jämförda (talen dolda)", "Not compared (numbers hidden)"
    ),
    "page_reliability": _t(
        "Reliabiliteetti (Cronbachin alfa)", "Reliabilitet (Cronbachs alfa)", "Reliability (Cronbach's alpha)"
    ),
    "page_scale": _t("Mittari", "Skala", "Scale"),
    "page_alpha": _t("Alfa", "Alfa", "Alpha"),
    "page_items": _t("Väittämiä", "Påståenden", "Items"),
    "page_answers": _t("Vastaukset kysymyksittäin", "Svar per fråga", "Answers by question"),
    "page_answer": _t("Vastaus", "Svar", "Answer"),
    "page_count": _t("Lukumäärä", "Antal", "Count"),
}
"""Words of the standalone results page, as the web application's results page says them."""

HEADERS: dict[str, Text] = {
    # who and what a row is about
    "scale_label": _t("Mittari", "Skala", "Scale"),
    "group_label": _t("Ryhmä", "Grupp", "Group"),
    "wave": _t("Mittauskerta", "Mättillfälle", "Wave"),
    "item_text": _t("Kysymys", "Fråga", "Question"),
    "choice_label": _t("Vastausvaihtoehto", "Svarsalternativ", "Answer"),
    "option_label": _t("Vastaus tai vaihtoehto", "Svar eller alternativ", "Answer or option"),
    "range": _t("Asteikko", "Skala", "Range"),
    # descriptive statistics
    "n": _t("n", "n", "n"),
    "mean": _t("Keskiarvo", "Medelvärde", "Mean"),
    "sd": _t("Keskihajonta", "Standardavvikelse", "Standard deviation"),
    "se": _t("Keskivirhe", "Medelfel", "Standard error"),
    "ci_low": _t("Luottamusvälin alaraja", "Konfidensintervallets nedre gräns", "Confidence interval, lower"),
    "ci_high": _t("Luottamusvälin yläraja", "Konfidensintervallets övre gräns", "Confidence interval, upper"),
    "median": _t("Mediaani", "Median", "Median"),
    "q1": _t("Alakvartiili", "Nedre kvartil", "Lower quartile"),
    "q3": _t("Yläkvartiili", "Övre kvartil", "Upper quartile"),
    "min": _t("Pienin", "Minsta", "Lowest"),
    "max": _t("Suurin", "Största", "Highest"),
    "percent_mean": _t("Keskiarvo asteikolla 0–100", "Medelvärde på skalan 0–100", "Mean on a 0–100 scale"),
    "missing_code": _t("Puuttuvan tiedon koodi", "Kod för bortfall", "Missing code"),
    "count": _t("Lukumäärä", "Antal", "Count"),
    "percent": _t("Prosenttia", "Procent", "Percent"),
    "valid_n": _t("Vastanneita", "Svarande", "Answered"),
    "proportion": _t("Osuus", "Andel", "Proportion"),
    # reliability
    "alpha": _t("Cronbachin alfa", "Cronbachs alfa", "Cronbach's alpha"),
    "k": _t("Osioita", "Items", "Items"),
    "items": _t("Osioiden koodit", "Itemkoder", "Item codes"),
    "alpha_if_dropped": _t("Alfa ilman osiota", "Alfa utan item", "Alpha without the item"),
    "item_total": _t("Osio–kokonaisuus-korrelaatio", "Item–total-korrelation", "Item-total correlation"),
    "not_computed": _t("Ei laskettu, koska", "Inte beräknad, eftersom", "Not computed, because"),
    # comparisons
    "heading": _t("Vertailu", "Jämförelse", "Comparison"),
    "kind": _t("Vertailun laji", "Typ av jämförelse", "Kind of comparison"),
    "compared": _t("Verrattavat", "Jämförda", "Compared"),
    "sizes": _t("n (ryhmittäin)", "n (per grupp)", "n (per group)"),
    "estimate": _t(
        "Muutos tai ero pisteinä", "Förändring eller skillnad i poäng", "Change or difference in points"
    ),
    "estimate_ci_low": _t(
        "Muutoksen tai eron luottamusvälin alaraja",
        "Förändringens eller skillnadens konfidensintervall, nedre",
        "Change or difference, confidence interval lower",
    ),
    "estimate_ci_high": _t(
        "Muutoksen tai eron luottamusvälin yläraja",
        "Förändringens eller skillnadens konfidensintervall, övre",
        "Change or difference, confidence interval upper",
    ),
    "effect": _t("Vaikutuksen koon mittari", "Mått på effektstorlek", "Effect size measure"),
    "effect_size": _t("Vaikutuksen koko", "Effektstorlek", "Effect size"),
    "effect_ci_low": _t(
        "Vaikutuksen koon luottamusvälin alaraja",
        "Effektstorlekens konfidensintervall, nedre",
        "Effect size, confidence interval lower",
    ),
    "effect_ci_high": _t(
        "Vaikutuksen koon luottamusvälin yläraja",
        "Effektstorlekens konfidensintervall, övre",
        "Effect size, confidence interval upper",
    ),
    "p": _t("p-arvo", "p-värde", "p-value"),
    "p_adjusted": _t("p-arvo korjattuna", "justerat p-värde", "Adjusted p-value"),
    "summary": _t("Tulos sanoin", "Resultatet i ord", "The result in words"),
    "reading": _t("Vaikutuksen koon tulkinta", "Tolkning av effektstorleken", "Reading of the effect size"),
    "method": _t("Menetelmä", "Metod", "Method"),
    "test": _t("Testi", "Test", "Test"),
    "statistic": _t("Testisuure", "Teststorhet", "Test statistic"),
    "df": _t("Vapausasteet", "Frihetsgrader", "Degrees of freedom"),
    "df2": _t("Vapausasteet (nimittäjä)", "Frihetsgrader (nämnare)", "Degrees of freedom (denominator)"),
    "exact": _t("Tarkka p-arvo", "Exakt p-värde", "Exact p-value"),
    "excluded": _t("Pois jätetyt ryhmät (piilotettu)", "Uteslutna grupper (dolda)", "Groups left out (hidden)"),
    # the notes to read first
    "warning": _t("Huomio", "Observera", "Note"),
    "warning_code": _t("Huomion laji", "Typ av anmärkning", "Kind of note"),
    "warning_subject": _t("Koskee", "Gäller", "Concerns"),
    # codes, for linking a row to the Responses sheet and the Codebook
    "scale": _t("Mittarin koodi", "Skalans kod", "Scale code"),
    "item": _t("Kysymyksen koodi", "Frågans kod", "Question code"),
    "option": _t("Vaihtoehdon koodi", "Alternativets kod", "Option code"),
    "code": _t("Koodi", "Kod", "Code"),
    "by": _t("Taustamuuttuja", "Bakgrundsvariabel", "Breakdown variable"),
    "group": _t("Ryhmän koodi", "Gruppens kod", "Group code"),
}
"""Column headers of the report sheets, by field name."""

SHEET_KEYS = (
    "sheet_about",
    "sheet_codebook",
    "sheet_responses",
    "sheet_summary",
    "sheet_items",
    "sheet_reliability",
    "sheet_comparisons",
    "sheet_charts",
)

SHEETS = {lang: tuple(WORDS[key].get(lang) for key in SHEET_KEYS) for lang in ("fi", "sv", "en")}
"""The workbook's sheet names in order, by language."""


def word(key: str, language: str) -> str:
    """The word for `key` in `language` (Finnish when the language is unknown)."""
    return (WORDS[key] if key in WORDS else PAGE[key]).get(language)


def header(field: str, language: str) -> str:
    """The column header of a report field in `language`."""
    return HEADERS[field].get(language)
