"""The living DPIA's other causes and its re-review: a monitoring measurement worse than the
one the decision relied on; a register field that bears on answers (third-party recipients);
new questionnaire content that moves the screening verdict. The owner brings the assessment up
to date on one page with only the items concerned; the DPO reviews what changed since the
approved revision."""

from __future__ import annotations

import io

from sqlalchemy import func, select

from riskassess.extensions import db
from riskassess.models import Assessment, LivingNotice, Notification, RegisterRecord, User
from riskassess.services import assessments, evidence, living
from tests.conftest import post
from tests.web.test_living_dpia import SCREENING, approve
from tests.web.test_owner import create
from tests.web.test_register import PAYROLL, record_id
from tests.web.test_versions import content_edited

QI = "code_postal, naissance, sexe"
HEADER = "code_postal;naissance;sexe\n"
K2 = HEADER + "75001;1980;F\n75001;1980;F\n69002;1975;M\n69002;1975;M\n"  # k = 2
K1 = HEADER + "75001;1980;F\n75001;1980;F\n69002;1975;M\n13001;1990;F\n"  # k = 1
K3 = HEADER + "75001;1980;F\n" * 3 + "69002;1975;M\n" * 3  # k = 3


def people(app) -> dict[str, int]:
    with app.app_context():
        found = {u.email.split("@")[0]: u.id for u in db.session.query(User)}
        db.session.remove()
    return found


def told(app, cause: str) -> set[int]:
    with app.app_context():
        found = {n.user_id for n in db.session.scalars(select(Notification).where(
            Notification.kind == "out_of_date")) if n.details.get("cause") == cause}
        db.session.remove()
    return found


def monitor(client, assessment_id: int, sample: str):
    return post(client, f"/assessments/{assessment_id}/evidence/reidentification",
                {"sample": (io.BytesIO(sample.encode()), "suivi.csv"),
                 "quasi_identifiers": QI, "stage": "protected"},
                content_type="multipart/form-data")


def banner(client, assessment_id: int) -> str:
    page = " ".join(client.get(f"/assessments/{assessment_id}").get_data(as_text=True).split())
    return page.split('id="out-of-date"')[1].split("</section>")[0] \
        if 'id="out-of-date"' in page else ""


def test_a_worse_measurement_on_an_approved_assessment_puts_it_out_of_date(as_role, demo, app,
                                                                        in_app):
    owner = as_role("owner")
    assessment_id = create(owner)

    def baseline():
        assessment = db.session.get(Assessment, assessment_id)
        evidence.measure_reidentification(
            assessment.owner, assessment, io.BytesIO(K2.encode()), "base.csv",
            [c.strip() for c in QI.split(",")], None)

    in_app(baseline)
    approve(app, assessment_id)
    owner = as_role("owner")
    assert banner(owner, assessment_id) == ""
    assert monitor(owner, assessment_id, K1).status_code == 302
    section = banner(owner, assessment_id)
    assert "k-anonymat (plus petite classe) <del>2</del> → <ins>1</ins>" in section
    # the approved version's levels are untouched: the measurement waits for a new revision
    assert in_app(lambda: db.session.get(Assessment, assessment_id)
                  .latest_measurements()["reidentification"]["k"]) == 2
    who = people(app)
    assert told(app, "measurement") == {who["dpo"]}  # the owner measured: the DPO is told
    # a later, better measurement is what the data is now: no longer out of date
    assert monitor(owner, assessment_id, K3).status_code == 302
    assert banner(owner, assessment_id) == ""
    assert in_app(lambda: db.session.scalar(select(func.count()).select_from(LivingNotice))) \
        == 1
    # the DPO measures a worse sample again: the owner is told this time
    dpo = as_role("dpo")
    assert monitor(dpo, assessment_id, K1).status_code == 302
    assert who["owner"] in told(app, "measurement")
    # the owner brings it up to date: a new revision where the measurements count
    owner = as_role("owner")
    page = owner.get(f"/assessments/{assessment_id}/out-of-date").get_data(as_text=True)
    assert "Aucune réponse à modifier ici" in page
    version = in_app(lambda: db.session.get(Assessment, assessment_id).version)
    response = post(owner, f"/assessments/{assessment_id}/out-of-date",
                    {"version": str(version)})
    assert response.status_code == 302
    assessment = in_app(lambda: (lambda a: (a.revision, a.status,
                                            a.latest_measurements()["reidentification"]["k"],
                                            [m.pending for m in a.measurements]))(
        db.session.get(Assessment, assessment_id)))
    assert assessment == (2, "draft", 1, [False, False, False, False])
    assert banner(owner, assessment_id) == ""


