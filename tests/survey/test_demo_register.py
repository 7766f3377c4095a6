"""The demo register reproduces the figures the programme reports of itself."""

from collections import Counter

from instruments.loader import load_instrument
from survey.demo.register_data import PROJECTS, SECTOR_GROUPS

COUNTY_MODULE = "instruments/library/modules/background_adults.yaml"


def _organisations():
    return [org for project in PROJECTS for org in project.organisations]


def test_twelve_projects_half_of_them_group_projects():
    assert len(PROJECTS) == 12
    assert sum(project.is_group for project in PROJECTS) == 6
    assert len({project.code for project in PROJECTS}) == 12


def test_thirty_implementers_each_project_with_one_lead():
    assert len(_organisations()) == 30
    for project in PROJECTS:
        assert sum(org.lead for org in project.organisations) == 1, project.code


def test_funding_split_by_ministry():
    split = Counter(project.ministries for project in PROJECTS)
    assert split == {("okm",): 7, ("stm",): 3, ("okm", "stm"): 2}


def test_sector_table_as_the_programme_reports_it():
    counts = Counter(sector for project in PROJECTS for sector in project.sectors)
    assert counts == {
        "ecec": 5, "pupil_welfare": 3, "basic": 5, "preparatory": 2, "upper_secondary": 4,
        "family_clinics": 5, "pupil_welfare_social": 3, "child_protection": 3, "substance_mental": 2,
        "disability": 2, "other_social": 3,
        "sports": 2, "hobby": 3, "volunteer": 3, "parish": 2,
    }  # fmt: skip
    known = {sector for group in SECTOR_GROUPS.values() for sector in group}
    assert set(counts) <= known


def test_social_and_health_care_in_all_but_two_projects():
    social = set(SECTOR_GROUPS["social_health"])
    assert sum(bool(social & set(project.sectors)) for project in PROJECTS) == 10


def test_implementers_everywhere_but_kanta_hame_and_aland_most_in_uusimaa_and_central_finland():
    counties = load_instrument(COUNTY_MODULE.replace("modules/background_adults", "participation_parents"))
    county_list = next(cl for cl in counties.choice_lists.values() if cl.choice("90") is not None)
    all_codes = {choice.code for choice in county_list.scored}
    per_county = Counter(org.county for org in _organisations())
    assert set(per_county) == all_codes - {"07", "91"}
    uusimaa = sum(per_county[code] for code in ("01", "02", "03", "04", "90"))
    others = {code: n for code, n in per_county.items() if code not in ("01", "02", "03", "04", "90", "15")}
    assert uusimaa > per_county["15"] > max(others.values())
