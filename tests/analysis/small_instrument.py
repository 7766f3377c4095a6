"""A small instrument built in code, shared by the analysis tests (the loader is not needed to test analysis)."""

from __future__ import annotations

from instruments.model import (
    Choice,
    ChoiceList,
    Instrument,
    Item,
    ItemType,
    RespondentGroup,
    Scale,
    Section,
    Text,
)


def text(en: str) -> Text:
    return Text(fi=f"{en} (fi)", sv=f"{en} (sv)", en=en)


AGREE = ChoiceList(
    "agree5",
    (
        Choice(1, Text(fi="Täysin eri mieltä", sv="Helt av annan åsikt", en="Strongly disagree")),
        Choice(2, Text(fi="Jokseenkin eri mieltä", sv="Delvis av annan åsikt", en="Somewhat disagree")),
        Choice(3, Text(fi="En samaa enkä eri mieltä", sv="Varken eller", en="Neither agree nor disagree")),
        Choice(4, Text(fi="Jokseenkin samaa mieltä", sv="Delvis av samma åsikt", en="Somewhat agree")),
        Choice(5, Text(fi="Täysin samaa mieltä", sv="Helt av samma åsikt", en="Strongly agree")),
        Choice(9, Text(fi="En osaa sanoa", sv="Vet inte", en="Don't know"), missing=True),
    ),
)
GENDER = ChoiceList(
    "gender",
    (
        Choice(1, Text(fi="Tyttö", sv="Flicka", en="Girl")),
        Choice(2, Text(fi="Poika", sv="Pojke", en="Boy")),
        Choice(3, Text(fi="Muu", sv="Annat", en="Other")),
    ),
)
GROUNDS = ChoiceList(
    "grounds",
    (
        Choice(1, Text(fi="Ikä", sv="Ålder", en="Age")),
        Choice(2, Text(fi="Kieli", sv="Språk", en="Language")),
        Choice(3, Text(fi="Muu syy", sv="Annat", en="Other")),
    ),
)
COUNTY = ChoiceList(
    "county",
    tuple(
        Choice(code, Text(fi=f"Alue {code}", sv=f"Område {code}", en=f"County {code}"))
        for code in ("01", "02", "03")
    ),
)


def likert(code: str) -> Item:
    return Item(code=code, type=ItemType.LIKERT, text=text(code), choices="agree5")


def small_instrument(*, method: str = "mean", county: bool = False) -> Instrument:
    """Background (gender, age; county with text codes if asked), scales S_A (A3 reversed) and S_B, yes/no,
    multiple choice and text."""
    county_item = Item(code="BG_COUNTY", type=ItemType.SINGLE, text=text("County"), choices="county")
    items = (
        Item(code="BG_GENDER", type=ItemType.SINGLE, text=text("Gender"), choices="gender"),
        Item(code="BG_AGE", type=ItemType.NUMBER, text=text("Age"), minimum=13, maximum=29),
        *((county_item,) if county else ()),
        likert("A1"),
        likert("A2"),
        likert("A3"),
        likert("B1"),
        likert("B2"),
        Item(code="Y1", type=ItemType.YESNO, text=text("Experienced")),
        Item(code="M1", type=ItemType.MULTIPLE, text=text("Grounds"), choices="grounds"),
        Item(code="T1", type=ItemType.TEXT, text=text("Comment")),
    )
    return Instrument(
        id="small",
        version="1.0",
        title=text("Small"),
        respondent_group=RespondentGroup.YOUTH,
        languages=("fi", "sv", "en"),
        sections=(Section(id="main", title=text("Main"), items=items),),
        choice_lists={"agree5": AGREE, "gender": GENDER, "grounds": GROUNDS, "county": COUNTY},
        scales=(
            Scale(
                code="S_A",
                label=text("Scale A"),
                items=("A1", "A2", "A3"),
                reverse=("A3",),
                method=method,
                percent=method == "mean",
            ),
            Scale(code="S_B", label=text("Scale B"), items=("B1", "B2"), method=method),
        ),
    )
