"""Remarks where the owner works (issue 16, points 1 and 2): the DPO remarks on the answers
themselves from the read-only steps, the owner finds them next to the questions after a
send-back and answers in place, the DPO resolves; module evaluations are saved together with
nothing preselected, and deciding with points unsettled needs a justification."""

from __future__ import annotations

import re

from sqlalchemy import select

from riskassess.extensions import db
from riskassess.models import Assessment, AuditEvent, ModuleEvaluation, ReviewComment
from tests.conftest import give_opinion, post
from tests.conftest import login as sign_in
from tests.web.test_owner import save

OWNER, DPO = "owner@demo.riskassess.test", "dpo@demo.riskassess.test"
PURPOSES = "Quelles sont les finalités du traitement"


def login(client, email):
    post(client, "/logout")  # one browser, one person at a time
    sign_in(client, email)


def remark(client, assessment_id, target, body, module_id):
    return post(client, f"/assessments/{assessment_id}/comments",
                {"target": target, "body": body, "back": f"module:{module_id}",
                 "spot": f"block-{target.split(':')[1]}"})


def threads(in_app, assessment_id):
    return in_app(lambda: [(c.target_type, c.target_id, c.body, c.parent_id is None,
                            c.resolved_at is not None) for c in db.session.scalars(
        select(ReviewComment).where(ReviewComment.assessment_id == assessment_id,
                                    ReviewComment.kind == "comment")
        .order_by(ReviewComment.id))])


def test_the_loop_from_the_dpos_remark_to_its_resolution(client, demo, in_app):
    submitted = demo["assessments"]["submitted"]
    login(client, DPO)
    step = client.get(f"/assessments/{submitted}/modules/context").get_data(as_text=True)
    # the review screen reads as text: chosen options as words, no greyed-out controls
    assert 'type="radio"' not in step.split('class="card questionnaire"')[1].split("</form>")[0]
    assert '<p class="answer-text">' in step and "Faire une remarque" in step
    response = remark(client, submitted, "question:ctx_purposes", "Précisez la finalité 2.",
                      "context")
    assert response.headers["Location"].endswith(
        f"/assessments/{submitted}/modules/context#block-ctx_purposes")
    remark(client, submitted, "question:ctx_retention", "Quelle durée exacte ?", "context")
    post(client, f"/assessments/{submitted}/opinion",
         {"action": "request_changes", "text": "Voir mes deux remarques."})

    login(client, OWNER)
    page = client.get(f"/assessments/{submitted}").get_data(as_text=True)
    top = page.split('class="banner"')[0]
    assert "Le DPO vous a renvoyé cette analyse" in top and "Voir mes deux remarques." in top
    assert "2 remarques à traiter" in top and PURPOSES in top  # the question's text, no id
    assert "ctx_purposes</code>" not in page
    step = client.get(f"/assessments/{submitted}/modules/context").get_data(as_text=True)
    block = step.split('id="block-ctx_purposes"')[1].split('id="block-')[0]
    assert "Précisez la finalité 2." in block and "Ouverte" in block
    reply_to = int(re.search(r'form="reply-form-(\d+)"', block).group(1))
    assert f'<form id="reply-form-{reply_to}"' in step.split("</form>", 1)[1]  # outside
    response = post(client, f"/assessments/{submitted}/comments",
                    {"parent_id": str(reply_to), "body": "Fidéliser : programme de points.",
                     "back": "module:context", "spot": f"comment-{reply_to}"})
    assert response.headers["Location"].endswith(f"/modules/context#comment-{reply_to}")
    assert "Répondue" in client.get(f"/assessments/{submitted}/modules/context").get_data(
        as_text=True).split('id="block-ctx_purposes"')[1].split('id="block-')[0]
    assert post(client, f"/assessments/{submitted}/comments/{reply_to}/resolve",
                {}).status_code == 403  # the owner answers, the DPO resolves
    # the step's own form still saves answers, the reply is not one of them
    assert save(client, submitted, "context", {"ctx_controller": "Démo SA"}).status_code == 302

    login(client, DPO)
    post(client, f"/assessments/{submitted}/comments/{reply_to}/resolve",
         {"back": "module:context", "spot": f"comment-{reply_to}"})
    found = threads(in_app, submitted)
    assert found[0] == ("question", "ctx_purposes", "Précisez la finalité 2.", True, True)
    assert found[1][:2] == ("question", "ctx_retention") and found[1][4] is False
    assert in_app(lambda: db.session.scalar(select(AuditEvent.action).where(
        AuditEvent.action == "comment.resolved"))) == "comment.resolved"


def test_a_reply_or_another_assessments_remark_cannot_be_resolved(as_role, demo, in_app):
    submitted, approved = demo["assessments"]["submitted"], demo["assessments"]["approved"]
    client = as_role("dpo")
    remark(client, submitted, "question:ctx_purposes", "Une remarque", "context")
    root = in_app(lambda: db.session.scalar(select(ReviewComment.id).where(
        ReviewComment.body == "Une remarque")))
    post(client, f"/assessments/{submitted}/comments", {"parent_id": str(root), "body": "Suite"})
    reply = in_app(lambda: db.session.scalar(select(ReviewComment.id).where(
        ReviewComment.body == "Suite")))
    page = post(client, f"/assessments/{submitted}/comments/{reply}/resolve", {},
                follow_redirects=True).get_data(as_text=True)
    assert "Le commentaire auquel vous répondez n’existe pas." in page
    assert post(client, f"/assessments/{approved}/comments/{root}/resolve",
                {}).status_code == 403  # frozen: nothing to discuss any more
    assert not any(t[4] for t in threads(in_app, submitted))


