"""What a project brief says, read off the Report of the results pages: the same numbers, the same suppression.

A brief is for people who will not open a workbook: a municipal director, a ministry official. It keeps to what
they need to decide: who answered, what changed on each scale (largest and most certain changes first, in
scale points with the interval and the plain reading of :func:`analysis.readings.change_reading`), the share
reporting discrimination or harassment, and what the numbers cannot say. Every number comes from a
:class:`~survey.results.reports.Results` built by :func:`survey.results.reports.report_for`; nothing here reads
responses. The response counts per wave are the collections' counts of respondents, which the results pages
show too (docs/privacy.md, "Counts shown below the threshold").
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from flask_babel import gettext as _
from flask_babel import ngettext

from analysis import numbers
from analysis.glossary import capitalised, wave_label
from analysis.report_model import Cell, ComparisonRow, PairingSummary, Proportion, Report, is_suppressed
from analysis.scoring import score_range
from instruments.model import Instrument, ItemType, Scale
from survey.brief.words import (
    and_list,
    common_range,
    date_text,
    level_words,
    limits,
    method_paragraph,
    percent_interval,
    range_text,
)
from survey.collect.collections import response_counts
from survey.models import Collection, Project
from survey.results.reports import Results

EXPERIENCE_ITEM = re.compile(r"(?:^|_)(?:DISCR|HARASS)(?:_|$)")
"""Yes/no items about experienced discrimination or harassment (``E_DISCR``, ``G_HARASS_GENDER``): shown as
shares with their intervals, never scored."""

RISE, FALL, UNCLEAR, NOT_COMPUTED = "rise", "fall", "unclear", "not_computed"


@dataclass(frozen=True)
class WaveRow:
    """One wave of the brief: its name, when it was open and how many answered."""

    wave: str
    name: str  # capitalised, for a cell
    label: str  # as within a sentence
    starts: str  # the day the first of its collections opened
    ends: str  # the day the last of them closed
    responses: int

    @property
    def period(self) -> str:
        return f"{self.starts}–{self.ends}"


@dataclass(frozen=True)
class ScaleChange:
    """A scale's change from the baseline to the last wave, for everyone, as the Report has it."""

    scale: Scale
    label: str
    verdict: str  # RISE, FALL, UNCLEAR or NOT_COMPUTED
    estimate: float
    low: float
    high: float
    reading: str
    span: float = 4.0  # the score's whole range (5 - 1): how far a change could reach

    @property
    def drawn(self) -> bool:
        return self.verdict != NOT_COMPUTED and math.isfinite(self.low) and math.isfinite(self.high)


@dataclass(frozen=True)
class ScaleLevel:
    """A scale's mean in a brief of one wave (no change to show yet)."""

    scale: Scale
    label: str
    mean: Cell
    low: Cell
    high: Cell
    reading: str

    @property
    def drawn(self) -> bool:
        return not any(is_suppressed(v) or not math.isfinite(v) for v in (self.mean, self.low, self.high))


@dataclass(frozen=True)
class Share:
    """The share answering yes to a discrimination or harassment question, per wave."""

    item: str
    question: str
    waves: tuple[tuple[str, str], ...]  # (wave name, "12 % (95 %:n luottamusväli 7–19 %)")


@dataclass(frozen=True)
class Brief:
    """Everything a project brief shows, in one language, ready for a template, a PDF or a chart."""

    results: Results
    language: str
    project: Project
    instrument: Instrument
    waves: tuple[WaveRow, ...]
    respondents: str  # who answered, in words
    pairing: str  # how baseline answers were matched, and what that means for the reading
    changes: tuple[ScaleChange, ...]  # largest and most certain first
    levels: tuple[ScaleLevel, ...]  # a brief of one wave
    verdicts: tuple[str, ...]  # "3 scales: the mean rose", ...
    shares: tuple[Share, ...]
    limits: tuple[str, ...]
    method: str
    too_few: str  # what the brief cannot show and why, in words ("" when it shows results)
    scale_range: str  # "1–5" when every scale shares it
    released_at: datetime | None

    @property
    def report(self) -> Report:
        return self.results.report

    @property
    def wave_names(self) -> str:
        return and_list(w.label for w in self.waves)

    @property
    def date(self) -> str:
        return date_text(self.released_at, self.language)

    @property
    def source(self) -> str:
        """The source line under a chart or a page: "Lähde: Arvio, ARV-08, alkumittaus ja seurantamittaus, ..."."""
        return _("Source: Arvio, %(project)s, %(waves)s, as of %(date)s", project=self.project.code,
                 waves=self.wave_names, date=self.date)  # fmt: skip


