"""The brief as a PDF: the same HTML as the page, laid out on A4 by WeasyPrint (Pango underneath).

Fonts are embedded (DejaVu Sans through fontconfig), the charts stay vectors (inline SVG), and the file is tagged
for screen readers as PDF/UA-1 (WeasyPrint's ``pdf_variant="pdf/ua-1"``: structure tags, the document's
language and title). Nothing is fetched while rendering: the stylesheet is read from the package and every other
address is refused, so a brief can never make the server load something from elsewhere.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

STYLESHEET = Path(__file__).resolve().parents[1] / "static" / "brief.css"


class NothingFetched(ValueError):
    """Raised for any address the HTML names: the brief's PDF is made of what it carries."""


@dataclass(frozen=True)
class Pdf:
    data: bytes
    pages: int


def render_pdf(html: str) -> Pdf:
    """`html` (a whole document) as a tagged A4 PDF, with its number of pages."""
    from weasyprint import CSS, HTML  # imported here: the app starts without loading Pango

    document = HTML(string=html, base_url=str(STYLESHEET.parent), url_fetcher=_refuse).render(
        stylesheets=[CSS(filename=str(STYLESHEET))]
    )
    return Pdf(document.write_pdf(pdf_variant="pdf/ua-1"), len(document.pages))


def _refuse(url: str, *args, **kwargs):
    raise NothingFetched(url)
