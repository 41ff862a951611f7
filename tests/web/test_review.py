"""The DPO's review and the auditor's read-only access, through the test client."""

from __future__ import annotations

import hashlib
import io

from pypdf import PdfReader
from sqlalchemy import select

from riskassess.extensions import db
from riskassess.models import Assessment, AuditEvent, Report
from tests.conftest import decide_as, opinion_then_decision, post


def read(in_app, assessment_id):
    def load():
        a = db.session.get(Assessment, assessment_id)
        return {
            "status": a.status,
            "opinion": a.dpo_opinion,
            "comments": [(c.kind, c.body) for c in a.comments],
            "reports": [(r.sha256, r.pdf) for r in a.reports],
        }

    return in_app(load)


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def test_dpo_queue_lists_submitted_assessments_of_the_organisation(as_role, demo):
    page = as_role("dpo").get("/review").get_data(as_text=True)
    pending = page.split("Autres analyses")[0]
    assert "Recommandations personnalisées en magasin" in pending
    assert "Maintenance prédictive des équipements<" not in page  # a draft stays private
    assert "Maintenance prédictive des équipements industriels</option>" in page  # a template


def test_dpo_requests_changes_with_a_comment(as_role, demo, in_app):
    assessment_id = demo["assessments"]["submitted"]
    client = as_role("dpo")
    response = post(client, f"/assessments/{assessment_id}/opinion",
                    {"action": "request_changes", "text": "Préciser la durée de conservation."})
    assert response.status_code == 302
    state = read(in_app, assessment_id)
    assert state["status"] == "changes_requested"
    assert state["comments"] == [("changes_requested", "Préciser la durée de conservation.")]
    page = client.get(f"/assessments/{assessment_id}").get_data(as_text=True)
    assert "Préciser la durée de conservation." in page


def test_opinion_without_text_or_kind_is_refused(as_role, demo, in_app):
    assessment_id = demo["assessments"]["submitted"]
    dpo = as_role("dpo")
    response = post(dpo, f"/assessments/{assessment_id}/opinion",
                    {"action": "give_opinion", "opinion": "favourable", "text": ""},
                    follow_redirects=True)
    assert "Choisissez votre étape" in response.get_data(as_text=True)
    response = post(dpo, f"/assessments/{assessment_id}/opinion",
                    {"action": "give_opinion", "text": "Avis."}, follow_redirects=True)
    assert "Choisissez votre avis" in response.get_data(as_text=True)
    assert read(in_app, assessment_id)["status"] == "submitted"


def test_approval_stores_a_pdf_with_its_sha256(as_role, demo, in_app):
    assessment_id = demo["assessments"]["submitted"]
    opinion = "Avis favorable sous réserve de fixer une durée de conservation de 13 mois."
    response = opinion_then_decision(as_role("dpo"), assessment_id, opinion, "reservations",
                                     "approve_with_conditions",
                                     "Conservation limitée à 13 mois avant la mise en service.")
    assert response.status_code == 302
    state = read(in_app, assessment_id)
    assert state["status"] == "approved" and state["opinion"] == opinion
    [(sha256, pdf), (sha256_en, pdf_en)] = state["reports"]  # French, then English edition
    assert sha256 == hashlib.sha256(pdf).hexdigest()
    assert sha256_en == hashlib.sha256(pdf_en).hexdigest() != sha256
    text = " ".join(pdf_text(pdf).split())
    assert "Recommandations personnalisées en magasin" in text
    assert "durée de conservation de 13 mois" in text
    # the opinion and the decision, each with its author and date (Art. 35(2), Art. 24)
    assert "Avis : Favorable avec réserves" in text and "Par Dominique Leroy le" in text
    assert "Décision : Approuvée sous conditions" in text and "Par Claude Durand le" in text
    assert "Conservation limitée à 13 mois avant la mise en service." in text
    english = " ".join(pdf_text(pdf_en).split())
    assert "Executive summary" in english and "Approved with conditions" in english
    actions = in_app(lambda: db.session.scalars(select(AuditEvent.action)
                                                .order_by(AuditEvent.id.desc()).limit(3)).all())
    assert actions == ["report.generated", "report.generated",
                       "assessment.approve_with_conditions"]
    from riskassess.services.integrity import check_versions

    checked, differences = in_app(check_versions)
    assert checked == 2 and differences == []  # the demo's approval and this one, sealed


