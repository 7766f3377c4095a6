"""The programme's classifications: funding ministries, sectors and their groups, organisation types, counties.

Codes are what the register stores; labels are shown in the user's language. The wellbeing services counties
and their official names come from the instrument library's background module (choice list ``bg_county``), so a
questionnaire's county answer and the register use the same codes and names; only the shorter names of the
regions they cover, which a map writes on them, are listed here (:data:`REGION_NAMES`).

>>> MINISTRIES["okm"].get("en")
'Ministry of Education and Culture'
>>> sector_group("hobby")
'leisure'
>>> county_names("sv")["91"]
'Åland'
>>> region_name("21", "fi"), county_names("fi")["21"]
('Lappi', 'Lapin hyvinvointialue')
"""

from __future__ import annotations

from functools import cache

from instruments.loader import LIBRARY_DIR, load_module
from instruments.model import Text

COUNTY_MODULE = LIBRARY_DIR / "modules" / "background_adults.yaml"
COUNTY_CHOICES = "bg_county"

MINISTRIES = {
    "okm": Text(
        fi="Opetus- ja kulttuuriministeriö",
        sv="Undervisnings- och kulturministeriet",
        en="Ministry of Education and Culture",
    ),
    "stm": Text(
        fi="Sosiaali- ja terveysministeriö",
        sv="Social- och hälsovårdsministeriet",
        en="Ministry of Social Affairs and Health",
    ),
}

# The programme's sector classification, grouped and worded as it reports them. Student welfare (opiskeluhuolto)
# is in two groups: the schools' own part in education, the psychologists and social workers of the wellbeing
# services counties in social and health care; the two have codes of their own and one label.
SECTOR_GROUPS = {
    "education": ("ecec", "pupil_welfare", "basic", "preparatory", "upper_secondary"),
    "social_health": (
        "family_clinics",
        "pupil_welfare_social",
        "child_protection",
        "substance_mental",
        "disability",
        "other_social",
    ),
    "leisure": ("sports", "hobby", "volunteer", "parish"),
}

GROUP_LABELS = {
    "education": Text(fi="Kasvatus ja koulutus", sv="Fostran och utbildning", en="Education"),
    "social_health": Text(
        fi="Sosiaali- ja terveydenhuolto", sv="Social- och hälsovård", en="Social and health care"
    ),
    "leisure": Text(fi="Vapaa-ajan toiminta", sv="Fritidsverksamhet", en="Leisure activities"),
}

STUDENT_WELFARE = Text(fi="Opiskeluhuolto", sv="Elev- och studerandevård", en="Student welfare")

SECTOR_LABELS = {
    "ecec": Text(
        fi="Varhaiskasvatus ja esiopetus",
        sv="Småbarnspedagogik och förskoleundervisning",
        en="Early childhood and pre-primary education",
    ),
    "pupil_welfare": STUDENT_WELFARE,
    "basic": Text(fi="Perusopetus", sv="Grundläggande utbildning", en="Basic education"),
    "preparatory": Text(
        fi="Tutkintoon valmentava koulutus",
        sv="Utbildning som handleder för examensutbildning",
        en="Preparatory education for an upper secondary qualification",
    ),
    "upper_secondary": Text(fi="Toinen aste", sv="Andra stadiet", en="Upper secondary education"),
    "family_clinics": Text(
        fi="Neuvola ja perheneuvola",
        sv="Rådgivning och familjerådgivning",
        en="Child health clinics and family counselling",
    ),
    "pupil_welfare_social": STUDENT_WELFARE,
    "child_protection": Text(fi="Lastensuojelu", sv="Barnskydd", en="Child protection"),
    "substance_mental": Text(
        fi="Päihde- ja mielenterveyspalvelut",
        sv="Missbruks- och mentalvårdstjänster",
        en="Substance abuse and mental health services",
    ),
    "disability": Text(fi="Vammaispalvelut", sv="Funktionshinderservice", en="Disability services"),
    "other_social": Text(fi="Muu sosiaalityö", sv="Annat socialt arbete", en="Other social work"),
    "sports": Text(fi="Liikuntapalvelut", sv="Idrottstjänster", en="Sports services"),
    "hobby": Text(fi="Harrastustoimijat", sv="Hobbyaktörer", en="Hobby providers"),
    "volunteer": Text(fi="Vapaaehtoistoimijat", sv="Frivilligaktörer", en="Volunteer groups and organisations"),
    "parish": Text(fi="Seurakunnat", sv="Församlingar", en="Parishes"),
}

# Labels of earlier versions of Arvio, which the register import still reads (an older workbook stays valid).
FORMER_SECTOR_LABELS = {
    "ecec": ("Early childhood education and pre-primary",),
    "pupil_welfare": ("Oppilas- ja opiskelijahuolto", "Pupil and student welfare"),
    "preparatory": ("Valmentava koulutus", "Handledande utbildning", "Preparatory education"),
    "family_clinics": (
        "Äitiys- ja lastenneuvolat",
        "Mödra- och barnrådgivningar",
        "Maternity and child health clinics",
    ),
    "substance_mental": ("Substance-abuse and mental-health services",),
    "hobby": ("Harrastustoiminta", "Hobbyverksamhet", "Hobby organisations"),
    "volunteer": ("Vapaaehtoisjärjestöt", "Frivilligorganisationer", "Volunteer organisations"),
}

ORGANISATION_TYPES = {
    "municipality": Text(fi="Kunta", sv="Kommun", en="Municipality"),
    "wellbeing_county": Text(fi="Hyvinvointialue", sv="Välfärdsområde", en="Wellbeing services county"),
    "association": Text(fi="Järjestö tai yhdistys", sv="Organisation eller förening", en="Association"),
    "parish": Text(fi="Seurakunta", sv="Församling", en="Parish"),
    "school": Text(fi="Oppilaitos", sv="Läroanstalt", en="School or college"),
    "foundation": Text(fi="Säätiö", sv="Stiftelse", en="Foundation"),
}

