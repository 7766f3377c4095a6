"""Pseudonymous pair ids: the same pairs as the codes gave, nothing else, and new ids every time."""

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.pair_ids import PAIR_ID, table_pair_ids, with_pair_ids
from analysis.pairing import pair_waves
from analysis.report import build_report
from analysis.response_table import ResponseTable
from tests.analysis.small_instrument import small_instrument
from tests.analysis.test_report import responses

# Codes of two parts over a tiny alphabet, so that exact, tolerant, ambiguous and crowded cases all occur.
CODES = st.lists(st.sampled_from(["", "a-1", "a-2", "b-1", "b-2", "c-3", "a-3", "c-1"]), min_size=0, max_size=14)


def _table(waves: list[list[str]]) -> ResponseTable:
    names = ["baseline", "follow_up", "end"]
    rows = [{"wave": names[w], "code": code} for w, codes in enumerate(waves) for code in codes]
    return ResponseTable.from_rows(rows) if rows else ResponseTable.from_columns({"wave": [], "code": []})


def _person_pairs(ids: np.ndarray, rows_a: np.ndarray, rows_b: np.ndarray) -> set[tuple[int, int]]:
    """Pairs (row in a, row in b) whose ids share the person part."""
    person = {ids[r].split("-")[0]: r for r in rows_a if ids[r]}
    return {(person[ids[r].split("-")[0]], r) for r in rows_b if ids[r] and ids[r].split("-")[0] in person}


@settings(max_examples=300, deadline=None)
@given(CODES, CODES, CODES)
def test_ids_give_exactly_the_pairs_of_the_codes_and_match_again_alike(baseline, follow_up, end):
    table = _table([baseline, follow_up, end])
    waves = table.text("wave")
    ids = table_pair_ids(table, "code", wave="wave", waves=["baseline", "follow_up", "end"])
    rows = [np.flatnonzero(waves == w) for w in ("baseline", "follow_up", "end")]
    codes = table.text("code")
    for later in (1, 2):
        by_code = pair_waves(codes[rows[0]], codes[rows[later]])
        by_id = pair_waves(ids[rows[0]], ids[rows[later]])
        expected = set(zip(rows[0][by_code.before].tolist(), rows[later][by_code.after].tolist(), strict=True))
        assert _person_pairs(ids, rows[0], rows[later]) == expected
        again = set(zip(rows[0][by_id.before].tolist(), rows[later][by_id.after].tolist(), strict=True))
        assert again == expected and (by_id.exact, by_id.tolerant) == (by_code.exact, by_code.tolerant)
    paired = {r for later in (1, 2) for pair in _person_pairs(ids, rows[0], rows[later]) for r in pair}
    assert all(bool(ids[r]) == (r in paired) for r in range(len(ids)))  # unpaired and ambiguous rows: none


def test_ids_are_new_every_time():
    table = _table([["a-1", "b-2"], ["a-1", "b-3"]])
    first, second = (table_pair_ids(table, "code", wave="wave", waves=None) for _ in range(2))
    assert first[0] == first[2] and first[1] != first[3] and first[1][:6] == first[3][:6]
    assert not set(first) & set(second)


def test_a_report_gives_ids_instead_of_codes():
    codes = [f"k{i}-x" for i in range(12)]
    table = responses({"P1": 12}, waves=("baseline", "follow_up"), pairing_code=codes + codes[::-1])
    report = build_report(table, small_instrument(), wave="wave", pair="pairing_code")
    pseudonymous = with_pair_ids(report, "pairing_code")
    assert "pairing_code" not in pseudonymous.responses and PAIR_ID in pseudonymous.responses
    ids = pseudonymous.responses[PAIR_ID]
    assert all(ids[i] == ids[23 - i] for i in range(12)) and len(set(ids)) == 12
    single = build_report(table, small_instrument())  # no pairing asked: no ids
    assert set(with_pair_ids(single, "pairing_code").responses[PAIR_ID]) == {""}