def test_rejection_records_the_opinion_without_a_report(as_role, demo, in_app):
    assessment_id = demo["assessments"]["submitted"]
    opinion_then_decision(as_role("dpo"), assessment_id, "Finalité non justifiée.",
                          "unfavourable", "reject")
    state = read(in_app, assessment_id)
    assert state["status"] == "rejected" and state["reports"] == []
    assert state["opinion"] == "Finalité non justifiée."


def test_a_decision_departing_from_the_opinion_states_its_reasons(as_role, demo, in_app):
    """Approving after an unfavourable opinion, or refusing after a favourable one, needs
    its reasons; both are then shown, the departure marked."""
    assessment_id = demo["assessments"]["submitted"]
    client = as_role("dpo")
    refused = opinion_then_decision(client, assessment_id, "Risques résiduels trop élevés.",
                                    "unfavourable", "approve", "")
    assert refused.status_code == 302
    assert read(in_app, assessment_id)["status"] == "opinion_given"
    page = client.get(f"/assessments/{assessment_id}").get_data(as_text=True)
    assert "Avis du DPO" in page and "Défavorable" in page and "Risques résiduels" in page
    decide_as(client, assessment_id, "approve",
              "Projet stratégique ; mesures complémentaires financées au budget 2027.")
    state = read(in_app, assessment_id)
    assert state["status"] == "approved"
    page = client.get(f"/assessments/{assessment_id}").get_data(as_text=True)
    assert "s’écarte de l’avis du DPO" in page
    assert "mesures complémentaires financées" in page


def test_auditor_lists_approved_assessments_and_downloads_the_report(as_role, demo, in_app):
    client = as_role("auditor")
    page = client.get("/approved").get_data(as_text=True)
    assert "Détection de fraude bancaire en temps réel" in page
    assert "Recommandations personnalisées" not in page  # submitted, not approved
    approved = demo["assessments"]["approved"]
    response = client.get(f"/assessments/{approved}/report.pdf")
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    stored_sha = in_app(lambda: db.session.scalar(
        select(Report.sha256).where(Report.assessment_id == approved)))
    assert hashlib.sha256(response.data).hexdigest() == stored_sha
    assert response.headers["X-Report-SHA256"] == stored_sha
    text = pdf_text(response.data)
    assert "Détection de fraude bancaire en temps réel" in text
    assert "Avis favorable" in text
    # read-only: the page offers no form to change anything
    show = client.get(f"/assessments/{approved}").get_data(as_text=True)
    assert "/decision" not in show and "/submit" not in show


def test_markup_in_user_text_is_escaped_in_html_and_pdf(as_role, in_app):
    client = as_role("owner")
    title = "<script>alert(1)</script> & <b>gras</b>"
    response = post(client, "/assessments/new",
                    {"title": title, "description": "<img src=x onerror=alert(2)>",
                     "sector": "other"})
    assessment_id = int(response.headers["Location"].split("/")[2])
    page = client.get(f"/assessments/{assessment_id}").get_data(as_text=True)
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;b&gt;gras&lt;/b&gt;" in page
    assert "<img src=x" not in page

    from riskassess.services.reports import render_pdf

    pdf = in_app(lambda: render_pdf(db.session.get(Assessment, assessment_id)))
    assert title in pdf_text(pdf)


def test_report_structure_and_determinism(as_role, demo, in_app):
    from riskassess.services.reports import render_pdf

    assessment_id = demo["assessments"]["submitted"]
    opinion_then_decision(as_role("dpo"), assessment_id)

    def render_twice():
        assessment = db.session.get(Assessment, assessment_id)
        return render_pdf(assessment), render_pdf(assessment), assessment.decided_at

    first, second, decided_at = in_app(render_twice)
    assert first == second  # the same data gives the same bytes
    reader = PdfReader(io.BytesIO(first))
    created = reader.metadata.creation_date
    assert created.strftime("%Y-%m-%d %H:%M") == decided_at.strftime("%Y-%m-%d %H:%M")
    titles = [item.title for item in reader.outline if not isinstance(item, list)]
    assert "1. Contexte" in titles and "3. Risques" in titles
    text = pdf_text(first)
    total = len(reader.pages)
    assert f"Page 1 sur {total}" in text and f"Page {total} sur {total}" in text
    assert "Sommaire" in text
