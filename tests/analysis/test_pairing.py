import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.pairing import pair_waves, split_code


def test_codes_match_exactly_ignoring_case_and_spaces():
    pairs = pair_waves(["ab-12-x", "cd-34-y"], [" CD-34-Y ", "AB-12-X"])
    assert (pairs.exact, pairs.tolerant) == (2, 0)
    assert sorted(zip(pairs.before.tolist(), pairs.after.tolist(), strict=True)) == [(0, 1), (1, 0)]


def test_one_differing_component_is_a_separate_tolerant_match():
    pairs = pair_waves(["ab-12-x"], ["ab-13-x"])
    assert (pairs.exact, pairs.tolerant) == (0, 1)
    assert pairs.n == 1


def test_two_differing_components_do_not_match():
    assert pair_waves(["ab-12-x"], ["ab-13-y"]).n == 0


def test_tolerant_match_refused_when_two_candidates_exist():
    # both follow-up codes differ from the baseline code in one component: no safe choice
    pairs = pair_waves(["ab-12-x"], ["ab-13-x", "ab-12-z"])
    assert pairs.n == 0


def test_tolerant_matching_can_be_turned_off():
    assert pair_waves(["ab-12-x"], ["ab-13-x"], tolerant=False).n == 0


def test_codes_without_dash_are_split_per_character():
    assert split_code("k7m") == ("K", "7", "M")
    pairs = pair_waves(["K7M"], ["K8M"])
    assert pairs.tolerant == 1


def test_duplicate_codes_within_a_wave_are_excluded_and_counted():
    pairs = pair_waves(["aa-1", "aa-1", "bb-2"], ["aa-1", "bb-2", "bb-2"])
    assert pairs.n == 0
    assert pairs.ambiguous == 4  # the two "aa-1" rows before, the two "bb-2" rows after


def test_empty_codes_are_counted_and_never_matched():
    pairs = pair_waves(["", "aa-1", None], ["", "aa-1"])
    assert (pairs.exact, pairs.without_code) == (1, 3)


@pytest.mark.parametrize("before, after", [([], []), (["a-b"], []), ([], ["a-b"])])
def test_empty_waves_give_no_pairs(before, after):
    pairs = pair_waves(before, after)
    assert (pairs.n, len(pairs.before), len(pairs.after)) == (0, 0, 0)


def brute_force_tolerant(before: list[str], after: list[str]) -> set[tuple[int, int]]:
    """The rule written out directly: each unmatched code's candidates are codes differing in one component."""

    def unique_unmatched(codes, other):
        return {i for i, c in enumerate(codes) if c and codes.count(c) == 1 and c not in other}

    def one_apart(a, b):
        a, b = split_code(a), split_code(b)
        return len(a) == len(b) >= 2 and sum(x != y for x, y in zip(a, b, strict=True)) == 1

    left, right = unique_unmatched(before, after), unique_unmatched(after, before)
    found = {b: {a for a in right if one_apart(before[b], after[a])} for b in left}
    back = {a: {b for b in left if one_apart(before[b], after[a])} for a in right}
    return {(b, next(iter(c))) for b, c in found.items() if len(c) == 1 and len(back[next(iter(c))]) == 1}


codes = st.lists(st.sampled_from(["A", "B", "C"]), min_size=2, max_size=3).map("-".join)


@settings(max_examples=300, deadline=None)
@given(before=st.lists(codes, max_size=12), after=st.lists(codes, max_size=12))
def test_tolerant_matching_agrees_with_the_rule_written_out(before, after):
    pairs = pair_waves(before, after)
    tolerant = set(zip(pairs.before[pairs.exact :].tolist(), pairs.after[pairs.exact :].tolist(), strict=True))
    assert tolerant == brute_force_tolerant(before, after)
    exact = set(zip(pairs.before[: pairs.exact].tolist(), pairs.after[: pairs.exact].tolist(), strict=True))
    assert all(before[b] == after[a] for b, a in exact)
