"""Files people read and trust: no machine names, numbers for the language, distinct headings, honest charts.

A workbook of a built-in instrument broken down by gender, with a gender group too small to show, read back with
independent readers: python-calamine for cells, openpyxl for number formats, the raw chart XML for charts and
pyreadstat for the SPSS file.
"""

from __future__ import annotations

import functools
import math
import re
import zipfile
from dataclasses import dataclass
from xml.etree import ElementTree

import numpy as np
import openpyxl
import pyreadstat
import pytest
from python_calamine import CalamineWorkbook

from analysis.export import export, write_workbook
from analysis.export.charts import ITEMS_PER_CHART
from analysis.export.report_rows import COMPARISON, SUMMARY, p_format
from analysis.export.words import SHEETS, header, word
from analysis.glossary import GLOSSARY, wave_label
from analysis.report import build_report
from analysis.report_model import Report
from analysis.response_table import OPTION_SEPARATOR, ResponseTable
from instruments.loader import load_library
from instruments.model import ItemType

INSTRUMENT = load_library().get("participation_youth")
PEOPLE = 60
OTHER = 3  # people who answer "Muu" (other) to the gender question: too few to show
WAVES = ("baseline", "follow_up")
LANGUAGES = ("fi", "sv", "en")


def gender_responses() -> ResponseTable:
    """PEOPLE people answer at the baseline and the follow-up (paired by code); their views improve a little."""
    rng = np.random.default_rng(11)
    rows = [(wave, person) for wave in WAVES for person in range(PEOPLE)]
    gender = [3.0 if person < OTHER else float(1 + person % 2) for _, person in rows]
    columns: dict[str, object] = {
        "response_id": [f"r{i}" for i in range(len(rows))],
        "project": ["Nuorten ääni"] * len(rows),
        "wave": [wave for wave, _ in rows],
        "pairing_code": [f"a{person}-b{person}-c{person}" for _, person in rows],
        "language": ["fi"] * len(rows),
        "BG_GENDER": gender,
    }
    for item in INSTRUMENT.answered_items:
        choices = INSTRUMENT.choice_list(item)
        if item.code in columns:
            continue
        if item.type is ItemType.MULTIPLE:
            for choice in choices.choices:
                columns[f"{item.code}{OPTION_SEPARATOR}{choice.code}"] = rng.integers(0, 2, len(rows)).astype(
                    float
                )
        elif item.type is ItemType.LIKERT:
            centre = np.array([3.0 if wave == "baseline" else 3.5 for wave, _ in rows])
            columns[item.code] = np.clip(np.round(rng.normal(centre, 1.0)), 1, 5)
        elif choices is not None:
            codes = [c.code for c in choices.choices]
            columns[item.code] = [codes[i] for i in rng.integers(0, len(codes), len(rows))]
        elif item.type is ItemType.NUMBER:
            columns[item.code] = rng.integers(int(item.minimum or 0), int(item.maximum or 10) + 1, len(rows))
        else:
            columns[item.code] = ["vastaus" if i % 3 else "" for i in range(len(rows))]
    return ResponseTable.from_columns(columns)


@functools.cache
def report(language: str) -> Report:
    return build_report(
        gender_responses(), INSTRUMENT, by=("BG_GENDER",), wave="wave", pair="pairing_code", language=language
    )


@pytest.fixture(scope="module")
def workbooks(tmp_path_factory) -> dict[str, str]:
    folder = tmp_path_factory.mktemp("readable")
    return {lang: str(write_workbook(report(lang), folder / f"{lang}.xlsx")) for lang in LANGUAGES}


def sheets(path: str) -> dict[str, list[list]]:
    book = CalamineWorkbook.from_path(path)
    return {name: book.get_sheet_by_name(name).to_python() for name in book.sheet_names}


def texts_people_read(path: str, language: str) -> list[tuple[str, str]]:
    """(where, text) for every text cell outside the Responses sheet and every text of every chart."""
    found = [
        (f"{name}!{r + 1}:{c + 1}", value)
        for name, rows in sheets(path).items()
        if name != SHEETS[language][2]
        for r, row in enumerate(rows)
        for c, value in enumerate(row)
        if isinstance(value, str) and value
    ]
    for chart in read_charts(path):
        found += [(chart.name, text) for text in (chart.title, chart.axis_title, *chart.series, *chart.categories)]
    return found


