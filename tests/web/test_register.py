"""The register of processing activities (GDPR Art. 30): records with the fields of Art. 30(1)
and (2), every problem of a form shown at once, versions with what changed, audited; owners
edit what they keep, DPOs everything, auditors read; other organisations see nothing."""

from __future__ import annotations

import re

from riskassess.extensions import db
from riskassess.models import AuditEvent, RegisterRecord
from tests.conftest import post

PAYROLL = {"kind": "controller", "name": "Gestion de la paie", "reference": "RH-01",
           "controller": "Démo Banque & Santé, 1 rue de la Paix, Paris",
           "dpo": "dpo@demo.riskassess.test", "service": "Ressources humaines",
           "purposes": "Calcul et versement des salaires ; déclarations sociales.",
           "legal_basis": "legal_obligation", "data_subjects": "Salariés",
           "data_categories": ["last_name", "first_name"],
           "recipients_internal": "Service paie", "recipients_processors": "Prestataire paie",
           "retention": "5 ans après le départ du salarié",
           "security_measures": "Accès restreint, journalisation"}


def record_id(response) -> int:
    return int(re.search(r"/register/(\d+)", response.headers["Location"]).group(1))


def test_an_owner_adds_a_record_and_every_problem_is_shown_at_once(as_role, demo, app):
    owner = as_role("owner")
    bad = post(owner, "/register/new", {**PAYROLL, "name": "", "legal_basis": "whim",
                                        "data_categories": ["last_name", "no_such"]})
    assert bad.status_code == 422
    page = bad.get_data(as_text=True)
    assert page.count('class="error"') == 3
    assert "Obligatoire." in page and "Ne fait pas partie des choix." in page
    assert "Catégorie de données inconnue." in page
    assert 'value="Démo Banque &amp; Santé, 1 rue de la Paix, Paris"' not in page  # textarea
    assert "Démo Banque &amp; Santé, 1 rue de la Paix, Paris" in page  # kept for the user
    created = post(owner, "/register/new", PAYROLL)
    assert created.status_code == 302
    shown = owner.get(f"/register/{record_id(created)}").get_data(as_text=True)
    assert "Obligation légale (art. 6.1.c)" in shown and "Nom de famille" in shown
    with app.app_context():
        record = db.session.query(RegisterRecord).one()
        assert record.values["data_categories"] == ["last_name", "first_name"]
        assert [v.number for v in record.versions] == [1]
        assert db.session.query(AuditEvent).filter_by(action="register.created").count() == 1
        db.session.remove()


def test_changes_are_versioned_with_old_and_new_values(as_role, demo, app):
    owner = as_role("owner")
    rid = record_id(post(owner, "/register/new", PAYROLL))
    saved = post(owner, f"/register/{rid}/edit", {
        **PAYROLL, "version": "1", "recipients_third_parties": "URSSAF",
        "data_categories": ["last_name", "first_name", "health_data"]}, follow_redirects=True)
    page = saved.get_data(as_text=True)
    assert "Fiche enregistrée (2 champs modifiés)." in page
    assert "URSSAF" in page and "sensible" in page  # health data is an Art. 9 category
    stale = post(owner, f"/register/{rid}/edit", {**PAYROLL, "version": "1",
                                                  "retention": "10 ans"},
                 follow_redirects=True)
    assert "Quelqu’un a modifié cette fiche" in stale.get_data(as_text=True)
    with app.app_context():
        record = db.session.get(RegisterRecord, rid)
        assert record.values["retention"] == PAYROLL["retention"]  # nothing overwritten
        assert record.versions[-1].changes == [
            ["data_categories", ["last_name", "first_name"],
             ["last_name", "first_name", "health_data"]],
            ["recipients_third_parties", "", "URSSAF"]]
        event = db.session.query(AuditEvent).filter_by(action="register.updated").one()
        assert event.details["fields"] == ["data_categories", "recipients_third_parties"]
        db.session.remove()


def test_who_reads_and_who_changes(as_role, demo, other_org):
    owner = as_role("owner")
    rid = record_id(post(owner, "/register/new", PAYROLL))
    dpo = as_role("dpo")
    assert post(dpo, f"/register/{rid}/edit", {**PAYROLL, "version": "1",
                                               "service": "DRH"}).status_code == 302
    auditor = as_role("auditor")
    assert "Gestion de la paie" in auditor.get("/register").get_data(as_text=True)
    assert auditor.get(f"/register/{rid}/edit").status_code == 403
    assert auditor.get("/register/new").status_code == 403
    from tests.conftest import login
    post(auditor, "/logout")
    login(auditor, "dpo@other.test")
    assert auditor.get(f"/register/{rid}").status_code == 404
    assert "Gestion de la paie" not in auditor.get("/register").get_data(as_text=True)


