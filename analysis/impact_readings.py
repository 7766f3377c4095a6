"""The programme impact in people's words, in Finnish, Swedish and English: the pooled change, how much the
projects differ, why a project is left out, and the methods.

The page, the workbook and the brief say the same things with these texts; numbers are written by
:mod:`analysis.numbers` (decimal comma and minus sign in fi and sv), machine names never appear (the methods
are named through :mod:`analysis.glossary`).

>>> HETEROGENEITY["considerable"].fi
'Hankkeiden tulokset vaihtelevat selvästi enemmän kuin sattuma selittää.'
>>> left_out_reason("few_pairs", 5).en
'fewer than 5 pairs of answers'
"""

from __future__ import annotations

import math

from analysis.impact import MIN_PROJECTS, PooledChange
from analysis.numbers import interval, number
from instruments.model import LANGUAGES, Text


def _t(fi: str, sv: str, en: str) -> Text:
    return Text(fi=fi, sv=sv, en=en)


THEMES: dict[str, Text] = {  # Instrument.theme
    "participation": _t("Osallisuus", "Delaktighet", "Participation"),
    "equality": _t(
        "Yhdenvertaisuus ja syrjimättömyys", "Likabehandling och icke-diskriminering",
        "Equality and non-discrimination",
    ),
    "gender_equality": _t("Sukupuolten tasa-arvo", "Jämställdhet", "Gender equality"),
}  # fmt: skip
MEASURE_NAMES: dict[str, Text] = {
    "points": _t("Muutos asteikon pisteinä", "Förändring i skalpoäng", "Change in points of the scale"),
    "standardised": _t("Standardoitu muutos", "Standardiserad förändring", "Standardised change"),
}
MEASURE_HINTS: dict[str, Text] = {
    "points": _t(
        "Seurantamittauksen pisteet miinus alkumittauksen pisteet samoilla vastaajilla, asteikon omina pisteinä.",
        "Uppföljningens poäng minus utgångsmätningens poäng för samma svarande, i skalans egna poäng.",
        "The later score minus the baseline score of the same respondents, in the scale's own points.",
    ),
    "standardised": _t(
        "Muutos suhteessa siihen, kuinka paljon vastaajien muutokset vaihtelevat (pienen otoksen korjauksella); "
        "vertailukelpoinen eri asteikkojen välillä.",
        "Förändringen i förhållande till hur mycket de svarandes förändringar varierar (med korrektion för små "
        "urval); jämförbar mellan olika skalor.",
        "The change relative to how much the respondents' changes vary (with a small-sample correction); "
        "comparable across scales.",
    ),
}
METHOD_NAMES: dict[str, Text] = {
    "reml": _t(
        "Satunnaisvaikutusten malli: REML-menetelmä ja Knapp–Hartungin korjaus (suositus)",
        "Modell med slumpmässiga effekter: REML-metoden och Knapp–Hartungs korrektion (rekommenderas)",
        "Random effects: REML with the Knapp–Hartung adjustment (recommended)",
    ),
    "dl": _t(
        "Satunnaisvaikutusten malli: perinteinen DerSimonianin–Lairdin menetelmä",
        "Modell med slumpmässiga effekter: den klassiska DerSimonian–Lairds metod",
        "Random effects: the classic DerSimonian–Laird method",
    ),
    "common": _t("Yhteisen vaikutuksen malli", "Modell med gemensam effekt", "Common effect"),
}
METHOD_HINTS: dict[str, Text] = {
    "reml": _t(
        "Olettaa, että hankkeiden todellinen muutos voi vaihdella, ja arvioi kuinka paljon; korjaus pitää "
        "luottamusvälin luotettavana, vaikka hankkeita on vähän.",
        "Antar att projektens verkliga förändring kan variera och skattar hur mycket; korrektionen håller "
        "konfidensintervallet tillförlitligt även med få projekt.",
        "Assumes that the projects' true changes may differ and estimates by how much; the adjustment keeps the "
        "confidence interval honest even with few projects.",
    ),
    "dl": _t(
        "Sama oletus, yksinkertaisempi laskenta; vähillä hankkeilla luottamusväli on usein liian kapea. Muiden "
        "meta-analyysien kanssa vertailuun.",
        "Samma antagande, enklare beräkning; med få projekt blir konfidensintervallet ofta för smalt. För "
        "jämförelse med andra metaanalyser.",
        "The same assumption, a simpler computation; with few projects its confidence interval is often too "
        "narrow. For comparison with other meta-analyses.",
    ),
    "common": _t(
        "Olettaa, että kaikissa hankkeissa on sama todellinen muutos ja erot ovat sattumaa; sopii vain, kun "
        "tulokset eivät vaihtele enempää kuin sattuma selittää.",
        "Antar att alla projekt har samma verkliga förändring och att skillnaderna är slump; passar bara när "
        "resultaten inte varierar mer än slumpen förklarar.",
        "Assumes that every project has the same true change and the differences are chance; fits only when "
        "the results vary no more than chance explains.",
    ),
}
HETEROGENEITY: dict[str, Text] = {
    "chance": _t(
        "Hankkeiden tulokset eivät vaihtele enempää kuin sattuma selittää. Vähillä hankkeilla tätä on kuitenkin "
        "vaikea todeta varmasti.",
        "Projektens resultat varierar inte mer än slumpen förklarar. Med få projekt är det dock svårt att säga "
        "säkert.",
        "The projects' results vary no more than chance explains, though with few projects this is hard to tell "
        "for sure.",
    ),
    "unclear": _t(
        "Hankkeiden tuloksissa on jonkin verran vaihtelua, mutta se voi olla sattumaa.",
        "Projektens resultat varierar något, men det kan vara slumpen.",
        "The projects' results vary somewhat, but this may be chance.",
    ),
    "moderate": _t(
        "Hankkeiden tulokset vaihtelevat jonkin verran enemmän kuin sattuma selittää.",
        "Projektens resultat varierar något mer än slumpen förklarar.",
        "The projects' results vary somewhat more than chance explains.",
    ),
    "substantial": _t(
        "Hankkeiden tulokset vaihtelevat enemmän kuin sattuma selittää.",
        "Projektens resultat varierar mer än slumpen förklarar.",
        "The projects' results vary more than chance explains.",
    ),
    "considerable": _t(
        "Hankkeiden tulokset vaihtelevat selvästi enemmän kuin sattuma selittää.",
        "Projektens resultat varierar klart mer än slumpen förklarar.",
        "The projects' results vary clearly more than chance explains.",
    ),
}
_DIFFER = _t(
    "Keskiarvoa tärkeämpää on silloin, mikä hankkeita erottaa; ennusteväli kertoo, miten eri tavoin uudessa "
    "hankkeessa voisi käydä.",
    "Då är det viktigare än medelvärdet vad som skiljer projekten åt; prediktionsintervallet visar hur olika det "
    "kan gå i ett nytt projekt.",
    "What sets the projects apart then matters more than the average; the prediction interval shows how "
    "differently a new project might fare.",
)
_COMMON_DOUBT = _t(
    "Yhteisen vaikutuksen malli ei sovi näihin tuloksiin: valitse satunnaisvaikutusten malli.",
    "Modellen med gemensam effekt passar inte dessa resultat: välj modellen med slumpmässiga effekter.",
    "The common-effect model does not fit these results: choose random effects.",
)
_LEFT_OUT: dict[str, Text] = {
    "few_pairs": _t("alle {t} vastaajaparia", "färre än {t} par av svarande", "fewer than {t} pairs of answers"),
    "no_variation": _t(
        "kaikkien vastaajien muutos on sama, joten sen epävarmuutta ei voi arvioida",
        "alla svarandes förändring är densamma, så dess osäkerhet kan inte bedömas",
        "every respondent changed by the same amount, so its uncertainty cannot be estimated",
    ),
}
_NOT_POOLED: dict[str, Text] = {
    "too_few_projects": _t(
        "Hankkeiden muutoksia ei yhdistetä: siihen tarvitaan vähintään {m} hanketta, joiden luvut voidaan "
        "näyttää (nyt {k}). Kahden hankkeen yhdistetystä luvusta voisi päätellä toisen hankkeen tuloksen, kun "
        "tuntee omansa.",
        "Projektens förändringar slås inte samman: det krävs minst {m} projekt vars tal kan visas (nu {k}). Ur "
        "ett sammanslaget tal för två projekt kunde man räkna ut det andra projektets resultat om man känner "
        "till sitt eget.",
        "The projects' changes are not pooled: that needs at least {m} projects whose numbers can be shown "
        "(now {k}). From a pooled figure of two projects, one project could work out the other's result.",
    ),
    "failed": _t(
        "Yhdistettyä muutosta ei voitu laskea näistä luvuista.",
        "Den sammanslagna förändringen kunde inte beräknas av dessa tal.",
        "The pooled change could not be computed from these numbers.",
    ),
}
_POOLED = {
    "points": _t(
        "Hankkeiden keskimääräinen muutos oli {amount} pistettä asteikolla {scale} "
        "({level}\u00a0%:n luottamusväli {interval}).",
        "Projektens genomsnittliga förändring var {amount} poäng på skalan {scale} "
        "({level}\u00a0% konfidensintervall {interval}).",
        "The projects' average change was {amount} points on the {scale} scale ({level}% confidence interval "
        "{interval}).",
    ),
    "standardised": _t(
        "Hankkeiden keskimääräinen standardoitu muutos oli {amount} ({level}\u00a0%:n luottamusväli {interval}).",
        "Projektens genomsnittliga standardiserade förändring var {amount} ({level}\u00a0% konfidensintervall "
        "{interval}).",
        "The projects' average standardised change was {amount} ({level}% confidence interval {interval}).",
    ),
}
_CERTAIN = (
    _t(
        "Keskimääräinen muutos on todennäköisesti todellinen: luottamusväli ei ulotu nollaan.",
        "Den genomsnittliga förändringen är sannolikt verklig: intervallet når inte noll.",
        "The average change is probably real: the interval does not reach zero.",
    ),
    _t(
        "Keskimääräistä muutosta ei voi erottaa sattumasta: luottamusväli ulottuu nollan molemmin puolin.",
        "Den genomsnittliga förändringen kan inte skiljas från slumpen: intervallet omfattar noll.",
        "The average change cannot be told apart from chance: the interval includes zero.",
    ),
)
_PREDICTION = _t(
    "Uudessa, samankaltaisessa hankkeessa muutos olisi todennäköisesti välillä {interval} (ennusteväli).",
    "I ett nytt, liknande projekt skulle förändringen sannolikt ligga mellan {interval} (prediktionsintervall).",
    "In a new, similar project the change would probably lie between {interval} (the prediction interval).",
)


