"""People's words for the machine names of a report: tests, effect sizes, corrections, kinds of comparison, waves.

A Report keeps machine names (``paired_t``, ``cohens_dz``, ``follow_up``) so that the JSON API and scripts can
rely on them; everything people read — pages, workbooks, charts, SPSS labels, the brief — says them through
:func:`term`. One glossary, so that the same thing has the same name everywhere; a test lists its keys and
checks that none of them shows in the Finnish, Swedish or English interface.

>>> term("paired_t", "fi"), term("cohens_dz", "sv"), term("holm", "en")
('parittainen t-testi', 'Cohens d_z', "Holm's correction")
>>> wave_label("follow_up", "fi"), wave_label("kevat_2027", "fi")
('seurantamittaus', 'kevat 2027')
"""

from __future__ import annotations

from instruments.model import Text


def _t(fi: str, sv: str, en: str) -> Text:
    return Text(fi=fi, sv=sv, en=en)


TESTS: dict[str, Text] = {
    "paired_t": _t("parittainen t-testi", "parat t-test", "paired t test"),
    "welch_t": _t("Welchin t-testi", "Welchs t-test", "Welch's t test"),
    "student_t": _t("Studentin t-testi", "Students t-test", "Student's t test"),
    "wilcoxon_signed_rank": _t(
        "Wilcoxonin merkittyjen sijalukujen testi", "Wilcoxons teckenrangtest", "Wilcoxon signed-rank test"
    ),
    "mann_whitney": _t("Mann–Whitneyn U-testi", "Mann–Whitneys U-test", "Mann–Whitney U test"),
    "anova": _t("varianssianalyysi", "variansanalys", "analysis of variance"),
    "welch_anova": _t("Welchin varianssianalyysi", "Welchs variansanalys", "Welch's analysis of variance"),
    "kruskal_wallis": _t("Kruskal–Wallisin testi", "Kruskal–Wallis test", "Kruskal–Wallis test"),
    "chi2": _t("khiin neliö -testi", "chi två-test", "chi-squared test"),
    "fisher": _t("Fisherin tarkka testi", "Fishers exakta test", "Fisher's exact test"),
}
EFFECTS: dict[str, Text] = {
    "cohens_d": _t("Cohenin d", "Cohens d", "Cohen's d"),
    "cohens_dz": _t("Cohenin d_z", "Cohens d_z", "Cohen's d_z"),
    "hedges_g": _t("Hedgesin g", "Hedges g", "Hedges' g"),
    "rank_biserial": _t(
        "järjestyskorrelaatio (rank-biserial)", "rangkorrelation (rank-biserial)", "rank-biserial correlation"
    ),
    "eta_squared": _t("eta toiseen (η²)", "eta i kvadrat (η²)", "eta squared (η²)"),
    "omega_squared": _t("omega toiseen (ω²)", "omega i kvadrat (ω²)", "omega squared (ω²)"),
    "epsilon_squared": _t("epsilon toiseen (ε²)", "epsilon i kvadrat (ε²)", "epsilon squared (ε²)"),
    "cramers_v": _t("Cramérin V", "Cramérs V", "Cramér's V"),
    "odds_ratio": _t("ristitulosuhde", "oddskvot", "odds ratio"),
}
CORRECTIONS: dict[str, Text] = {
    "holm": _t("Holmin korjaus", "Holms korrektion", "Holm's correction"),
    "bh": _t("Benjamini–Hochbergin korjaus", "Benjamini–Hochbergs korrektion", "Benjamini–Hochberg correction"),
}
KINDS: dict[str, Text] = {
    "waves_paired": _t(
        "mittauskertojen vertailu samoilla vastaajilla",
        "jämförelse av mättillfällen med samma svarande",
        "waves compared, the same respondents",
    ),
    "waves_independent": _t(
        "mittauskertojen vertailu erillisinä ryhminä",
        "jämförelse av mättillfällen som separata grupper",
        "waves compared as separate groups",
    ),
    "groups": _t("ryhmien vertailu", "jämförelse av grupper", "groups compared"),
}
WAVES: dict[str, Text] = {
    "baseline": _t("alkumittaus", "utgångsmätning", "baseline"),
    "follow_up": _t("seurantamittaus", "uppföljningsmätning", "follow-up"),
    "end": _t("loppumittaus", "slutmätning", "end"),
}
ANALYSES: dict[str, Text] = {  # PairingSummary.analysis
    "paired": _t("parittain", "parvis", "paired"),
    "independent": _t("erillisinä ryhminä", "som separata grupper", "as separate groups"),
    "none": _t("ei vertailtu", "inte jämförda", "not compared"),
}
POOLING: dict[str, Text] = {  # Pooled.method and Pooled.test (analysis.meta)
    "REML": _t("REML-menetelmä", "REML-metoden", "REML (restricted maximum likelihood)"),
    "DL": _t("DerSimonianin–Lairdin menetelmä", "DerSimonian–Lairds metod", "DerSimonian–Laird method"),
    "FE": _t("yhteisen vaikutuksen malli", "modell med gemensam effekt", "common-effect model"),
    "knha": _t("Knapp–Hartungin korjaus", "Knapp–Hartungs korrektion", "Knapp–Hartung adjustment"),
}

GLOSSARY: dict[str, Text] = {**TESTS, **EFFECTS, **CORRECTIONS, **KINDS, **WAVES, **ANALYSES, **POOLING}
"""Every machine name a report holds, and what people call it."""


def term(key: str, language: str) -> str:
    """What people call `key` in `language`; an unknown key (a custom name) is returned as people would write it.

    >>> term("not_a_term", "fi")
    'not a term'
    """
    found = GLOSSARY.get(key)
    return found.get(language) if found is not None else key.replace("_", " ")


def wave_label(wave: str | None, language: str) -> str:
    """A wave as people name it: the standard waves in words, a custom wave (``kevat_2027``) with spaces."""
    if not wave:
        return ""
    return WAVES[wave].get(language) if wave in WAVES else wave.replace("_", " ")


def capitalised(text: str) -> str:
    """The first letter upper-case (a term that starts a heading or a cell)."""
    return text[:1].upper() + text[1:]