def test_a_processor_record_asks_for_the_controllers_served(as_role, demo):
    dpo = as_role("dpo")
    response = post(dpo, "/register/new", {"kind": "processor", "name": "Hébergement",
                                           "controller": "Démo Banque & Santé"})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert page.count("Obligatoire.") == 2  # controllers served, categories of processing
    assert "Finalités" not in page  # a controller's field
    created = post(dpo, "/register/new", {
        "kind": "processor", "name": "Hébergement", "controller": "Démo Banque & Santé",
        "controllers_served": "Client A", "processing_categories": "Hébergement de données"})
    page = " ".join(dpo.get(created.headers["Location"]).get_data(as_text=True).split())
    # GDPR Art. 35(1): the DPIA is the controller's; Art. 28(3)(f): the processor assists
    assert "le devoir du responsable de traitement" in page and "art. 28" in page
    assert "Commencer l’AIPD" not in page


def test_a_dpia_starts_from_the_record_with_what_it_says(as_role, demo, app):
    owner = as_role("owner")
    rid = record_id(post(owner, "/register/new", {
        **PAYROLL, "joint_controllers": "Filiale Démo Assurances",
        "recipients_third_parties": "URSSAF"}))
    started = post(owner, f"/register/{rid}/dpia", {})
    assert started.status_code == 302
    assessment_id = int(started.headers["Location"].split("/")[2])
    with app.app_context():
        from riskassess.models import Assessment
        answers = db.session.get(Assessment, assessment_id).answer_values()
        record = db.session.get(RegisterRecord, rid)
        assert record.assessment_id == assessment_id
        db.session.remove()
    # carried over as the record states them (Art. 30(1) fields → the DPIA's context)
    assert answers["ctx_purposes"] == PAYROLL["purposes"]
    assert answers["ctx_controller"] == PAYROLL["controller"]
    assert answers["ctx_joint_control"] == "yes"
    assert answers["ctx_data_categories"] == ["last_name", "first_name"]
    assert answers["ctx_recipients"] == ["internal_teams", "processors"]
    assert answers["ctx_transfers"] == "none"  # the register's field is empty: none
    assert answers["pri_legal_basis"] == ["legal_obligation"]
    assert "ctx_retention" not in answers  # free text the questionnaire asks as a choice
    again = post(owner, f"/register/{rid}/dpia", {}, follow_redirects=True)
    assert "Cette fiche a déjà son AIPD." in again.get_data(as_text=True)
    page = owner.get("/register").get_data(as_text=True)
    assert f'href="/assessments/{assessment_id}">Brouillon</a>' in page


def test_the_record_says_whether_a_dpia_is_needed_and_the_list_finds_those_without(
        as_role, demo, app):
    owner = as_role("owner")
    rid = record_id(post(owner, "/register/new", PAYROLL))
    page = owner.get(f"/register/{rid}").get_data(as_text=True)
    # the screening questions are not answered yet: the screening is incomplete
    assert "AIPD recommandée (pré-analyse incomplète)" in page
    # an evaluation of the employees (scoring) about vulnerable data subjects (employees):
    # two criteria of the WP248 guidelines, which make a DPIA required in most cases
    answers = {"scr_uses_ai": "no", "scr_evaluation": "yes", "scr_denial": "no",
               "scr_monitoring": "none", "scr_public_area": "no", "scr_sensitive": "none",
               "scr_scale_factors": "small", "scr_matching": "none",
               "scr_vulnerable": "employees", "scr_innovative": "none",
               "scr_cnil_list": "none", "scr_recital91": "no", "scr_cnil_exempt": "none",
               "scr_prior_assessment": "new", "scr_significant_decision": "minor"}
    response = post(owner, f"/register/{rid}/screening", answers, follow_redirects=True)
    page = response.get_data(as_text=True)
    assert "Pré-analyse enregistrée." in page
    assert "AIPD obligatoire" in page
    with app.app_context():
        assert db.session.get(RegisterRecord, rid).screening_verdict == "required"
        db.session.remove()
    assert "Gestion de la paie" in owner.get("/register?needs=dpia").get_data(as_text=True)
    post(owner, f"/register/{rid}/dpia", {})  # once it has its DPIA, it leaves that list
    assert "Gestion de la paie" not in owner.get("/register?needs=dpia").get_data(
        as_text=True)
    bad = post(owner, f"/register/{rid}/screening", {**answers, "scr_uses_ai": "perhaps"})
    assert bad.status_code == 422


def test_the_register_finds_the_dpias_due_for_review(as_role, demo, app):
    from datetime import date, timedelta

    from riskassess.models import Assessment

    owner = as_role("owner")
    rid = record_id(post(owner, "/register/new", PAYROLL))
    post(owner, f"/register/{rid}/dpia", {})
    with app.app_context():
        record = db.session.get(RegisterRecord, rid)
        assessment = db.session.get(Assessment, record.assessment_id)
        assessment.status, assessment.review_due_on = "approved", date.today() + timedelta(30)
        db.session.commit()
        db.session.remove()
    assert "Gestion de la paie" in owner.get("/register?review=due").get_data(as_text=True)
    with app.app_context():
        assessment = db.session.get(Assessment, db.session.get(
            RegisterRecord, rid).assessment_id)
        assessment.review_due_on = date.today() + timedelta(days=3 * 365)
        db.session.commit()
        db.session.remove()
    assert "Gestion de la paie" not in owner.get("/register?review=due").get_data(
        as_text=True)
