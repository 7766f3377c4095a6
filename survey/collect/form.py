"""The staff form for a new data collection (WTForms), and turning it into :func:`create_collection`'s values.

Times are entered in Finnish time (the app's ``BABEL_DEFAULT_TIMEZONE``) and stored as naive UTC.
"""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from flask import current_app
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    DateTimeLocalField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from instruments.model import LANGUAGES, Instrument
from survey.bounds import parse_day, parse_moment
from survey.i18n import LANGUAGE_NAMES

WAVES = ("baseline", "follow_up", "end", "custom")


class DayField(DateField):
    """A date field that accepts only the days of :mod:`survey.bounds` (a year 1 or 9999 would overflow)."""

    def process_formdata(self, valuelist):
        self.data = None
        if valuelist and valuelist[0].strip():
            self.data = parse_day(valuelist[0])  # a ValueError becomes the field's error, in the user's language


class MomentField(DateTimeLocalField):
    """A ``datetime-local`` field bounded like :class:`DayField`."""

    def process_formdata(self, valuelist):
        self.data = None
        if valuelist and valuelist[0].strip():
            self.data = parse_moment(valuelist[0])


class CheckboxesField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


def _wave_choices():
    return [
        SelectChoice("baseline", _l("Baseline")),
        SelectChoice("follow_up", _l("Follow-up")),
        SelectChoice("end", _l("End")),
        SelectChoice("custom", _l("Another wave, named below")),
    ]


class WaveMixin:
    wave = RadioField(_l("Wave"), choices=_wave_choices(), default="baseline", validators=[DataRequired()])
    custom_wave = StringField(
        _l("Name of the other wave (lower-case letters, digits and _)"), validators=[Optional(), Length(max=40)]
    )

    def wave_value(self) -> str:
        return (self.custom_wave.data or "").strip() if self.wave.data == "custom" else self.wave.data


class CollectionForm(WaveMixin, FlaskForm):
    instrument = SelectField(_l("Questionnaire"), validators=[DataRequired(message=_l("Choose a questionnaire."))])
    label = StringField(_l("Name for your own use (e.g. school and class)"), validators=[Length(max=200)])
    languages = CheckboxesField(
        _l("Languages offered"), choices=[SelectChoice(lang, LANGUAGE_NAMES[lang]) for lang in LANGUAGES]
    )
    opens_at = MomentField(_l("Opens (Finnish time)"), validators=[Optional()], format="%Y-%m-%dT%H:%M")
    closes_at = MomentField(_l("Closes (Finnish time)"), validators=[Optional()], format="%Y-%m-%dT%H:%M")
    retention_until = DayField(_l("Responses deleted after"), validators=[Optional()])
    ask_pairing_code = BooleanField(
        _l("Ask the pairing code (to match baseline and follow-up answers)"), default=True
    )
    intro_fi = TextAreaField(_l("Introduction in Finnish"), validators=[Length(max=4000)])
    intro_sv = TextAreaField(_l("Introduction in Swedish"), validators=[Length(max=4000)])
    intro_en = TextAreaField(_l("Introduction in English"), validators=[Length(max=4000)])
    consent_fi = TextAreaField(_l("Consent text in Finnish"), validators=[Length(max=4000)])
    consent_sv = TextAreaField(_l("Consent text in Swedish"), validators=[Length(max=4000)])
    consent_en = TextAreaField(_l("Consent text in English"), validators=[Length(max=4000)])

    def set_instruments(self, instruments: list[Instrument], language: str) -> None:
        """Offer `instruments`, after an empty first choice: nothing is chosen until the team chooses."""
        self.instrument.choices = [SelectChoice("", _l("Choose a questionnaire"))] + [
            SelectChoice(i.key, f"{i.title.get(language)} ({i.key})")
            for i in sorted(instruments, key=lambda i: i.key)
        ]

    def instrument_groups(self, instruments: list[Instrument], group_names: dict[str, str], language: str):
        """The offered questionnaires by respondent group, in the groups' order: ``[(group name, [(key,
        label)])]`` for the template's ``<optgroup>``s."""
        order = {group: n for n, group in enumerate(group_names)}
        groups: dict[str, list[tuple[str, str]]] = {}
        for i in sorted(instruments, key=lambda i: (order.get(i.respondent_group.value, len(order)), i.key)):
            name = group_names.get(i.respondent_group.value, i.respondent_group.value)
            groups.setdefault(name, []).append((i.key, f"{i.title.get(language)} ({i.key})"))
        return list(groups.items())

    def values(self) -> dict[str, object]:
        """The keyword arguments of :func:`survey.collect.collections.create_collection` (after the instrument)."""
        return {
            "wave": self.wave_value(),
            "languages": list(self.languages.data or []) or None,
            "opens_at": to_utc(self.opens_at.data),
            "closes_at": to_utc(self.closes_at.data),
            "retention_until": self.retention_until.data,
            "ask_pairing_code": bool(self.ask_pairing_code.data),
            "intro": {lang: getattr(self, f"intro_{lang}").data or "" for lang in LANGUAGES},
            "consent": {lang: getattr(self, f"consent_{lang}").data or "" for lang in LANGUAGES},
            "label": self.label.data or "",
        }

    def field_for(self, name: str):
        """The form field a :class:`CollectionError` names (intro -> intro_fi, status -> instrument)."""
        if name in ("intro", "consent"):  # the first text given in a language that is not offered
            offered = self.languages.data or LANGUAGES
            given = [lang for lang in LANGUAGES if (getattr(self, f"{name}_{lang}").data or "").strip()]
            name = f"{name}_{next((lang for lang in given if lang not in offered), 'fi')}"
        name = {"status": "instrument"}.get(name, name)
        if name == "wave" and self.wave.data == "custom":
            name = "custom_wave"
        return getattr(self, name, self.instrument)


class CopyForm(WaveMixin, FlaskForm):
    """Copy a collection to a new wave."""


class OpenForm(FlaskForm):
    retention_until = DayField(_l("Responses deleted after"), validators=[Optional()])


def to_utc(moment: datetime | None) -> datetime | None:
    """A naive Finnish-time moment as naive UTC."""
    if moment is None:
        return None
    zone = ZoneInfo(current_app.config.get("BABEL_DEFAULT_TIMEZONE", "Europe/Helsinki"))
    return moment.replace(tzinfo=zone).astimezone(UTC).replace(tzinfo=None)
