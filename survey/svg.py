"""What every server-rendered SVG chart shares: an accessible opening tag and labels that fit.

The helpers live in :mod:`analysis.export.svg`, where the standalone results page (``python -m analysis report
--out results.html``) draws the same charts as the web pages.

>>> "".join(open_svg("<b>", "d", 10, 10, "bars")).count("&lt;b&gt;")
1
>>> shorten("Sosiaali- ja terveydenhuolto", 12)
'Sosiaali- j…'
"""

from analysis.export.svg import open_svg, shorten

__all__ = ["open_svg", "shorten"]
