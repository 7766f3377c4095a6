"""Server-rendered SVG for the coordinator's overview: horizontal bar charts and a tile map of the counties.

Every chart is an ``<svg role="img">`` named by its own ``<title>`` and ``<desc>`` (``aria-labelledby``), writes
its numbers as text beside the marks, and tells categories apart by pattern as well as by position, so that
nothing depends on colour alone. The pages put a data table next to each chart. All text from data is escaped.

The tile map draws each wellbeing services county as a square in a rough geographic grid of Finland (north at
the top), with the name of its region written whole (broken into lines that fit, smaller where a word is long),
the number of implementers and, when there are any, the partners; the county's full name is the tile's title. No
map data from outside is used: the grid below is the whole geography.

>>> svg = bar_chart([("Kunta", 4), ("<Yhdistys>", 12)], "Toteuttajat", "Toteuttajat tyypeittäin", "types")
>>> 'role="img"' in svg and "&lt;Yhdistys&gt;" in svg and ">12<" in svg
True
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from flask_babel import ngettext
from markupsafe import Markup

INK = "#1b3a5c"  # bars, strokes and text on light tiles: contrast 11:1 on white
PAPER = "#ffffff"
SHADES = ("#ffffff", "#d6e4f2", "#8fb3d9", "#2f6aa3", "#1b3a5c")  # 0, 1, 2-3, 4-6, 7+ implementers
SHADE_LIMITS = (0, 1, 3, 6)  # upper bounds of the first four shades
PATTERNS = ("solid", "diagonal", "dots", "cross", "horizontal", "vertical", "backward")

# (column, row) of each county: a rough picture of Finland, six columns wide, north at the top.
TILE_POSITIONS = {
    "21": (3, 0),
    "19": (3, 1),
    "20": (4, 1),
    "17": (1, 2),
    "18": (2, 2),
    "13": (4, 2),
    "14": (5, 2),
    "16": (1, 3),
    "15": (3, 3),
    "12": (4, 3),
    "06": (0, 4),
    "08": (1, 4),
    "09": (3, 4),
    "11": (5, 4),
    "05": (0, 5),
    "07": (1, 5),
    "02": (2, 5),
    "10": (4, 5),
    "91": (0, 6),
    "03": (1, 6),
    "04": (2, 6),
    "01": (3, 6),
    "90": (2, 7),
}
TILE, GAP, MARGIN, PAD = 110, 6, 8, 7
NAME_SIZES = (14, 13, 12, 11)  # font sizes of a tile's name: the first that shows it whole in three lines
NUMBER_SIZE, NOTE_SIZE = 26, 12
SOFT_HYPHEN = "\u00ad"

# Advance widths (in em) of DejaVu Sans, the widest of the sans-serif fonts the pages fall back to: a line that
# fits in it fits in Segoe UI, San Francisco, Roboto or Helvetica too. Other characters count as wide.
CHAR_WIDTHS = {
    char: width
    for chars, width in (
        ("ijlIJ.,'", 0.29), (" ", 0.32), ("f", 0.35), ("-", 0.37), ("t", 0.39), ("r", 0.41), ("sz", 0.52),
        ("c", 0.55), ("kFL", 0.58), ("vxy", 0.59), ("P", 0.6), ("abdeghnopquäöåESTY", 0.63),
        ("ABCKRVXZÄÅ", 0.7), ("DGHNOQUÖ", 0.79), ("w", 0.82), ("M", 0.86), ("m", 0.97), ("W", 0.99),
    )
    for char in chars
}  # fmt: skip
WIDE = 0.8


def _pattern(pattern_id: str, kind: str, colour: str = INK) -> Markup:
    shapes = {
        "solid": f'<rect width="8" height="8" fill="{colour}"/>',
        "diagonal": f'<path d="M-2,2 l4,-4 M0,8 l8,-8 M6,10 l4,-4" stroke="{colour}" stroke-width="2.5"/>',
        "backward": f'<path d="M-2,6 l4,4 M0,0 l8,8 M6,-2 l4,4" stroke="{colour}" stroke-width="2.5"/>',
        "dots": f'<circle cx="4" cy="4" r="2.2" fill="{colour}"/>',
        "cross": f'<path d="M0,4 h8 M4,0 v8" stroke="{colour}" stroke-width="2"/>',
        "horizontal": f'<path d="M0,2 h8 M0,6 h8" stroke="{colour}" stroke-width="2"/>',
        "vertical": f'<path d="M2,0 v8 M6,0 v8" stroke="{colour}" stroke-width="2"/>',
    }
    return Markup(
        f'<pattern id="{pattern_id}" width="8" height="8" patternUnits="userSpaceOnUse">'
        f'<rect width="8" height="8" fill="{PAPER}"/>{shapes[kind]}</pattern>'
    )


def _open(width: int, height: int, title: str, description: str, chart_id: str) -> Markup:
    return Markup(
        '<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" viewBox="0 0 {w} {h}" '
        'width="{w}" height="{h}" aria-labelledby="{id}-title {id}-desc">'
        '<title id="{id}-title">{title}</title><desc id="{id}-desc">{desc}</desc>'
    ).format(w=width, h=height, id=chart_id, title=title, desc=description)


def bar_chart(rows: Sequence[tuple[str, int]], title: str, description: str, chart_id: str) -> Markup:
    """Horizontal bars, one per (label, value), each with its label above, its value beside it and its own
    pattern. `chart_id` must be unique on the page (it names the title, description and patterns)."""
    width, bar_max, row_height = 400, 320, 46  # narrow: on a phone the labels stay 11 px or more
    top = max((value for _label, value in rows), default=0) or 1
    parts = [_open(width, row_height * len(rows) + 8, title, description, chart_id), Markup("<defs>")]
    parts += [_pattern(f"{chart_id}-p{n}", PATTERNS[n % len(PATTERNS)]) for n in range(len(rows))]
    parts.append(Markup("</defs>"))
    for n, (text, value) in enumerate(rows):
        y = n * row_height + 4
        length = round(bar_max * value / top)
        parts.append(
            Markup(
                '<g><text x="0" y="{ty}" font-size="14" fill="{ink}">{label}</text>'
                '<rect x="0" y="{by}" width="{len}" height="20" fill="url(#{id}-p{n})" stroke="{ink}" '
                'stroke-width="1.5"/><text x="{vx}" y="{vy}" font-size="14" font-weight="700" fill="{ink}">'
                "{value}</text></g>"
            ).format(
                ty=y + 14,
                by=y + 19,
                len=max(length, 1),
                id=chart_id,
                n=n,
                ink=INK,
                label=text,
                vx=length + 8,
                vy=y + 34,
                value=value,
            )
        )
    parts.append(Markup("</svg>"))
    return Markup("").join(parts)


@dataclass(frozen=True)
class Tile:
    code: str
    name: str  # the full name: the tile's <title>
    count: int  # the number shown large, which also sets the shade
    note: str = ""  # a small line under the number, e.g. partners
    title: str = ""  # full text for assistive technology; the name when empty
    label: str = ""  # the name written on the tile (e.g. the region's); the name when empty


def shade(count: int) -> str:
    """The fill for `count`: darker for more."""
    for limit, colour in zip(SHADE_LIMITS, SHADES, strict=False):
        if count <= limit:
            return colour
    return SHADES[-1]


def text_width(text: str, size: float) -> float:
    """The width of `text` at font size `size`, as wide as DejaVu Sans draws it (see :data:`CHAR_WIDTHS`).

    >>> round(text_width("Lappi", 10), 1)
    27.6
    """
    return size * sum(CHAR_WIDTHS.get(char, WIDE) for char in text)


def name_lines(name: str, width: float = TILE - 2 * PAD) -> tuple[int, list[str]]:
    """The font size and the lines that write `name` whole within `width`: broken between words, after hyphens
    and at soft hyphens (U+00AD, written as a hyphen where the line breaks), at the largest of
    :data:`NAME_SIZES` that needs at most three lines. Nothing is ever left out: a name too long even for the
    smallest size gets more lines at that size.

    >>> name_lines("Pohjois-Pohjanmaa")
    (14, ['Pohjois-', 'Pohjanmaa'])
    >>> name_lines("Vantaa and Kerava")
    (14, ['Vantaa and', 'Kerava'])
    >>> name_lines("Kymmene\u00addalen"), name_lines("Kymmenedalen")
    ((14, ['Kymmene-', 'dalen']), (12, ['Kymmenedalen']))
    """
    words = name.replace("-", "- ").replace(SOFT_HYPHEN, SOFT_HYPHEN + " ").split()
    for size in NAME_SIZES:
        lines: list[str] = []
        for word in words:
            joined = lines[-1] + ("" if lines[-1].endswith(("-", SOFT_HYPHEN)) else " ") + word if lines else word
            if lines and text_width(_shown(joined), size) <= width:
                lines[-1] = joined
            else:
                lines.append(word)
        lines = [_shown(line) for line in lines]
        if len(lines) <= 3 and all(text_width(line, size) <= width for line in lines):
            break
    return size, lines


def _shown(line: str) -> str:
    """A line as written: a soft hyphen at its end becomes a hyphen, the others disappear."""
    if line.endswith(SOFT_HYPHEN):
        line = line[:-1] + "-"
    return line.replace(SOFT_HYPHEN, "")


def tile_map(tiles: Sequence[Tile], title: str, description: str, chart_id: str) -> Markup:
    """Squares in the grid of :data:`TILE_POSITIONS`; tiles of unknown codes go in a row below the map."""
    columns = max(col for col, _row in TILE_POSITIONS.values()) + 1
    rows = max(row for _col, row in TILE_POSITIONS.values()) + 1
    extra = [tile for tile in tiles if tile.code not in TILE_POSITIONS]
    places = dict(TILE_POSITIONS)
    for n, tile in enumerate(extra):
        places[tile.code] = (n % columns, rows + n // columns)
    height_rows = rows + (len(extra) + columns - 1) // columns
    step = TILE + GAP
    width, height = columns * step + 2 * MARGIN, height_rows * step + 2 * MARGIN
    parts = [_open(width, height, title, description, chart_id)]
    parts.append(Markup("<defs>{}</defs>").format(_pattern(f"{chart_id}-none", "backward", "#c4ccd4")))
    for tile in tiles:
        col, row = places[tile.code]
        parts.append(_tile(tile, MARGIN + col * step, MARGIN + row * step, chart_id))
    parts.append(Markup("</svg>"))
    return Markup("").join(parts)


def _tile(tile: Tile, x: int, y: int, chart_id: str) -> Markup:
    """One county: its name at the top, its number large below, the note at the bottom. On a hatched tile the
    words get a white outline, so that the hatching never runs through them."""
    empty = tile.count == 0
    fill = f"url(#{chart_id}-none)" if empty else shade(tile.count)
    ink = PAPER if tile.count > SHADE_LIMITS[2] else INK
    halo = Markup(' stroke="{}" stroke-width="3" paint-order="stroke"').format(PAPER) if empty else ""
    size, lines = name_lines(tile.label or tile.name)
    line = Markup('<tspan x="{x}" dy="{dy}">{text}</tspan>')
    name = Markup("").join(
        line.format(x=x + PAD, dy=0 if n == 0 else size + 2, text=text) for n, text in enumerate(lines)
    )
    note = Markup('<text x="{x}" y="{y}" font-size="{size}" fill="{ink}"{halo}>{note}</text>').format(
        x=x + PAD, y=y + TILE - 9, size=NOTE_SIZE, ink=ink, halo=halo, note=tile.note
    )
    return Markup(
        '<g class="tile"><title>{title}</title>'
        '<rect x="{x}" y="{y}" width="{size}" height="{size}" fill="{fill}" stroke="{stroke}" stroke-width="1.5"/>'
        '<text class="tile__name" y="{ty}" font-size="{name_size}" fill="{ink}"{halo}>{name}</text>'
        '<text x="{nx}" y="{ny}" font-size="{number_size}" font-weight="700" fill="{ink}"{halo}>{count}</text>'
        "{note}</g>"
    ).format(
        title=tile.title or tile.name,
        x=x,
        y=y,
        size=TILE,
        fill=fill,
        stroke=INK,
        ty=y + PAD + size,
        name_size=size,
        ink=ink,
        halo=halo,
        name=name,
        nx=x + PAD,
        ny=y + TILE - 28,
        number_size=NUMBER_SIZE,
        count=tile.count,
        note=note if tile.note else "",
    )


def county_tiles(counties) -> list[Tile]:
    """Tiles for :class:`survey.register.overview.CountyCount` rows: implementers large, partners as a note."""
    tiles = []
    for county in counties:
        partners = ngettext("+%(num)s partner", "+%(num)s partners", county.partners) if county.partners else ""
        title = ngettext(
            "%(name)s: %(num)s implementer",
            "%(name)s: %(num)s implementers",
            county.implementers,
            name=county.name,
        )
        if county.partners:
            title += ", " + ngettext("%(num)s partner", "%(num)s partners", county.partners)
        tiles.append(Tile(county.code, county.name, county.implementers, partners, title, county.region))
    return tiles