def project_brief(results: Results, project: Project, language: str) -> Brief:
    """The brief of `project`'s questionnaire from the Results of its results page."""
    report = results.report
    instrument = report.instrument
    waves = wave_rows(results.selection.collections, report.design.waves or _waves(results), language)
    several = len(waves) > 1
    changes = tuple(sorted((_change(report, s, language) for s in instrument.scales), key=_order))
    changes = changes if several else ()
    levels = () if several else tuple(_level(report, s, language) for s in instrument.scales)
    return Brief(
        results=results,
        language=language,
        project=project,
        instrument=instrument,
        waves=waves,
        respondents=respondent_group(instrument),
        pairing=_pairing(report, language) if several else "",
        changes=changes,
        levels=levels,
        verdicts=_verdicts(changes),
        shares=_shares(report, language),
        limits=limits(report, several),
        method=method_paragraph(report, language, several),
        too_few=_too_few(report, changes, levels),
        scale_range=common_range(instrument, language),
        released_at=results.released_at,
    )


# Who answered -------------------------------------------------------------------------------------------------


def wave_rows(collections: Sequence[Collection], waves: Sequence[str], language: str) -> tuple[WaveRow, ...]:
    """Each wave with the dates its collections were open and how many answered them."""
    counts = response_counts(collections)
    rows = []
    for wave in waves:
        of_wave = [c for c in collections if c.wave == wave]
        if not of_wave:
            continue
        start = min(c.opens_at for c in of_wave)
        end = max((c.closed_at or c.closes_at or c.opens_at) for c in of_wave)
        rows.append(
            WaveRow(
                wave=wave,
                name=capitalised(wave_label(wave, language)),
                label=wave_label(wave, language),
                starts=date_text(start, language),
                ends=date_text(end, language),
                responses=sum(counts[c.id] for c in of_wave),
            )
        )
    return tuple(rows)


def respondent_group(instrument: Instrument) -> str:
    names = {
        "children": _("Children (about 8–12 years old)"),
        "youth": _("Young people (13–29 years old)"),
        "parents": _("Parents and guardians"),
        "professionals": _("Professionals"),
    }
    return names.get(instrument.respondent_group.value, instrument.respondent_group.value)


def _pairing(report: Report, language: str) -> str:
    found = _last_pairing(report)
    if found is None:
        return _(
            "The answers were not matched person by person (no pairing code was asked), so the waves were "
            "compared as separate groups: part of a change may come from different people answering."
        )
    pairs = found.exact_matches + found.tolerant_matches
    values = {"baseline": found.baseline_n, "pairs": pairs, "later": wave_label(found.follow_up, language)}
    if found.analysis == "paired":
        return ngettext(
            "Of the %(baseline)s baseline answers, %(num)s was matched by its pairing code to the same "
            "person's answer in the %(later)s. The changes are computed from these pairs: they show how the "
            "same people's experience changed.",
            "Of the %(baseline)s baseline answers, %(num)s were matched by their pairing code to the same "
            "people's answers in the %(later)s. The changes are computed from these pairs: they show how the "
            "same people's experience changed.",
            pairs,
            **values,
        )
    if found.analysis == "independent":
        return ngettext(
            "Only %(num)s answer could be matched by pairing code, too few for a paired comparison, so the waves "
            "were compared as separate groups: part of a change may come from different people answering.",
            "Only %(num)s answers could be matched by pairing code, too few for a paired comparison, so the "
            "waves were compared as separate groups: part of a change may come from different people answering.",
            pairs,
            **values,
        )
    return _("The waves were not compared: a wave has too few answers.")


def _last_pairing(report: Report) -> PairingSummary | None:
    last = report.design.waves[-1] if report.design.waves else None
    return next((p for p in report.pairing if p.follow_up == last), None)


# Key results --------------------------------------------------------------------------------------------------


def _change(report: Report, scale: Scale, language: str) -> ScaleChange:
    row = _wave_comparison(report, scale.code)
    label = scale.label.get(language)
    low, high = score_range(report.instrument, scale)
    if row is None or row.skipped is not None:
        why = row.skipped.get(language) if row is not None and row.skipped else _("too few answers")
        reading = _("The change could not be computed: %(reason)s.", reason=why)
        return ScaleChange(scale, label, NOT_COMPUTED, math.nan, math.nan, math.nan, reading, high - low)
    return ScaleChange(
        scale=scale,
        label=label,
        verdict=verdict(row),
        estimate=row.estimate,
        low=row.estimate_ci_low,
        high=row.estimate_ci_high,
        reading=row.summary.get(language),
        span=high - low,
    )


def _wave_comparison(report: Report, scale: str) -> ComparisonRow | None:
    """Everyone's comparison of the baseline with the last wave."""
    last = report.design.waves[-1] if report.design.waves else None
    return next(
        (
            r
            for r in report.comparisons
            if r.scale == scale and r.kind.startswith("waves") and r.by is None and r.groups[-1:] == (last,)
        ),
        None,
    )


