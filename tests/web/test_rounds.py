"""Review rounds: each submission is kept; the DPO sees what changed since the previous one
(old → new, with the owner's replies beside), can read only those answers, and anyone who
reads the assessment compares any two rounds or approved revisions."""

from __future__ import annotations

from sqlalchemy import select

from riskassess.extensions import db
from riskassess.models import Assessment, ReviewRound
from tests.conftest import post, switch_to
from tests.helpers import form_fields
from tests.web.test_owner import save


def test_the_dpo_sees_only_what_changed_since_the_previous_submission(client, demo, in_app):
    cv = demo["assessments"]["changes_requested"]  # submitted once by the demo, sent back
    switch_to(client, "dpo")
    # (the send-back happened in the demo; the DPO adds a remark on the retention answer)

    def remark_there():
        from flask import current_app

        from riskassess.models import User
        from riskassess.services import review

        assessment = db.session.get(Assessment, cv)
        dpo = db.session.scalar(select(User).where(User.role == "dpo"))
        with current_app.test_request_context():
            return review.comment(dpo, assessment, "Quelle durée exacte ?", "question",
                                  "ctx_retention").id

    root = in_app(remark_there)
    switch_to(client, "owner")

    def context_fields():
        from riskassess.services.catalogue import questionnaire_for

        assessment = db.session.get(Assessment, cv)
        module = questionnaire_for(assessment).module("context")
        answers = assessment.answer_values()
        fields = {}
        for question in module.questions:
            if question.id in answers:
                fields.update(form_fields(question, answers[question.id]))
        return fields, answers.get("ctx_retention")

    fields, before = in_app(context_fields)
    fields["ctx_retention"] = "defined_auto" if before != "defined_auto" \
        else "defined_manual"
    assert save(client, cv, "context", fields).status_code == 302
    post(client, f"/assessments/{cv}/comments", {"parent_id": str(root),
                                                 "body": "Purge automatique à 13 mois."})
    assert post(client, f"/assessments/{cv}/submit").status_code == 302
    rounds = in_app(lambda: [(r.number, r.revision) for r in db.session.scalars(
        select(ReviewRound).where(ReviewRound.assessment_id == cv)
        .order_by(ReviewRound.number))])
    assert rounds == [(1, 1), (2, 1)]

    switch_to(client, "dpo")
    page = client.get(f"/assessments/{cv}").get_data(as_text=True)
    top = page.split('class="banner"')[0]
    assert "1 réponse a changé depuis la soumission précédente" in top
    assert f"/assessments/{cv}/diff?from=r1&amp;to=r2" in top
    assert f"/assessments/{cv}/modules/context?changed=1" in top
    diff = client.get(f"/assessments/{cv}/diff?from=r1&to=r2").get_data(as_text=True)
    row = diff.split('id="change-ctx_retention"')[1].split("</tr>")[0]
    assert "<del>" in row and "<ins>" in row
    assert "Purge automatique à 13 mois." in row  # the owner's reply beside the change
    assert 'id="reply-' not in row  # read there, answered on the step
    step = client.get(f"/assessments/{cv}/modules/context?changed=1").get_data(as_text=True)
    shown = step.count('class="question read-only')
    assert shown == 1 and 'id="block-ctx_retention"' in step
    assert "modifiée depuis la soumission précédente" in step
    every = client.get(f"/assessments/{cv}/modules/context").get_data(as_text=True)
    assert every.count('class="question read-only') > 1
    assert "Afficher seulement ce qui a changé" in every


def test_any_two_states_compare_and_unknown_ones_do_not_exist(as_role, demo):
    approved = demo["assessments"]["approved"]
    client = as_role("owner")
    assert client.get(f"/assessments/{approved}/diff?from=r1&to=1").status_code == 200
    assert client.get(f"/assessments/{approved}/diff?from=r1").status_code == 200
    page = client.get(f"/assessments/{approved}/diff?from=r1&to=1").get_data(as_text=True)
    assert "la soumission 1 du" in page and "la version 1 telle qu’approuvée" in page
    for bad in ("r9", "r", "x1", "r1x", "0", "9" * 20):
        assert client.get(f"/assessments/{approved}/diff?from={bad}").status_code == 404, bad
