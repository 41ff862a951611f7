"""The review loop as people live it, in Chromium, in French and in English: the owner
submits → the DPO remarks on two answers from the review screen and sends the assessment back
→ the owner finds both remarks on the right step, fixes one answer, replies to both and
submits again → the DPO sees only what changed, resolves, gives the opinion → the decider
decides. Each step's notification is in the app (the bell) and, sent by the real worker
process, in the test SMTP server's mailbox; axe-core checks the new screens."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from riskassess.extensions import db
from riskassess.models import Assessment, User
from tests.conftest import EMAILS
from tests.e2e.browser import log_in, log_out
from tests.e2e.test_accessibility import AXE, Audit
from tests.mailserver import body
from tests.web.test_worker_process import start_worker, wait_for

pytestmark = pytest.mark.e2e

TITLE = "Tri des réclamations clients"
WORDS = {
    "fr": {"submit": "Soumettre au DPO", "remark": "Faire une remarque",
           "send_remark": "Envoyer la remarque",
           "send_back": "Renvoyer aux auteurs pour modifications",
           "your_opinion": "Votre avis, ou ce qu’il faut modifier", "record": "Enregistrer",
           "reply": "Répondre", "resolve": "Marquer comme résolue", "save": "Enregistrer",
           "favourable": "Favorable avec réserves",
           "approve_conditions": "Approuver sous conditions",
           "conditions": "Conditions, ou motifs de la décision",
           "record_decision": "Enregistrer la décision", "only_changed": "Contexte",
           "returned": "Le DPO vous a renvoyé cette analyse", "changed": "1 réponse a changé",
           "generated": "son rapport PDF est prêt ci-dessous",
           "expected": "Votre décision est attendue"},
    "en": {"submit": "Submit to the DPO", "remark": "Make a remark",
           "send_remark": "Send the remark", "send_back": "Send back to the authors for changes",
           "your_opinion": "Your opinion, or what to change", "record": "Record",
           "reply": "Reply", "resolve": "Mark as resolved", "save": "Save",
           "favourable": "Favourable with reservations",
           "approve_conditions": "Approve with conditions",
           "conditions": "Conditions, or the reasons of the decision",
           "record_decision": "Record the decision", "only_changed": "Context",
           "returned": "The DPO sent this assessment back to you", "changed": "1 answer changed",
           "generated": "its PDF report is ready below",
           "expected": "Your decision is expected"},
}


def _prepare(in_app, demo) -> int:
    """A complete draft of the demo owner, ready to submit."""
    from riskassess.services import assessments
    from riskassess.services.demo import FRAUD

    def create():
        owner = db.session.get(User, demo["users"]["owner"])
        assessment = assessments.create(owner, TITLE, "", "banking_finance",
                                        template_id="bank_fraud")
        assessments.import_answers(assessment, FRAUD)
        return assessment.id

    return in_app(create)


def enter(page, role, lang):
    """Log in (on a login page in whatever language the browser's session had), then make
    sure the interface is in `lang`."""
    page.goto("/login")
    log_in(page, role, page.locator("html").get_attribute("lang"))
    if page.locator("html").get_attribute("lang") != lang:
        with page.expect_navigation():
            page.get_by_role("button", name="English" if lang == "en" else "Français").click()


def bell(page) -> int:
    """The unread count the bell shows (fetched by the page)."""
    count = page.locator("#bell-count")
    try:
        count.wait_for(state="visible", timeout=5_000)
    except Exception:  # noqa: BLE001 -- hidden: nothing unread
        return 0
    return int(count.inner_text())


def click_and_wait(locator):
    with locator.page.expect_navigation():
        locator.click()


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_review_loop_with_notifications(browser, live_server, app, demo, in_app, smtp,
                                           _smtp_server, lang):
    w = WORDS[lang]
    assessment_id = _prepare(in_app, demo)
    show = f"/assessments/{assessment_id}"
    context = browser.new_context(base_url=live_server, locale="fr-FR")
    context.add_init_script(path=str(AXE))
    page = context.new_page()
    page.set_default_timeout(15_000)
    audit = Audit(page)
    worker = start_worker(app, _smtp_server.port)
    try:
        # --- the owner submits
        enter(page, "owner", lang)
        page.goto(show)
        click_and_wait(page.get_by_role("button", name=w["submit"]))
        log_out(page, lang)

        # --- the DPO: the bell, then two remarks on answers of the context step
        enter(page, "dpo", lang)
        assert bell(page) >= 1
        page.goto("/notifications")
        audit.check("notifications")
        click_and_wait(page.locator("li.notification.unread").filter(has_text=TITLE)
                       .get_by_role("button").first)
        assert page.url.endswith(show)
        page.goto(f"{show}/modules/context")
        for question, text in (("ctx_retention", "Quelle durée exacte ?"),
                               ("ctx_purposes", "Détaillez la deuxième finalité.")):
            block = page.locator(f"#block-{question}")
            block.get_by_text(w["remark"]).click()
            block.locator("textarea").fill(text)
            click_and_wait(block.get_by_role("button", name=w["send_remark"]))
            assert page.locator(f"#block-{question} li.remark").filter(has_text=text).count() == 1
        page.goto(show)
        page.get_by_label(w["send_back"]).check()
        page.get_by_label(w["your_opinion"]).fill("Voir mes deux remarques.")
        click_and_wait(page.locator("#opinion-form").get_by_role("button", name=w["record"]))
        log_out(page, lang)

        # --- the owner: both remarks, on the right step; one answer fixed; two replies
        enter(page, "owner", lang)
        assert bell(page) >= 3  # two remarks and the send-back
        page.goto(show)
        top = page.locator("section.next-step")
        assert w["returned"] in top.inner_text()
        click_and_wait(top.get_by_role("link").first)
        assert "/modules/context" in page.url
        page.locator('input[name="ctx_retention"][value="defined_manual"]').check()
        click_and_wait(page.get_by_role("button", name=w["save"], exact=True))
        for question, reply in (("ctx_retention", "Purge automatique à 13 mois."),
                                ("ctx_purposes", "Détection de la fraude au paiement.")):
            thread = page.locator(f"#block-{question} li.remark")
            thread.locator("textarea").fill(reply)
            click_and_wait(thread.get_by_role("button", name=w["reply"]))
        page.goto(show)
        click_and_wait(page.get_by_role("button", name=w["submit"]))
        log_out(page, lang)

        # --- the DPO sees only the change, resolves both, gives the opinion
        enter(page, "dpo", lang)
        page.goto(show)
        assert w["changed"] in page.locator("section.next-step").inner_text()
        audit.check("resubmitted assessment: what changed")
        click_and_wait(page.locator("ul.changed-steps").get_by_role(
            "link", name=w["only_changed"]))
        assert page.locator(".question.read-only").count() == 1
        expect(page.locator("#block-ctx_retention")).to_be_visible()
        audit.check("step: only what changed")
        page.goto(f"{show}/diff?from=r1&to=r2")
        assert "Purge automatique à 13 mois." in \
            page.locator("#change-ctx_retention").inner_text()
        audit.check("changes between two submissions")
        page.goto(f"{show}/modules/context")
        for _ in range(2):
            click_and_wait(page.locator("li.remark").get_by_role("button", name=w["resolve"])
                           .first)
        page.goto(show)
        page.locator("#opinion-form").get_by_label(w["favourable"]).check()
        page.get_by_label(w["your_opinion"]).fill("Avis favorable, sous réserve d’un audit.")
        click_and_wait(page.locator("#opinion-form").get_by_role("button", name=w["record"]))
        log_out(page, lang)

        # --- the decider decides, with conditions
        enter(page, "decider", lang)
        assert bell(page) >= 1
        page.goto(show)
        assert w["expected"] in page.locator("section.next-step").inner_text()
        audit.check("decider: the decision form")
        page.get_by_label(w["approve_conditions"]).check()
        page.get_by_label(w["conditions"]).fill("Audit des biais avant la mise en service.")
        click_and_wait(page.get_by_role("button", name=w["record_decision"]))
        assert w["generated"] in page.locator(".flash").inner_text()
        page.goto("/account/notifications")
        audit.check("e-mail preferences")
        log_out(page, lang)

        enter(page, "owner", lang)
        page.goto("/notifications")
        items = page.locator("li.notification").filter(has_text=TITLE)
        assert items.count() >= 5
        log_out(page, lang)
        enter(page, "admin", lang)
        page.goto("/admin/outbox")
        audit.check("outbox")

        # --- every step's message reached the SMTP server, sent by the worker process
        expected = {EMAILS["dpo"]: 4, EMAILS["owner"]: 5, EMAILS["decider"]: 1}
        assert wait_for(lambda: all(
            len([m for m in smtp.to(address) if TITLE in body(m)]) >= n
            for address, n in expected.items())), \
            {a: [m["Subject"] for m in smtp.to(a)] for a in expected}
    finally:
        if worker.returncode is None:
            worker.terminate()
            worker.communicate(timeout=30)
        context.close()
    state = in_app(lambda: db.session.get(Assessment, assessment_id).status)
    assert state == "approved"
    owner_mail = [m["Subject"] for m in smtp.to(EMAILS["owner"])]
    assert any(re.search("remarque|remark", s) for s in owner_mail)
    audit.assert_clean()
