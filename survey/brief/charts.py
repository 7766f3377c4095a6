"""The brief's charts: one per theme, dots with their confidence intervals, as SVG a browser, WeasyPrint and
cairosvg all draw the same way.

The styling is in presentation attributes (no CSS classes, no ``style``), so that a chart looks the same on the
page, in the PDF and as a downloaded file. A project's chart shows each scale's change from the baseline to the
last wave in scale points, around zero (or, with one wave, each scale's mean on the whole answer scale); the
programme's shows the projects' changes side by side under each scale. A chart with nothing to draw says why
in words. For slides, :func:`standalone_svg` adds the title and the source line inside the image and
:func:`png` draws it at twice the size.

>>> chart = dot_chart("Muutos", "d", [Row("Kuulluksi <tuleminen>", 0.3, 0.1, 0.5, "+0,30")], low=-1, high=1,
...                   zero=True, language="fi")
>>> "&lt;tuleminen&gt;" in chart.body and ">−0,5<" in chart.body
True
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import Markup

from analysis.numbers import number
from survey.svg import open_svg, shorten

FONT = "DejaVu Sans, Verdana, Arial, sans-serif"
TEXT, MUTED, GRID, BRAND, UNCLEAR_COLOUR = "#1b1b1b", "#4a4a4a", "#c9ced6", "#1d4f91", "#5a5a5a"
HEADING = 30
AXIS = 58  # the ticks, the words at the axis' ends, and the axis title


@dataclass(frozen=True)
class Layout:
    """Where a chart's parts go: names at the left of their dots (wide) or above them (narrow, for a phone)."""

    width: int
    label: int  # where the axis starts
    value: int  # room for the value written out at the right
    row: int
    above: bool  # the name above the dots

    @property
    def plot(self) -> int:
        return self.width - self.label - self.value - 16


WIDE = Layout(width=680, label=250, value=110, row=34, above=False)
NARROW = Layout(width=340, label=14, value=62, row=48, above=True)
WIDTH = WIDE.width


@dataclass(frozen=True)
class Frame:
    """The axis from `low` to `high` laid out in `layout`."""

    low: float
    high: float
    layout: Layout = WIDE

    def x(self, value: float) -> float:
        clipped = min(max(value, self.low), self.high)
        return round(self.layout.label + (clipped - self.low) / (self.high - self.low) * self.layout.plot, 1)


@dataclass(frozen=True)
class Row:
    """One dot and its interval; `value` is written at the right ("+0,30"). A row without a number (`mean`
    None) writes `note` instead. A row with `heading` set is a heading over the rows that follow."""

    label: str
    mean: float | None = None
    low: float | None = None
    high: float | None = None
    value: str = ""
    note: str = ""
    certain: bool = True  # an unclear change is drawn open (a ring), a probably real one filled
    heading: bool = False


@dataclass(frozen=True)
class Chart:
    """A chart's parts: the standalone file and the page's inline SVG are made from them."""

    title: str
    description: str
    width: int
    height: int
    body: Markup

    def inline(self) -> Markup:
        """The chart as a page or the PDF shows it: its title and description for screen readers only."""
        kind = "brief" if self.width > 400 else "brief-narrow"
        head = open_svg(self.title, self.description, self.width, self.height, kind)[0]
        head = Markup(str(head).replace("<svg ", f'<svg font-family="{FONT}" ', 1))
        return head + self.body + Markup("</svg>")


def dot_chart(
    title: str,
    description: str,
    rows: Sequence[Row],
    *,
    low: float,
    high: float,
    zero: bool = False,
    ends: tuple[str, str] = ("", ""),
    axis_title: str = "",
    language: str = "fi",
    layout: Layout = WIDE,
) -> Chart:
    """Dots with whiskers, one row each, on the axis from `low` to `high` (with a line at zero if `zero`)."""
    frame = Frame(low, high, layout)
    top = 6
    parts: list[Markup] = []
    y = top
    for row in rows:
        if row.heading:
            for i, line in enumerate(wrap(row.label, 46 if layout.above else 90, 2)):
                parts.append(_text(8, y + HEADING - 10 + 16 * i, line, size=13, weight="700", fill=TEXT))
            y += HEADING + (16 if layout.above and len(row.label) > 46 else 0)
            continue
        parts.append(_row(row, y, frame))
        y += layout.row
    bottom = y + 4
    parts.insert(0, _grid(frame, top, bottom, zero, language))
    parts.append(_axis(frame, bottom, ends, axis_title))
    return Chart(title, description, layout.width, bottom + AXIS, Markup("").join(parts))