def machine_words(language: str) -> re.Pattern:
    """The glossary's keys as whole words. In English some keys are ordinary words ("paired", "groups",
    "baseline" is even the wave's English name), so there only the ones no person writes are forbidden."""
    keys = list(GLOSSARY)
    if language == "en":
        keys = [k for k in keys if "_" in k or k in ("welch", "holm", "bh", "chi2", "anova", "fisher")]
    flags = re.IGNORECASE if language != "en" else 0  # "Welch's t test" is the English term, "welch" is not
    return re.compile(r"(?<![\w-])(" + "|".join(map(re.escape, keys)) + r")(?![\w-])", flags)


# --- the raw chart XML -----------------------------------------------------------------------------------------

C = "{http://schemas.openxmlformats.org/drawingml/2006/chart}"
A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"


@dataclass
class Chart:
    name: str
    title: str
    series: list[str]
    categories: list[str]
    values: list[list[float | None]]  # per series, per category
    references: list[tuple[str, list]]  # (formula, cached values) of every data reference
    axis_min: float | None
    axis_max: float | None
    axis_title: str
    number_format: str
    grouping: str
    error_bars: bool


def _text(element) -> str:
    return "".join(t.text or "" for t in element.iter(f"{A}t")) if element is not None else ""


def _cache(reference) -> list:
    cache = reference.find(f"{C}strCache")
    if cache is None:
        cache = reference.find(f"{C}numCache")
    count = int(cache.find(f"{C}ptCount").get("val"))
    values: list = [None] * count
    for point in cache.findall(f"{C}pt"):
        text = point.find(f"{C}v").text
        values[int(point.get("idx"))] = text if reference.tag == f"{C}strRef" else float(text)
    return values


def read_charts(path: str) -> list[Chart]:
    with zipfile.ZipFile(path) as archive:
        names = sorted(
            (n for n in archive.namelist() if re.fullmatch(r"xl/charts/chart\d+\.xml", n)),
            key=lambda n: int(re.search(r"\d+", n).group()),
        )
        roots = [(n, ElementTree.fromstring(archive.read(n))) for n in names]
    charts = []
    for name, root in roots:
        chart = root.find(f"{C}chart")
        plot = chart.find(f"{C}plotArea")
        bars = plot.find(f"{C}barChart")
        series = bars.findall(f"{C}ser")
        axis = plot.find(f"{C}valAx")
        scaling = axis.find(f"{C}scaling")
        low, high = scaling.find(f"{C}min"), scaling.find(f"{C}max")
        references = [
            (reference.find(f"{C}f").text, _cache(reference))
            for reference in root.iter()
            if reference.tag in (f"{C}strRef", f"{C}numRef")
        ]
        charts.append(
            Chart(
                name=name,
                title=_text(chart.find(f"{C}title")),
                series=[s.find(f"{C}tx/{C}v").text for s in series],
                categories=_cache(series[0].find(f"{C}cat/{C}strRef")),
                values=[_cache(s.find(f"{C}val/{C}numRef")) for s in series],
                references=references,
                axis_min=float(low.get("val")) if low is not None else None,
                axis_max=float(high.get("val")) if high is not None else None,
                axis_title=_text(axis.find(f"{C}title")),
                number_format=axis.find(f"{C}numFmt").get("formatCode"),
                grouping=bars.find(f"{C}grouping").get("val"),
                error_bars=bars.find(f".//{C}errBars") is not None,
            )
        )
    return charts


# --- words -----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_machine_name_in_any_sheet_or_chart_people_read(workbooks, language):
    pattern = machine_words(language)
    found = [
        (where, text) for where, text in texts_people_read(workbooks[language], language) if pattern.search(text)
    ]
    assert found == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_headers_are_words_of_the_language(workbooks, language):
    book = sheets(workbooks[language])
    summary, comparisons = book[SHEETS[language][3]][0], book[SHEETS[language][6]][0]
    assert summary == [header(field, language) for field in SUMMARY]
    assert comparisons == [header(field, language) for field in COMPARISON]
    assert all(not re.search(r"[a-z]_[a-z]", word) for word in summary + comparisons)


def test_the_responses_sheet_keeps_its_codes_for_the_command_line(workbooks):
    responses = sheets(workbooks["fi"])["Vastaukset"]
    assert {"response_id", "wave", "BG_GENDER", "P_SPACE_1", "S_SPACE"} <= set(responses[0])
    wave = responses[0].index("wave")
    assert {row[wave] for row in responses[1:]} == set(WAVES)  # the data layout the command line re-reads


