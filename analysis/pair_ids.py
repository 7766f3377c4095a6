"""Pseudonymous pair ids: which responses a report paired, without their pairing codes.

A report matches baseline and later waves by pairing code (:mod:`analysis.pairing`). A file handed to someone
need not carry the codes, only the outcome: :func:`with_pair_ids` replaces the codes column of the report's
responses by a ``pair_id`` column whose values are random, drawn anew every time, and shared by exactly the rows
the report paired (a person's baseline answer and the later answers matched to it). Every other row has none.

Matching the ids again (``python -m analysis report FILE --wave wave --pair pair_id``) finds the same pairs,
exact and tolerant ones counted as before, because an id is two random parts, ``PERSON-VARIANT``: the rows of
one person share ``PERSON``; an exact match shares the whole id, and the later answer of a tolerant match (one
part of the code differed) gets a ``VARIANT`` of its own, so it matches as tolerant again. Every part drawn for
one call differs from every other, so no two people's ids can meet by chance.

Rows the report left out as ambiguous (one code more than once in a wave) get no id, like every unpaired row:
a shared id would tell whoever sent a code of their own choice which other answer has the same code. Matching
the file again therefore counts them as rows without a code, not as ambiguous.

Example
-------
>>> from analysis.pairing import pair_waves
>>> codes = np.array(["a-b", "c-d", "x-x", "x-x", "a-b", "c-Z", "e-f"], dtype=object)
>>> waves = [np.array([0, 1, 2, 3]), np.array([4, 5, 6])]
>>> pairs = pair_waves(codes[waves[0]], codes[waves[1]])
>>> ids = pair_ids(len(codes), waves, {1: pairs})
>>> ids[0] == ids[4], ids[1] == ids[5], ids[1][:6] == ids[5][:6], ids[2], ids[3], ids[6]
(True, False, True, '', '', '')
>>> again = pair_waves(ids[waves[0]], ids[waves[1]])
>>> (again.exact, again.tolerant, again.before.tolist(), again.after.tolist())
(1, 1, [0, 1], [0, 1])
"""

from __future__ import annotations

import secrets
from collections.abc import Mapping, Sequence
from dataclasses import replace

import numpy as np

from analysis.disclosure import Units
from analysis.distributions import partition
from analysis.pairing import Pairs
from analysis.report_compare import wave_pairings
from analysis.report_model import Design, Report
from analysis.response_table import ResponseTable

PAIR_ID = "pair_id"
_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no look-alikes (I, O, 0, 1); 32 divides 256: uniform
_PART_LENGTH = 6


def with_pair_ids(report: Report, codes: str) -> Report:
    """`report` with the column `codes` of its responses replaced by :data:`PAIR_ID` (see the module text).

    The pairs are the report's own: those of its design's pairing column when that is `codes`, none otherwise
    (then every row's id is empty).
    """
    table, design = report.responses, report.design
    if design.pair == codes and design.wave is not None:
        ids = table_pair_ids(table, codes, wave=design.wave, waves=design.waves, unit=design.unit)
    else:
        ids = np.full(len(table), "", dtype=object)
    return replace(report, responses=replace_codes(table, codes, ids))


def table_pair_ids(
    table: ResponseTable, codes: str, *, wave: str, waves: Sequence[str] | None, unit: str | None = None
) -> np.ndarray:
    """Pair ids for the rows of `table`, paired as :func:`analysis.report.build_report` pairs them with
    ``wave=wave, pair=codes, waves=waves, unit=unit``: the first wave with each later one, unit by unit."""
    everyone = partition(table, None, wave=wave, waves=waves)
    design = Design(wave=wave, pair=codes, waves=everyone.waves, unit=unit)
    units = Units.from_column(table[unit]) if unit is not None else Units.one(len(table))
    matched = wave_pairings(table, design, everyone, units)
    return pair_ids(len(table), everyone.rows, {w: found.pairs for w, found in matched.items()})


def replace_codes(table: ResponseTable, codes: str, ids: np.ndarray) -> ResponseTable:
    """`table` without the column `codes` and with `ids` as :data:`PAIR_ID`."""
    columns = {name: array for name, array in table.columns.items() if name != codes}
    return ResponseTable({**columns, PAIR_ID: ids})


def pair_ids(n: int, wave_rows: Sequence[np.ndarray], pairings: Mapping[int, Pairs]) -> np.ndarray:
    """A pair id for each of `n` rows (an object array of str, ``""`` for none).

    Parameters
    ----------
    n : int
        Rows in all.
    wave_rows : sequence of numpy.ndarray
        Row positions of each wave, the baseline first.
    pairings : mapping of int to Pairs
        For a later wave's index, its pairs with the baseline (positions within the two waves' rows).
    """
    ids = np.full(n, "", dtype=object)
    draw = _Parts()
    baseline = wave_rows[0]
    person: dict[int, tuple[str, str]] = {}
    for w, pairs in pairings.items():
        for k, (before, after) in enumerate(zip(baseline[pairs.before], wave_rows[w][pairs.after], strict=True)):
            if before not in person:
                person[before] = (draw(), draw())
            first, variant = person[before]
            ids[before] = f"{first}-{variant}"
            ids[after] = f"{first}-{variant if k < pairs.exact else draw()}"
    return ids


class _Parts:
    """Random parts, each different from every other drawn by this object."""

    def __init__(self) -> None:
        self.drawn: set[str] = set()

    def __call__(self) -> str:
        while True:
            part = "".join(_ALPHABET[byte % len(_ALPHABET)] for byte in secrets.token_bytes(_PART_LENGTH))
            if part not in self.drawn:
                self.drawn.add(part)
                return part