def message_chart(title: str, message: str, layout: Layout = WIDE) -> Chart:
    """A chart with nothing to draw: what is missing, in words, where the dots would be."""
    lines = wrap(message, 90 if layout.width > 400 else 44, 8)
    body = Markup("").join(_text(12, 26 + 20 * i, line, size=13, fill=TEXT) for i, line in enumerate(lines))
    return Chart(title, message, layout.width, 26 + 20 * len(lines), body)


def _grid(frame: Frame, top: int, bottom: int, zero: bool, language: str) -> Markup:
    parts = []
    for tick in ticks(frame.low, frame.high, 5 if frame.layout.width > 400 else 4):
        digits = 0 if float(tick).is_integer() else 1 if round(tick * 10) == tick * 10 else 2
        x = frame.x(tick)
        strong = zero and tick == 0
        parts.append(
            Markup(
                '<line x1="{0}" y1="{1}" x2="{0}" y2="{2}" stroke="{3}" stroke-width="{4}"/>'
                '<text x="{0}" y="{5}" text-anchor="middle" font-size="12" fill="{6}">{7}</text>'
            ).format(
                x, top, bottom, TEXT if strong else GRID, 1.5 if strong else 1, bottom + 16, MUTED,
                number(tick, digits, language, signed=zero),
            )
        )  # fmt: skip
    return Markup("").join(parts)


def _axis(frame: Frame, bottom: int, ends: tuple[str, str], axis_title: str) -> Markup:
    parts = []
    room = 34 if frame.layout.width > 400 else 20
    for anchor, end, words in (("start", frame.low, ends[0]), ("end", frame.high, ends[1])):
        if words:
            parts.append(_text(frame.x(end), bottom + 34, shorten(words, room), size=11, anchor=anchor))
    if axis_title:
        middle = frame.layout.label + frame.layout.plot / 2
        parts.append(_text(middle, bottom + 52, axis_title, size=12, anchor="middle", fill=TEXT))
    return Markup("").join(parts)


def _labels(row: Row, y: int, layout: Layout) -> tuple[list[Markup], int]:
    """The row's name (at the left, or above the dots) and the height of the dots' line."""
    if layout.above:
        name = Markup(  # a white halo keeps the name readable over the grid lines
            '<text x="8" y="{0}" font-size="13" fill="{1}" stroke="#ffffff" stroke-width="4" paint-order="stroke">'
            "<title>{2}</title>{3}</text>"
        ).format(y + 14, TEXT, row.label, shorten(row.label, 44))
        return [name], y + 34
    middle = y + layout.row // 2
    lines = wrap(row.label, 32, 2)
    first = middle + 4 - (len(lines) - 1) * 7
    names = [
        Markup('<text x="{0}" y="{1}" text-anchor="end" font-size="12.5" fill="{2}"><title>{3}</title>{4}</text>')
        .format(layout.label - 10, first + 14 * i, TEXT, row.label, line)
        for i, line in enumerate(lines)
    ]
    return names, middle


def _row(row: Row, y: int, frame: Frame) -> Markup:
    layout = frame.layout
    parts, middle = _labels(row, y, layout)
    if row.mean is None or not math.isfinite(row.mean):
        parts.append(_text(layout.label + 4, middle + 4, row.note or "–", size=12, fill=MUTED, italic=True))
        return Markup("").join(parts)
    colour = BRAND if row.certain else UNCLEAR_COLOUR
    if row.low is not None and row.high is not None and math.isfinite(row.low) and math.isfinite(row.high):
        left, right = frame.x(row.low), frame.x(row.high)
        parts.append(
            Markup(
                '<line x1="{0}" y1="{2}" x2="{1}" y2="{2}" stroke="{5}" stroke-width="2"/>'
                '<line x1="{0}" y1="{3}" x2="{0}" y2="{4}" stroke="{5}" stroke-width="2"/>'
                '<line x1="{1}" y1="{3}" x2="{1}" y2="{4}" stroke="{5}" stroke-width="2"/>'
            ).format(left, right, middle, middle - 6, middle + 6, colour)
        )
    fill = colour if row.certain else "#ffffff"
    parts.append(
        Markup('<circle cx="{0}" cy="{1}" r="5.5" fill="{2}" stroke="{3}" stroke-width="2"/>').format(
            frame.x(row.mean), middle, fill, colour
        )
    )
    if row.value:
        parts.append(_text(layout.width - layout.value + 4, middle + 4, row.value, size=12.5, fill=TEXT,
                           weight="700"))  # fmt: skip
    return Markup("").join(parts)