def test_module_evaluations_are_saved_together_all_or_none(as_role, demo, in_app):
    submitted = demo["assessments"]["submitted"]
    client = as_role("dpo")
    page = client.get(f"/assessments/{submitted}").get_data(as_text=True)
    table = page.split('id="evaluations"')[1].split("</table>")[0]
    assert table.count('<option value="" selected>— non évalué —</option>') == 9
    assert "selected>Acceptable" not in table  # nothing evaluated before the DPO says so

    def evaluations():
        return in_app(lambda: {e.module_id: (e.status, e.comment) for e in db.session.scalars(
            select(ModuleEvaluation).where(ModuleEvaluation.assessment_id == submitted))})

    refused = post(client, f"/assessments/{submitted}/evaluations",
                   {"status-context": "acceptable", "status-security": "to_correct",
                    "comment-security": ""}, follow_redirects=True).get_data(as_text=True)
    assert "demandent un commentaire" in refused, re.findall(r"class=\"flash[^<]*<", refused)
    assert evaluations() == {}  # all or none
    post(client, f"/assessments/{submitted}/evaluations",
         {"status-context": "acceptable", "status-security": "to_correct",
          "comment-security": "Chiffrement absent.", "status-principles": ""})
    assert evaluations() == {"context": ("acceptable", ""),
                             "security": ("to_correct", "Chiffrement absent.")}


def test_an_opinion_with_points_unsettled_needs_a_justification(client, demo, in_app):
    submitted = demo["assessments"]["submitted"]
    login(client, DPO)
    post(client, f"/assessments/{submitted}/evaluations",
         {"status-security": "to_correct", "comment-security": "Chiffrement absent."})
    page = client.get(f"/assessments/{submitted}").get_data(as_text=True)
    assert "Des points ne sont pas réglés (modules «\u00a0à corriger\u00a0»\u00a0: 1" in page
    refused = give_opinion(client, submitted, follow_redirects=True).get_data(as_text=True)
    assert "dites pourquoi vous rendez votre avis maintenant" in refused
    assert in_app(lambda: db.session.get(Assessment, submitted).status) == "submitted"
    give_opinion(client, submitted,
                 justification="Le chiffrement est livré lundi, vérifié par le RSSI.")
    assert in_app(lambda: db.session.get(Assessment, submitted).status) == "opinion_given"
    kinds = in_app(lambda: [(c.kind, c.body) for c in db.session.get(
        Assessment, submitted).comments])
    assert ("unsettled_justification",
            "Le chiffrement est livré lundi, vérifié par le RSSI.") in kinds
    assert in_app(lambda: db.session.scalar(select(AuditEvent.action).where(
        AuditEvent.action == "assessment.opinion_with_unsettled_points")))


def test_the_step_shows_the_dpos_evaluation_to_the_owner(client, demo):
    submitted = demo["assessments"]["submitted"]
    login(client, DPO)
    post(client, f"/assessments/{submitted}/evaluations",
         {"status-security": "to_improve", "comment-security": "Journaliser les accès."})
    post(client, f"/assessments/{submitted}/opinion",
         {"action": "request_changes", "text": "Voir la sécurité."})
    login(client, OWNER)
    step = client.get(f"/assessments/{submitted}/modules/security").get_data(as_text=True)
    review = step.split('id="step-review"')[1].split("</section>")[0]
    assert "Évaluation du DPO\u00a0: À améliorer" in review or \
        "Évaluation du DPO: À améliorer" in review
    assert "Journaliser les accès." in review
    page = client.get(f"/assessments/{submitted}").get_data(as_text=True)
    assert "Étapes que le DPO vous demande de reprendre" in page


def test_the_summary_speaks_to_its_reader(client, demo):
    submitted, draft = demo["assessments"]["submitted"], demo["assessments"]["draft"]
    login(client, DPO)
    page = client.get(f"/assessments/{submitted}/summary").get_data(as_text=True)
    assert "Récapitulatif des réponses" in page and "avant soumission" not in page
    assert "signalées à votre DPO" not in page
    login(client, OWNER)
    page = client.get(f"/assessments/{draft}/summary").get_data(as_text=True)
    assert "Récapitulatif avant soumission" in page


def test_a_risks_remarks_sit_under_its_row(client, demo, in_app):
    """A remark on a risk is made under the risk and shown there (once: the page's list of
    remarks links to it), answered there and resolved there."""
    submitted = demo["assessments"]["submitted"]
    login(client, DPO)
    page = client.get(f"/assessments/{submitted}").get_data(as_text=True)
    assert 'id="comment-target"' not in page  # no drop-down of every target any more
    risk_id = re.search(r'<tr id="risk-([a-z_]+)">', page).group(1)
    assert f'form="remark-risk-{risk_id}-form"' in page
    response = post(client, f"/assessments/{submitted}/comments",
                    {"target": f"risk:{risk_id}", "body": "Niveau résiduel à justifier.",
                     "back": "page", "spot": f"risk-remarks-{risk_id}"})
    assert response.headers["Location"].endswith(
        f"/assessments/{submitted}#risk-remarks-{risk_id}")
    page = client.get(f"/assessments/{submitted}").get_data(as_text=True)
    row = page.split(f'id="risk-remarks-{risk_id}"')[1].split("</tr>")[0]
    assert "Niveau résiduel à justifier." in row and "Marquer comme résolue" in row
    root = re.search(r'id="comment-(\d+)"', row).group(1)
    assert page.count(f'id="comment-{root}"') == 1
    listed = page.split('class="remark-targets"')[1].split("</ul>")[0]
    assert f'href="#risk-remarks-{risk_id}"' in listed
    login(client, OWNER)
    page = client.get(f"/assessments/{submitted}").get_data(as_text=True)
    assert f'form="reply-form-{root}"' in page.split(f'id="risk-remarks-{risk_id}"')[1]
