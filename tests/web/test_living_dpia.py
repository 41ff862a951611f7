"""The living DPIA: an assessment started from a register record is out of date as soon as the
record says otherwise; the page lists the answers concerned (old → new) and what the record's
values would change; its authors and the DPO are told; answering again clears it."""

from __future__ import annotations

from flask import current_app

from riskassess import unit_of_work
from riskassess.extensions import db
from riskassess.models import Assessment, Notification, User
from riskassess.services import assessments, review
from tests.conftest import post
from tests.web.test_register import PAYROLL, record_id

# two WP248 criteria (an evaluation of people, vulnerable data subjects): a DPIA is required
SCREENING = {"scr_uses_ai": "no", "scr_evaluation": "yes", "scr_denial": "no",
             "scr_monitoring": "none", "scr_public_area": "no", "scr_sensitive": "none",
             "scr_scale_factors": "small", "scr_matching": "none",
             "scr_vulnerable": "employees", "scr_innovative": "none", "scr_cnil_list": "none",
             "scr_recital91": "no", "scr_cnil_exempt": "none", "scr_prior_assessment": "new",
             "scr_significant_decision": "minor"}


def approve(app, assessment_id: int) -> None:
    """Everything required answered, submitted, advised, approved (services)."""
    from riskassess.core.answers import missing_required
    from riskassess.services.catalogue import questionnaire_for
    from tests.helpers import form_value

    with app.app_context():
        assessment = db.session.get(Assessment, assessment_id)

        def person(role):
            return db.session.query(User).filter_by(
                email=f"{role}@demo.riskassess.test").one()

        questionnaire = questionnaire_for(assessment)
        while missing := missing_required(questionnaire, assessment.answer_values()):
            assessments.import_answers(assessment, {q.id: form_value(q)[1] for q in missing})
        with current_app.test_request_context():
            assessments.submit(person("owner"), assessment)
            review.advise(person("dpo"), assessment, "give_opinion", "Avis favorable.",
                          opinion="favourable")
            review.decide(person("decider"), assessment, "approve", "")
            unit_of_work.commit()
        db.session.remove()


def test_a_change_of_the_record_puts_its_dpia_out_of_date(as_role, demo, app):
    owner = as_role("owner")
    rid = record_id(post(owner, "/register/new", PAYROLL))
    started = post(owner, f"/register/{rid}/dpia", {})
    assessment_id = int(started.headers["Location"].split("/")[2])
    approve(app, assessment_id)
    page = owner.get(f"/assessments/{assessment_id}").get_data(as_text=True)
    assert 'id="out-of-date"' not in page  # the DPIA agrees with its record
    with app.app_context():
        from riskassess.models import RegisterRecord
        version = db.session.get(RegisterRecord, rid).version  # linking the DPIA saved it
        db.session.remove()
    dpo = as_role("dpo")
    post(dpo, f"/register/{rid}/edit", {
        **PAYROLL, "version": str(version),
        "data_categories": [*PAYROLL["data_categories"], "health_data"],
        "transfers": "États-Unis (clauses contractuelles types)"})
    owner = as_role("owner")
    page = " ".join(owner.get(f"/assessments/{assessment_id}").get_data(as_text=True).split())
    assert 'id="out-of-date"' in page
    section = page.split('id="out-of-date"')[1].split("</section>")[0]
    assert "États-Unis (clauses contractuelles types)" in section  # transfers, now declared
    assert "Santé" in section or "santé" in section  # the new data category
    with app.app_context():
        told = {(n.user_id, n.kind) for n in db.session.query(Notification).filter_by(
            kind="out_of_date")}
        people = {u.email: u.id for u in db.session.query(User)}
        db.session.remove()
    assert (people["owner@demo.riskassess.test"], "out_of_date") in told
    assert (people["dpo@demo.riskassess.test"], "out_of_date") not in told  # the DPO did it