# --- numbers ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["fi", "sv"])
def test_numbers_in_text_have_a_decimal_comma_and_a_real_minus(workbooks, language):
    version = re.escape(INSTRUMENT.version)
    texts = [
        text
        for _, text in texts_people_read(workbooks[language], language)
        if not re.search(rf"(^|@){version}\b", text)  # the questionnaire's version number is not a decimal
    ]
    assert [text for text in texts if re.search(r"\d\.\d", text)] == []
    assert [text for text in texts if re.search(r"(^|[\s(])-\d", text)] == []
    assert sum(bool(re.search(r"\d,\d\d", text)) for text in texts) >= 10  # readings, intervals, summaries


@pytest.mark.parametrize("language", ["fi", "en"])
def test_numbers_stay_numbers_with_a_number_format(workbooks, language):
    book = openpyxl.load_workbook(workbooks[language])
    summary = book[SHEETS[language][3]]
    everyone = next(summary.iter_rows(min_row=2, max_row=2))  # the first scale, everyone, the baseline
    assert everyone[1].value == {"fi": "Kaikki", "en": "Everyone"}[language]
    mean = everyone[SUMMARY.index("mean")]
    assert isinstance(mean.value, int | float) and mean.number_format == "0.00"
    comparisons = book[SHEETS[language][6]]
    run = next(
        row for row in comparisons.iter_rows(min_row=2) if isinstance(row[COMPARISON.index("p")].value, float)
    )
    assert run[COMPARISON.index("p")].number_format == p_format(language)
    assert isinstance(run[COMPARISON.index("estimate")].value, float)
    assert run[COMPARISON.index("estimate")].number_format == "0.00"


# --- comparisons -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_comparison_heading_is_distinct_and_names_its_group(workbooks, language):
    _, *rows = sheets(workbooks[language])[SHEETS[language][6]]
    headings = [row[0] for row in rows]
    assert len(headings) == len(set(headings)) > 6
    gender = INSTRUMENT.choice_list(INSTRUMENT.item("BG_GENDER"))
    names = {str(c.code): c.label.get(language) for c in gender.choices}
    by, scale = COMPARISON.index("by"), COMPARISON.index("scale")
    kind = COMPARISON.index("kind")
    waves = " – ".join(wave_label(w, language) for w in WAVES)
    paired = [row for row in rows if row[by] == "BG_GENDER" and waves in row[0]]
    assert paired, "comparisons of waves within each gender"
    for row in paired:
        assert any(name in row[0] for name in names.values()), row[0]
        assert INSTRUMENT.scale(row[scale]).label.get(language) in row[0]
        assert row[kind] and "_" not in row[kind]
    hidden = [row for row in paired if names["3"] in row[0]]
    assert hidden and all(row[COMPARISON.index("summary")].startswith(word("not_run", language)) for row in hidden)
    summaries = [row[COMPARISON.index("summary")] for row in rows]
    assert not any(s.lower().count("ei laskettu") > 1 or s.lower().count("not computed") > 1 for s in summaries)


def test_the_change_in_points_stands_beside_the_standardised_effect(workbooks):
    _, *rows = sheets(workbooks["fi"])["Vertailut"]
    column = {field: COMPARISON.index(field) for field in COMPARISON}
    everyone = next(row for row in rows if row[column["by"]] == "" and isinstance(row[column["estimate"]], float))
    low, estimate, high = (everyone[column[f]] for f in ("estimate_ci_low", "estimate", "estimate_ci_high"))
    assert low < estimate < high and 0.2 < estimate < 0.8  # views improved by about half a point
    assert everyone[column["effect"]] == "Cohenin d_z" and isinstance(everyone[column["effect_size"]], float)
    assert "pistettä" in everyone[column["summary"]] and "Holmin korjaus" in everyone[column["method"]]


# --- charts ----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_mean_charts_show_the_whole_scale_with_its_ends_and_the_waves_by_name(workbooks, language):
    means = [chart for chart in read_charts(workbooks[language]) if chart.error_bars]
    assert len(means) == len(INSTRUMENT.scales)
    agree = INSTRUMENT.choice_list(INSTRUMENT.item(INSTRUMENT.scales[0].items[0]))
    lowest, highest = agree.scored[0], agree.scored[-1]
    hidden = f"({HEADERS_HIDDEN[language]}"
    for chart, scale in zip(means, INSTRUMENT.scales, strict=True):
        assert chart.title.startswith(scale.label.get(language))
        assert (chart.axis_min, chart.axis_max) == (1, 5), chart.title
        assert chart.number_format == "0"
        assert f"1 = {lowest.label.get(language)}" in chart.axis_title
        assert f"5 = {highest.label.get(language)}" in chart.axis_title
        assert chart.series == [wave_label(w, language) for w in WAVES]
        assert chart.categories[0] == {"fi": "Kaikki", "sv": "Alla", "en": "Everyone"}[language]
        marked = [i for i, name in enumerate(chart.categories) if hidden in name]
        assert marked, "the small gender group is shown as hidden"
        for i in marked:  # ... and has no bar in any wave where it is hidden
            assert all(values[i] is None for values in chart.values)


