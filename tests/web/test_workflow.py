"""The review workflow: resubmission, threaded comments, evaluations, adjustments, the data
subjects' opinion, frozen versions, new revisions, differences and archiving."""

from __future__ import annotations

import io
import re

import pytest
from sqlalchemy import select
from sqlalchemy.orm import undefer

from riskassess.extensions import db
from riskassess.models import Assessment, AssessmentVersion, Report, ReviewComment
from riskassess.services.audit import AppendOnly
from riskassess.services.catalogue import default_questionnaire
from tests.conftest import decide_as, give_opinion, login, post
from tests.helpers import form_fields
from tests.web.test_owner import save, stored


def as_user(app, email):
    client = app.test_client()
    login(client, email)
    return client


@pytest.fixture
def people(app, demo):
    return {role: as_user(app, f"{role}@demo.riskassess.test")
            for role in ("owner", "dpo", "decider", "auditor", "admin")}


def test_changes_requested_then_resubmitted(people, demo, app):
    cv = demo["assessments"]["changes_requested"]
    response = post(people["owner"], f"/assessments/{cv}/submit", follow_redirects=True)
    assert stored(app, cv, "status") == "resubmitted"
    assert "Resoumise" in response.get_data(as_text=True)
    queue = people["dpo"].get("/review").get_data(as_text=True).split("Autres analyses")[0]
    assert "Tri automatisé des candidatures" in queue


def test_threaded_comments_on_modules_risks_and_questions(people, demo, app, in_app):
    submitted = demo["assessments"]["submitted"]
    dpo, owner = people["dpo"], people["owner"]
    post(dpo, f"/assessments/{submitted}/comments",
         {"target": "module:principles", "body": "La base légale est à justifier."})
    post(dpo, f"/assessments/{submitted}/comments",
         {"target": "question:ctx_retention", "body": "Quelle durée exacte ?"})
    post(dpo, f"/assessments/{submitted}/comments",
         {"target": "risk:discrimination", "body": "Mesurer les écarts par groupe."})
    bad = post(dpo, f"/assessments/{submitted}/comments",
               {"target": "module:nowhere", "body": "x"}, follow_redirects=True)
    assert "L’objet de ce commentaire n’existe pas." in bad.get_data(as_text=True)
    empty = post(dpo, f"/assessments/{submitted}/comments", {"target": "assessment:",
                                                             "body": "  "},
                 follow_redirects=True)
    assert "Écrivez quelque chose" in empty.get_data(as_text=True)
    first = in_app(lambda: db.session.scalar(select(ReviewComment.id).where(
        ReviewComment.target_id == "principles")))
    post(owner, f"/assessments/{submitted}/comments",
         {"parent_id": str(first), "body": "Intérêt légitime, test de mise en balance joint."})
    page = owner.get(f"/assessments/{submitted}").get_data(as_text=True)
    thread = page.split(f'id="comment-{first}"')[1].split('class="remark remark-')[0]
    assert "Intérêt légitime, test de mise en balance joint." in thread
    reply = in_app(lambda: db.session.scalar(select(ReviewComment).where(
        ReviewComment.parent_id == first)))
    assert (reply.target_type, reply.target_id) == ("module", "principles")
    # each remark names what it is about in words, with a link there, never by its id
    assert "<code>ctx_retention</code>" not in page
    assert re.search(r'modules/context#block-ctx_retention">Combien de temps', page)
    assert '<a href="#risk-remarks-discrimination">Discrimination et biais</a>' in page


def test_evaluations_adjustments_and_data_subjects(people, demo, app):
    submitted = demo["assessments"]["submitted"]
    dpo = people["dpo"]
    refused = post(dpo, f"/assessments/{submitted}/evaluations",
                   {"module_id": "security", "status": "to_correct", "comment": ""},
                   follow_redirects=True)
    assert "demandent un commentaire" in refused.get_data(as_text=True)
    post(dpo, f"/assessments/{submitted}/evaluations",
         {"module_id": "security", "status": "to_correct", "comment": "Chiffrement absent."})
    refused = post(dpo, f"/assessments/{submitted}/adjustments",
                   {"risk_id": "illegitimate_access", "severity": "3", "likelihood": "3",
                    "justification": ""}, follow_redirects=True)
    assert "demande une justification" in refused.get_data(as_text=True)
    post(dpo, f"/assessments/{submitted}/adjustments",
         {"risk_id": "illegitimate_access", "severity": "3", "likelihood": "3",
          "justification": "Les sauvegardes ne sont pas testées."})
    page = people["owner"].get(f"/assessments/{submitted}").get_data(as_text=True)
    assert "Chiffrement absent." in page and "À corriger" in page
    row = page.split('id="risk-illegitimate_access"')[1].split("</tr>")[0]
    assert "<strong>3 / 3</strong> — Les sauvegardes ne sont pas testées." in row
    # the owner's figures are untouched: the adjusted level is shown beside them
    assert row.count("zone-") >= 2
    draft = demo["assessments"]["draft"]
    post(people["owner"], f"/assessments/{draft}/data-subjects",
         {"sought": "yes", "opinion": "Comité d'usagers consulté : favorable."})
    assert stored(app, draft, "data_subjects_opinion") == "Comité d'usagers consulté : favorable."
    assert post(people["owner"], f"/assessments/{submitted}/data-subjects",
                {"sought": "no"}).status_code == 403  # not editable while under review