def _text(x, y, text, *, size=12, anchor="start", fill=MUTED, weight="400", italic=False) -> Markup:
    style = ' font-style="italic"' if italic else ""
    template = '<text x="{0}" y="{1}" text-anchor="{2}" font-size="{3}" fill="{4}" font-weight="{5}"{6}>{7}</text>'
    return Markup(template).format(x, y, anchor, size, fill, weight, Markup(style), text)


def ticks(low: float, high: float, most: int = 5) -> list[float]:
    """Round values across the axis, at most about `most` steps apart.

    >>> ticks(1, 5), ticks(-1, 1), ticks(-0.5, 0.5)
    ([1, 2, 3, 4, 5], [-1.0, -0.5, 0.0, 0.5, 1.0], [-0.5, -0.25, 0.0, 0.25, 0.5])
    """
    span = high - low
    step = next(s for s in (0.1, 0.25, 0.5, 1, 2, 5, 10, 20, 50, 100, math.inf) if span / s <= most)
    if step == math.inf:
        return [low, high]
    first = math.ceil(low / step - 1e-9)
    values = [round((first + i) * step, 6) for i in range(int((high - first * step) / step + 1e-9) + 1)]
    return [int(v) if float(v).is_integer() and step >= 1 else v for v in values]


def change_axis(values: Sequence[float], scale_span: float) -> float:
    """How far the change axis reaches each way: past every interval, in half points, at most the whole scale.

    >>> change_axis([0.12, -0.3, 0.61], 4), change_axis([], 4), change_axis([9], 4)
    (1.0, 0.5, 4.0)
    """
    reach = max((abs(v) for v in values if math.isfinite(v)), default=0.0)
    return float(min(max(math.ceil(reach * 2 + 1e-9) / 2, 0.5), scale_span))


def wrap(text: str, width: int, lines: int) -> list[str]:
    """`text` in at most `lines` lines of about `width` characters, the last one shortened if it must be.

    >>> wrap("Vapaus valita ilman stereotypioita", 20, 2)
    ['Vapaus valita ilman', 'stereotypioita']
    """
    out: list[str] = []
    for word in text.split():
        if out and len(out[-1]) + 1 + len(word) <= width:
            out[-1] += " " + word
        else:
            out.append(word)
    if len(out) > lines:
        out = [*out[: lines - 1], shorten(" ".join(out[lines - 1 :]), width)]
    return [shorten(line, width + 4) for line in out] or [""]


# For slides: the title and the source inside the image ---------------------------------------------------------

TITLE_SIZE, TITLE_LINE, SOURCE_SIZE = 17, 22, 11.5


def standalone_svg(chart: Chart, source: str) -> str:
    """The chart as a file of its own: its title written at the top and `source` at the bottom, in the image."""
    title_lines = wrap(chart.title, 60, 3)
    head = 14 + TITLE_LINE * len(title_lines)
    height = head + chart.height + 30
    titles = Markup("").join(
        _text(12, 12 + TITLE_LINE * (i + 1) - 6, line, size=TITLE_SIZE, fill=TEXT, weight="700")
        for i, line in enumerate(title_lines)
    )
    source_text = _text(12, height - 12, source, size=SOURCE_SIZE, fill=MUTED)
    svg = Markup(
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {0} {1}" width="{0}" height="{1}" '
        'font-family="{2}" role="img"><title>{3}</title><desc>{4}</desc>'
        '<rect width="100%" height="100%" fill="#ffffff"/>{5}<g transform="translate(0 {6})">{7}</g>{8}</svg>\n'
    ).format(chart.width, height, FONT, chart.title, chart.description + " " + source, titles, head, chart.body,
             source_text)  # fmt: skip
    return str(svg)


def png(svg: str) -> bytes:
    """The standalone SVG drawn as a PNG at twice its size (for slides), with cairosvg."""
    import cairosvg  # imported here: only a chart download needs it

    return cairosvg.svg2png(bytestring=svg.encode("utf-8"), scale=2, unsafe=False)
