"""The interface catalogs: every text of the code and templates translated into Finnish, Swedish, English.

The texts include the instruments' problem texts (``instruments.errors.Message``), which the upload page shows.
"""

import re
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
CATALOGS = ROOT / "survey" / "translations"
METHODS = [("survey/**.py", "python"), ("instruments/**.py", "python"), ("survey/templates/**.html", "jinja2")]
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "_l": None, "lazy_gettext": None, "Message": None}
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]")


def _source_messages() -> set[str]:
    found = extract_from_dir(str(ROOT), method_map=METHODS, keywords=KEYWORDS)
    return {message if isinstance(message, str) else message[0] for _file, _line, message, *_ in found}


@pytest.mark.parametrize("language", ["fi", "sv", "en"])
def test_every_interface_text_is_translated(language):
    with open(CATALOGS / language / "LC_MESSAGES" / "messages.po", "rb") as file:
        catalog = read_po(file)
    translated = {m.id if isinstance(m.id, str) else m.id[0] for m in catalog if m.id and m.string and not m.fuzzy}
    missing = sorted(_source_messages() - translated)
    assert missing == [], f"{language}: run `make translations` and translate: {missing}"


def test_finnish_and_swedish_keep_the_placeholders_of_the_english_text():
    for language in ("fi", "sv"):
        with open(CATALOGS / language / "LC_MESSAGES" / "messages.po", "rb") as file:
            for message in read_po(file):
                if isinstance(message.id, str) and message.id and message.string:
                    wanted = set(PLACEHOLDER.findall(message.id))
                    assert set(PLACEHOLDER.findall(message.string)) == wanted, (language, message.id)


@pytest.mark.parametrize(
    ("language", "words"),
    [("fi", ["Aloita", "Siirry pääsisältöön"]), ("sv", ["Börja", "Hoppa till huvudinnehållet"]),
     ("en", ["Start", "Skip to main content"])],
)  # fmt: skip
def test_the_start_page_is_in_the_chosen_language(client, token, language, words):
    html = client.get(f"/r/{token}?lang={language}").text
    assert f'<html lang="{language}">' in html
    for word in words:
        assert word in html
