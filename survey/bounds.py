"""What input may hold before it reaches the database: ids in the integer columns' range, dates in a sane range.

An id beyond a 32-bit integer (``/staff/collections/99999999999999999999``) would make SQLite's driver overflow
and PostgreSQL refuse the query: a 500 instead of "not found". A year 1 or 9999 date overflows when it is moved
between time zones. So the ``int`` URL converter of the whole app is bounded (:class:`IdConverter`; every
``<int:...>`` route gets it), query parameters that name ids go through :func:`whole_number`, and every date a
person types goes through :func:`parse_day` or :func:`parse_moment`, which accept :data:`FIRST_DAY` to
:data:`LAST_DAY` only.

>>> whole_number("12", MAX_ID), whole_number("99999999999999999999", MAX_ID), whole_number("²", MAX_ID)
(12, None, None)
>>> parse_day("2026-03-14")
datetime.date(2026, 3, 14)
"""

from __future__ import annotations

from datetime import date, datetime

from flask import Flask
from werkzeug.routing import IntegerConverter, ValidationError

MAX_ID = 2_147_483_647
"""The largest value a database integer column holds (PostgreSQL ``integer``); no id is larger."""

FIRST_DAY = date(2000, 1, 1)
LAST_DAY = date(2099, 12, 31)
"""The days a collection's dates may fall on: room for any programme, far from the calendar's ends."""


class IdConverter(IntegerConverter):
    """Werkzeug's ``int`` converter, bounded to 0..:data:`MAX_ID` unless a route says otherwise, and to ASCII
    digits: a larger number in an address matches no route (404) instead of reaching the database."""

    regex = r"[0-9]+"

    def __init__(self, map, fixed_digits: int = 0, min: int | None = None, max: int | None = MAX_ID,
                 signed: bool = False) -> None:  # fmt: skip
        super().__init__(map, fixed_digits, min, max, signed)

    def to_python(self, value: str) -> int:
        if len(value) > 18:  # longer than any bound: refuse before int() (which refuses 4,300 digits itself)
            raise ValidationError()
        return super().to_python(value)


def whole_number(raw: str, maximum: int = MAX_ID) -> int | None:
    """`raw` as a whole number from 1 to `maximum`, or None (``isdigit`` alone would let "²" through to int()).

    >>> whole_number("12", 100), whole_number("0", 100), whole_number("²", 100), whole_number("1e3", 9999)
    (12, None, None, None)
    """
    raw = raw.strip()
    if not (raw.isascii() and raw.isdigit()) or len(raw) > 12:
        return None
    value = int(raw)
    return value if 1 <= value <= maximum else None


def day_problem(day: date) -> str | None:
    """Why `day` cannot be used (a translated sentence naming the range), or None."""
    if FIRST_DAY <= day <= LAST_DAY:
        return None
    return _range_message()


def parse_day(text: str) -> date:
    """A day as a date field sends it (``2026-03-14``); raises ValueError with a translated message when it is
    not a day or not from :data:`FIRST_DAY` to :data:`LAST_DAY`."""
    try:
        day = date.fromisoformat(text.strip()[:10]) if len(text.strip()) == 10 else None
    except ValueError:
        day = None
    if day is None or day_problem(day):
        raise ValueError(_range_message())
    return day


def parse_moment(text: str) -> datetime:
    """A date and time as a ``datetime-local`` field sends it (``2026-03-14T09:30``, seconds optional);
    raises ValueError as :func:`parse_day` does."""
    text = text.strip()
    moment = None
    for form in ("%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S"):
        try:
            moment = datetime.strptime(text, form)
            break
        except ValueError:
            continue
    if moment is None or day_problem(moment.date()):
        raise ValueError(_range_message())
    return moment


def _range_message() -> str:
    from flask_babel import format_date
    from flask_babel import gettext as _

    return _("Enter a date from %(first)s to %(last)s.", first=format_date(FIRST_DAY), last=format_date(LAST_DAY))


def init_app(app: Flask) -> None:
    """Make ``<int:...>`` bounded in every route; call before the blueprints are registered."""
    app.url_map.converters["int"] = IdConverter
