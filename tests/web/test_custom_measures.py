"""Measures of the owner's own: defined (title, risks, effect, justification), answered like
any measure, counted in the levels by the scoring rule (core/scoring.py: an existing
protection lowers the initial level, a planned one the residual level, within the caps),
reviewed by the DPO, carried by duplication, the JSON document and the CNIL export."""

from __future__ import annotations

import io
import json

from riskassess.extensions import db
from riskassess.models import Assessment, CustomMeasure
from riskassess.services import assessments
from tests.conftest import post
from tests.web.test_owner import create, save

REVIEW = {"title": "Revue trimestrielle des habilitations", "risks": ["illegitimate_access"],
          "effect": "likelihood",
          "justification": "Les accès devenus inutiles sont retirés chaque trimestre."}


def levels(in_app, assessment_id: int, risk: str = "illegitimate_access"):
    def read():
        found = assessments.profile(db.session.get(Assessment, assessment_id))
        result = next(r for r in found.risks.risks if r.id == risk)
        return (result.initial.likelihood, result.residual.likelihood,
                [a.question_id for a in found.action_plan])
    return in_app(read)


def measure_id(in_app, assessment_id: int) -> int:
    return in_app(lambda: db.session.get(Assessment, assessment_id).custom_measures[-1].id)


def test_an_own_measure_is_defined_answered_and_counted(as_role, in_app):
    owner = as_role("owner")
    assessment_id = create(owner)
    bad = post(owner, f"/assessments/{assessment_id}/measures/new",
               {"title": "", "risks": ["no_such_risk"], "effect": "", "justification": ""})
    assert bad.status_code == 422
    page = bad.get_data(as_text=True)
    assert page.count('role="alert"') == 4  # every problem at once; nothing kept
    assert in_app(lambda: db.session.query(CustomMeasure).count()) == 0
    initial, residual, _plan = levels(in_app, assessment_id)
    added = post(owner, f"/assessments/{assessment_id}/measures/new", REVIEW)
    assert added.status_code == 302 and "/modules/custom_measures" in added.headers["Location"]
    number = measure_id(in_app, assessment_id)
    key = f"custom_{number}"
    step = owner.get(f"/assessments/{assessment_id}/modules/custom_measures").get_data(
        as_text=True)
    assert 'id="block-' + key + '"' in step and "Revue trimestrielle des habilitations" in step
    # planned: lowers the residual level only, and enters the action plan
    assert save(owner, assessment_id, "custom_measures", {
        f"{key}__status": "planned", f"{key}__owner": "RSSI", f"{key}__due": "2027-06-30",
        f"{key}__description": "Extraction des comptes, revue par les managers."
    }).status_code == 302
    planned = levels(in_app, assessment_id)
    assert planned[0] == initial and planned[1] == max(1, residual - 1)
    assert key in planned[2]
    # existing: lowers the initial level too
    save(owner, assessment_id, "custom_measures", {f"{key}__status": "existing"})
    existing = levels(in_app, assessment_id)
    assert existing[:2] == (max(1, initial - 1), max(1, residual - 1))
    assert key not in existing[2]
    # changed to a severity effect: likelihood is back where it was
    changed = post(owner, f"/assessments/{assessment_id}/measures/{number}",
                   {**REVIEW, "effect": "severity"})
    assert changed.status_code == 302
    assert levels(in_app, assessment_id)[:2] == (initial, residual)
    # removed with its answer
    assert post(owner, f"/assessments/{assessment_id}/measures/{number}/remove",
                {}).status_code == 302
    assert key not in in_app(lambda: db.session.get(Assessment, assessment_id).answer_values())


def test_own_measures_travel_with_copies_documents_and_cnil_files(as_role, in_app, demo):
    owner = as_role("owner")
    assessment_id = create(owner)
    post(owner, f"/assessments/{assessment_id}/measures/new", REVIEW)
    key = f"custom_{measure_id(in_app, assessment_id)}"
    save(owner, assessment_id, "custom_measures", {
        f"{key}__status": "existing", f"{key}__description": "Revue par les managers."})
    document = json.loads(owner.get(f"/assessments/{assessment_id}/export.json").data)
    assert document["custom_measures"] == [{"key": key, **REVIEW}]
    assert document["answers"][key] == {"status": "existing",
                                       "description": "Revue par les managers."}
    imported = post(owner, "/assessments/import", {
        "document": (io.BytesIO(json.dumps(document).encode()), "analyse.json")},
        content_type="multipart/form-data")
    assert imported.status_code == 302, imported.get_data(as_text=True)[:500]
    new_id = int(imported.headers["Location"].split("/")[2])

    def own(assessment_id):
        assessment = db.session.get(Assessment, assessment_id)
        return [(m.title, m.risks, m.effect, assessment.answer_values().get(f"custom_{m.id}"))
                for m in assessment.custom_measures]

    assert in_app(lambda: own(new_id)) == in_app(lambda: own(assessment_id))
    copied = post(owner, f"/assessments/{assessment_id}/duplicate", {})
    copy_id = int(copied.headers["Location"].split("/")[2])
    assert in_app(lambda: own(copy_id)) == in_app(lambda: own(assessment_id))
    pia = json.loads(owner.get(f"/assessments/{assessment_id}/export.pia.json").data)
    titles = [m["title"] for m in pia["measures"]]
    assert REVIEW["title"] in titles
    content = next(m["content"] for m in pia["measures"] if m["title"] == REVIEW["title"])
    assert "Revue par les managers." in content


def test_the_dpo_remarks_on_an_own_measure(as_role, in_app, app):
    from flask import current_app

    from riskassess.core.answers import missing_required
    from riskassess.models import ReviewComment, User
    from riskassess.services.catalogue import questionnaire_for
    from tests.helpers import form_value

    owner = as_role("owner")
    assessment_id = create(owner)
    post(owner, f"/assessments/{assessment_id}/measures/new", REVIEW)
    key = f"custom_{measure_id(in_app, assessment_id)}"

    def complete_and_submit():
        assessment = db.session.get(Assessment, assessment_id)
        questionnaire = questionnaire_for(assessment)
        while missing := missing_required(questionnaire, assessment.answer_values()):
            assessments.import_answers(assessment, {q.id: form_value(q)[1] for q in missing})
        assessments.import_answers(assessment, {key: {"status": "existing"}})
        with current_app.test_request_context():
            assessments.submit(db.session.query(User).filter_by(
                email="owner@demo.riskassess.test").one(), assessment)

    in_app(complete_and_submit)
    dpo = as_role("dpo")
    response = post(dpo, f"/assessments/{assessment_id}/comments",
                    {"body": "Quelle preuve de la revue ?", "target": f"question:{key}"})
    assert response.status_code == 302
    assert in_app(lambda: [(c.target_type, c.target_id) for c in db.session.query(
        ReviewComment).filter_by(assessment_id=assessment_id)]) == [("question", key)]
    step = dpo.get(f"/assessments/{assessment_id}/modules/custom_measures").get_data(
        as_text=True)
    assert "Quelle preuve de la revue ?" in step