def test_approval_freezes_a_version_and_revisions_are_compared(people, demo, app, in_app,
                                                               runner, tmp_path):
    submitted = demo["assessments"]["submitted"]
    dpo, owner = people["dpo"], people["owner"]
    post(dpo, f"/assessments/{submitted}/evaluations",
         {"module_id": "context", "status": "acceptable"})
    give_opinion(dpo, submitted, "Avis v1")
    decide_as(people["decider"], submitted)
    frozen = in_app(lambda: db.session.scalar(select(AssessmentVersion).where(
        AssessmentVersion.assessment_id == submitted).options(undefer(AssessmentVersion.profile))))
    assert frozen.revision == 1
    # the editions are laid out after the version is frozen (services/report_builds.py), and
    # found by their revision
    assert sorted(in_app(lambda: db.session.scalars(select(Report.lang).where(
        Report.assessment_id == submitted, Report.revision == 1)).all())) == ["en", "fr"]
    assert frozen.answers == stored(app, submitted)
    assert frozen.review["opinion"] == "Avis v1"
    assert frozen.review["evaluations"] == {"context": ["acceptable", ""]}
    assert {r["id"] for r in frozen.profile["risks"]} >= {"illegitimate_access"}
    from pypdf import PdfReader

    pdf = people["dpo"].get(f"/assessments/{submitted}/report.pdf").data
    text = " ".join("".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages).split())
    assert "Évaluation des modules" in text and "Avis des personnes concernées" in text
    # frozen: no edit, no comment, and the version row itself cannot be changed
    assert save(owner, submitted, "context", {"ctx_processing": "x"}).status_code == 403
    assert post(owner, f"/assessments/{submitted}/comments",
                {"target": "assessment:", "body": "x"}).status_code == 403

    def rewrite():
        version = db.session.get(AssessmentVersion, frozen.id)
        version.answers = {}
        db.session.commit()

    with pytest.raises(AppendOnly):
        in_app(rewrite)

    # a new revision starts from the approved one, which stays frozen; the page says so
    # before the owner confirms
    shown = owner.get(f"/assessments/{submitted}").get_data(as_text=True)
    confirm = shown[shown.index('<details class="confirm" id="revise">'):]
    confirm = confirm[:confirm.index("</details>")]
    assert "La version 1 reste approuvée et figée, avec son rapport." in confirm
    assert "Ouvrir la version 2</button>" in confirm
    post(owner, f"/assessments/{submitted}/revise")
    assert stored(app, submitted, "status") == "draft"
    assert stored(app, submitted, "revision") == 2
    with app.app_context():
        context = default_questionnaire().module("context")
    answers = stored(app, submitted)
    fields = {}
    for question in context.questions:  # the form sends the whole module back
        if question.id in answers:
            fields.update(form_fields(question, answers[question.id]))
    fields["ctx_processing"] = "Recommandations, version 2"
    assert save(owner, submitted, "context", fields).status_code == 302
    page = owner.get(f"/assessments/{submitted}/diff?from=1").get_data(as_text=True)
    assert "Recommandations, version 2" in page and "<del>" in page
    post(owner, f"/assessments/{submitted}/submit")
    give_opinion(dpo, submitted, "Avis v2")
    decide_as(people["decider"], submitted)
    assert in_app(lambda: len(db.session.get(Assessment, submitted).versions)) == 2
    between = owner.get(f"/assessments/{submitted}/diff?from=1&to=2").get_data(as_text=True)
    assert "Recommandations, version 2" in between
    assert owner.get(f"/assessments/{submitted}/diff?from=7").status_code == 404

    reports = in_app(lambda: [(r.revision, r.lang, r.pdf)
                              for r in db.session.get(Assessment, submitted).reports])
    assert [(n, lang) for n, lang, _ in reports] == [(1, "fr"), (1, "en"), (2, "fr"), (2, "en")]
    for number, lang, pdf in reports:
        path = tmp_path / f"v{number}-{lang}.pdf"
        path.write_bytes(pdf)
        result = runner.invoke(args=["verify-pdf", str(path)])
        assert result.exit_code == 0 and f"version {number}" in result.output


def test_archived_reports_stay_available_to_auditors(people, demo, app):
    approved = demo["assessments"]["approved"]
    assert post(people["owner"], f"/assessments/{approved}/archive",
                {"reason": "x"}).status_code == 403
    post(people["dpo"], f"/assessments/{approved}/archive", {"reason": "Traitement arrêté."})
    assert stored(app, approved, "status") == "archived"
    response = people["auditor"].get(f"/assessments/{approved}/report.pdf")
    assert response.status_code == 200 and response.data.startswith(b"%PDF")
    checked = post(people["auditor"], "/verify-report",
                   {"report": (io.BytesIO(response.data), "r.pdf")},
                   content_type="multipart/form-data")
    assert "Rapport approuvé non modifié" in checked.get_data(as_text=True)
