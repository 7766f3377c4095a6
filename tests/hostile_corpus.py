"""Hostile input shared by the tests: text people (or attackers) type, and files they upload.

``TEXTS`` are strings that try to run script in a browser, run a template on the server, become a spreadsheet
formula, overflow a limit or play Unicode tricks, plus ordinary Finnish and Swedish names that must survive
unchanged. ``FILES`` are upload contents: wrong encodings, invalid UTF-8, NUL bytes, a CSV posing as a
workbook. ``MARKERS`` are the pieces of each script payload that must never appear in a page unescaped.

>>> TEXTS["names"]
'Åsa Öberg-Ääkkönen'
>>> MARKERS["script"] in TEXTS["script"]
True
"""

from __future__ import annotations

SCRIPT = "<script>alert(1)</script>"

TEXTS: dict[str, str] = {
    "script": SCRIPT,
    "img-onerror": '"><img src=x onerror=alert(1)>',
    "svg-onload": "'><svg/onload=alert(1)>",
    "javascript-url": "javascript:alert(1)",
    "attribute-break": '" autofocus onfocus=alert(1) x="',
    "jinja-expression": "{{7*7}}",
    "jinja-statement": "{% for x in range(3) %}x{% endfor %}",
    "jinja-config": "{{ config.items() }}",
    "formula-cmd": "=cmd|' /C calc'!A0",
    "formula-plus": "+1",
    "formula-minus": "-2+3",
    "formula-at": "@SUM(1)",
    "formula-tab": "\t=1",
    "formula-cr": "\r=1",
    "formula-hyperlink": '=HYPERLINK("http://example.invalid","x")',
    "sql": "'; DROP TABLE responses; --",
    "rtl-override": "abc\u202etxt.exe",
    "zero-width": "a\u200db\u200cc\u200bd\ufeff",
    "combining": "Zalgo: Z\u0351\u036b\u0343\u036a\u0302\u036b\u033d\u034f\u0334\u0319",
    "decomposed": "A\u030asa O\u0308berg",  # "Åsa Öberg" spelt with combining marks: not to be normalised
    "homoglyph": "раураl.com",  # Cyrillic р, а, у
    "emoji": "👩🏽‍🚀🇫🇮 ok 🙂",
    "names": "Åsa Öberg-Ääkkönen",
    "swedish": "Ålands skärgård – Östra Ölandsvägen",
    "quotes": 'O\'Brien "the" `tick` \\ back',
    "newlines": "line one\nline two\n\nline four",
    "long": "Pitkä vastaus. " * 7_000,  # about 100 kB
    "nul": "before\x00after",
}
"""Every text a form field should take. Values a form refuses must get a message, never a crash."""

MARKERS: dict[str, str] = {
    "script": "<script>alert(1)",
    "img-onerror": "<img src=x onerror",
    "svg-onload": "<svg/onload",
    "attribute-break": '" autofocus onfocus=alert(1)',
}
"""The part of a script payload that, found verbatim in HTML, would mean it was not escaped."""

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""First characters that make a spreadsheet program read a cell as a formula (OWASP's CSV injection list)."""

FILES: dict[str, bytes] = {
    "latin-1-csv": "id,name\n1,Åsa Öberg-Ääkkönen\n".encode("latin-1"),
    "utf-16-csv": "id,name\n1,Åsa Öberg-Ääkkönen\n".encode("utf-16"),
    "invalid-utf-8": b"id,name\n1,\xff\xfe\xc3(\xa0\xa1\n",
    "overlong-utf-8": b"id,name\n1,\xc0\xbcscript\xc0\xbe\n",  # "<script>" spelt with overlong sequences
    "nul-bytes": b"id,name\x00\n1,\x00\x00\n",
    "csv-as-xlsx": b"id,name\n1,=cmd|' /C calc'!A0\n",
    "zip-header-only": b"PK\x03\x04" + b"\x00" * 64,
    "empty": b"",
    "random": bytes(range(256)) * 4,
}
"""Upload contents that are not what their name says or not valid text."""
