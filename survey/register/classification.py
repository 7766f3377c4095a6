"""The programme's classifications: funding ministries, sectors and their groups, organisation types, counties.

Codes are what the register stores; labels are shown in the user's language. The wellbeing services counties
are not listed here: they come from the instrument library's background module (choice list ``bg_county``),
so a questionnaire's county answer and the register use the same codes and names.

>>> MINISTRIES["okm"].get("en")
'Ministry of Education and Culture'
>>> sector_group("hobby")
'leisure'
>>> county_names("sv")["91"]
'Åland'
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

# The programme's sector classification, grouped as it reports them.
SECTOR_GROUPS = {
    "education": ("ecec", "pupil_welfare", "basic", "preparatory", "upper_secondary"),
    "social_health": ("family_clinics", "child_protection", "substance_mental", "disability", "other_social"),
    "leisure": ("sports", "hobby", "volunteer", "parish"),
}

GROUP_LABELS = {
    "education": Text(fi="Kasvatus ja koulutus", sv="Fostran och utbildning", en="Education"),
    "social_health": Text(
        fi="Sosiaali- ja terveyspalvelut", sv="Social- och hälsovårdstjänster", en="Social and health services"
    ),
    "leisure": Text(fi="Vapaa-aika", sv="Fritid", en="Leisure"),
}

SECTOR_LABELS = {
    "ecec": Text(
        fi="Varhaiskasvatus ja esiopetus",
        sv="Småbarnspedagogik och förskoleundervisning",
        en="Early childhood education and pre-primary",
    ),
    "pupil_welfare": Text(
        fi="Oppilas- ja opiskelijahuolto", sv="Elev- och studerandevård", en="Pupil and student welfare"
    ),
    "basic": Text(fi="Perusopetus", sv="Grundläggande utbildning", en="Basic education"),
    "preparatory": Text(fi="Valmentava koulutus", sv="Handledande utbildning", en="Preparatory education"),
    "upper_secondary": Text(fi="Toinen aste", sv="Andra stadiet", en="Upper secondary education"),
    "family_clinics": Text(
        fi="Äitiys- ja lastenneuvolat", sv="Mödra- och barnrådgivningar", en="Maternity and child health clinics"
    ),
    "child_protection": Text(fi="Lastensuojelu", sv="Barnskydd", en="Child protection"),
    "substance_mental": Text(
        fi="Päihde- ja mielenterveyspalvelut",
        sv="Missbruks- och mentalvårdstjänster",
        en="Substance-abuse and mental-health services",
    ),
    "disability": Text(fi="Vammaispalvelut", sv="Funktionshinderservice", en="Disability services"),
    "other_social": Text(fi="Muu sosiaalityö", sv="Annat socialt arbete", en="Other social work"),
    "sports": Text(fi="Liikuntapalvelut", sv="Idrottstjänster", en="Sports services"),
    "hobby": Text(fi="Harrastustoiminta", sv="Hobbyverksamhet", en="Hobby organisations"),
    "volunteer": Text(fi="Vapaaehtoisjärjestöt", sv="Frivilligorganisationer", en="Volunteer organisations"),
    "parish": Text(fi="Seurakunnat", sv="Församlingar", en="Parishes"),
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


def sector_group(sector: str) -> str | None:
    """The group a sector code belongs to, or None for an unknown code."""
    return next((group for group, codes in SECTOR_GROUPS.items() if sector in codes), None)


@cache
def county_labels() -> dict[str, Text]:
    """The wellbeing services counties (Helsinki and Åland included) by code, in the module's order."""
    module = load_module(COUNTY_MODULE)
    choices = module.choice_lists[COUNTY_CHOICES]
    return {str(choice.code): choice.label for choice in choices.scored}


def county_names(language: str) -> dict[str, str]:
    """County names in `language` by code."""
    return {code: label.get(language) for code, label in county_labels().items()}


def label(table: dict[str, Text], code: str, language: str) -> str:
    """The label of `code` in `table` in `language`; an unknown code is shown as itself."""
    text = table.get(code)
    return text.get(language) if text is not None else code
