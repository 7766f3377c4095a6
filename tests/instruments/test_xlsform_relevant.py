"""`relevant` expressions as ODK and Kobo users write them, read into Arvio's conditions (and written back)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from instruments.errors import InstrumentError
from instruments.model import AllOf, AnyOf, Compare, ItemType, Not
from instruments.xlsform import import_xlsform
from instruments.xlsform.relevant import Question, read_relevant, write_relevant
from tests.instruments.xlsform_tables import xlsform

CHOICES = """
| list_name | name | label::fi |
| yn        | 1    | Kyllä     |
| yn        | 0    | Ei        |
| grounds   | 2    | Ikä       |
| grounds   | 3    | Kieli     |
| grounds   | 4    | Uskonto   |
| answer    | a    | A         |
| answer    | dk   | En tiedä  |
"""


def survey_with(relevant: str) -> list[list]:
    """Questions Q1 (select_one yn), AGE (integer), GROUNDS (select_multiple), WORD (select_one with text
    codes), NAME (text), then LATER with the `relevant` under test on spreadsheet row 7."""
    return [
        ["type", "name", "label::fi", "relevant"],
        ["select_one yn", "Q1", "Q1", None],
        ["integer", "AGE", "Ikä", None],
        ["select_multiple grounds", "GROUNDS", "Perusteet", None],
        ["select_one answer", "WORD", "Sana", None],
        ["text", "NAME", "Nimi", None],
        ["text", "LATER", "Myöhemmin", relevant],
    ]


def show_if(tmp_path, relevant: str):
    path = xlsform(tmp_path, survey=survey_with(relevant), choices=CHOICES)
    return import_xlsform(path).item("LATER").show_if


@pytest.mark.parametrize(
    ("relevant", "condition"),
    [
        ("${Q1} = '1'", Compare("Q1", "eq", 1)),
        ("${Q1}='0'", Compare("Q1", "eq", 0)),
        ("${Q1} = 1", Compare("Q1", "eq", 1)),
        ('${Q1} = "1"', Compare("Q1", "eq", 1)),
        ("'1' = ${Q1}", Compare("Q1", "eq", 1)),
        ("${Q1} != '1'", Compare("Q1", "ne", 1)),
        ("${WORD} = 'dk'", Compare("WORD", "eq", "dk")),
        ("${AGE} > 15", Compare("AGE", "gt", 15)),
        ("${AGE} < 15", Compare("AGE", "lt", 15)),
        ("${AGE} >= 18", Compare("AGE", "ge", 18)),
        ("${AGE} <= 18", Compare("AGE", "le", 18)),
        ("${AGE} = 18", Compare("AGE", "eq", 18)),
        ("${AGE} > '15'", Compare("AGE", "gt", 15)),
        ("15 < ${AGE}", Compare("AGE", "gt", 15)),
        ("${AGE} >= 2.5", Compare("AGE", "ge", 2.5)),
        ("${NAME} = 'Liisa'", Compare("NAME", "eq", "Liisa")),
        ("selected(${GROUNDS}, '2')", Compare("GROUNDS", "in", (2,))),
        ("selected( ${GROUNDS} , '2' )", Compare("GROUNDS", "in", (2,))),
        ("selected(${Q1}, '1')", Compare("Q1", "in", (1,))),
        ("selected(${GROUNDS}, '2') or selected(${GROUNDS}, '4')", Compare("GROUNDS", "in", (2, 4))),
        ("not(selected(${GROUNDS}, '3'))", Compare("GROUNDS", "not_in", (3,))),
        ("${NAME} != ''", Compare("NAME", "answered", True)),
        ("${NAME} = ''", Compare("NAME", "answered", False)),
        ("${Q1} = '1' and ${AGE} >= 18", AllOf((Compare("Q1", "eq", 1), Compare("AGE", "ge", 18)))),
        ("${Q1} = '1' or ${AGE} >= 18", AnyOf((Compare("Q1", "eq", 1), Compare("AGE", "ge", 18)))),
        ("not(${Q1} = '1')", Not(Compare("Q1", "eq", 1))),
        ("(${Q1} = '1')", Compare("Q1", "eq", 1)),
        (
            "(${Q1} = '1' or ${AGE} < 13) and selected(${GROUNDS}, '3')",
            AllOf((AnyOf((Compare("Q1", "eq", 1), Compare("AGE", "lt", 13))), Compare("GROUNDS", "in", (3,)))),
        ),
        (
            "${Q1} = '1' or ${AGE} < 13 and ${AGE} > 9",
            AnyOf((Compare("Q1", "eq", 1), AllOf((Compare("AGE", "lt", 13), Compare("AGE", "gt", 9))))),
        ),
        (
            "selected(${GROUNDS}, '2') or selected(${Q1}, '1')",
            AnyOf((Compare("GROUNDS", "in", (2,)), Compare("Q1", "in", (1,)))),
        ),
        ("not(not(${Q1} = '0'))", Not(Not(Compare("Q1", "eq", 0)))),
        ("count-selected(${GROUNDS}) > 0", Compare("GROUNDS", "answered", True)),
        ("count-selected(${GROUNDS}) >= 1", Compare("GROUNDS", "answered", True)),
        ("0 < count-selected(${GROUNDS})", Compare("GROUNDS", "answered", True)),
        ("count-selected(${GROUNDS}) = 0", Compare("GROUNDS", "answered", False)),
    ],
)
def test_relevant_becomes_a_condition(tmp_path, relevant, condition):
    assert show_if(tmp_path, relevant) == condition


@pytest.mark.parametrize(
    ("relevant", "message"),
    [
        ("${Q1} = '7'", "'7' is not a choice of ${Q1}"),
        ("${NOPE} = '1'", "${NOPE} is not a question"),
        ("count-selected(${GROUNDS}) > 1", "count-selected() is supported only as"),
        ("${GROUNDS} = '2'", "use selected(${GROUNDS}, 'code')"),
        ("${AGE} > 'x'", "needs a number"),
        ("${AGE} = 'x'", "'x' is not a number"),
        ("${Q1} = '1' and", "expected a value"),
        ("${Q1} == '1'", "expected a value"),
        ("${Q1} = '1' xor ${AGE} > 3", "expected the end of the expression"),
        ("(${Q1} = '1'", "expected ')'"),
        ("${Q1} = '1' | ${AGE} > 3", "unexpected character '|'"),
        ("${Q1}", "must compare"),
        ("${Q1} = ${AGE}", "must compare ${question} with a value"),
        ("${AGE} > ''", "> '' is not supported"),
        ("selected(${AGE}, '1')", "needs a select question"),
        ("selected(${GROUNDS})", "selected() needs a question and a choice code"),
        ("${Q1} = '1' + 1", "unexpected character '+'"),
        ("today() > '2024-01-01'", "today() is not supported"),
    ],
)
def test_unsupported_relevant_is_an_error_naming_sheet_row_and_column(tmp_path, relevant, message):
    path = xlsform(tmp_path, survey=survey_with(relevant), choices=CHOICES)

    with pytest.raises(InstrumentError) as caught:
        import_xlsform(path)

    problems = caught.value.problems
    assert len(problems) == 1
    assert message in problems[0].message
    assert (problems[0].item, problems[0].field) == ("survey row 7", "relevant")


@pytest.mark.parametrize(
    ("row", "relevant", "message"), [(1, "${AGE} > 3", "comes later"), (6, "${LATER} = 'x'", "refers to itself")]
)
def test_references_forward_or_to_itself_are_found_by_the_shared_validator_at_the_row(tmp_path, row, relevant,
                                                                                        message):  # fmt: skip
    survey = survey_with("")
    survey[row][3] = relevant
    path = xlsform(tmp_path, survey=survey, choices=CHOICES)

    with pytest.raises(InstrumentError) as caught:
        import_xlsform(path)

    [problem] = caught.value.problems
    assert (problem.item, problem.field) == (f"survey row {row + 1}", "relevant")
    assert message in problem.message


def test_relevant_on_a_group_conditions_the_page(tmp_path):
    path = xlsform(
        tmp_path,
        survey="""
        | type          | name  | label::fi | relevant     |
        | integer       | AGE   | Ikä       |              |
        | begin group   | adult | Aikuiset  | ${AGE} >= 18 |
        | text          | JOB   | Työ       |              |
        | end group     |       |           |              |
        """,
    )

    instrument = import_xlsform(path)

    assert instrument.sections[1].show_if == Compare("AGE", "ge", 18)


QUESTIONS = {
    "Q1": Question(ItemType.SINGLE, (1, 0)),
    "AGE": Question(ItemType.NUMBER),
    "GROUNDS": Question(ItemType.MULTIPLE, (2, 3, 4)),
    "NAME": Question(ItemType.TEXT),
}


@pytest.mark.parametrize(
    ("condition", "text"),
    [
        (Compare("Q1", "eq", 1), "${Q1} = '1'"),
        (Compare("Q1", "ne", 1), "${Q1} != '1'"),
        (Compare("AGE", "ge", 18), "${AGE} >= 18"),
        (Compare("AGE", "lt", 2.5), "${AGE} < 2.5"),
        (Compare("AGE", "eq", 18), "${AGE} = 18"),
        (Compare("NAME", "eq", "Liisa"), "${NAME} = 'Liisa'"),
        (Compare("NAME", "answered", True), "${NAME} != ''"),
        (Compare("NAME", "answered", False), "${NAME} = ''"),
        (Compare("Q1", "in", (1,)), "selected(${Q1}, '1')"),
        (Compare("GROUNDS", "in", (2, 3)), "selected(${GROUNDS}, '2') or selected(${GROUNDS}, '3')"),
        (Compare("GROUNDS", "not_in", (2, 3)), "not(selected(${GROUNDS}, '2') or selected(${GROUNDS}, '3'))"),
        (Not(Compare("GROUNDS", "in", (2,))), "not((selected(${GROUNDS}, '2')))"),
        (
            AllOf((Compare("GROUNDS", "in", (2, 3)), Compare("AGE", "gt", 9))),
            "(selected(${GROUNDS}, '2') or selected(${GROUNDS}, '3')) and ${AGE} > 9",
        ),
        (
            AnyOf((Compare("GROUNDS", "in", (2,)), Compare("GROUNDS", "in", (3,)))),
            "(selected(${GROUNDS}, '2')) or (selected(${GROUNDS}, '3'))",
        ),
        (
            AllOf((AllOf((Compare("Q1", "eq", 1), Compare("AGE", "gt", 9))), Compare("AGE", "lt", 20))),
            "(${Q1} = '1' and ${AGE} > 9) and ${AGE} < 20",
        ),
        (Not(AnyOf((Compare("Q1", "eq", 1), Compare("AGE", "gt", 9)))), "not(${Q1} = '1' or ${AGE} > 9)"),
    ],
)
def test_conditions_are_written_as_xlsform_and_read_back_unchanged(condition, text):
    assert write_relevant(condition, QUESTIONS) == text
    assert read_relevant(text, QUESTIONS) == condition


def test_equal_on_a_multiple_choice_is_written_with_selected_and_reads_back_as_in():
    # Both mean "this option was among the chosen"; XLSForm has one way to say it.
    condition = Compare("GROUNDS", "eq", 2)

    text = write_relevant(condition, QUESTIONS)

    assert text == "selected(${GROUNDS}, '2')"
    assert read_relevant(text, QUESTIONS) == Compare("GROUNDS", "in", (2,))


def _leaves() -> st.SearchStrategy:
    def compare(item, ops, values):
        return st.builds(Compare, st.just(item), st.sampled_from(ops), values)

    def code_sets(codes):
        return st.lists(st.sampled_from(codes), min_size=1, max_size=len(codes), unique=True).map(tuple)

    numbers = st.integers(-50, 150) | st.sampled_from([0.5, 2.5, -1.25])
    return st.one_of(
        compare("Q1", ["eq", "ne"], st.sampled_from([1, 0])),
        compare("Q1", ["in", "not_in"], code_sets([1, 0])),
        compare("AGE", ["eq", "ne", "lt", "le", "gt", "ge"], numbers),
        compare("GROUNDS", ["in", "not_in"], code_sets([2, 3, 4])),
        compare("NAME", ["answered"], st.booleans()),
        compare("NAME", ["eq", "ne"], st.sampled_from(["Liisa", "two words", "it's"])),
    )


CONDITIONS = st.recursive(
    _leaves(),
    lambda children: st.one_of(
        st.lists(children, min_size=2, max_size=3).map(lambda c: AllOf(tuple(c))),
        st.lists(children, min_size=2, max_size=3).map(lambda c: AnyOf(tuple(c))),
        children.map(Not),
    ),
    max_leaves=8,
)


@settings(deadline=None)
@given(CONDITIONS)
def test_any_condition_reads_back_exactly_as_written(condition):
    # Except the documented pairs that mean the same (eq/ne on a multiple choice, a one-part all/any).
    assert read_relevant(write_relevant(condition, QUESTIONS), QUESTIONS) == condition


@pytest.mark.parametrize("opening", ["(", "not(", "selected("])
def test_a_deeply_nested_expression_is_an_error_not_a_crash(tmp_path, opening):
    relevant = opening * 5000 + "${Q1} = '1'" + ")" * 5000
    path = xlsform(tmp_path, survey=survey_with(relevant), choices=CHOICES)

    with pytest.raises(InstrumentError) as caught:
        import_xlsform(path)

    assert [(p.item, p.field) for p in caught.value.problems] == [("survey row 7", "relevant")]
    assert "levels of parentheses" in caught.value.problems[0].message
