"""Match a baseline wave to a later wave by the respondents' pairing codes.

A pairing code is made of components (the answers to the pairing prompts). The web app gives each component
as a keyed hash (under a key made for that one table) joined with ``-``, and its files carry pair ids of two
parts (:mod:`analysis.pair_ids`); a code without ``-`` (e.g. typed by hand, ``"A7K"``) is split into
characters. Codes are compared case-insensitively, ignoring surrounding spaces.

1. A code that appears more than once within a wave is **ambiguous**: those rows are left out of pairing
   (two people chose the same code, or one person answered twice) and counted.
2. **Exact** matches: the same code once in each wave.
3. **Tolerant** matches (optional): among codes not found in the other wave at all, two codes with the same
   number of components that differ in exactly one component, where each has exactly one such candidate in
   the other wave. People mistype one part of a self-generated code; only an unambiguous one-to-one
   candidate is accepted.

Example
-------
>>> pairs = pair_waves(["a-b-c", "d-e-f", "g-h-i", "x-x-x", "x-x-x"], ["A-B-C", "d-e-Z", "q-q-q", "x-x-x"])
>>> pairs.exact, pairs.tolerant, pairs.ambiguous
(1, 1, 2)
>>> pairs.before.tolist(), pairs.after.tolist()
([0, 1], [0, 1])
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from analysis.response_table import value_text


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
    return _components(normalize_code(code))


def _components(code: str) -> tuple[str, ...]:
    return tuple(code.split("-")) if "-" in code else tuple(code)


def normalize_code(code: object) -> str:
    return value_text(code).upper()


def normalize_codes(codes: Sequence[object]) -> np.ndarray:
    """Every code stripped and upper-cased, as an object array (``""`` for none)."""
    return np.array([c.strip().upper() if isinstance(c, str) else normalize_code(c) for c in codes], dtype=object)


def pair_waves(before: Sequence[object], after: Sequence[object], *, tolerant: bool = True) -> Pairs:
    """Match the pairing codes of two waves (see the module text for the rules).

    Parameters
    ----------
    before, after : sequence of str
        The pairing code of every row of the baseline and of the follow-up wave (empty = no code).
    tolerant : bool
        Also accept codes that differ in exactly one component.
    """
    n_before = len(before)
    codes = normalize_codes([*before, *after])
    side = np.r_[np.zeros(n_before, dtype=np.int64), np.ones(len(codes) - n_before, dtype=np.int64)]
    position = np.r_[np.arange(n_before), np.arange(len(codes) - n_before)]
    has_code = codes != ""
    ids, _ = pd.factorize(codes)
    per_side = np.bincount(ids * 2 + side, minlength=2 * (ids.max() + 1 if len(ids) else 0)).reshape(-1, 2)
    unique = has_code & (per_side[ids, side] == 1)
    exact = unique & (per_side[ids] == 1).all(axis=1)

    # exact pairs: sort the exact rows by code id, then by side: before and after alternate
    order = np.flatnonzero(exact)
    order = order[np.lexsort((side[order], ids[order]))]
    pairs_before, pairs_after = position[order[0::2]], position[order[1::2]]
    n_tolerant = 0
    if tolerant:
        # a code also found in the other wave (there ambiguous) is not matched to a near one
        rest = np.flatnonzero(unique & (per_side[ids, 1 - side] == 0))
        left, right = _tolerant_matches(codes[rest], side[rest])
        pairs_before = np.r_[pairs_before, position[rest[left]]]
        pairs_after = np.r_[pairs_after, position[rest[right]]]
        n_tolerant = len(left)
    return Pairs(
        before=pairs_before.astype(np.int64),
        after=pairs_after.astype(np.int64),
        exact=len(order) // 2,
        tolerant=n_tolerant,
        ambiguous=int((has_code & ~unique).sum()),
        without_code=int((~has_code).sum()),
    )


def _tolerant_matches(codes: np.ndarray, side: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Positions (into `codes`) of one-to-one pairs, before and after, that differ in exactly one component.

    For each component position, codes that agree on every other component share a key; a key held by exactly
    one code of each wave gives a candidate pair, a key held by more makes all its codes ambiguous. A pair is
    kept when neither code has any other candidate.
    """
    parts = [_components(code) for code in codes]  # codes are normalized already
    lengths = np.array([len(p) for p in parts], dtype=np.int64)
    candidates: list[np.ndarray] = []
    crowded = np.zeros(len(codes), dtype=bool)
    for length in np.unique(lengths[lengths >= 2]):
        members = np.flatnonzero(lengths == length)
        matrix = np.column_stack(
            [pd.factorize(np.array([parts[m][i] for m in members], dtype=object))[0] for i in range(length)]
        )
        for i in range(length):
            others = np.delete(matrix, i, axis=1)
            _, key = np.unique(others, axis=0, return_inverse=True)
            key = key.ravel()
            counts = np.bincount(key * 2 + side[members], minlength=2 * (key.max() + 1)).reshape(-1, 2)
            meeting = (counts > 0).all(axis=1)
            single = meeting & (counts == 1).all(axis=1)
            crowded[members[meeting[key] & ~single[key]]] = True
            chosen = members[single[key]]
            chosen = chosen[np.lexsort((side[chosen], key[single[key]]))]
            candidates.append(np.column_stack([chosen[0::2], chosen[1::2]]))
    if not candidates:
        return np.empty(0, dtype=np.int64), np.empty(0, dtype=np.int64)
    pairs = np.concatenate(candidates)
    per_code = np.bincount(pairs.ravel(), minlength=len(codes))
    keep = (per_code[pairs[:, 0]] == 1) & (per_code[pairs[:, 1]] == 1)
    keep &= ~crowded[pairs[:, 0]] & ~crowded[pairs[:, 1]]
    pairs = pairs[keep]
    pairs = pairs[np.argsort(pairs[:, 0], kind="stable")]
    return pairs[:, 0], pairs[:, 1]