def _stored(code: int | str) -> float | str:
    """A code as SPSS stores it: a number as a float, a text code ("01") as text."""
    return float(code) if isinstance(code, int) else code


HEADERS_HIDDEN = {"fi": "piilotettu", "sv": "dold", "en": "hidden"}


@pytest.mark.parametrize("language", LANGUAGES)
def test_distribution_charts_per_wave_show_question_texts_and_hidden_shares(workbooks, language):
    charts = [chart for chart in read_charts(workbooks[language]) if chart.grouping == "stacked"]
    assert len(charts) == len(INSTRUMENT.scales) * len(WAVES)
    hidden_shares = 0
    for chart, (scale, wave) in zip(charts, [(s, w) for s in INSTRUMENT.scales for w in WAVES], strict=True):
        assert scale.label.get(language) in chart.title and chart.title.endswith(wave_label(wave, language))
        texts = [INSTRUMENT.item(code).text.get(language) for code in scale.items]
        assert [" ".join(c.split("\n")) for c in chart.categories] == [t.replace("\n", " ") for t in texts]
        assert len(chart.categories) <= ITEMS_PER_CHART
        assert all(len(line) <= 48 for c in chart.categories for line in c.split("\n"))  # wrapped
        assert (chart.axis_min, chart.axis_max, chart.number_format) == (0, 100, "0")
        hidden_shares += chart.series[-1].lower().startswith(HEADERS_HIDDEN[language])
        for i in range(len(chart.categories)):  # a bar is never rescaled around a hidden cell: it adds up to 100
            shown = [values[i] for values in chart.values if values[i] is not None]
            assert math.isclose(sum(shown), 100, abs_tol=1e-6)
    assert hidden_shares > 0  # the answers of the small group's few people are hidden in some items


def test_every_chart_refers_to_the_cells_it_caches(workbooks):
    values = sheets(workbooks["fi"])["Kaaviot"]
    for chart in read_charts(workbooks["fi"]):
        for formula, cached in chart.references:
            sheet, cells = formula.rsplit("!", 1)
            assert sheet == "'Kaaviot'"
            column, first, last = re.fullmatch(r"\$([A-Z])\$(\d+):\$[A-Z]\$(\d+)", cells).groups()
            in_sheet = [values[r - 1][ord(column) - 65] for r in range(int(first), int(last) + 1)]
            assert [v if v != "" else None for v in in_sheet] == cached, (chart.title, formula)


# --- SPSS ------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_spss_labels_every_coded_item_the_county_and_the_waves(tmp_path, language):
    path = export(report(language), "sav", tmp_path / "data.sav", language=language)
    frame, meta = pyreadstat.read_sav(str(path), user_missing=True)
    labels = meta.variable_value_labels
    county = INSTRUMENT.choice_list(INSTRUMENT.item("BG_COUNTY"))
    assert labels["BG_COUNTY"] == {str(c.code): c.label.get(language) for c in county.choices}
    assert labels["BG_COUNTY"]["02"] == county.choices[1].label.get(language)  # text codes keep their zero
    assert meta.original_variable_types["BG_COUNTY"].startswith("A")
    assert set(frame["BG_COUNTY"]) - {""} <= {str(c.code) for c in county.choices}
    assert {"lo": "99", "hi": "99"} in meta.missing_ranges["BG_COUNTY"]  # "don't know" is user-missing
    assert labels["wave"] == {w: wave_label(w, language) for w in WAVES}
    for item in INSTRUMENT.answered_items:
        choices = INSTRUMENT.choice_list(item)
        if choices is None:
            continue
        if item.type is ItemType.MULTIPLE:
            for choice in choices.choices:
                assert set(labels[f"{item.code}{OPTION_SEPARATOR}{choice.code}"]) == {0, 1}
        else:
            assert set(labels[item.code]) == {_stored(c.code) for c in choices.choices}, item.code
        column = item.code if item.type is not ItemType.MULTIPLE else f"{item.code}{OPTION_SEPARATOR}"
        label = next(v for k, v in meta.column_names_to_labels.items() if k.startswith(column))
        assert label.startswith(item.text.get(language)[:40])
