"""The standalone results page (``--out results.html``): the web page's words and charts in one file, no Flask.

The page of a built-in instrument broken down by gender with a group too small to show, in two waves paired by
code (tests/analysis/test_export_readable.py's report), read back with the standard library's HTML parser.
"""

from __future__ import annotations

import html
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest

from analysis.export.html import render_html, write_html
from analysis.glossary import GLOSSARY, term
from analysis.labels import ColumnLabels
from analysis.report import build_report
from analysis.response_table import ResponseTable
from tests.analysis.small_instrument import small_instrument
from tests.analysis.test_export_readable import LANGUAGES, report

ROOT = Path(__file__).resolve().parents[2]


class Page(HTMLParser):
    """The elements and visible text of a page (script-free: every tag is kept, with its attributes)."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.text: list[str] = []
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        if data.strip():
            self.text.append(data.strip())

    def all(self, tag: str) -> list[dict[str, str]]:
        return [attrs for name, attrs in self.tags if name == tag]


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_page_is_in_the_report_s_language_with_one_heading_and_captioned_tables(language):
    text = render_html(report(language))
    page = Page(text)
    assert page.all("html") == [{"lang": language}]
    assert len(page.all("h1")) == 1 and len(page.all("main")) == 1
    assert text.count("<table") == text.count("<caption>") > 0


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_chart_is_an_image_with_a_title_and_a_description_and_a_table_beside_it(language):
    text = render_html(report(language))
    page = Page(text)
    charts = page.all("svg")
    assert len(charts) == len(report(language).instrument.scales)
    ids = {attrs["id"] for _, attrs in page.tags if "id" in attrs}
    for chart in charts:
        assert chart["role"] == "img"
        assert all(name in ids for name in chart["aria-labelledby"].split())
    for block in re.findall(r"<figure class=\"chart-figure\">.*?</table>", text, re.S):
        assert "<title" in block and "<desc" in block and "<caption>" in block


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_page_says_what_the_web_page_says_in_people_s_words(language):
    built = report(language)
    text = html.unescape(" ".join(Page(render_html(built)).text))
    for row in built.comparisons:
        assert row.label.get(language) in text
        assert (row.skipped or row.summary).get(language) in text
        if not row.skipped:
            assert row.method.get(language) in text
    for warning in built.warnings:
        assert warning.text.get(language) in text
    words = set(re.findall(r"[\w-]+", text))
    assert not words & {key for key in GLOSSARY if "_" in key}  # paired_t, cohens_dz, follow_up, ...
    assert term("holm", language) in text


def test_numbers_and_hidden_groups_read_as_on_the_web_page_in_finnish():
    text = html.unescape(render_html(report("fi")))
    assert re.search(r">\d,\d\d<", text) and not re.search(r">\d\.\d\d<", text)  # decimal comma
    assert "Piilotettu: alle 5 henkilöä" in text and "Sukupuoli: Muu" in text
    assert "Mittarien pisteet" in text and "Vertailut" in text and "Alkumittaus" in text


def test_text_from_data_is_escaped_and_the_no_answer_group_named():
    rows = [{"BG_GENDER": 1 + i % 2, "A1": 1 + i % 5, "A2": 1 + i % 4, "A3": 2 + i % 3, "B1": 3, "B2": 1 + i % 5,
             "school": ["<script>alert(1)</script>", "B"][i % 2] if i < 30 else ""}
            for i in range(36)]  # fmt: skip
    labels = ColumnLabels.of({"school": "<b>School</b>"}, {"school": {"B": "Koulu \u202eB"}})
    built = build_report(ResponseTable.from_rows(rows), small_instrument(), by=["school"], labels=labels)
    text = render_html(built, "en")
    assert "<script>alert" not in text and "&lt;script&gt;alert(1)&lt;/script&gt;" in text
    assert "<b>School</b>" not in text and "&lt;b&gt;School&lt;/b&gt;: Koulu B" in text  # no bidi override
    assert "&lt;b&gt;School&lt;/b&gt;: no answer" in text


def test_the_page_needs_nothing_from_elsewhere(tmp_path):
    path = write_html(report("sv"), tmp_path / "r.html")
    page = Page(path.read_text(encoding="utf-8"))
    assert not page.all("script") and not page.all("link") and not page.all("img")
    assert all(attrs["href"].startswith("#") for attrs in page.all("a"))


def test_writing_the_page_imports_no_flask(tmp_path):
    code = (
        "import sys; from analysis.cli import main; "
        f"main(['report', {str(ROOT / 'tests/analysis/own_data/bfi_200.csv')!r}, '--instrument', "
        f"{str(ROOT / 'docs/examples/bfi.yaml')!r}, '--out', {str(tmp_path / 'r.html')!r}]); "
        "assert not [m for m in sys.modules if m.split('.')[0] in ('flask', 'flask_babel', 'sqlalchemy')], "
        "sorted(sys.modules)"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert run.returncode == 0, run.stderr
    assert (tmp_path / "r.html").read_text(encoding="utf-8").startswith("<!doctype html>")
