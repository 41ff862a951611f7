"""Loading use-case templates and checking their answers (a mixin of the loader)."""

from __future__ import annotations

from typing import Any

from riskassess.core.answers import AnswerError, is_draft_measure, parse_answer
from riskassess.core.questionnaire import Questionnaire, Template
from riskassess.core.yamlsource import Checker


class TemplateFiles:
    """Expects `document()`, `sources`, `broken` and `incomplete` on the loader."""

    broken: set[str]
    incomplete: bool

    # --- templates ---------------------------------------------------------------------------

    def load_templates(self, questionnaires: dict[str, Questionnaire]) -> dict[str, Template]:
        templates: dict[str, Template] = {}
        for relative in sorted(r for r in self.sources if r.startswith("templates/")):
            loaded = self.document(relative)
            if loaded is None:
                continue
            data, check = loaded
            if not check.mapping(data, "", {"id", "questionnaire", "sector", "title", "summary",
                                            "assessment", "answers"}, set()):
                continue
            tid = check.ident(data["id"], "id")
            if tid in templates:
                check.fail("id", f"duplicate template id '{tid}'")
            questionnaire = questionnaires.get(data["questionnaire"])
            if questionnaire is None:
                check.fail("questionnaire", f"unknown questionnaire '{data['questionnaire']}'")
                continue
            sector_question = questionnaire.question("ctx_sector")
            if sector_question is None or sector_question.option(data["sector"]) is None:
                check.fail("sector", f"'{data['sector']}' is not an option of ctx_sector")
            assessment = data["assessment"]
            a_title = a_desc = None
            if check.mapping(assessment, "assessment", {"title", "description"}, set()):
                a_title = check.text(assessment["title"], "assessment.title")
                a_desc = check.text(assessment["description"], "assessment.description")
            answers = self.template_answers(check, data["answers"], questionnaire)
            title = check.text(data["title"], "title")
            summary = check.text(data["summary"], "summary")
            if tid and title and summary and a_title and a_desc:
                templates[tid] = Template(tid, questionnaire.id, data["sector"], title, summary,
                                          a_title, a_desc, answers)
        return templates

    def template_answers(self, check: Checker, raw: Any, questionnaire: Questionnaire
                         ) -> dict[str, Any]:
        if not check.mapping(raw, "answers", set(), set(map(str, raw or {}))):
            return {}
        answers: dict[str, Any] = {}
        for question_id, value in raw.items():
            question = questionnaire.question(question_id)
            if question is None:
                if question_id not in self.broken and not self.incomplete:  # no cascades
                    check.fail(f"answers.{question_id}", f"unknown question '{question_id}'")
                continue
            if question.kind.free_text and isinstance(value, dict) \
                    and not value.get("unknown"):
                # free text pre-filled in both languages: the creator's language is used
                text = check.text(value, f"answers.{question_id}")
                if text is not None:
                    answers[question_id] = text
                continue
            try:
                parsed = parse_answer(question, value)
            except AnswerError as exc:
                check.fail(f"answers.{question_id}", f"invalid answer: {exc}")
                continue
            if is_draft_measure(parsed):  # a template gives complete answers, never drafts
                check.fail(f"answers.{question_id}", "invalid answer: a planned measure "
                           "needs an owner and a due date")
                continue
            answers[question_id] = parsed
        return answers
