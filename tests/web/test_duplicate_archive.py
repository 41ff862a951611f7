"""Duplicating an assessment (a new draft: answers and measures copied; evidence, review and
decision not) and archiving with a reason."""

from __future__ import annotations

from sqlalchemy import select

from riskassess.extensions import db
from riskassess.models import Assessment, AuditEvent
from tests.conftest import post


def test_a_duplicate_is_a_new_draft_with_the_answers_only(as_role, demo, in_app):
    approved = demo["assessments"]["approved"]
    client = as_role("owner")
    page = client.get(f"/assessments/{approved}").get_data(as_text=True)
    assert f"/assessments/{approved}/duplicate" in page
    response = post(client, f"/assessments/{approved}/duplicate")
    assert response.status_code == 302
    copy_id = int(response.headers["Location"].split("/")[2])

    def compare():
        source, copy_ = (db.session.get(Assessment, i) for i in (approved, copy_id))
        return (source.answer_values(), copy_.answer_values(), copy_.status, copy_.title,
                copy_.revision, len(copy_.comments), len(copy_.measurements),
                len(copy_.evaluations), copy_.dpo_opinion, copy_.decision_kind,
                copy_.questionnaire_version == source.questionnaire_version,
                len(source.measurements))

    (source_answers, copied, status, title, revision, comments, measurements, evaluations,
     opinion, decision, same_version, source_measurements) = in_app(compare)
    assert copied == source_answers and status == "draft" and revision == 1
    assert title == "Détection de fraude bancaire en temps réel (copie)"
    assert (comments, measurements, evaluations, opinion, decision) == (0, 0, 0, None, None)
    assert same_version
    assert in_app(lambda: db.session.scalar(select(AuditEvent.details).where(
        AuditEvent.action == "assessment.duplicated")))["source"] == approved
    # someone who may not create assessments cannot duplicate
    assert post(as_role("auditor"), f"/assessments/{approved}/duplicate").status_code == 403


def test_archiving_needs_a_reason_shown_afterwards(as_role, demo, in_app):
    approved = demo["assessments"]["approved"]
    dpo = as_role("dpo")
    refused = post(dpo, f"/assessments/{approved}/archive", {"reason": " "},
                   follow_redirects=True)
    assert "Donnez la raison de l’archivage." in refused.get_data(as_text=True)
    assert in_app(lambda: db.session.get(Assessment, approved).status) == "approved"
    post(dpo, f"/assessments/{approved}/archive", {"reason": "Traitement arrêté en 2026."})
    state = in_app(lambda: (db.session.get(Assessment, approved).status,
                            db.session.get(Assessment, approved).archive_reason))
    assert state == ("archived", "Traitement arrêté en 2026.")
    page = dpo.get(f"/assessments/{approved}").get_data(as_text=True)
    assert "Traitement arrêté en 2026." in page
    from riskassess.services.integrity import check_versions

    assert in_app(check_versions)[1] == []  # the frozen version still verifies
