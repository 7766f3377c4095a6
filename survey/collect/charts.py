"""The team's chart: responses received day by day, as vertical bars.

>>> "&lt;b&gt;" in bar_chart("<b>", "d", [("1.1.", 3)])
True
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from markupsafe import Markup

from survey.svg import open_svg


def bar_chart(title: str, description: str, bars: Sequence[tuple[str, int]]) -> Markup:
    """Counts as vertical bars with their labels under them (responses by day)."""
    n = max(len(bars), 1)
    slot = max(14, min(48, 560 // n))
    width, plot = slot * n + 48, 160
    top = max((value for _, value in bars), default=0) or 1
    parts = open_svg(title, description, width, plot + 64, "bars")
    parts.append(Markup('<line class="axis" x1="40" y1="{0}" x2="{1}" y2="{0}"/>').format(plot + 10, width))
    parts.append(Markup('<text class="tick" x="34" y="{0}" text-anchor="end">{1}</text>').format(18, top))
    parts.append(Markup('<text class="tick" x="34" y="{0}" text-anchor="end">0</text>').format(plot + 10))
    every = max(1, math.ceil(n / 12))  # label at most about 12 days so labels do not overlap
    for i, (label, value) in enumerate(bars):
        h = round(value / top * (plot - 4), 1)
        left = 44 + i * slot
        parts.append(
            Markup(
                '<rect class="bar" x="{0}" y="{1}" width="{2}" height="{3}"><title>{4}: {5}</title></rect>'
            ).format(left, round(plot + 10 - h, 1), slot - 4, h, label, value)
        )
        if i % every == 0:
            parts.append(
                Markup('<text class="tick" x="{0}" y="{1}" text-anchor="middle">{2}</text>').format(
                    left + (slot - 4) / 2, plot + 28, label
                )
            )
    parts.append(Markup("</svg>"))
    return Markup("").join(parts)