def test_a_third_party_recipient_in_the_record_asks_for_that_answer_only(as_role, demo, app,
                                                                         in_app):
    owner = as_role("owner")
    rid = record_id(post(owner, "/register/new", PAYROLL))
    started = post(owner, f"/register/{rid}/dpia", {})
    assessment_id = int(started.headers["Location"].split("/")[2])
    approve(app, assessment_id)
    recipients = in_app(lambda: db.session.get(Assessment, assessment_id)
                        .answer_values()["ctx_recipients"])
    assert "partners" not in recipients
    version = in_app(lambda: db.session.get(RegisterRecord, rid).version)
    dpo = as_role("dpo")
    post(dpo, f"/register/{rid}/edit", {**PAYROLL, "version": str(version),
                                         "recipients_third_parties": "Mutuelle d’entreprise"})
    owner = as_role("owner")
    section = banner(owner, assessment_id)
    assert "Destinataires tiers" in section and "<ins>Mutuelle d’entreprise</ins>" in section
    assert "À qui les données" in section  # the question to review: ctx_recipients
    page = owner.get(f"/assessments/{assessment_id}/out-of-date").get_data(as_text=True)
    assert page.count('class="question') == 1 and 'name="ctx_recipients"' in page
    version = in_app(lambda: db.session.get(Assessment, assessment_id).version)
    bad = post(owner, f"/assessments/{assessment_id}/out-of-date",
               {"version": str(version), "ctx_recipients": ["no_such_recipient"]})
    assert bad.status_code == 422  # nothing opened, nothing saved
    assert in_app(lambda: db.session.get(Assessment, assessment_id).revision) == 1
    response = post(owner, f"/assessments/{assessment_id}/out-of-date",
                    {"version": str(version), "ctx_recipients": [*recipients, "partners"]})
    assert response.status_code == 302
    assessment = in_app(lambda: (lambda a: (a.revision, a.status,
                                            a.answer_values()["ctx_recipients"]))(
        db.session.get(Assessment, assessment_id)))
    assert assessment == (2, "draft", [*recipients, "partners"])
    post(owner, f"/assessments/{assessment_id}/submit", {})
    dpo = as_role("dpo")
    page = " ".join(dpo.get(f"/assessments/{assessment_id}").get_data(as_text=True).split())
    assert "Révision 2 : 1 réponse modifiée depuis la révision 1 approuvée" in page
    step = dpo.get(f"/assessments/{assessment_id}/modules/context?changed=1").get_data(
        as_text=True)
    assert 'id="block-ctx_recipients"' in step and 'id="block-ctx_purposes"' not in step
    assert "1 réponse de cette étape a changé depuis la révision approuvée" in step


def test_new_content_that_moves_the_verdict_puts_an_approved_assessment_out_of_date(
        as_role, demo, app, in_app):
    """The CNIL's exemption list (GDPR Art. 35(5), délibération 2019-118) makes a DPIA not
    required for supplier relationship management; content that no longer exempts it leaves
    the two WP248 criteria answered (evaluation of people, vulnerable data subjects:
    employees), which make it required (WP248 rev.01: "in most cases")."""
    owner = as_role("owner")
    assessment_id = create(owner)

    def answer():
        assessments.import_answers(db.session.get(Assessment, assessment_id),
                                   {**SCREENING, "scr_cnil_exempt": ["suppliers"]})
        return assessments.profile(db.session.get(Assessment, assessment_id)).screening.verdict

    assert in_app(answer) == "not_required"
    approve(app, assessment_id)

    def no_longer_exempt(sources):
        text = sources["modules/screening.yaml"]
        assert "        flags: [exempt_suppliers]\n" in text
        sources["modules/screening.yaml"] = text.replace("        flags: [exempt_suppliers]\n",
                                                         "")

    with content_edited(app, no_longer_exempt):
        owner = as_role("owner")
        section = banner(owner, assessment_id)
        assert "AIPD non requise → AIPD obligatoire" in section
        assert in_app(living.tell_content_changes) == 1
        assert in_app(living.tell_content_changes) == 0  # told once per content version
        who = people(app)
        assert {who["owner"], who["dpo"]} <= told(app, "content")
        version = in_app(lambda: db.session.get(Assessment, assessment_id).version)
        post(owner, f"/assessments/{assessment_id}/out-of-date", {"version": str(version)})
        assessment = in_app(lambda: db.session.get(Assessment, assessment_id))
        assert (assessment.revision, assessment.status) == (2, "draft")
        assert in_app(lambda: assessments.profile(db.session.get(
            Assessment, assessment_id)).screening.verdict) == "required"
