"""Two small questionnaires that between them show every kind of respondent page and question, and the
built-in ones the tests also walk through."""

from __future__ import annotations

from instruments.model import (
    Choice,
    ChoiceList,
    Compare,
    Instrument,
    Item,
    ItemType,
    PairingPrompt,
    RespondentGroup,
    Section,
    Text,
)


def t(fi: str, sv: str, en: str) -> Text:
    return Text(fi=fi, sv=sv, en=en)


AGREE5 = ChoiceList(
    "agree5",
    (
        Choice(1, t("Täysin eri mieltä", "Helt av annan åsikt", "Strongly disagree")),
        Choice(2, t("Jokseenkin eri mieltä", "Delvis av annan åsikt", "Somewhat disagree")),
        Choice(
            3, t("En samaa enkä eri mieltä", "Varken av samma eller annan åsikt", "Neither agree nor disagree")
        ),
        Choice(4, t("Jokseenkin samaa mieltä", "Delvis av samma åsikt", "Somewhat agree")),
        Choice(5, t("Täysin samaa mieltä", "Helt av samma åsikt", "Strongly agree")),
        Choice(9, t("En osaa sanoa", "Vet inte", "Don't know"), missing=True),
    ),
)
AGE = ChoiceList(
    "age",
    (
        Choice(1, t("13–15 vuotta", "13–15 år", "13–15 years")),
        Choice(2, t("16–19 vuotta", "16–19 år", "16–19 years")),
        Choice(3, t("20–29 vuotta", "20–29 år", "20–29 years")),
    ),
)
HOBBIES = ChoiceList(
    "hobbies",
    (
        Choice(1, t("Liikunta", "Idrott", "Sports")),
        Choice(2, t("Musiikki", "Musik", "Music")),
        Choice(3, t("Pelit", "Spel", "Games")),
    ),
)
FACES = ChoiceList(
    "faces3",
    (
        Choice(1, t("Ei yleensä", "Oftast inte", "Usually not"), image="face-sad.svg"),
        Choice(2, t("Joskus", "Ibland", "Sometimes"), image="face-neutral.svg"),
        Choice(3, t("Yleensä kyllä", "Oftast ja", "Usually yes"), image="face-happy.svg"),
        Choice(9, t("En osaa sanoa", "Vet inte", "Don't know"), missing=True),
    ),
)

EVERY_TYPE = Instrument(
    id="e2e_youth",
    version="1.0",
    title=t("Kokeilukysely", "Provenkät", "Trial survey"),
    respondent_group=RespondentGroup.YOUTH,
    languages=("fi", "sv", "en"),
    choice_lists={"agree5": AGREE5, "age": AGE, "hobbies": HOBBIES},
    sections=(
        Section(
            id="about",
            title=t("Sinusta", "Om dig", "About you"),
            items=(
                Item(
                    "BG_AGE",
                    ItemType.SINGLE,
                    t("Kuinka vanha olet?", "Hur gammal är du?", "How old are you?"),
                    choices="age",
                    required=True,
                ),
                Item(
                    "Q_HOBBIES",
                    ItemType.MULTIPLE,
                    t("Mitä harrastat?", "Vad har du för hobbyer?", "What are your hobbies?"),
                    choices="hobbies",
                    help=t("Valitse kaikki sopivat.", "Välj alla som passar.", "Choose all that apply."),
                ),
                Item(
                    "Q_CLUB", ItemType.YESNO, t("Käytkö kerhossa?", "Går du i en klubb?", "Do you go to a club?")
                ),
            ),
        ),
        Section(
            id="views",
            title=t("Mielipiteesi", "Dina åsikter", "Your views"),
            items=(
                Item(
                    "P_VOICE",
                    ItemType.LIKERT,
                    t("Mielipiteeni kuunnellaan.", "Mina åsikter blir hörda.", "My opinions are listened to."),
                    choices="agree5",
                ),
                Item(
                    "P_INFLUENCE",
                    ItemType.LIKERT,
                    t("Voin vaikuttaa asioihin.", "Jag kan påverka saker.", "I can influence things."),
                    choices="agree5",
                ),
            ),
        ),
        Section(
            id="details",
            title=t("Lisätietoja", "Mer information", "More details"),
            items=(
                Item(
                    "INFO",
                    ItemType.INFO,
                    t("Vielä muutama kysymys.", "Några frågor till.", "A few more questions."),
                ),
                Item(
                    "Q_HOURS",
                    ItemType.NUMBER,
                    t(
                        "Montako tuntia viikossa harrastat?",
                        "Hur många timmar i veckan?",
                        "How many hours a week?",
                    ),
                    minimum=0,
                    maximum=80,
                ),
                Item(
                    "Q_CLUB_NAME",
                    ItemType.TEXT,
                    t("Minkä kerhon?", "Vilken klubb?", "Which club?"),
                    show_if=Compare("Q_CLUB", "eq", 1),
                ),
                Item(
                    "Q_FEEDBACK",
                    ItemType.LONGTEXT,
                    t("Mitä muuta haluat sanoa?", "Vad mer vill du säga?", "What else would you like to say?"),
                    max_length=500,
                ),
            ),
        ),
    ),
    pairing_prompts=(
        PairingPrompt(
            "PC_LETTER",
            t(
                "Läheisen aikuisen etunimen ensimmäinen kirjain",
                "Första bokstaven i en nära vuxens förnamn",
                "First letter of a close adult's first name",
            ),
            "letter",
        ),
        PairingPrompt(
            "PC_MONTH",
            t("Syntymäkuukautesi numero", "Numret på din födelsemånad", "The number of the month you were born"),
            "digits",
        ),
    ),
)

PICTURES = Instrument(
    id="e2e_children",
    version="1.0",
    title=t("Lasten kokeilukysely", "Barnens provenkät", "Children's trial survey"),
    respondent_group=RespondentGroup.CHILDREN,
    languages=("fi", "sv", "en"),
    choice_lists={"faces3": FACES},
    sections=(
        Section(
            id="school",
            title=t("Koulussa", "I skolan", "At school"),
            items=(
                Item(
                    "K_HEARD",
                    ItemType.LIKERT,
                    t("Aikuiset kuuntelevat minua.", "De vuxna lyssnar på mig.", "The adults listen to me."),
                    choices="faces3",
                ),
                Item(
                    "K_SAY",
                    ItemType.LIKERT,
                    t("Saan sanoa mielipiteeni.", "Jag får säga vad jag tycker.", "I can say what I think."),
                    choices="faces3",
                ),
            ),
        ),
    ),
)


# One built-in questionnaire for each respondent group: real texts, long choice lists and skip logic.
BUILT_IN = ("participation_children", "participation_youth", "equality_parents", "gender_equality_professionals")


class Library:
    """What the app needs of an instrument library: ``get(id, version)``; these instruments first, then the
    `fallback` library (the built-in one)."""

    def __init__(self, *instruments: Instrument, fallback=None) -> None:
        self._by_key = {(i.id, i.version): i for i in instruments}
        self._fallback = fallback

    def get(self, instrument_id: str, version: str) -> Instrument:
        if (instrument_id, version) in self._by_key or self._fallback is None:
            return self._by_key[(instrument_id, version)]
        return self._fallback.get(instrument_id, version)
