"""Build a :class:`~analysis.report_model.Report`: score, describe, compare, suppress — in one call.

The pipeline, top to bottom (each stage in its own module):

1. check the design and the answers against the instrument (:mod:`analysis.validation`);
2. add the scale scores (:mod:`analysis.scoring`);
3. split the rows into cells: everyone and each group of each ``by`` column, in each wave
   (:mod:`analysis.distributions`);
4. summaries, reliability, option counts and proportions, suppressed (:mod:`analysis.report_summaries`);
5. pairing and comparisons (:mod:`analysis.report_compare`), p-values Holm-adjusted across the report;
6. warnings for the reader.

Example
-------
>>> from instruments.model import (Choice, ChoiceList, Instrument, Item, ItemType, RespondentGroup, Scale,
...                                Section, Text)
>>> agree = ChoiceList("agree", tuple(Choice(c, Text(fi=str(c))) for c in (1, 2, 3, 4, 5)))
>>> items = tuple(Item(code=c, type=ItemType.LIKERT, text=Text(fi=c), choices="agree") for c in ("A", "B"))
>>> instrument = Instrument(id="x", version="1", title=Text(fi="X"), respondent_group=RespondentGroup.YOUTH,
...                         languages=("fi",), sections=(Section("s", Text(fi="S"), items),),
...                         choice_lists={"agree": agree}, scales=(Scale("S_AB", Text(fi="AB"), ("A", "B")),))
>>> rng = np.random.default_rng(7)
>>> table = ResponseTable.from_columns({"project": ["P1"] * 20 + ["P2"] * 24 + ["P3"] * 3 + ["P4"] * 30,
...                                     "A": rng.integers(1, 6, 77), "B": rng.integers(1, 6, 77)})
>>> report = build_report(table, instrument, by=["project"])
>>> [(row.group, str(row.n)) for row in report.summaries]   # P1 hidden too: 77 - 24 - 30 - 20 would give P3 away
[(None, '77'), ('P1', 'x'), ('P2', '24'), ('P3', '<5'), ('P4', '30')]
>>> [(row.test, row.groups, row.excluded) for row in report.comparisons]   # nothing computed from a hidden group
[('welch_t', ('P2', 'P4'), ('P1', 'P3'))]
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import UTC, datetime

import numpy as np
import pandas as pd

from analysis.adjust import adjust_p
from analysis.disclosure import Units
from analysis.distributions import partition
from analysis.errors import AnalysisError
from analysis.glossary import term, wave_label
from analysis.labels import NO_LABELS, ColumnLabels, column_label, comparison_label, group_label, group_name
from analysis.numbers import number
from analysis.readings import Change, change_reading
from analysis.report_compare import group_comparisons, pairing_summaries, wave_comparisons, wave_pairings
from analysis.report_model import (
    ComparisonRow,
    Design,
    PairingSummary,
    ReliabilityRow,
    Report,
    ReportWarning,
)
from analysis.report_summaries import option_counts, proportions, reliability_rows, scale_summaries
from analysis.response_table import ResponseTable, value_text
from analysis.scoring import scale_items, scale_scores, score_range
from analysis.threshold import DEFAULT_THRESHOLD
from analysis.validation import prepare
from instruments.model import LANGUAGES, Instrument, Text

LOW_ALPHA = 0.7
"""Alpha under this gets a warning (Nunnally 1978's conventional floor for group comparisons)."""


def build_report(
    table: ResponseTable,
    instrument: Instrument,
    *,
    by: Sequence[str] = (),
    wave: str | None = None,
    pair: str | None = None,
    waves: Sequence[str] | None = None,
    unit: str | None = None,
    min_cell: int = DEFAULT_THRESHOLD,
    language: str = "fi",
    confidence: float = 0.95,
    filters: Mapping[str, object] | None = None,
    labels: ColumnLabels = NO_LABELS,
) -> Report:
    """Score `table` against `instrument` and compute every aggregate of the report, suppressed.

    Parameters
    ----------
    table : ResponseTable
        Wide responses (see :func:`analysis.response_table.read_table`).
    instrument : Instrument
    by : sequence of str
        Background columns to break results down by, one at a time (e.g. ``["project", "BG_GENDER"]``).
    wave : str, optional
        The column naming each response's wave (e.g. ``"wave"`` with baseline / follow_up).
    pair : str, optional
        The pairing-code column; with `wave`, the baseline is matched to each later wave.
    waves : sequence of str, optional
        Wave values in order, baseline first; default: in order of first appearance.
    unit : str, optional
        The column naming each response's release unit (in the app, its data collection): a set of responses
        published together and never changed. Over several units, a unit's people join a number only where
        the unit's own report shows it (:mod:`analysis.disclosure`). Default: all rows are one unit.
    min_cell : int
        Suppression threshold: no shown aggregate describes fewer people (default
        :data:`~analysis.threshold.DEFAULT_THRESHOLD`). A notebook user may go as low as 1 on data of their own;
        the app and the command line never go below :data:`~analysis.threshold.LOWEST_THRESHOLD`.
    language : {"fi", "sv", "en"}
        Language the writers use.
    confidence : float
        Level of every confidence interval.
    filters : mapping, optional
        How the caller filtered the rows (shown on the workbook's cover).
    labels : ColumnLabels, optional
        Names of breakdown columns that are not items and of their values (``gender``: 1 = Woman), from a
        label file, a codebook sheet or an SPSS file (:mod:`analysis.label_files`).

    Raises
    ------
    AnalysisError
        For a design column that does not exist, a bad threshold or level, or answers that cannot be read.
    """
    design = _design(table, by, wave, pair, waves, unit, min_cell, language, confidence)
    prepared, warnings = prepare(table, instrument)
    matrices = {scale.code: scale_items(prepared, instrument, scale) for scale in instrument.scales}
    scored = prepared.with_columns(scale_scores(prepared, instrument, matrices))
    parts = [partition(scored, None, wave=wave, waves=design.waves)]
    parts += [partition(scored, column, wave=wave, waves=design.waves) for column in design.by]
    units = Units.from_column(scored[unit]) if unit is not None else Units.one(len(scored))

    summaries, cells = scale_summaries(scored, instrument, design, parts, units)
    reliability = reliability_rows(matrices, instrument, design, parts, cells)
    pairings = wave_pairings(scored, design, parts[0], units)
    comparisons = wave_comparisons(scored, instrument, design, parts, cells, pairings)
    comparisons += group_comparisons(scored, instrument, design, parts, cells)
    pairing = pairing_summaries(pairings, design, parts[0])
    return Report(
        instrument=instrument,
        design=design,
        created_at=datetime.now(UTC),
        filters=tuple((str(k), value_text(v)) for k, v in (filters or {}).items()),
        n_responses=len(scored),
        summaries=tuple(summaries),
        distributions=tuple(option_counts(scored, instrument, design, parts, units)),
        proportions=tuple(proportions(scored, instrument, design, parts, units)),
        reliability=tuple(reliability),
        comparisons=_named(_adjusted(comparisons, design.adjust), instrument, design, labels),
        pairing=tuple(pairing),
        warnings=(
            *warnings,
            *_warnings(design, instrument, summaries, reliability, pairing, labels),
            *_left_out_warnings(design, instrument, parts, cells, units, labels),
        ),
        responses=scored,
        labels=labels,
    )


def _named(
    rows: tuple[ComparisonRow, ...], instrument, design: Design, labels: ColumnLabels
) -> tuple[ComparisonRow, ...]:
    """Each comparison with its heading in people's words and its finding in plain words."""
    named = []
    for row in rows:
        summary = Text()
        if not row.skipped and (math.isfinite(row.estimate) or row.kind == "groups"):
            scale = instrument.scale(row.scale)
            groups = ()
            if row.kind == "groups" and len(row.groups) == 2:
                groups = tuple(
                    Text(**{lang: group_name(instrument, row.by, g, lang, labels) for lang in LANGUAGES})
                    for g in row.groups
                )
            change = Change(
                kind="groups" if row.kind == "groups" else "waves",
                estimate=row.estimate,
                low=row.estimate_ci_low,
                high=row.estimate_ci_high,
                effect=row.effect,
                effect_size=row.effect_size,
                scale=score_range(instrument, scale),
                confidence=design.confidence,
                groups=groups,
                p=row.p_adjusted if math.isfinite(row.p_adjusted) else row.p,
            )
            summary = change_reading(change)
        method = Text()
        if row.test:
            method = Text(**{lang: _METHOD[lang].format(
                test=term(row.test, lang), effect=term(row.effect, lang), correction=term(design.adjust, lang)
            ) for lang in LANGUAGES})  # fmt: skip
        named.append(
            replace(row, label=comparison_label(instrument, row, labels), summary=summary, method=method)
        )
    return tuple(named)


def _design(table, by, wave, pair, waves, unit, min_cell, language, confidence) -> Design:
    by = tuple([by] if isinstance(by, str) else by)
    for column in (*by, wave, pair, unit):
        if column is not None and column not in table:
            raise AnalysisError(f"the responses have no column {column!r}", column=column)
    if wave is not None and wave in by:
        raise AnalysisError(f"column {wave!r} cannot be both the wave and a 'by' column", column=wave)
    if len(set(by)) != len(by):
        raise AnalysisError("a 'by' column is given twice")
    if pair is not None and wave is None:
        raise AnalysisError("pairing codes need a wave column (--wave) to match waves", column=pair)
    if isinstance(min_cell, bool) or not isinstance(min_cell, (int, np.integer)) or min_cell < 1:
        raise AnalysisError(f"the suppression threshold must be a whole number of at least 1, not {min_cell!r}")
    if language not in LANGUAGES:
        raise AnalysisError(f"language must be one of {', '.join(LANGUAGES)}, not {language!r}")
    if not (isinstance(confidence, float) and 0.0 < confidence < 1.0):
        raise AnalysisError(f"confidence must be a number between 0 and 1, not {confidence!r}")
    order: tuple[str, ...] = ()
    if wave is not None:  # rows of a wave not in `waves` are left out
        order = tuple(value_text(w) for w in waves) if waves is not None else _first_appearance(table[wave])
    return Design(
        by=by,
        wave=wave,
        pair=pair,
        waves=order,
        unit=unit,
        min_cell=int(min_cell),
        language=language,
        confidence=confidence,
    )


def _first_appearance(values: np.ndarray) -> tuple[str, ...]:
    _, uniques = pd.factorize(values)  # in order of appearance; missing values are not among them
    return tuple(label for label in (value_text(u) for u in uniques) if label)


def _adjusted(rows: list[ComparisonRow], method: str) -> tuple[ComparisonRow, ...]:
    run = [i for i, row in enumerate(rows) if not math.isnan(row.p)]
    adjusted = adjust_p([rows[i].p for i in run], method=method) if run else []
    rows = list(rows)
    for i, p in zip(run, adjusted, strict=True):
        rows[i] = replace(rows[i], p_adjusted=p)
    return tuple(rows)


def _warnings(
    design: Design,
    instrument,
    summaries,
    reliability: list[ReliabilityRow],
    pairing: list[PairingSummary],
    labels: ColumnLabels,
):
    """Small groups, low alphas for everyone, and waves compared as independent groups for want of pairs."""
    found: list[ReportWarning] = []
    small = sorted({(r.by, r.group, r.wave or "") for r in summaries if r.by is not None and _is_primary(r.n)})
    for column, group, wave in small:
        name = Text(**{lang: group_label(instrument, column, group, lang, labels) for lang in LANGUAGES})
        found.append(
            _warning(
                "small_group",
                f"{column}={group}",
                _SMALL_GROUP if not wave else _SMALL_GROUP_IN_WAVE,
                group=name,
                wave=_wave_text(wave),
                threshold=design.min_cell,
            )
        )
    protecting = sorted(
        {(r.by, r.group, r.wave or "") for r in summaries if r.by is not None and _is_complement(r.n)}
    )
    for column, group, wave in protecting:
        name = Text(**{lang: group_label(instrument, column, group, lang, labels) for lang in LANGUAGES})
        found.append(
            _warning(
                "hidden_to_protect",
                f"{column}={group}",
                _PROTECTING if not wave else _PROTECTING_IN_WAVE,
                group=name,
                wave=_wave_text(wave),
            )
        )
    for row in reliability:
        if row.by is None and isinstance(row.alpha, float) and row.alpha < LOW_ALPHA:
            found.append(
                _warning(
                    "low_alpha",
                    row.scale,
                    _LOW_ALPHA,
                    scale=row.label,
                    alpha=Text(**{lang: number(row.alpha, 2, lang) for lang in LANGUAGES}),
                    wave=_wave_text(row.wave, prefix=", ") if row.wave else "",
                )
            )
    for summary in pairing:
        if summary.analysis == "independent":
            pairs = summary.exact_matches + summary.tolerant_matches
            found.append(
                _warning(
                    "few_pairs",
                    summary.follow_up,
                    _FEW_PAIRS,
                    pairs=pairs,
                    wave=_wave_text(summary.follow_up),
                    threshold=design.min_cell,
                )
            )
    return tuple(found)


def _wave_text(wave: str, prefix: str = "") -> Text:
    return Text(**{lang: prefix + wave_label(wave, lang) for lang in LANGUAGES})


def _left_out_warnings(
    design: Design, instrument, parts, cells, units: Units, labels: ColumnLabels
) -> list[ReportWarning]:
    """Where a unit's own table hides a group, so that its people are not in the group's combined numbers.

    No count is given: one unit's hidden group could be told from it. Units left out of everything (too few
    people to show anything) are named: how many answered a collection is no secret, what they answered is.
    """
    found: list[ReportWarning] = []
    if len(units) < 2:
        return found
    everyone = parts[0]
    for scale in instrument.scales[:1]:  # whole units are the same for every scale: name them once
        scores = cells.rows
        for c in range(len(everyone.cells)):
            in_cell = everyone.rows[c]
            present = set(np.unique(units.codes[in_cell]).tolist())
            kept = set(np.unique(units.codes[scores[(scale.code, 0, c)]]).tolist())
            for name in sorted(units.names[u] for u in present - kept):
                found.append(_warning("unit_left_out", name, _UNIT_LEFT_OUT, unit=name))
    for p, part in enumerate(parts[1:], start=1):
        for c, (wave, _group) in enumerate(part.cells):
            if any(cells.left_out.get((s.code, p, c), 0) for s in instrument.scales):
                column = Text(**{lang: column_label(instrument, part.by, lang, labels) for lang in LANGUAGES})
                found.append(_warning("left_out", f"{part.by}:{wave or ''}", _LEFT_OUT, column=column))
                break
    return list({(w.code, w.subject): w for w in found}.values())


def _is_complement(cell) -> bool:
    return getattr(cell, "reason", None) == "complementary"


def _is_primary(cell) -> bool:
    return getattr(cell, "reason", None) == "small_cell"


def _warning(code: str, subject: str, template: Text, **values) -> ReportWarning:
    """A warning in every language; a value that is itself a Text is put in in the warning's language."""
    texts = {
        lang: text.format(**{k: v.get(lang) if isinstance(v, Text) else v for k, v in values.items()})
        for lang, text in template.as_dict().items()
    }
    return ReportWarning(code=code, subject=subject, text=Text(**texts))


_METHOD = {
    "fi": "{test}, vaikutuksen koko {effect}, p-arvoissa {correction}",
    "sv": "{test}, effektstorlek {effect}, {correction} av p-värdena",
    "en": "{test}, effect size {effect}, {correction} of the p-values",
}
_SMALL_GROUP = Text(
    fi="Ryhmässä \u201d{group}\u201d on alle {threshold} vastaajaa; sen tulokset on piilotettu.",
    sv="Gruppen \u201d{group}\u201d har färre än {threshold} svarande; dess resultat är dolda.",
    en="The group \u201c{group}\u201d has fewer than {threshold} respondents; its results are hidden.",
)
_SMALL_GROUP_IN_WAVE = Text(
    fi="Ryhmässä \u201d{group}\u201d on mittauskerralla \u201d{wave}\u201d alle {threshold} vastaajaa; sen "
    "tulokset on piilotettu.",
    sv="Gruppen \u201d{group}\u201d har färre än {threshold} svarande vid mättillfället \u201d{wave}\u201d; dess "
    "resultat är dolda.",
    en="The group \u201c{group}\u201d has fewer than {threshold} respondents in the {wave} wave; its results are "
    "hidden.",
)
_PROTECTING = Text(
    fi="Ryhmän \u201d{group}\u201d luvut on piilotettu, jotta pienemmän ryhmän lukuja ei voisi laskea erotuksena "
    "kaikkien luvuista.",
    sv="Gruppen \u201d{group}\u201d har dolda tal, så att en mindre grupps tal inte kan räknas ut som en "
    "skillnad mot allas tal.",
    en="The numbers of the group \u201c{group}\u201d are hidden so that a smaller group's numbers cannot be "
    "worked out by subtraction from everyone's.",
)
_PROTECTING_IN_WAVE = Text(
    fi="Ryhmän \u201d{group}\u201d luvut on piilotettu mittauskerralla \u201d{wave}\u201d, jotta pienemmän ryhmän "
    "lukuja ei voisi laskea erotuksena kaikkien luvuista.",
    sv="Gruppen \u201d{group}\u201d har dolda tal vid mättillfället \u201d{wave}\u201d, så att en mindre grupps "
    "tal inte kan räknas ut som en skillnad mot allas tal.",
    en="The numbers of the group \u201c{group}\u201d are hidden in the {wave} wave so that a smaller group's "
    "numbers cannot be worked out by subtraction from everyone's.",
)
_UNIT_LEFT_OUT = Text(
    fi="Aineistonkeruu \u201d{unit}\u201d ei ole mukana luvuissa: siinä on liian vähän vastaajia näytettäväksi.",
    sv="Datainsamlingen \u201d{unit}\u201d ingår inte i talen: den har för få svarande för att visas.",
    en="The data collection \u201c{unit}\u201d is not included in the numbers: it has too few respondents to "
    "show.",
)
_LEFT_OUT = Text(
    fi="Osa vastaajista ei ole mukana ryhmittäisissä luvuissa (\u201d{column}\u201d): heidän ryhmänsä on jossakin "
    "aineistonkeruussa liian pieni näytettäväksi. Kaikkien vastaajien luvuissa he ovat mukana.",
    sv="En del svarande ingår inte i talen per grupp (\u201d{column}\u201d): deras grupp är för liten för att "
    "visas i någon datainsamling. I talen för alla svarande ingår de.",
    en="Some respondents are not included in the numbers by group (\u201c{column}\u201d): their group is too "
    "small to show in one of the data collections. They are included in the numbers for everyone.",
)
_LOW_ALPHA = Text(
    fi="Mittarin \u201d{scale}\u201d reliabiliteetti on matala (Cronbachin alfa {alpha}{wave}): tulkitse sen "
    "pisteitä varoen.",
    sv="Skalan \u201d{scale}\u201d har låg reliabilitet (Cronbachs alfa {alpha}{wave}): tolka dess poäng med "
    "försiktighet.",
    en="The scale \u201c{scale}\u201d has low reliability (Cronbach's alpha {alpha}{wave}): read its scores with "
    "care.",
)
_FEW_PAIRS = Text(
    fi="Mittauskerralle \u201d{wave}\u201d löytyi vain {pairs} vastaajaparia (tarvitaan vähintään {threshold}); "
    "mittauskertoja verrattiin erillisinä ryhminä.",
    sv="För mättillfället \u201d{wave}\u201d hittades bara {pairs} par av svarande (minst {threshold} behövs); "
    "mättillfällena jämfördes som separata grupper.",
    en="Only {pairs} pairs of answers were found for the {wave} wave (at least {threshold} needed); the waves "
    "were compared as separate groups.",
)