def verdict(row: ComparisonRow) -> str:
    """Rose or fell when the change is probably real (the interval leaves out zero and the adjusted p-value holds,
    as :func:`analysis.readings.change_reading` says it), else unclear."""
    low, high = row.estimate_ci_low, row.estimate_ci_high
    if not (math.isfinite(low) and math.isfinite(high)) or low <= 0 <= high:
        return UNCLEAR
    p = row.p_adjusted if math.isfinite(row.p_adjusted) else row.p
    if math.isfinite(p) and p >= 0.05:
        return UNCLEAR
    return RISE if row.estimate > 0 else FALL


def _order(change: ScaleChange) -> tuple:
    """Probably real changes first, the largest first; then the unclear ones by size; then those not computed."""
    rank = {RISE: 0, FALL: 0, UNCLEAR: 1, NOT_COMPUTED: 2}[change.verdict]
    size = abs(change.estimate) if math.isfinite(change.estimate) else 0.0
    return rank, -size


def _verdicts(changes: Sequence[ScaleChange]) -> tuple[str, ...]:
    words = {
        RISE: lambda n: ngettext("%(num)s scale: the mean rose", "%(num)s scales: the mean rose", n),
        FALL: lambda n: ngettext("%(num)s scale: the mean fell", "%(num)s scales: the mean fell", n),
        UNCLEAR: lambda n: ngettext(
            "%(num)s scale: no clear change (it may be chance)",
            "%(num)s scales: no clear change (it may be chance)",
            n,
        ),
        NOT_COMPUTED: lambda n: ngettext(
            "%(num)s scale: the change could not be computed",
            "%(num)s scales: the change could not be computed",
            n,
        ),
    }
    counted = [(v, sum(c.verdict == v for c in changes)) for v in words]
    return tuple(words[v](n) for v, n in counted if n)


def _level(report: Report, scale: Scale, language: str) -> ScaleLevel:
    row = next((r for r in report.summaries if r.scale == scale.code and r.by is None), None)
    label = scale.label.get(language)
    if row is None or is_suppressed(row.mean) or not math.isfinite(row.mean):
        reason = row.mean.text.get(language) if row is not None and is_suppressed(row.mean) else _("no answers")
        return ScaleLevel(scale, label, math.nan, math.nan, math.nan, reason)
    low, high = score_range(report.instrument, scale)
    reading = _(
        "The mean is %(mean)s on the %(range)s scale (%(level)s confidence interval %(interval)s).",
        mean=numbers.number(row.mean, 2, language),
        range=range_text(low, high, language),
        level=level_words(report, language),
        interval=numbers.interval(row.ci_low, row.ci_high, 2, language),
    )
    return ScaleLevel(scale, label, row.mean, row.ci_low, row.ci_high, reading)


def _shares(report: Report, language: str) -> tuple[Share, ...]:
    shares = []
    for item in report.instrument.answered_items:
        if item.type is not ItemType.YESNO or not EXPERIENCE_ITEM.search(item.code):
            continue
        rows = [p for p in report.proportions if p.item == item.code and p.by is None and p.option is None]
        if rows:
            cells = tuple((_wave_name(r.wave, language), share_text(r, report, language)) for r in rows)
            shares.append(Share(item.code, item.text.get(language), cells))
    return tuple(shares)


def _wave_name(wave: str | None, language: str) -> str:
    return capitalised(wave_label(wave, language)) if wave else ""


def share_text(row: Proportion, report: Report, language: str) -> str:
    """``12 % (95 %:n luottamusväli 7–19 %)``, or why the share is hidden."""
    if is_suppressed(row.proportion):
        return row.proportion.text.get(language)
    if not isinstance(row.proportion, float) or not math.isfinite(row.proportion):
        return _("no answers")
    share = numbers.percent(row.proportion, 0, language)
    low, high = row.ci_low, row.ci_high
    if is_suppressed(low) or is_suppressed(high):
        return share
    return _(
        "%(share)s (%(level)s confidence interval %(interval)s)",
        share=share,
        level=level_words(report, language),
        interval=percent_interval(low, high, language),
    )


def _too_few(report: Report, changes: Sequence[ScaleChange], levels: Sequence[ScaleLevel]) -> str:
    if not report.instrument.scales:
        return _("This questionnaire has no scales, so the brief has no changes to show.")
    if any(c.drawn for c in changes) or any(level.drawn for level in levels):
        return ""
    return _(
        "There are too few answers to show results: numbers about fewer than %(min)s people are hidden so that "
        "nobody can be recognised. The brief will show results when more people have answered.",
        min=report.design.min_cell,
    )


def _waves(results: Results) -> tuple[str, ...]:
    return tuple(dict.fromkeys(c.wave for c in results.selection.collections))
