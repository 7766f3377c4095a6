"""The programme overview on the demo data in a real browser: fi, sv and en, on a phone and on a desktop.

Axe finds nothing; the sector table is the programme's own; every county's tile writes its region's name whole,
inside the tile and at a size a phone can read, with the county's full name in the tile's title. With
``ARVIO_SCREENSHOTS=<folder>`` the test also saves each page as ``overview-<language>-<width>.png`` there
(``docs/images/overview-fi.png`` is the Finnish desktop one).
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from survey.register.classification import REGION_NAMES, county_names
from tests.e2e.staff_site import serve_demo
from tests.e2e.test_staff_accessibility import AXE, AXE_OPTIONS

pytestmark = pytest.mark.browser

RUNS = [(language, width) for language in ("fi", "sv", "en") for width in (360, 1280)]
SMALLEST_TEXT = 11  # px on the screen, for a name written on the map

# Each tile as the browser lays it out: its title, the lines of its name, and boxes in the map's own units.
TILES_JS = """
svg => [...svg.querySelectorAll("g.tile")].map(tile => {
  const box = element => { const b = element.getBBox(); return [b.x, b.y, b.x + b.width, b.y + b.height]; };
  const texts = tile.querySelectorAll("text");
  return {
    title: tile.querySelector("title").textContent,
    lines: [...texts[0].querySelectorAll("tspan")].map(line => line.textContent),
    size: parseFloat(texts[0].getAttribute("font-size")),
    tile: box(tile.querySelector("rect")),
    name: box(texts[0]),
    number: box(texts[1]),
  };
})
"""


def _letters(text: str) -> str:
    """The letters of a name, without the spaces, hyphens and soft hyphens where its lines may break."""
    return re.sub(r"[\s\u00ad-]", "", text)


@pytest.fixture(scope="module")
def overview_site(browser, tmp_path_factory):
    with serve_demo(tmp_path_factory.mktemp("overview")) as site:
        yield site


@pytest.mark.parametrize(("language", "width"), RUNS, ids=[f"{lang}-{w}px" for lang, w in RUNS])
def test_the_overview_passes_axe_and_writes_every_county_name_whole(overview_site, new_page, language, width):
    page = new_page(width)
    overview_site.sign_in(page, "coordinator", next_path=f"/staff/overview/?lang={language}")

    violations = AXE.run(page, options=AXE_OPTIONS).response["violations"]
    assert not violations, [(v["id"], [n["target"] for n in v["nodes"]]) for v in violations]
    assert page.evaluate("document.documentElement.lang") == language
    assert page.evaluate("document.documentElement.scrollWidth") <= width

    svg = page.locator("svg[aria-labelledby='county-map-title county-map-desc']")
    scale = svg.evaluate("svg => svg.getBoundingClientRect().width / svg.viewBox.baseVal.width")
    tiles = svg.evaluate(TILES_JS)
    names = county_names(language)
    assert len(tiles) == len(names)
    for tile, (code, full_name) in zip(tiles, names.items(), strict=True):
        assert tile["title"].startswith(f"{full_name}: ")
        assert _letters(" ".join(tile["lines"])) == _letters(REGION_NAMES[code].get(language)), tile["lines"]
        left, top, right, bottom = tile["tile"]
        name_left, name_top, name_right, name_bottom = tile["name"]
        assert left < name_left and name_right < right and top < name_top, (code, tile)
        assert name_bottom < tile["number"][1] and tile["number"][3] < bottom, (code, tile)
        assert tile["size"] * scale >= SMALLEST_TEXT - 0.5, (code, tile["size"], scale)

    if folder := os.environ.get("ARVIO_SCREENSHOTS"):
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"overview-{language}-{width}.png"), full_page=True)


def test_the_overview_shows_the_programmes_sector_table_in_finnish(overview_site, page):
    overview_site.sign_in(page, "coordinator", next_path="/staff/overview/?lang=fi")
    rows = page.locator("#sectors + .table-scroll tbody tr").all_inner_texts()
    assert [" ".join(row.split()) for row in rows[:8]] == [
        "Kasvatus ja koulutus",
        "Varhaiskasvatus ja esiopetus 5",
        "Opiskeluhuolto 3",
        "Perusopetus 5",
        "Tutkintoon valmentava koulutus 2",
        "Toinen aste 4",
        "Mukana hankkeissa 12 / 12",
        "Sosiaali- ja terveydenhuolto",
    ]
    assert " ".join(rows[9].split()) == "Opiskeluhuolto 3"
