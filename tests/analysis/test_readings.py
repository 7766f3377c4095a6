"""Plain-language readings of effect sizes: the convention is named and the size class follows its cut-offs."""

import math

import pytest

from analysis.readings import CONVENTIONS, reading


@pytest.mark.parametrize(
    ("effect", "value", "size"),
    [
        ("hedges_g", 0.19, "negligible"),
        ("hedges_g", -0.2, "small"),
        ("cohens_dz", 0.79, "medium"),
        ("cohens_dz", -0.8, "large"),
        ("rank_biserial", 0.3, "medium"),
        ("eta_squared", 0.05, "small"),
        ("omega_squared", 0.14, "large"),
        ("epsilon_squared", 0.009, "negligible"),
        ("odds_ratio", 1.0, "negligible"),
        ("odds_ratio", 1 / 4, "medium"),
        ("odds_ratio", 7.0, "large"),
    ],
)
def test_size_class_follows_the_conventions_cutoffs(effect, value, size):
    assert reading(effect, value).en.startswith(f"{size} effect")


def test_cramers_v_cutoffs_shrink_with_the_table_size():
    # Cohen's w cut-offs divided by sqrt(df*): with df* = 4, 0.2 is above 0.3 / 2 (medium).
    assert reading("cramers_v", 0.2, df=1).en.startswith("small")
    assert reading("cramers_v", 0.2, df=4).en.startswith("medium")
    assert "df* = 4" in reading("cramers_v", 0.2, df=4).en


def test_every_language_names_the_convention_with_local_decimals():
    text = reading("hedges_g", 0.5)
    assert text.fi == "keskisuuri vaikutus (Cohen 1988: |g| 0,2 pieni, 0,5 keskisuuri, 0,8 suuri)"
    assert text.sv == "medelstor effekt (Cohen 1988: |g| 0,2 liten, 0,5 medelstor, 0,8 stor)"
    assert text.en == "medium effect (Cohen 1988: |g| 0.2 small, 0.5 medium, 0.8 large)"


def test_an_undefined_effect_size_says_so_in_every_language():
    text = reading("eta_squared", math.nan)
    assert text.fi and text.sv and text.en
    assert "could not" in text.en


def test_every_effect_the_comparisons_report_has_a_convention():
    reported = {
        "cohens_dz",
        "hedges_g",
        "rank_biserial",
        "eta_squared",
        "omega_squared",
        "epsilon_squared",
        "cramers_v",
        "odds_ratio",
    }
    assert reported <= set(CONVENTIONS)


def test_the_glossary_in_the_methods_page_is_the_codes_own():
    """docs/methods.md lists every machine name with its words in fi, sv and en, as analysis/glossary.py has."""
    from pathlib import Path

    from analysis.glossary import GLOSSARY

    page = (Path(__file__).resolve().parents[2] / "docs" / "methods.md").read_text(encoding="utf-8")
    for key, words in GLOSSARY.items():
        assert f"| `{key}` | {words.fi} | {words.sv} | {words.en} |" in page, key
