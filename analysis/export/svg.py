"""What every SVG chart shares, on the web pages and in the standalone results page: an accessible opening tag
and labels that fit.

A chart is an ``<svg role="img">`` named by its own ``<title>`` and ``<desc>`` (``aria-labelledby``); the page
puts the same numbers in a table beside it. Text from data reaches a chart only through Markup's escaping.

>>> "".join(open_svg("<b>", "d", 10, 10, "bars")).count("&lt;b&gt;")
1
>>> shorten("Sosiaali- ja terveydenhuolto", 12)
'Sosiaali- j…'
"""

from __future__ import annotations

from itertools import count

from markupsafe import Markup

_ids = count(1)


def open_svg(title: str, description: str, width: int, height: int, kind: str) -> list[Markup]:
    """The opening ``<svg>`` with its title and description, ids unique within the process."""
    n = next(_ids)
    return [
        Markup(
            '<svg class="chart chart--{5}" xmlns="http://www.w3.org/2000/svg" role="img" viewBox="0 0 {0} {1}" '
            'width="{0}" height="{1}" aria-labelledby="chart-title-{2} chart-desc-{2}">'
            '<title id="chart-title-{2}">{3}</title><desc id="chart-desc-{2}">{4}</desc>'
        ).format(width, height, n, title, description, kind)
    ]


def shorten(label: str, limit: int = 30) -> str:
    """`label` cut to `limit` characters with an ellipsis; the full text goes in the mark's ``<title>``."""
    return label if len(label) <= limit else label[: limit - 1] + "…"
