"""The demo programme register: synthetic projects and organisations shaped like the real programme.

The figures the programme reports of itself, and which this register reproduces exactly:

- 12 project entities, 6 run by one organisation and 6 group projects; 30 implementing organisations.
- Funding: 7 through the Ministry of Education and Culture, 3 through the Ministry of Social Affairs and Health,
  2 through both.
- Sectors (projects involved), in the programme's words: Kasvatus ja koulutus — Varhaiskasvatus ja esiopetus 5,
  Opiskeluhuolto 3, Perusopetus 5, Tutkintoon valmentava koulutus 2, Toinen aste 4; Sosiaali- ja
  terveydenhuolto — Neuvola ja perheneuvola 5, Opiskeluhuolto 3, Lastensuojelu 3, Päihde- ja
  mielenterveyspalvelut 2, Vammaispalvelut 2, Muu sosiaalityö 3; Vapaa-ajan toiminta — Liikuntapalvelut 2,
  Harrastustoimijat 3, Vapaaehtoistoimijat 3, Seurakunnat 2. Social and health care is involved in all but two
  projects.
- Implementers in every wellbeing services county except Kanta-Häme (07) and Åland (91), most in the Uusimaa
  counties with Helsinki, and in Central Finland (15).

All names are invented. The tests in tests/survey/test_demo_register.py check every figure above.
"""

from __future__ import annotations

from dataclasses import dataclass

# The classification (ministries, sectors and their groups, organisation types) lives in
# survey.register.classification; it is imported here for the modules and tests that read it with the demo data.
from survey.register.classification import MINISTRIES as MINISTRIES
from survey.register.classification import ORGANISATION_TYPES as ORGANISATION_TYPES
from survey.register.classification import SECTOR_GROUPS as SECTOR_GROUPS


@dataclass(frozen=True)
class DemoOrganisation:
    name: str
    type: str  # one of ORGANISATION_TYPES
    county: str  # wellbeing services county code, as in instruments/library/modules/background_adults.yaml
    lead: bool


@dataclass(frozen=True)
class DemoPartner:
    name: str
    county: str  # wellbeing services county code, as for organisations


@dataclass(frozen=True)
class DemoProject:
    code: str
    name: str
    ministries: tuple[str, ...]  # ("okm",), ("stm",) or both
    sectors: tuple[str, ...]
    organisations: tuple[DemoOrganisation, ...]
    partners: tuple[DemoPartner, ...] = ()

    @property
    def is_group(self) -> bool:
        return len(self.organisations) > 1


def _org(name: str, type_: str, county: str, lead: bool = False) -> DemoOrganisation:
    return DemoOrganisation(name=name, type=type_, county=county, lead=lead)


