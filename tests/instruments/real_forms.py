"""XLSForms written the way ODK and KoboToolbox users write them, as markdown tables (like pyxform's tests).

Each is a valid XLSForm: the tests convert every one with pyxform, ODK's own converter, before importing it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from tests.instruments.xlsform_tables import xlsform


@dataclass(frozen=True)
class Form:
    name: str  # the file name, without .xlsx
    sheets: dict[str, str]
    options: dict = field(default_factory=dict)  # what import_xlsform needs for it (skip_unsupported=True, ...)

    def write(self, folder: Path) -> Path:
        return xlsform(folder, f"{self.name}.xlsx", **self.sheets)


# One language, plain `label`, lower-case names, metadata rows, nested groups, relevant/required/constraint, and
# the settings ODK's examples carry (instance_name, public_key, submission_url) and a yyyymmddrr version.
ODK = Form(
    "household_survey",
    {
        "survey": """
| type                  | name            | label                             | hint           | required | relevant                             | constraint             | constraint_message   | appearance |
| start                 | start           |                                   |                |          |                                      |                        |                      |            |
| end                   | end             |                                   |                |          |                                      |                        |                      |            |
| today                 | today           |                                   |                |          |                                      |                        |                      |            |
| deviceid              | deviceid        |                                   |                |          |                                      |                        |                      |            |
| username              | username        |                                   |                |          |                                      |                        |                      |            |
| begin group           | respondent      | About you                         |                |          |                                      |                        |                      | field-list |
| integer               | age             | How old are you?                  | In whole years | yes      |                                      | . >= 13 and . <= 29    | Age must be 13 to 29 |            |
| select_one gender     | gender          | What is your gender?              |                | yes      |                                      |                        |                      | minimal    |
| text                  | gender_other    | How do you describe your gender?  |                |          | ${gender} = 'other'                  | string-length(.) <= 80 |                      |            |
| end group             |                 |                                   |                |          |                                      |                        |                      |            |
| begin group           | activities      | Activities                        |                |          | ${age} >= 15                         |                        |                      |            |
| select_multiple act   | activities_done | Which did you take part in?       |                |          |                                      |                        |                      |            |
| begin group           | club_details    | The club                          |                |          | selected(${activities_done}, 'club') |                        |                      | field-list |
| select_one agree      | heard           | I was heard in the club           |                |          |                                      |                        |                      | likert     |
| begin group           | more            | More about the club               |                |          | ${heard} = '3'                       |                        |                      |            |
| text                  | why             | Why?                              |                |          |                                      |                        |                      |            |
| end group             |                 |                                   |                |          |                                      |                        |                      |            |
| note                  | thanks_club     | Thank you                         |                |          |                                      |                        |                      |            |
| end group             |                 |                                   |                |          |                                      |                        |                      |            |
| text                  | comments        | Anything else?                    |                |          |                                      |                        |                      | multiline  |
| end group             |                 |                                   |                |          |                                      |                        |                      |            |
""",  # noqa: E501
        "choices": """
| list name | name  | label          |
| gender    | woman | Woman          |
| gender    | man   | Man            |
| gender    | other | In another way |
| act       | club  | A club         |
| act       | camp  | A camp         |
| agree     | 1     | Disagree       |
| agree     | 2     | Neither        |
| agree     | 3     | Agree          |
""",
        "settings": """
| form_title       | form_id          | version    | instance_name                  | public_key | submission_url        |
| Household survey | household_survey | 2026112801 | concat(${age}, '-', ${gender}) | MIIBIjAN   | https://example.org/x |
""",  # noqa: E501
    },
    {"default_language": "en"},
)

# KoboToolbox: `label::English (en)` and `label::Finnish (fi)`, `list_name`, Kobo's `$kuid` and `$autoname`
# columns, a cascading select with choice_filter, or_other, count-selected(), a plain form_title, a form id in
# mixed case, a version with a date in it, and select_one_from_file (refused; left out with skip_unsupported).
KOBO = Form(
    "kobo_services",
    {
        "survey": """
| type                       | name         | label::English (en) | label::Finnish (fi)   | hint::English (en) | hint::Finnish (fi) | required | relevant                            | choice_filter    | appearance | $kuid | $autoname    |
| start                      | start        |                     |                       |                    |                    |          |                                     |                  |            | k1    | start        |
| select_one county          | county       | Which county?       | Mikä hyvinvointialue? |                    |                    | true     |                                     |                  | minimal    | k2    | county       |
| select_one municipality    | municipality | Which municipality? | Mikä kunta?           |                    |                    | false    |                                     | county=${county} | minimal    | k3    | municipality |
| select_multiple services   | services     | Services used       | Käytetyt palvelut     | All that apply     | Kaikki sopivat     |          |                                     |                  |            | k4    | services     |
| select_one yes_no or_other | satisfied    | Satisfied?          | Tyytyväinen?          |                    |                    |          | count-selected(${services}) > 0     |                  |            | k5    | satisfied    |
| integer                    | visits       | Visits              | Käyntejä              |                    |                    |          | selected(${services}, 'youth_work') |                  |            | k6    | visits       |
| select_one_from_file towns.csv | town     | Town                | Kaupunki              |                    |                    |          |                                     |                  |            | k7    | town         |
""",  # noqa: E501
        "choices": """
