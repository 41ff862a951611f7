"""Answers given by a use-case template are marked « Du modèle » in the wizard until the owner
confirms them by saving their step (issue 21, part 6); answers typed by people never are."""

from __future__ import annotations

from collections import Counter

from sqlalchemy import select

from riskassess.extensions import db
from riskassess.models import Answer
from riskassess.services.catalogue import default_questionnaire
from tests.helpers import form_fields
from tests.web.test_owner import create, save


def prefilled_by_module(in_app, assessment_id: int) -> Counter:
    def load():
        questionnaire = default_questionnaire()
        return Counter(questionnaire.module_of(qid).id for qid in db.session.scalars(
            select(Answer.question_id).where(Answer.assessment_id == assessment_id,
                                              Answer.prefilled)))
    return in_app(load)


def stored_answers(in_app, assessment_id: int) -> dict:
    return in_app(lambda: {a.question_id: a.value for a in db.session.scalars(
        select(Answer).where(Answer.assessment_id == assessment_id))})


def test_template_answers_are_marked_until_their_step_is_saved(as_role, in_app):
    client = as_role("owner")
    assessment_id = create(client, title="Détection de fraude", template="bank_fraud")
    before = prefilled_by_module(in_app, assessment_id)
    module_id, count = before.most_common(1)[0]
    assert count >= 2 and len(before) >= 2  # several steps hold template answers
    page = client.get(f"/assessments/{assessment_id}/modules/{module_id}").get_data(
        as_text=True)
    assert 'id="prefilled-notice"' in page
    assert f"{count} réponses de cette étape viennent du modèle de cas d’usage" in page
    assert page.count('<p class="prefilled">') >= 1

    answers = stored_answers(in_app, assessment_id)
    fields = {}
    with client.application.app_context():
        for question in default_questionnaire().module(module_id).questions:
            if question.id in answers:  # the step sent back as it is: confirmed
                fields.update(form_fields(question, answers[question.id]))
    assert save(client, assessment_id, module_id, fields).status_code == 302

    after = prefilled_by_module(in_app, assessment_id)
    assert module_id not in after
    assert after == Counter({m: n for m, n in before.items() if m != module_id})
    assert stored_answers(in_app, assessment_id) == answers  # confirmed, not changed
    page = client.get(f"/assessments/{assessment_id}/modules/{module_id}").get_data(
        as_text=True)
    assert 'id="prefilled-notice"' not in page and '<p class="prefilled">' not in page


def test_answers_of_an_assessment_without_a_template_are_never_marked(as_role, in_app):
    client = as_role("owner")
    assessment_id = create(client, title="Sans modèle")
    assert stored_answers(in_app, assessment_id)  # the sector, given at creation
    assert prefilled_by_module(in_app, assessment_id) == Counter()
