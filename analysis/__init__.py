"""Scoring, statistics, small-cell suppression, reports and file exports: a plain library and a command line.

No Flask and no database here: ``analysis`` takes plain Python and NumPy data, so an evaluator can use it from a
notebook or on a file exported from another survey tool.
"""

from analysis.adjust import adjust_p
from analysis.counts import compare_counts
from analysis.descriptives import describe
from analysis.groups import compare_groups
from analysis.meta import paired_change, paired_change_from_summary, pool_effects
from analysis.paired import compare_paired
from analysis.proportions import wilson_interval
from analysis.reliability import cronbach_alpha
from analysis.report import build_report
from analysis.scoring import score

__all__ = [
    "adjust_p",
    "build_report",
    "compare_counts",
    "compare_groups",
    "compare_paired",
    "cronbach_alpha",
    "describe",
    "paired_change",
    "paired_change_from_summary",
    "pool_effects",
    "score",
    "wilson_interval",
]