PROJECTS: tuple[DemoProject, ...] = (
    DemoProject(
        "ARV-01",
        "Ääni kuuluviin – perhekeskukset",
        ("stm",),
        ("ecec", "family_clinics", "other_social"),
        (
            _org("Keski-Suomen perheverkosto ry", "association", "15", lead=True),
            _org("Jyvälän kaupunki", "municipality", "15"),
            _org("Keski-Suomen hyvinvointialue, perhepalvelut", "wellbeing_county", "15"),
            _org("Pohjois-Savon lapsiperheyhdistys ry", "association", "13"),
        ),
        (DemoPartner("Keski-Suomen yliopiston lapsitutkimuskeskus", "15"),),
    ),
    DemoProject(
        "ARV-02",
        "Yhdessä varhaiskasvatuksessa",
        ("okm", "stm"),
        ("ecec", "basic", "family_clinics", "child_protection"),
        (
            _org("Helsingin seudun kasvatusyhteistyö ry", "association", "90", lead=True),
            _org("Helsingin kaupunki, kasvatuksen toimiala", "municipality", "90"),
            _org("Vantaan ja Keravan hyvinvointialue, lastensuojelu", "wellbeing_county", "04"),
            _org("Keravan kaupunki", "municipality", "04"),
        ),
    ),
    DemoProject(
        "ARV-03",
        "Koulupäivä kaikille",
        ("stm",),
        ("basic", "pupil_welfare", "pupil_welfare_social", "substance_mental"),
        (_org("Varsinais-Suomen hyvinvointialue, oppilashuolto", "wellbeing_county", "05", lead=True),),
    ),
    DemoProject(
        "ARV-04",
        "Polku toiselle asteelle",
        ("okm",),
        ("upper_secondary", "preparatory", "pupil_welfare_social", "substance_mental", "volunteer"),
        (
            _org("Länsi-Uudenmaan ammattiopisto", "school", "03", lead=True),
            _org("Länsi-Uudenmaan hyvinvointialue, nuorten palvelut", "wellbeing_county", "03"),
            _org("Satakunnan nuorisoseurat ry", "association", "06"),
            _org("Pirkanmaan vapaaehtoisverkko ry", "association", "08"),
        ),
    ),
    DemoProject(
        "ARV-05",
        "Seurakunta ja perhe",
        ("okm",),
        ("ecec", "family_clinics", "parish", "volunteer"),
        (_org("Päijät-Hämeen seurakuntayhtymä", "parish", "09", lead=True),),
    ),
    DemoProject(
        "ARV-06",
        "Liikkuen mukaan",
        ("okm",),
        ("basic", "upper_secondary", "disability", "sports"),
        (_org("Kymenlaakson liikuntasäätiö", "foundation", "10", lead=True),),
    ),
    DemoProject(
        "ARV-07",
        "Kotoutuva perhe",
        ("okm", "stm"),
        ("ecec", "preparatory", "family_clinics", "other_social", "hobby"),
        (
            _org("Itä-Uudenmaan monikulttuurinen yhdistys ry", "association", "01", lead=True),
            _org("Itä-Uudenmaan hyvinvointialue, perhepalvelut", "wellbeing_county", "01"),
            _org("Etelä-Karjalan kansalaisopisto", "school", "11"),
            _org("Etelä-Savon harrastusverkosto ry", "association", "12"),
        ),
        (DemoPartner("Monikielisen kirjaston ystävät ry", "01"),),
    ),
    DemoProject(
        "ARV-08",
        "Nuoret päättäjinä",
        ("okm",),
        ("pupil_welfare", "upper_secondary", "pupil_welfare_social", "child_protection", "hobby"),
        (
            _org("Keski-Uudenmaan nuorisoverkosto ry", "association", "02", lead=True),
            _org("Keski-Uudenmaan hyvinvointialue, lastensuojelu", "wellbeing_county", "02"),
            _org("Pohjois-Karjalan lukiokoulutus", "school", "14"),
            _org("Etelä-Pohjanmaan harrastusseurat ry", "association", "16"),
        ),
    ),
    DemoProject(
        "ARV-09",
        "Esteetön vapaa-aika",
        ("okm",),
        ("basic", "disability", "sports", "volunteer"),
        (_org("Pohjanmaan vammaisurheilu ry", "association", "17", lead=True),),
    ),
    DemoProject(
        "ARV-10",
        "Turvallinen kasvu",
        ("stm",),
        ("ecec", "family_clinics", "child_protection", "other_social", "parish"),
        (
            _org("Pohjois-Pohjanmaan hyvinvointialue, perhekeskus", "wellbeing_county", "19", lead=True),
            _org("Keski-Pohjanmaan seurakuntien perhetyö", "parish", "18"),
            _org("Kainuun perheyhdistys ry", "association", "20"),
            _org("Keski-Suomen kasvatus- ja perheneuvola", "wellbeing_county", "15"),
        ),
    ),
    DemoProject(
        "ARV-11",
        "Harrastus kuuluu kaikille",
        ("okm",),
        ("basic", "pupil_welfare", "hobby"),
        (_org("Lapin harrastuskoulu", "school", "21", lead=True),),
    ),
    DemoProject(
        "ARV-12",
        "Lukio tasa-arvoiseksi",
        ("okm",),
        ("upper_secondary",),
        (_org("Helsingin aikuislukio", "school", "90", lead=True),),
    ),
)
