"""The results brief of a project: the same numbers as the results page, in plain words; a PDF of at most two A4
pages whose text names the project and has the page's numbers; chart files with their title and source; the
team's own description, escaped and audited; and too few answers said in words."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest
from sqlalchemy import select

from analysis.numbers import interval, number
from survey.accounts.auth import create_user
from survey.db import db
from survey.models import AuditEntry, Project, Role
from survey.results.reports import report_for
from tests.analysis.test_export_readable import machine_words
from tests.survey.brief.world import BRIEF_YOUTH, brief_url, closed_waves, signed_in

POPPLER = shutil.which("pdftotext") is not None


def change_of(app, world, scale: str):
    """The results page's comparison of the baseline with the follow-up for everyone, straight from report_for."""
    with app.app_context():
        user = db.session.get(Project, world["project"]).members[0]
        report = report_for(user, project_ids=[world["project"]], instrument_id=BRIEF_YOUTH.id).report
        return next(r for r in report.comparisons if r.scale == scale and r.by is None)


@pytest.mark.parametrize("language", ["fi", "sv", "en"])
def test_the_brief_says_the_results_pages_change_in_plain_words(app, world, language):
    page = signed_in(app, world, "team_member").get(brief_url(world, lang=language))
    assert page.status_code == 200
    row = change_of(app, world, "S_HEARD")
    assert row.estimate == pytest.approx(0.8)
    assert row.summary.get(language) in _visible(page.text)  # the Report's own reading, word for word
    assert interval(row.estimate_ci_low, row.estimate_ci_high, 2, language) in page.text
    assert {"fi": "Tärkeimmät tulokset", "sv": "Viktigaste resultat", "en": "Key results"}[language] in page.text
    assert "<svg" in page.text and 'role="img"' in page.text
    assert machine_words(language).search(_visible(page.text)) is None


def test_the_largest_most_certain_change_comes_first_and_the_unclear_one_says_so(app, world):
    text = _visible(signed_in(app, world, "evaluator").get(brief_url(world, lang="fi")).text)
    heard, say = text.index("Kuulluksi tuleminen: nousi"), text.index("Tila kertoa mielipide: ei selvää muutosta")
    assert heard < say
    assert "1 mittari: keskiarvo nousi" in text and "1 mittari: ei selvää muutosta" in text


def test_the_brief_shows_the_share_reporting_discrimination_with_its_interval(app, world):
    text = _visible(signed_in(app, world, "team_member").get(brief_url(world, lang="fi")).text)
    assert "Onko sinua syrjitty täällä?" in text
    assert "25 % (95 %:n luottamusväli 11–47 %)" in text  # 5 of 20 said yes, Wilson interval


def test_who_answered_gives_the_waves_answers_and_pairs(app, world):
    text = _visible(signed_in(app, world, "team_member").get(brief_url(world, lang="fi")).text)
    assert "Alkumittauksen 20 vastauksesta 20 yhdistettiin parikoodin avulla" in text
    assert re.search(r"Alkumittaus\s+\d+\.\d+\.\d{4}–\s?\d+\.\d+\.\d{4}\s+20", text)


def test_too_few_answers_are_said_in_words_instead_of_an_empty_chart(app):
    with app.app_context():
        project = Project(code="P09", name="Pieni hanke")
        db.session.add(project)
        db.session.commit()
        closed_waves(project.id, people=3, follow_up=3)
        user = create_user("c@example.fi", "salasana-123", role=Role.COORDINATOR)
        world = {"project": project.id, "users": {"coordinator": (user.id, user.session_version)}}
    client = signed_in(app, world, "coordinator")
    page = client.get(brief_url(world, lang="fi"))
    assert page.status_code == 200
    assert "Vastauksia on liian vähän tulosten näyttämiseen" in page.text
    assert 'role="img"' not in page.text
    chart = client.get(brief_url(world, "/chart.svg"))
    assert chart.status_code == 200 and "Vastauksia on liian vähän" in chart.text


def test_a_project_without_closed_collections_has_no_brief_but_a_message(app, world):
    with app.app_context():
        project = Project(code="P02", name="Alkava hanke")
        db.session.add(project)
        db.session.commit()
        project_id = project.id
    page = signed_in(app, world, "coordinator").get(f"/staff/projects/{project_id}/brief")
    assert page.status_code == 200 and "Aineistonkeruita ei vielä ole." in page.text


