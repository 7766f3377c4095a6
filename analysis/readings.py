"""Plain-language readings of effect sizes in Finnish, Swedish and English, naming the convention used.

A reading is a lookup, not a chain of ifs: each effect size names a :class:`Convention` (its source and the
three cut-offs for small, medium and large), and :func:`reading` places a value among them. The cut-offs are
rules of thumb for when nothing better is known; the text says whose rule it is so a reader can weigh it.

Conventions
-----------
- Standardised mean differences (Cohen's d, d_z, Hedges' g): Cohen (1988): 0.2 small, 0.5 medium, 0.8 large.
- Correlations, including the rank-biserial correlation: Cohen (1988): 0.1 small, 0.3 medium, 0.5 large.
- Shares of variance (eta², omega², epsilon²): Field (2013), after Cohen (1988): 0.01, 0.06, 0.14.
- Cramér's V: Cohen's (1988) w cut-offs 0.1, 0.3, 0.5 divided by sqrt(df*), df* = min(rows, columns) - 1.
- Odds ratios: Chen, Cohen & Chen (2010): 1.68, 3.47, 6.71 (an odds ratio below 1 is read as its inverse).

References
----------
Cohen, J. (1988). *Statistical power analysis for the behavioral sciences* (2nd ed.). Erlbaum.
Field, A. (2013). *Discovering statistics using IBM SPSS Statistics* (4th ed.). Sage.
Chen, H., Cohen, P., & Chen, S. (2010). How big is a big odds ratio? *Communications in Statistics -
Simulation and Computation*, 39(4), 860-864.

Examples
--------
>>> reading("hedges_g", -0.62).en
'medium effect (Cohen 1988: |g| 0.2 small, 0.5 medium, 0.8 large)'
>>> reading("cramers_v", 0.05, df=2).fi
'hyvin pieni vaikutus (Cohen 1988, df* = 2: V 0,07 pieni, 0,21 keskisuuri, 0,35 suuri)'
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from analysis.glossary import term
from analysis.numbers import interval, number, p_value
from instruments.model import Text


@dataclass(frozen=True)
class Convention:
    """A rule of thumb: the symbol read, who proposed the cut-offs, and the cut-offs for small/medium/large."""

    symbol: str
    source: str
    cutoffs: tuple[float, float, float]
    absolute: bool = True  # read |value| (differences and correlations can be negative)
    ratio: bool = False  # odds ratios: read max(OR, 1/OR)
    per_df: bool = False  # Cramér's V: cut-offs divided by sqrt(df*)


_D = ("Cohen 1988", (0.2, 0.5, 0.8))
CONVENTIONS: dict[str, Convention] = {
    "cohens_d": Convention("|d|", *_D),
    "cohens_dz": Convention("|d_z|", *_D),
    "hedges_g": Convention("|g|", *_D),
    "rank_biserial": Convention("|r_rb|", "Cohen 1988", (0.1, 0.3, 0.5)),
    "eta_squared": Convention("η²", "Field 2013", (0.01, 0.06, 0.14), absolute=False),
    "omega_squared": Convention("ω²", "Field 2013", (0.01, 0.06, 0.14), absolute=False),
    "epsilon_squared": Convention("ε²", "Field 2013", (0.01, 0.06, 0.14), absolute=False),
    "cramers_v": Convention("V", "Cohen 1988", (0.1, 0.3, 0.5), absolute=False, per_df=True),
    "odds_ratio": Convention("OR", "Chen et al. 2010", (1.68, 3.47, 6.71), absolute=False, ratio=True),
}
"""Effect name (as in ``Comparison.effect``) -> the convention its reading uses."""

# Words by size class, in the order negligible, small, medium, large.
_SIZE_WORDS = {
    "fi": ("hyvin pieni", "pieni", "keskisuuri", "suuri"),
    "sv": ("försumbar", "liten", "medelstor", "stor"),
    "en": ("negligible", "small", "medium", "large"),
}
_PHRASE = {"fi": "{size} vaikutus", "sv": "{size} effekt", "en": "{size} effect"}
_UNDEFINED = Text(
    fi="vaikutuksen kokoa ei voitu laskea",
    sv="effektstorleken kunde inte beräknas",
    en="the effect size could not be computed",
)
_DECIMAL_COMMA = {"fi": True, "sv": True, "en": False}


def reading(effect: str, value: float, df: int | None = None) -> Text:
    """The reading of `value` of effect size `effect` in fi/sv/en, naming the convention and its cut-offs.

    Parameters
    ----------
    effect : str
        A key of :data:`CONVENTIONS` (``Comparison.effect``).
    value : float
        The effect size; ``nan`` gives a "could not be computed" text.
    df : int, optional
        For Cramér's V, df* = min(rows, columns) - 1 of the table.

    >>> reading("eta_squared", 0.2).sv
    'stor effekt (Field 2013: η² 0,01 liten, 0,06 medelstor, 0,14 stor)'
    >>> reading("odds_ratio", 0.25).en
    'medium effect (Chen et al. 2010: OR 1.68 small, 3.47 medium, 6.71 large)'
    >>> reading("cohens_dz", float("nan")).en
    'the effect size could not be computed'
    """
    convention = CONVENTIONS[effect]
    if value is None or math.isnan(value):
        return _UNDEFINED
    cutoffs = convention.cutoffs
    if convention.per_df:
        scale = math.sqrt(max(int(df or 1), 1))
        cutoffs = tuple(c / scale for c in cutoffs)
    size = _size_class(value, cutoffs, convention)
    texts = {lang: _sentence(lang, size, cutoffs, convention, df) for lang in _SIZE_WORDS}
    return Text(**texts)


def _size_class(value: float, cutoffs: tuple[float, ...], convention: Convention) -> int:
    magnitude = abs(value) if convention.absolute else value
    if convention.ratio and value > 0:
        magnitude = max(value, 1.0 / value)
    return sum(magnitude >= c for c in cutoffs)


def _sentence(lang: str, size: int, cutoffs, convention: Convention, df: int | None) -> str:
    words = _SIZE_WORDS[lang]
    source = convention.source
    if convention.per_df:
        source = f"{source}, df* = {max(int(df or 1), 1)}"
    scale = ", ".join(f"{_number(c, lang)} {word}" for c, word in zip(cutoffs, words[1:], strict=True))
    return f"{_PHRASE[lang].format(size=words[size])} ({source}: {convention.symbol} {scale})"


def _number(value: float, lang: str) -> str:
    text = f"{value:.2f}".rstrip("0")
    text = text + "0" if text.endswith(".") else text
    return text.replace(".", ",") if _DECIMAL_COMMA[lang] else text


# --- a comparison in plain words -------------------------------------------------------------------------------

_RAISED = {"fi": ("nousi", "laski", "pysyi ennallaan"), "sv": ("steg", "sjönk", "var oförändrat"),
           "en": ("rose", "fell", "stayed the same")}  # fmt: skip
_WAVE_CHANGE = {
    "fi": "Keskiarvo {verb} {amount} pistettä asteikolla {scale} ({level} %:n luottamusväli {interval}).",
    "sv": "Medelvärdet {verb} med {amount} poäng på skalan {scale} ({level} % konfidensintervall {interval}).",
    "en": "The mean {verb} by {amount} points on the {scale} scale ({level}% confidence interval {interval}).",
}
_NO_CHANGE = {
    "fi": "Keskiarvo pysyi lähes ennallaan asteikolla {scale} (muutos {amount}, {level} %:n luottamusväli "
    "{interval}).",
    "sv": "Medelvärdet var nästan oförändrat på skalan {scale} (förändring {amount}, {level} % "
    "konfidensintervall {interval}).",
    "en": "The mean stayed nearly the same on the {scale} scale (change {amount}, {level}% confidence interval "
    "{interval}).",
}
_GROUP_DIFFERENCE = {
    "fi": "Keskiarvo on ryhmässä \u201d{first}\u201d {amount} pistettä {more} kuin ryhmässä \u201d{second}\u201d "
    "asteikolla {scale} ({level} %:n luottamusväli {interval}).",
    "sv": "Medelvärdet är {amount} poäng {more} i gruppen \u201d{first}\u201d än i gruppen \u201d{second}\u201d "
    "på skalan {scale} ({level} % konfidensintervall {interval}).",
    "en": "The mean is {amount} points {more} in the group \u201c{first}\u201d than in \u201c{second}\u201d "
    "on the {scale} scale ({level}% confidence interval {interval}).",
}
_MORE = {"fi": ("suurempi", "pienempi"), "sv": ("högre", "lägre"), "en": ("higher", "lower")}
_GROUPS_DIFFER = {
    "fi": "Ryhmien keskiarvot asteikolla {scale} eroavat toisistaan ({effect} {value}).",
    "sv": "Gruppernas medelvärden på skalan {scale} skiljer sig åt ({effect} {value}).",
    "en": "The groups' means on the {scale} scale differ ({effect} {value}).",
}
_SIZE = {
    "fi": ("Ero on hyvin pieni", "Ero on pieni", "Ero on keskisuuri", "Ero on suuri"),
    "sv": ("Skillnaden är försumbar", "Skillnaden är liten", "Skillnaden är medelstor", "Skillnaden är stor"),
    "en": ("The difference is negligible", "The difference is small", "The difference is medium-sized",
           "The difference is large"),
}  # fmt: skip
_CHANGE_SIZE = {
    "fi": ("Muutos on hyvin pieni", "Muutos on pieni", "Muutos on keskisuuri", "Muutos on suuri"),
    "sv": ("Förändringen är försumbar", "Förändringen är liten", "Förändringen är medelstor",
           "Förändringen är stor"),
    "en": ("The change is negligible", "The change is small", "The change is medium-sized", "The change is large"),
}  # fmt: skip
_CERTAIN = {
    "fi": ("ja todennäköisesti todellinen: luottamusväli ei ulotu nollaan, ja tulos pysyy, kun vertailujen määrä "
           "otetaan huomioon.",
           "eikä sitä voi erottaa sattumasta: luottamusväli ulottuu nollan molemmin puolin.",
           "mutta sitä ei voi erottaa sattumasta: luottamusväli ei ulotu nollaan, mutta kun vertailujen "
           "määrä otetaan huomioon, tulos voi olla sattumaa."),
    "sv": ("och sannolikt verklig: intervallet når inte noll, och resultatet står sig när antalet jämförelser "
           "beaktas.",
           "och kan inte skiljas från slumpen: intervallet omfattar noll.",
           "men kan inte skiljas från slumpen: intervallet når inte noll, men när antalet jämförelser beaktas kan "
           "resultatet vara slumpmässigt."),
    "en": ("and probably real: the interval does not reach zero, and the result holds when the number of "
           "comparisons is taken into account.",
           "and cannot be told apart from chance: the interval includes zero.",
           "but cannot be told apart from chance: the interval alone does not reach zero, but with the number of "
           "comparisons taken into account the result may be chance."),
}  # fmt: skip
_CERTAIN_P = {
    "fi": ("ja todennäköisesti todellinen (p {p}).", "eikä sitä voi erottaa sattumasta (p {p})."),
    "sv": ("och sannolikt verklig (p {p}).", "och kan inte skiljas från slumpen (p {p})."),
    "en": ("and probably real (p {p}).", "and cannot be told apart from chance (p {p})."),
}


@dataclass(frozen=True)
class Change:
    """What a comparison found, as its plain reading needs it."""

    kind: str  # "waves" (later minus baseline) or "groups"
    estimate: float  # the difference in scale points (nan for more than two groups)
    low: float
    high: float
    effect: str
    effect_size: float
    scale: tuple[float, float]  # the score's lowest and highest possible value
    confidence: float = 0.95
    groups: tuple[Text, ...] = ()  # for two groups: their names, first minus second
    p: float = math.nan  # adjusted for the report's comparisons: the certainty the reading states holds for it
    df: int | None = None


def change_reading(change: Change) -> Text:
    """A comparison in plain words: direction and size in scale points, with how certain it is.

    >>> found = Change("waves", 0.3, 0.12, 0.48, "cohens_dz", 0.35, (1.0, 5.0))
    >>> change_reading(found).fi
    'Keskiarvo nousi 0,30 pistettä asteikolla 1–5 (95 %:n luottamusväli 0,12–0,48). Muutos on pieni ja \
todennäköisesti todellinen: luottamusväli ei ulotu nollaan, ja tulos pysyy, kun vertailujen määrä otetaan \
huomioon.'
    >>> change_reading(Change("waves", -0.05, -0.2, 0.1, "cohens_dz", -0.06, (1.0, 5.0))).en
    'The mean stayed nearly the same on the 1–5 scale (change -0.05, 95% confidence interval -0.20 … 0.10). \
The change is negligible and cannot be told apart from chance: the interval includes zero.'
    """
    texts = {}
    for lang in _SIZE_WORDS:
        scale = f"{number(change.scale[0], 0, lang)}–{number(change.scale[1], 0, lang)}"
        level = number(change.confidence * 100, 0, lang)
        size = _size_of(change)
        if change.kind == "groups" and not change.groups:
            value = number(change.effect_size, 2, lang)
            first = _GROUPS_DIFFER[lang].format(scale=scale, effect=term(change.effect, lang), value=value)
            rest = _CERTAIN_P[lang][0 if change.p < 0.05 else 1].format(p=p_value(change.p, lang))
            texts[lang] = f"{first} {_SIZE[lang][size]} {rest}"
            continue
        values = {
            "amount": number(abs(change.estimate), 2, lang),
            "scale": scale,
            "level": level,
            "interval": interval(change.low, change.high, 2, lang),
        }
        if change.kind == "waves":
            negligible = size == 0 and change.low <= 0 <= change.high
            if negligible:
                first = _NO_CHANGE[lang].format(**{**values, "amount": number(change.estimate, 2, lang)})
            else:
                verb = _RAISED[lang][0 if change.estimate > 0 else 1]
                first = _WAVE_CHANGE[lang].format(verb=verb, **values)
            sizes = _CHANGE_SIZE[lang]
        else:
            more = _MORE[lang][0 if change.estimate > 0 else 1]
            names = {"first": change.groups[0].get(lang), "second": change.groups[1].get(lang)}
            first = _GROUP_DIFFERENCE[lang].format(more=more, **names, **values)
            sizes = _SIZE[lang]
        texts[lang] = f"{first} {sizes[size]} {_CERTAIN[lang][_certainty(change)]}"
    return Text(**texts)


def _certainty(change: Change) -> int:
    """0: the interval excludes zero and the (adjusted) p-value is under 0.05; 1: the interval includes zero;
    2: the interval excludes zero but the adjusted p-value does not hold."""
    if change.low <= 0 <= change.high:
        return 1
    return 0 if not math.isfinite(change.p) or change.p < 0.05 else 2


def _size_of(change: Change) -> int:
    if change.effect not in CONVENTIONS or not math.isfinite(change.effect_size):
        return 0
    convention = CONVENTIONS[change.effect]
    cutoffs = convention.cutoffs
    if convention.per_df:
        cutoffs = tuple(c / math.sqrt(max(int(change.df or 1), 1)) for c in cutoffs)
    return _size_class(change.effect_size, cutoffs, convention)