| list_name    | name       | label::English (en) | label::Finnish (fi) | county |
| county       | 01         | Uusimaa             | Uusimaa             |        |
| county       | 02         | Pirkanmaa           | Pirkanmaa           |        |
| municipality | helsinki   | Helsinki            | Helsinki            | 01     |
| municipality | tampere    | Tampere             | Tampere             | 02     |
| services     | youth_work | Youth work          | Nuorisotyö          |        |
| services     | school     | School              | Koulu               |        |
| yes_no       | yes        | Yes                 | Kyllä               |        |
| yes_no       | no         | No                  | Ei                  |        |
""",
        "settings": """
| form_title    | form_id       | version        | style      |
| Palvelukysely | Kobo_Palvelut | 3 (2024-05-01) | theme-grid |
""",
    },
    {"skip_unsupported": True},
)

# Old-style XLSForm: `select one from LIST`, `select all that apply from LIST`, `list name`, `label:English` with
# one colon, `caption` and `relevance`, `string` and `int`, and Swedish as the second language.
OLD_STYLE = Form(
    "old_style",
    {
        "survey": """
| type                          | name     | label:English       | label:Svenska    | relevance         | required |
| select one from yn            | member   | Are you a member?   | Är du medlem?    |                   | TRUE()   |
| select all that apply from hb | hobbies  | Hobbies             | Hobbyer          | ${member} = 'yes' |          |
| string                        | nickname | Nickname            | Smeknamn         |                   |          |
| int                           | years    | Years as a member   | År som medlem    | ${member} = 'yes' | false()  |
| select_one yn or_other        | again    | Would you go again? | Skulle du gå om? |                   |          |
""",  # noqa: E501
        "choices": """
| list name | name  | caption:English | caption:Svenska |
| yn        | yes   | Yes             | Ja              |
| yn        | no    | No              | Nej             |
| hb        | music | Music           | Musik           |
| hb        | sport | Sport           | Idrott          |
""",
        "settings": """
| set_form_title | set_form_id | version | default_language |
| Club           | club        | 1.2     | English          |
""",
    },
)

# Question types Arvio cannot ask, a repeat, a calculation a later question depends on: refused row by row, and
# with skip_unsupported left out with a warning each (and what depends on them with them).
UNSUPPORTED = Form(
    "field_visit",
    {
        "survey": """
| type         | name         | label::English (en)  | required | relevant              | calculation    | parameters      |
| begin_group  | visit        | Visit                |          |                       |                |                 |
| geopoint     | location     | Where are you?       | yes      |                       |                |                 |
| image        | photo        | Take a photo         |          |                       |                | max-pixels=1024 |
| barcode      | card         | Scan the card        |          |                       |                |                 |
| date         | visit_date   | Date of visit        |          |                       |                |                 |
| integer      | people       | How many people?     | yes      |                       |                |                 |
| calculate    | many         |                      |          |                       | ${people} > 10 |                 |
| text         | why_many     | Why so many?         |          | ${many} = 'true'      |                |                 |
| audio        | interview    | Record the interview |          |                       |                |                 |
| end_group    |              |                      |          |                       |                |                 |
| begin repeat | member       | Member               |          |                       |                |                 |
| text         | member_name  | Name                 |          |                       |                |                 |
| end repeat   |              |                      |          |                       |                |                 |
| text         | about_member | Anything about them? |          | ${member_name} != ''  |                |                 |
| range        | score        | Score                |          |                       |                | start=0 end=10  |
| rank fruits  | favourite    | Rank the fruits      |          |                       |                |                 |
| file         | document     | Attach a file        |          |                       |                |                 |
| text         | last         | Last words           |          |                       |                |                 |
""",  # noqa: E501
        "choices": """
| list_name | name  | label::English (en) |
| fruits    | apple | Apple               |
| fruits    | pear  | Pear                |
""",
        "settings": """
| form_id     | version |
| field_visit | 1       |
""",
    },
    {"skip_unsupported": True},
)

# Finnish and English kept, a third language left out; ODK's untranslated form_title is the title in both.
EXTRA_LANGUAGE = Form(
    "three_languages",
    {
        "survey": """
| type             | name  | label::Suomi (fi) | label::English (en) | label::Deutsch (de) | hint::Deutsch (de) |
| select_one yn    | ok    | Onko hyvä?        | Is it good?         | Ist es gut?         | Ja oder nein       |
| text             | why   | Miksi?            | Why?                | Warum?              |                    |
""",
        "choices": """
| list_name | name | label::Suomi (fi) | label::English (en) | label::Deutsch (de) |
| yn        | 1    | Kyllä             | Yes                 | Ja                  |
| yn        | 0    | Ei                | No                  | Nein                |
""",
        "settings": """
| form_id | version | form_title   |
| kolme   | 2       | Kolme kieltä |
""",
    },
)

FORMS = [ODK, KOBO, OLD_STYLE, UNSUPPORTED, EXTRA_LANGUAGE]