@pytest.mark.skipif(not POPPLER, reason="needs pdftotext (poppler-utils)")
@pytest.mark.parametrize("language", ["fi", "sv", "en"])
def test_the_pdf_names_the_project_has_the_numbers_and_no_machine_names(app, world, language, tmp_path):
    client = signed_in(app, world, "evaluator")
    response = client.get(brief_url(world, ".pdf", lang=language))
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    pdf = tmp_path / "brief.pdf"
    pdf.write_bytes(response.data)
    text = _pdftotext(pdf)
    assert "P01" in text and "Nuoret päättäjinä" in text
    row = change_of(app, world, "S_HEARD")
    flat = " ".join(text.split())
    assert number(row.estimate, 2, language) in flat
    assert interval(row.estimate_ci_low, row.estimate_ci_high, 2, language) in flat
    if language == "fi":
        assert "0,80" in flat and "0.80" not in flat  # decimal commas
    assert machine_words(language).search(flat) is None
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert int(re.search(r"Pages:\s+(\d+)", info).group(1)) <= 2
    assert re.search(r"Tagged:\s+yes", info)
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert all(line.split()[-5] == "yes" for line in fonts.splitlines()[2:])  # every font embedded
    with app.app_context():
        entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "download.brief_pdf"))
        assert entry.target == f"project:{world['project']}"


@pytest.mark.parametrize("fmt", ["svg", "png"])
def test_the_chart_files_carry_their_title_and_source(app, world, fmt):
    response = signed_in(app, world, "team_member").get(brief_url(world, f"/chart.{fmt}", lang="fi"))
    assert response.status_code == 200
    assert "attachment" in response.headers["Content-Disposition"]
    if fmt == "png":
        assert response.data.startswith(b"\x89PNG\r\n\x1a\n")
        return
    assert "Kuulluksi tuleminen: muutos mittareittain" in response.text
    assert re.search(r"Lähde: Arvio, P01, alkumittaus ja seurantamittaus, tilanne \d+\.\d+\.\d{4}", response.text)
    assert "+0,80" in response.text


def test_the_team_writes_its_own_description_shown_escaped_and_audited(app, world):
    client = signed_in(app, world, "team_member")
    text = "Teimme työpajoja <script>alert(1)</script>.\n\nToinen kappale."
    saved = client.post(
        f"/staff/projects/{world['project']}/brief/description",
        data={"instrument": BRIEF_YOUTH.id, "description": text},
    )
    assert saved.status_code == 302
    page = client.get(brief_url(world, lang="fi")).text
    assert "Teimme työpajoja &lt;script&gt;alert(1)&lt;/script&gt;." in page and "<script>alert" not in page
    assert "<p>Toinen kappale.</p>" in page
    assert "Kirjoittanut hankkeen P01 tiimi" in page
    with app.app_context():
        entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "brief.description"))
        assert entry.details == {"instrument": BRIEF_YOUTH.id, "characters": len(text)}


def test_a_description_too_long_is_refused_in_words(app, world):
    client = signed_in(app, world, "team_member")
    response = client.post(
        f"/staff/projects/{world['project']}/brief/description",
        data={"instrument": BRIEF_YOUTH.id, "description": "x" * 701},
    )
    assert response.status_code == 400
    assert "Kuvauksen enimmäispituus on 700 merkkiä." in response.text
    assert 'aria-invalid="true"' in response.text


def test_evaluators_read_the_brief_but_do_not_write_the_teams_description(app, world):
    client = signed_in(app, world, "evaluator")
    assert 'id="f-description"' not in client.get(brief_url(world)).text
    refused = client.post(f"/staff/projects/{world['project']}/brief/description", data={"description": "x"})
    assert refused.status_code == 403


def test_the_results_page_links_to_the_brief(app, world):
    page = signed_in(app, world, "team_member").get(f"/staff/projects/{world['project']}/results?lang=fi")
    assert "Tiivistelmä päättäjille" in page.text
    assert f"/staff/projects/{world['project']}/brief" in page.text


def _visible(html: str) -> str:
    """The page's text as a reader sees it (tags out, entities in, whitespace folded)."""
    import html as html_module

    return " ".join(html_module.unescape(re.sub(r"<[^>]+>", " ", html)).split())


def _pdftotext(path) -> str:
    done = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True)
    return done.stdout