def left_out_reason(reason: str, threshold: int) -> Text:
    """Why a project's change is not shown: ``"few_pairs"`` or ``"no_variation"``."""
    return Text(**{lang: _LEFT_OUT[reason].get(lang).format(t=threshold) for lang in LANGUAGES})


def pooled_reading(result: PooledChange, scale: tuple[float, float] | None = None) -> Text:
    """The pooled change in plain words: its size and interval, whether it is told apart from chance, and where
    a new project's change would probably lie; or why nothing was pooled. `scale` is the score's range (for a
    change in points).

    >>> from analysis.meta import pool_effects
    >>> pooled = pool_effects([0.5, 0.2, 0.3], [0.01, 0.02, 0.01], test="knha")
    >>> result = PooledChange("points", "reml", (), pooled)
    >>> print(pooled_reading(result, (1.0, 5.0)).fi)
    Hankkeiden keskimääräinen muutos oli +0,35 pistettä asteikolla 1–5 (95 %:n luottamusväli −0,02 … 0,72). \
Keskimääräistä muutosta ei voi erottaa sattumasta: luottamusväli ulottuu nollan molemmin puolin. Uudessa, \
samankaltaisessa hankkeessa muutos olisi todennäköisesti välillä −0,22 … 0,92 (ennusteväli).
    """
    pooled = result.pooled
    if pooled is None:
        template = _NOT_POOLED[result.not_pooled or "failed"]
        k = len(result.shown)
        return Text(**{lang: template.get(lang).format(m=result.min_projects, k=k) for lang in LANGUAGES})
    texts = {}
    for lang in LANGUAGES:
        values = {
            "amount": number(pooled.estimate, 2, lang, signed=True),
            "level": number(result.confidence * 100, 0, lang),
            "interval": interval(pooled.ci_low, pooled.ci_high, 2, lang),
            "scale": "–".join(number(end, 0, lang) for end in scale) if scale else "",
        }
        parts = [_POOLED[result.measure].get(lang).format(**values)]
        includes_zero = not (pooled.ci_low > 0 or pooled.ci_high < 0)
        parts.append(_CERTAIN[1 if includes_zero else 0].get(lang))
        if pooled.method != "FE" and math.isfinite(pooled.pi_low):
            parts.append(_PREDICTION.get(lang).format(interval=interval(pooled.pi_low, pooled.pi_high, 2, lang)))
        texts[lang] = " ".join(parts)
    return Text(**texts)


def heterogeneity_reading(result: PooledChange) -> Text:
    """How much the projects differ, in words (empty when nothing was pooled); with advice when they clearly
    differ, and a warning when the common-effect model was chosen for results it does not fit."""
    if result.pooled is None or not result.heterogeneity:
        return Text()
    parts = [HETEROGENEITY[result.heterogeneity]]
    if result.heterogeneity in ("substantial", "considerable"):
        parts.append(_COMMON_DOUBT if result.method == "common" else _DIFFER)
    elif result.heterogeneity == "moderate" and result.method == "common":
        parts.append(_COMMON_DOUBT)
    return Text(**{lang: " ".join(p.get(lang) for p in parts) for lang in LANGUAGES})


__all__ = [
    "HETEROGENEITY",
    "MEASURE_HINTS",
    "MEASURE_NAMES",
    "METHOD_HINTS",
    "METHOD_NAMES",
    "MIN_PROJECTS",
    "THEMES",
    "heterogeneity_reading",
    "left_out_reason",
    "pooled_reading",
]
