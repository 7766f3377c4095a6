"""Match a baseline wave to a later wave by the respondents' pairing codes.

A pairing code is made of components (the answers to the pairing prompts). The web app stores each component
as a keyed hash and joins them with ``-``; a code without ``-`` (e.g. typed by hand, ``"A7K"``) is split into
characters. Codes are compared case-insensitively, ignoring surrounding spaces.

1. A code that appears more than once within a wave is **ambiguous**: those rows are left out of pairing
   (two people chose the same code, or one person answered twice) and counted.
2. **Exact** matches: the same code once in each wave.
3. **Tolerant** matches (optional): among codes still unmatched, two codes with the same number of components
   that differ in exactly one component, where each has exactly one such candidate in the other wave. People
   mistype one part of a self-generated code; only an unambiguous one-to-one candidate is accepted.

Example
-------
>>> pairs = pair_waves(["a-b-c", "d-e-f", "g-h-i", "x-x-x", "x-x-x"], ["A-B-C", "d-e-Z", "q-q-q", "x-x-x"])
>>> pairs.exact, pairs.tolerant, pairs.ambiguous
(1, 1, 2)
>>> pairs.before.tolist(), pairs.after.tolist()
([0, 1], [0, 1])
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from analysis.table import cell_text


@dataclass(frozen=True)
class Pairs:
    """Matched rows of two waves.

    Attributes
    ----------
    before, after : numpy.ndarray of int
        Row positions in the baseline and follow-up codes; ``before[i]`` is the same person as ``after[i]``.
        Exact matches come first, then tolerant ones.
    exact, tolerant : int
        How many pairs matched exactly and with one component differing.
    ambiguous : int
        Rows (in both waves together) left out because their code appears more than once in their wave.
    without_code : int
        Rows (in both waves together) with an empty code.
    """

    before: np.ndarray
    after: np.ndarray
    exact: int
    tolerant: int
    ambiguous: int
    without_code: int

    @property
    def n(self) -> int:
        return self.exact + self.tolerant


def split_code(code: str) -> tuple[str, ...]:
    """The components of a pairing code.

    >>> split_code("3f9a-77c1-0b2e"), split_code("a7k")
    (('3F9A', '77C1', '0B2E'), ('A', '7', 'K'))
    """
    code = normalize_code(code)
    return tuple(code.split("-")) if "-" in code else tuple(code)


def normalize_code(code: object) -> str:
    return cell_text(code).upper()


def pair_waves(before: Sequence[object], after: Sequence[object], *, tolerant: bool = True) -> Pairs:
    """Match the pairing codes of two waves (see the module text for the rules).

    Parameters
    ----------
    before, after : sequence of str
        The pairing code of every row of the baseline and of the follow-up wave (empty = no code).
    tolerant : bool
        Also accept codes that differ in exactly one component.
    """
    codes = np.array([normalize_code(c) for c in [*before, *after]], dtype=object)
    ids, _ = pd.factorize(codes)
    side = np.r_[np.zeros(len(before), dtype=np.int8), np.ones(len(after), dtype=np.int8)]
    counts = np.zeros((2, ids.max() + 1 if len(ids) else 0), dtype=np.int64)
    np.add.at(counts, (side, ids), 1)

    has_code = codes != ""
    unique = has_code & (counts[side, ids] == 1)
    ambiguous = int((has_code & ~unique).sum())
    both = (counts[0] == 1) & (counts[1] == 1)
    exact = unique & both[ids]

    position = np.r_[np.arange(len(before)), np.arange(len(after))]
    before_exact = _by_id(ids, position, exact & (side == 0))
    after_exact = _by_id(ids, position, exact & (side == 1))
    matched_ids = sorted(before_exact)
    pairs_before = [before_exact[i] for i in matched_ids]
    pairs_after = [after_exact[i] for i in matched_ids]

    n_tolerant = 0
    if tolerant:
        rest = unique & ~exact
        left, right = (_codes_at(codes, position, rest & (side == s)) for s in (0, 1))
        for b, a in _tolerant_matches(left, right):
            pairs_before.append(b)
            pairs_after.append(a)
            n_tolerant += 1
    return Pairs(
        before=np.array(pairs_before, dtype=np.int64),
        after=np.array(pairs_after, dtype=np.int64),
        exact=len(matched_ids),
        tolerant=n_tolerant,
        ambiguous=ambiguous,
        without_code=int((~has_code).sum()),
    )


def _by_id(ids: np.ndarray, position: np.ndarray, mask: np.ndarray) -> dict[int, int]:
    return dict(zip(ids[mask].tolist(), position[mask].tolist(), strict=True))


def _codes_at(codes: np.ndarray, position: np.ndarray, mask: np.ndarray) -> dict[int, str]:
    return dict(zip(position[mask].tolist(), codes[mask].tolist(), strict=True))


def _tolerant_matches(left: dict[int, str], right: dict[int, str]) -> list[tuple[int, int]]:
    """One-to-one pairs of codes that differ in exactly one component."""
    buckets: dict[tuple, tuple[list[int], list[int]]] = defaultdict(lambda: ([], []))
    for side, rows in enumerate((left, right)):
        for row, code in rows.items():
            parts = split_code(code)
            if len(parts) < 2:
                continue
            for i in range(len(parts)):
                buckets[(len(parts), i, *parts[:i], *parts[i + 1 :])][side].append(row)
    candidates: dict[int, set[int]] = defaultdict(set)
    reverse: dict[int, set[int]] = defaultdict(set)
    crowded: set[tuple[int, int]] = set()  # (side, row) with two or more candidates in one bucket
    for lefts, rights in buckets.values():
        if not lefts or not rights:
            continue
        if len(lefts) == 1 and len(rights) == 1:
            candidates[lefts[0]].add(rights[0])
            reverse[rights[0]].add(lefts[0])
        else:  # several candidates: nobody in this bucket can be matched unambiguously
            crowded.update((0, b) for b in lefts)
            crowded.update((1, a) for a in rights)
    matches = []
    for b, found in candidates.items():
        a = next(iter(found))
        if len(found) == 1 and len(reverse[a]) == 1 and (0, b) not in crowded and (1, a) not in crowded:
            matches.append((b, a))
    return sorted(matches)