SECTORS = tuple(code for group in SECTOR_GROUPS.values() for code in group)

# Who the project's questionnaires are for: the instruments' respondent groups (instruments.model.RespondentGroup).
# The team's new-collection form offers the questionnaires of these groups.
RESPONDENT_GROUPS = {
    "children": Text(fi="Lapset (noin 8–12 v)", sv="Barn (cirka 8–12 år)", en="Children (about 8–12)"),
    "youth": Text(fi="Nuoret (13–29 v)", sv="Unga (13–29 år)", en="Young people (13–29)"),
    "parents": Text(fi="Vanhemmat ja huoltajat", sv="Föräldrar och vårdnadshavare", en="Parents and guardians"),
    "professionals": Text(fi="Ammattilaiset", sv="Yrkesverksamma", en="Professionals"),
}


# The region each wellbeing services county covers, by the county's code: the name a map of Finland writes on it,
# in the nominative ("Lappi", not the genitive of "Lapin hyvinvointialue"). The full name stays the county's own.
# A soft hyphen (U+00AD) marks where a word too long for a map's square may break.
REGION_NAMES = {
    "01": Text(fi="Itä-Uusimaa", sv="Östra Nyland", en="East Uusimaa"),
    "02": Text(fi="Keski-Uusimaa", sv="Mellersta Nyland", en="Central Uusimaa"),
    "03": Text(fi="Länsi-Uusimaa", sv="Västra Nyland", en="West Uusimaa"),
    "04": Text(fi="Vantaa ja Kerava", sv="Vanda och Kervo", en="Vantaa and Kerava"),
    "05": Text(fi="Varsinais-Suomi", sv="Egentliga Finland", en="Southwest Finland"),
    "06": Text(fi="Satakunta", sv="Satakunta", en="Satakunta"),
    "07": Text(fi="Kanta-Häme", sv="Egentliga Tavastland", en="Kanta-Häme"),
    "08": Text(fi="Pirkanmaa", sv="Birkaland", en="Pirkanmaa"),
    "09": Text(fi="Päijät-Häme", sv="Päijänne-Tavastland", en="Päijät-Häme"),
    "10": Text(fi="Kymenlaakso", sv="Kymmene\u00addalen", en="Kymenlaakso"),  # may break at the soft hyphen
    "11": Text(fi="Etelä-Karjala", sv="Södra Karelen", en="South Karelia"),
    "12": Text(fi="Etelä-Savo", sv="Södra Savolax", en="South Savo"),
    "13": Text(fi="Pohjois-Savo", sv="Norra Savolax", en="North Savo"),
    "14": Text(fi="Pohjois-Karjala", sv="Norra Karelen", en="North Karelia"),
    "15": Text(fi="Keski-Suomi", sv="Mellersta Finland", en="Central Finland"),
    "16": Text(fi="Etelä-Pohjanmaa", sv="Södra Österbotten", en="South Ostrobothnia"),
    "17": Text(fi="Pohjanmaa", sv="Österbotten", en="Ostrobothnia"),
    "18": Text(fi="Keski-Pohjanmaa", sv="Mellersta Österbotten", en="Central Ostrobothnia"),
    "19": Text(fi="Pohjois-Pohjanmaa", sv="Norra Österbotten", en="North Ostrobothnia"),
    "20": Text(fi="Kainuu", sv="Kajanaland", en="Kainuu"),
    "21": Text(fi="Lappi", sv="Lappland", en="Lapland"),
    "90": Text(fi="Helsinki", sv="Helsingfors", en="Helsinki"),
    "91": Text(fi="Ahvenanmaa", sv="Åland", en="Åland"),
}


def sector_group(sector: str) -> str | None:
    """The group a sector code belongs to, or None for an unknown code."""
    return next((group for group, codes in SECTOR_GROUPS.items() if sector in codes), None)


def sector_label(code: str, language: str) -> str:
    """The sector's label in `language`, with its group in brackets where a sector of another group has the
    same label: the form a list of sectors without their groups (a workbook cell) needs.

    >>> sector_label("pupil_welfare_social", "fi")
    'Opiskeluhuolto (Sosiaali- ja terveydenhuolto)'
    >>> sector_label("basic", "sv")
    'Grundläggande utbildning'
    """
    text = label(SECTOR_LABELS, code, language)
    if any(other != code and SECTOR_LABELS[other].get(language) == text for other in SECTOR_LABELS):
        return f"{text} ({label(GROUP_LABELS, sector_group(code) or '', language)})"
    return text


@cache
def county_labels() -> dict[str, Text]:
    """The wellbeing services counties (Helsinki and Åland included) by code, in the module's order."""
    module = load_module(COUNTY_MODULE)
    choices = module.choice_lists[COUNTY_CHOICES]
    return {str(choice.code): choice.label for choice in choices.scored}


def county_names(language: str) -> dict[str, str]:
    """County names in `language` by code."""
    return {code: label.get(language) for code, label in county_labels().items()}


def region_name(code: str, language: str) -> str:
    """The short name of the region county `code` covers; the county's full name for a county not listed."""
    text = REGION_NAMES.get(code)
    return text.get(language) if text is not None else county_names(language).get(code, code)


def label(table: dict[str, Text], code: str, language: str) -> str:
    """The label of `code` in `table` in `language`; an unknown code is shown as itself."""
    text = table.get(code)
    return text.get(language) if text is not None else code
