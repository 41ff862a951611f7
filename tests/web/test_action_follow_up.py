"""The follow-up of planned measures: statuses with what each needs, the risk levels that
follow, the organisation's action list and its CSV, within what each user may see."""

from __future__ import annotations

import csv
import io

from riskassess.extensions import db
from riskassess.models import ActionItem, Assessment, AssessmentOutcome, AuditEvent
from riskassess.services.assessments import profile
from tests.conftest import post

MEASURE = "sec_pseudonymisation"  # planned in the demo's approved assessment


def follow(client, assessment_id, **fields):
    return post(client, f"/assessments/{assessment_id}/actions/{MEASURE}", fields,
                follow_redirects=True).get_data(as_text=True)


def items(app, assessment_id):
    with app.app_context():
        found = {i.question_id: (i.status, i.owner, i.due and i.due.isoformat())
                 for i in db.session.query(ActionItem).filter_by(assessment_id=assessment_id)}
        db.session.remove()
        return found


def levels(app, assessment_id):
    """(initial, residual) severity × likelihood of every risk, as the profile counts them,
    and how the measure counts in each risk it addresses (its reasons' kinds)."""
    with app.app_context():
        risks = profile(db.session.get(Assessment, assessment_id)).risks.risks
        db.session.remove()
        return ({r.id: (r.initial.severity * r.initial.likelihood,
                        r.residual.severity * r.residual.likelihood) for r in risks},
                {r.id: {x.kind for x in r.reasons if x.question_id == MEASURE} for r in risks
                 if any(x.question_id == MEASURE for x in r.reasons)})


def test_done_needs_evidence_and_then_counts_as_in_place(as_role, demo, app):
    approved = demo["assessments"]["approved"]
    before, counted = levels(app, approved)
    assert counted and all(kinds == {"planned"} for kinds in counted.values())
    owner = as_role("owner")
    page = follow(owner, approved, status="done")
    assert "Une mesure réalisée a besoin de sa preuve" in page
    page = follow(owner, approved, status="done",
                  evidence="Pseudonymisation des identifiants activée le 2 novembre.")
    assert "Suivi enregistré." in page
    assert items(app, approved)[MEASURE][0] == "done"
    after, counted_after = levels(app, approved)
    # in place now: counted as an existing protection (initial and residual levels), so no
    # level can rise
    assert counted_after.keys() == counted.keys()
    assert all(kinds == {"existing"} for kinds in counted_after.values())
    assert all(after[r][0] <= before[r][0] and after[r][1] <= before[r][1] for r in before)
    with app.app_context():
        assessment = db.session.get(Assessment, approved)
        assert assessment.answer_values()[MEASURE]["status"] == "planned"  # answer untouched
        assert db.session.get(AssessmentOutcome, approved).open_actions == 2
        assert db.session.query(AuditEvent).filter_by(action="action.followed_up").count() == 1
        db.session.remove()


def test_abandoned_needs_a_reason_and_stops_lowering_the_risk(as_role, demo, app):
    approved = demo["assessments"]["approved"]
    before, _counted = levels(app, approved)
    dpo = as_role("dpo")
    assert "Dites pourquoi la mesure est abandonnée." in follow(dpo, approved,
                                                                status="abandoned")
    follow(dpo, approved, status="abandoned", reason="Le prestataire ne la propose pas.")
    after, counted = levels(app, approved)
    # no longer a protection anywhere: no residual level can fall
    assert all(kinds.isdisjoint({"planned", "existing"}) for kinds in counted.values())
    assert all(after[r][1] >= before[r][1] for r in before)
    assert items(app, approved)[MEASURE][0] == "abandoned"


def test_owner_and_due_date_change_and_the_list_follows(as_role, demo, app):
    approved = demo["assessments"]["approved"]
    owner = as_role("owner")
    follow(owner, approved, status="in_progress", owner_name="Équipe sécurité",
           due="2020-02-01")
    assert items(app, approved)[MEASURE] == ("in_progress", "Équipe sécurité", "2020-02-01")
    dpo = as_role("dpo")
    late = dpo.get("/actions?show=late").get_data(as_text=True)
    assert "Pseudonymisation" in late and "en retard" in late
    assert "Pseudonymisation" not in dpo.get("/actions?show=done").get_data(as_text=True)
    assert dpo.get("/assessments?actions=late").get_data(as_text=True).count(
        "Détection de fraude bancaire en temps réel") == 1


def test_the_organisation_list_and_its_csv_stay_within_what_each_may_see(as_role, demo, app,
                                                                         other_org):
    approved = demo["assessments"]["approved"]
    owner = as_role("owner")
    follow(owner, approved, status="planned", owner_name="=HYPERLINK(\"http://x\")",
           due="2027-05-01")
    auditor = as_role("auditor")
    rows = list(csv.reader(io.StringIO(auditor.get("/actions.csv").get_data(as_text=True))))
    assert rows[0] == ["assessment_id", "assessment", "measure", "question_id", "status",
                       "owner", "due"]
    assert len(rows) == 4  # the three planned measures of the approved assessment
    hostile = next(r for r in rows if r[3] == MEASURE)
    assert hostile[5].startswith("'=")  # formula-safe
    other = as_role("owner")  # an owner sees only the actions of their own assessments
    assert len(list(csv.reader(io.StringIO(other.get("/actions.csv").get_data(
        as_text=True))))) == 4
    from tests.conftest import login
    client = auditor
    post(client, "/logout")
    login(client, "dpo@other.test")
    page = client.get("/actions").get_data(as_text=True)
    assert "Projet d&#39;une autre organisation" in page  # their own organisation's actions
    assert "Détection de fraude bancaire" not in page


def test_reminders_skip_what_is_done_and_reach_the_owner_given(as_role, demo, app, in_app):
    from datetime import date

    from riskassess.models import Notification, User
    from riskassess.services import reminders

    approved = demo["assessments"]["approved"]
    owner = as_role("owner")
    follow(owner, approved, status="done", evidence="Fait.")
    decider = demo["users"]["decider"]
    post(owner, f"/assessments/{approved}/actions/fai_stakeholders",
         {"status": "in_progress", "owner_user_id": str(decider), "due": "2027-01-10"})

    def scan():
        reminders.scan(today=date(2027, 3, 25))  # the done measure was due 2027-03-31
        return {(n.user_id, n.details["measure"]) for n in db.session.query(Notification)
                .filter(Notification.kind.in_(("action_due", "action_late")))}

    told = in_app(scan)
    owner_id = in_app(lambda: db.session.query(User).filter_by(
        email="owner@demo.riskassess.test").one().id)
    assert (decider, "fai_stakeholders") in told and (owner_id, "fai_stakeholders") in told
    assert not any(measure == MEASURE for _user, measure in told)  # done: never reminded
