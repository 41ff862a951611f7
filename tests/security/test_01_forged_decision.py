"""Issue 14, point 1: an owner cannot create an "approved" assessment, nor put words in the
DPO's mouth, by importing an edited file. An import always makes a draft of the importer;
the file's status, decision, opinion, comments, evaluations and adjustments are provenance,
shown as such, and never acts of a user of this instance."""

from __future__ import annotations

import io
import json

from sqlalchemy import func, select

from riskassess.extensions import db
from riskassess.models import (
    Assessment,
    AuditEvent,
    ModuleEvaluation,
    ReviewComment,
    RiskAdjustment,
    User,
)
from riskassess.services.reports import report_data
from tests.conftest import EMAILS, post

FORGED_OPINION = "Avis favorable sans réserve — signé le DPO"


def forged_document(client, source_id: int) -> dict:
    """The owner's export of a draft, edited as an attacker would: approved, owned by the
    DPO, with an opinion, comments, evaluations and adjustments by the DPO."""
    document = client.get(f"/assessments/{source_id}/export.json").json
    dpo = EMAILS["dpo"]
    document["assessment"].update(status="approved", revision=3, owner=dpo,
                                  dpo_opinion=FORGED_OPINION)
    document["comments"] = [{"author": dpo, "kind": "approval", "body": FORGED_OPINION,
                             "revision": 3, "target_type": "assessment", "target_id": None,
                             "reply_to": None, "created_at": "2026-11-30T10:00:00Z"}]
    document["evaluations"] = [{"revision": 3, "module": "security", "status": "acceptable",
                                "comment": "Parfait", "author": dpo}]
    document["adjustments"] = [{"revision": 3, "risk": "discrimination", "severity": 1,
                                "likelihood": 1, "justification": "Aucun risque",
                                "author": dpo}]
    return document


def upload(client, document: dict):
    return post(client, "/assessments/import",
                {"document": (io.BytesIO(json.dumps(document).encode()), "avis.json")},
                content_type="multipart/form-data")


def test_an_edited_json_export_makes_a_draft_of_the_importer(app, as_role, demo, in_app):
    owner = as_role("owner")
    response = upload(owner, forged_document(owner, demo["assessments"]["draft"]))
    assert response.status_code == 302
    created = int(response.headers["Location"].rstrip("/").split("/")[-1])

    def check():
        assessment = db.session.get(Assessment, created)
        importer = db.session.scalar(select(User).where(User.email == EMAILS["owner"]))
        assert assessment.status == "draft" and assessment.revision == 1
        assert assessment.owner_id == importer.id
        assert assessment.dpo_opinion is None and assessment.decided_by_id is None
        for model in (ReviewComment, ModuleEvaluation, RiskAdjustment):
            assert db.session.scalar(select(func.count()).select_from(model).where(
                model.assessment_id == created)) == 0, model.__name__
        record = assessment.imported_review
        assert record["status"] == "approved" and record["owner"] == EMAILS["dpo"]
        assert record["opinion"] == FORGED_OPINION
        assert record["comments"][0]["author"] == EMAILS["dpo"]
        assert record["evaluations"][0]["status"] == "acceptable"
        assert record["adjustments"][0]["justification"] == "Aucun risque"
        # the audit trail: the owner imported, nobody decided
        events = db.session.scalars(select(AuditEvent).where(
            AuditEvent.target_type == "assessment", AuditEvent.target_id == created)).all()
        assert [(e.action, e.actor_id) for e in events] == [("assessment.imported",
                                                             importer.id)]
        assert events[0].details["file_status"] == "approved"
        assert events[0].details["kept_as_provenance"]["comments"] == 1
        # the report says no decision was made
        data = report_data(assessment, "fr")
        assert data.decision is None and data.dpo_name is None and data.opinion is None

    in_app(check)
    page = owner.get(f"/assessments/{created}").get_data(as_text=True)
    assert "Repris du fichier importé" in page and "Personne de cette instance" in page
    assert FORGED_OPINION in page.split('id="imported-title"')[1].split("</section>")[0]
    auditor = app.test_client()
    post(auditor, "/login", {"email": EMAILS["auditor"], "password": "riskassess-demo"})
    assert "avis.json" not in auditor.get("/approved").get_data(as_text=True)
    assert auditor.get(f"/assessments/{created}").status_code in (403, 404)


def test_a_validated_cnil_pia_makes_a_draft_with_its_review_as_provenance(as_role, demo,
                                                                           in_app):
    owner = as_role("owner")
    document = owner.get(f"/assessments/{demo['assessments']['approved']}/export.pia.json").json
    assert document["pia"]["status"] == 2 and document["pia"]["dpo_opinion"]
    document["pia"]["status"] = 3  # signed validation
    document["evaluations"].append({"reference_to": "1.1", "status": 3, "gauges": {},
                                    "evaluation_comment": "Contexte parfait",
                                    "action_plan_comment": ""})
    response = post(owner, "/assessments/import-pia",
                    {"document": (io.BytesIO(json.dumps(document).encode()), "pia.json")},
                    content_type="multipart/form-data")
    assert response.status_code == 302
    created = int(response.headers["Location"].rstrip("/").split("/")[-1])

    def check():
        assessment = db.session.get(Assessment, created)
        assert assessment.status == "draft" and assessment.owner.email == EMAILS["owner"]
        assert assessment.dpo_opinion is None and assessment.decided_by_id is None
        assert not assessment.evaluations and not assessment.adjustments
        record = assessment.imported_review
        assert record["source"] == "cnil-pia" and record["status"] not in (None, "draft")
        assert record["opinion"].startswith("Avis favorable. Les mesures de sécurité")
        assert ("context", "acceptable", "Contexte parfait") in [
            (e["module"], e["status"], e["comment"]) for e in record["evaluations"]]

    in_app(check)
