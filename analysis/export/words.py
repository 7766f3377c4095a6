"""Every word the exporters write into a file, in Finnish, Swedish and English.

>>> word("sheet_responses", "sv")
'Svar'
>>> SHEETS["en"]
('About', 'Codebook', 'Responses', 'Summary', 'Items', 'Reliability', 'Comparisons', 'Charts')
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
    "scale": _t("Summamuuttuja", "Summavariabel", "Scale"),
    "reversed": _t("Käännetty", "Omvänd", "Reversed"),
    "missing_codes": _t("Puuttuvan tiedon koodit", "Koder för bortfall", "Missing codes"),
    "yes": _t("kyllä", "ja", "yes"),
    "chosen": _t("1 = valittu; 0 = ei valittu", "1 = vald; 0 = inte vald", "1 = chosen; 0 = not chosen"),
    "type_text": _t("teksti", "text", "text"),
    "type_number": _t("luku", "tal", "number"),
    "type_datetime": _t("päivämäärä ja aika", "datum och tid", "date and time"),
    "type_option": _t("valinta 0/1", "val 0/1", "choice 0/1"),
    "type_mean": _t("summamuuttuja (keskiarvo)", "summavariabel (medelvärde)", "scale score (mean)"),
    "type_sum": _t("summamuuttuja (summa)", "summavariabel (summa)", "scale score (sum)"),
    "type_percent": _t("summamuuttuja 0–100", "summavariabel 0–100", "scale score 0–100"),
    # report tables
    "by": _t("Taustamuuttuja", "Bakgrundsvariabel", "Breakdown"),
    "group": _t("Ryhmä", "Grupp", "Group"),
    "group_label": _t("Ryhmän nimi", "Gruppens namn", "Group name"),
    "everyone": EVERYONE,
    "n": _t("n", "n", "n"),
    "mean": _t("keskiarvo", "medelvärde", "mean"),
    "sd": _t("keskihajonta", "standardavvikelse", "sd"),
    "se": _t("keskivirhe", "medelfel", "se"),
    "ci_low": _t("luottamusväli alaraja", "konfidensintervall nedre", "ci_low"),
    "ci_high": _t("luottamusväli yläraja", "konfidensintervall övre", "ci_high"),
    "median": _t("mediaani", "median", "median"),
    "q1": _t("alakvartiili", "nedre kvartil", "q1"),
    "q3": _t("yläkvartiili", "övre kvartil", "q3"),
    "min": _t("pienin", "minsta", "min"),
    "max": _t("suurin", "största", "max"),
    "percent_mean": _t("keskiarvo 0–100", "medelvärde 0–100", "mean 0–100"),
    "item": _t("Kysymys", "Fråga", "Item"),
    "item_text": _t("Kysymyksen teksti", "Frågans text", "Item text"),
    "option": _t("Vaihtoehto", "Alternativ", "Option"),
    "code": _t("Koodi", "Kod", "Code"),
    "count": _t("lukumäärä", "antal", "count"),
    "percent": _t("prosenttia", "procent", "percent"),
    "valid_n": _t("vastanneita", "svarande", "answered"),
    "proportion": _t("osuus", "andel", "proportion"),
    "missing_code": _t("puuttuvan tiedon koodi", "kod för bortfall", "missing code"),
    "alpha": _t("Cronbachin alfa", "Cronbachs alfa", "Cronbach's alpha"),
    "k": _t("osioita", "items", "items"),
    "items": _t("osiot", "items", "item codes"),
    "alpha_if_dropped": _t("alfa ilman osiota", "alfa utan item", "alpha if dropped"),
    "item_total": _t("osio–kokonaisuus-korrelaatio", "item–total-korrelation", "item-total correlation"),
    "comparison": _t("vertailu", "jämförelse", "comparison"),
    "groups": _t("ryhmät", "grupper", "groups"),
    "test": _t("testi", "test", "test"),
    "statistic": _t("testisuure", "teststorhet", "statistic"),
    "df": _t("vapausasteet", "frihetsgrader", "df"),
    "df2": _t("vapausasteet 2", "frihetsgrader 2", "df2"),
    "p": _t("p", "p", "p"),
    "p_adjusted": _t("p korjattu", "p justerat", "p_adjusted"),
    "effect": _t("efektikoko", "effektstorlek", "effect"),
    "effect_size": _t("efektikoon arvo", "effektstorlekens värde", "effect_size"),
    "estimate": _t("ero", "skillnad", "estimate"),
    "reading": _t("tulkinta", "tolkning", "reading"),
    "note": _t("huomautus", "anmärkning", "note"),
    "excluded": _t(
        "pois jätetyt ryhmät (alle piilotusrajan)",
        "uteslutna grupper (under gränsen)",
        "excluded",
    ),
    "exact": _t("tarkka p", "exakt p", "exact"),
    "distributions": _t("Vastausjakaumat", "Svarsfördelningar", "Distributions"),
    "proportions": _t("Osuudet", "Andelar", "Proportions"),
    "item_diagnostics": _t("Osioiden tunnusluvut", "Itemstatistik", "Item diagnostics"),
    "waves_paired": _t("mittauskerrat, parit", "mättillfällen, par", "waves, paired"),
    "waves_independent": _t("mittauskerrat, riippumattomat", "mättillfällen, oberoende", "waves, independent"),
    "groups_kind": _t("ryhmät", "grupper", "groups"),
    "not_run": _t("ei laskettu", "inte beräknad", "not run"),
    # charts
    "chart_means": _t(
        "Summamuuttujien keskiarvot ja {level} %:n luottamusvälit",
        "Summavariablernas medelvärden med {level} % konfidensintervall",
        "Mean scale scores with {level}% confidence intervals",
    ),
    "chart_items": _t("Vastausten jakaumat (%)", "Svarsfördelningar (%)", "Distributions of answers (%)"),
    "chart_data": _t("Kaavioiden luvut", "Diagrammens värden", "The figures behind the charts"),
}

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
    return WORDS[key].get(language)
