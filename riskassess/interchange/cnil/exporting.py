"""Building a CNIL PIA document from an assessment given as plain data (see
interchange/cnil/mapping.py). Pure module."""

from __future__ import annotations

from collections.abc import Iterable
from html import escape
from typing import Any

from riskassess.core.answers import is_empty
from riskassess.core.conditions import is_unknown
from riskassess.core.questionnaire import Question, Questionnaire, Risk
from riskassess.interchange.cnil.format import (
    DB_VERSION,
    DESCRIBED,
    DESCRIBED_HEADING,
    EVALUATION_LABELS,
    EVALUATIONS_TO_PIA,
    LEVELS,
    RISK_ITEMS,
    RISK_QUESTIONS,
    SECTION_QUESTIONS,
    STATUS_TO_PIA,
    TEXT_QUESTIONS,
    PiaSource,
    RiskLevels,
    word,
)
from riskassess.interchange.cnil.htmltext import text_to_html


def colon(lang: str) -> str:
    return " : " if lang == "fr" else ": "


def answer_words(question: Question, value: Any, lang: str) -> str:
    """An answer as a reader sees it: option labels, text, "I don't know"."""
    if is_unknown(value):
        return word("unknown", lang)
    if question.has_options:
        values = value if isinstance(value, list) else [value]
        labels = []
        for item in values:
            option = question.option(item)
            labels.append(option.label.get(lang) if option else str(item))
        return "; ".join(labels)
    return str(value)


def split_list(text: str) -> list[str]:
    """"a, b (c, d); e." → ["a", "b (c, d)", "e"]: commas and semicolons outside brackets."""
    items, current, depth = [], "", 0
    for char in text:
        depth += (char == "(") - (char == ")")
        if char in ",;" and depth == 0:
            items.append(current)
            current = ""
        else:
            current += char
    items.append(current)
    return [item.strip().rstrip(".").strip() for item in items if item.strip().rstrip(".")]


class _Builder:
    def __init__(self, source: PiaSource, questionnaire: Questionnaire, lang: str):
        self.source, self.questionnaire, self.lang = source, questionnaire, lang
        self.when = source.updated_at or source.created_at
        self.answers: list[dict[str, Any]] = []
        self.measures: list[dict[str, Any]] = []
        self.measure_ids: dict[str, int] = {}  # our measure question → CNIL measure id
        self.evaluations: list[dict[str, Any]] = []

    def stamp(self, item: dict[str, Any], items: list) -> dict[str, Any]:
        return {"id": len(items) + 1, "pia_id": 1, **item, "created_at": self.when,
                "updated_at": self.when}

    def answer(self, reference: int, text: str | None = None, gauge: int | None = None,
               items: list[str] | None = None) -> None:
        self.answers.append(self.stamp({"reference_to": reference, "data": {
            "text": text, "gauge": gauge, "list": items or []}}, self.answers))

    # ---------------------------------------------------------------- sections 1 and 2
    def described(self, reference: int) -> str:
        paragraphs = []
        for question_id in DESCRIBED.get(reference, ()):
            question = self.questionnaire.question(question_id)
            value = self.source.answers.get(question_id)
            if question is None or is_empty(value):
                continue
            words = answer_words(question, value, self.lang)
            paragraphs.append("<p><strong>" + escape(question.text.get(self.lang))
                              + "</strong><br>" + "<br>".join(
                                  escape(line) for line in words.split("\n") if line.strip())
                              + "</p>")
        if not paragraphs:
            return ""
        return f"<p>{escape(DESCRIBED_HEADING.get(self.lang))}</p>" + "".join(paragraphs)

    def sections(self) -> None:
        for reference in SECTION_QUESTIONS:
            own = self.source.answers.get(TEXT_QUESTIONS.get(reference, ""))
            text = text_to_html(own) if isinstance(own, str) else ""
            text += self.described(reference)
            if text:
                self.answer(reference, text, 0)

    # ---------------------------------------------------------------- section 3
    def measure_list(self) -> None:
        sep = colon(self.lang)
        for question in self.questionnaire.questions:
            value = self.source.answers.get(question.id)
            if not question.is_measure or not isinstance(value, dict) \
                    or value.get("status") not in ("existing", "planned"):
                continue
            lines = [value["description"], ""] if value.get("description") else []
            lines.append(word("status", self.lang) + sep + word(value["status"], self.lang))
            if value.get("owner"):
                lines.append(word("owner", self.lang) + sep + value["owner"])
            if value.get("due"):
                lines.append(word("due", self.lang) + sep + value["due"])
            self.measures.append(self.stamp({
                "title": question.text.get(self.lang), "content": text_to_html("\n".join(lines)),
                "placeholder": "measures.default_placeholder"}, self.measures))
            self.measure_ids[question.id] = self.measures[-1]["id"]

    def levels(self, dimension: int, levels: RiskLevels) -> str:
        sep, name = colon(self.lang), RISK_QUESTIONS[dimension].get(self.lang)
        index = dimension - 5  # 0 severity, 1 likelihood
        lines = [f"{name} {word(phase, self.lang)}{sep}{value[index]} "
                 f"({LEVELS[value[index]].get(self.lang)})"
                 for phase, value in (("initial", levels.initial), ("residual", levels.residual))]
        return text_to_html("\n".join(lines))

    def risk_items(self, risks: dict[str, Risk]) -> None:
        for item, risk_id in RISK_ITEMS.items():
            base, risk, levels = 300 + item * 10, risks.get(risk_id), self.source.risks.get(risk_id)
            addressing = [self.measures[number - 1]["title"]
                          for question_id, number in self.measure_ids.items()
                          if any(e.risk == risk_id for e in
                                 self.questionnaire.question(question_id).addresses)]
            lists = {
                1: split_list(risk.impacts.get(self.lang)) if risk and risk.impacts else [],
                2: list(levels.reasons) if levels else [],
                3: split_list(risk.sources.get(self.lang)) if risk and risk.sources else [],
                4: addressing,
            }
            for question, items in lists.items():
                if items:
                    self.answer(base + question, None, None, items)
            if levels:
                self.answer(base + 5, self.levels(5, levels), levels.residual[0])
                self.answer(base + 6, self.levels(6, levels), levels.residual[1])

    # ---------------------------------------------------------------- evaluations
    def evaluation(self, reference: str, status: str, comment: str, gauges=(0, 0)) -> None:
        """One CNIL evaluation, written so that the CNIL tool counts it as valid
        (global-evaluation.service.ts, evaluationIsValid): "to correct" with an evaluation
        comment, "to improve" with an action plan comment (and, on a risk, gauges above 0);
        its context part (1.x) cannot be "to improve": such an evaluation is written "to
        correct", with its comment (docs/pia-format.md)."""
        if status == "to_improve" and reference.startswith("1."):
            status = "to_correct"
        if not comment and status != "acceptable":  # the CNIL tool requires one
            comment = EVALUATION_LABELS[status].get(self.lang)
        text = text_to_html(comment)
        self.evaluations.append(self.stamp({
            "reference_to": reference, "status": EVALUATIONS_TO_PIA[status],
            "evaluation_comment": text,
            "action_plan_comment": text if status == "to_improve" else "",
            "gauges": {"x": gauges[0], "y": gauges[1]}, "estimated_implementation_date": None,
            "person_in_charge": None, "global_status": 2}, self.evaluations))

    def evaluation_list(self) -> None:
        evaluations = self.source.evaluations
        if "context" in evaluations:
            for reference in ("1.1", "1.2"):
                self.evaluation(reference, *evaluations["context"])
        if "principles" in evaluations:
            for question in (q for q in SECTION_QUESTIONS if q >= 200):
                self.evaluation(f"2.{question // 10 % 10}.{question}", *evaluations["principles"])
        security_measures = False
        for question_id, number in self.measure_ids.items():
            module = self.questionnaire.module_of(question_id)
            if module is not None and module.id in evaluations:
                self.evaluation(f"3.1.{number}", *evaluations[module.id])
                security_measures = security_measures or module.id == "security"
        for item, risk_id in RISK_ITEMS.items():
            adjustment = self.source.adjustments.get(risk_id)
            if adjustment:
                severity, likelihood, why = adjustment
                self.evaluation(f"3.{item}", "to_improve", why, (severity, likelihood))
            elif "security" in evaluations and not security_measures:
                # the gauges of a risk's evaluation: our levels, as its answers x5/x6 give them
                levels = self.source.risks.get(risk_id)
                self.evaluation(f"3.{item}", *evaluations["security"],
                                levels.residual if levels else (0, 0))

    def comments(self) -> list[dict[str, Any]]:
        questions = {question_id: reference for reference, ids in DESCRIBED.items()
                     for question_id in ids}
        questions.update({question_id: reference
                          for reference, question_id in TEXT_QUESTIONS.items()})
        risks = {risk_id: 300 + item * 10 + 1 for item, risk_id in RISK_ITEMS.items()}
        comments: list[dict[str, Any]] = []
        for target_type, target_id, body in self.source.comments:
            for_measure = target_type == "question" and target_id in self.measure_ids
            if for_measure:
                reference = self.measure_ids[target_id or ""]
            elif target_type == "question" and target_id in questions:
                reference = questions[target_id or ""]
            else:
                reference = risks.get(target_id or "", 111) if target_type == "risk" else 111
            comments.append(self.stamp({"description": body, "reference_to": reference,
                                        "for_measure": for_measure}, comments))
        return comments

    def pia(self) -> dict[str, Any]:
        source = self.source
        rejection = (source.dpo_opinion or "") if source.status == "rejected" else ""
        return {
            "id": 1, "dbVersion": DB_VERSION, "tableName": "pia", "name": source.title,
            "category": "", "status": STATUS_TO_PIA.get(source.status, 0),
            "author_name": source.author, "evaluator_name": source.evaluator,
            "validator_name": source.validator, "dpos_names": source.dpo_names,
            "dpo_status": {"approved": 1, "rejected": 0}.get(source.status),
            "dpo_opinion": source.dpo_opinion or "", "people_names": "",
            "concerned_people_searched_opinion": source.data_subjects_sought,
            "concerned_people_searched_content": "", "concerned_people_status": None,
            "concerned_people_opinion": source.data_subjects_opinion or "",
            "rejection_reason": rejection, "rejected_reason": rejection,
            "applied_adjustments": "", "applied_adjustements": "", "is_example": 0,
            "is_archive": int(source.status == "archived"),
            "created_at": source.created_at, "updated_at": source.updated_at,
        }


def build(source: PiaSource, questionnaire: Questionnaire, risks: Iterable[Risk],
          lang: str = "fr") -> dict[str, Any]:
    builder = _Builder(source, questionnaire, lang)
    builder.sections()
    builder.measure_list()
    builder.risk_items({risk.id: risk for risk in risks})
    builder.evaluation_list()
    return {"pia": builder.pia(), "answers": builder.answers, "measures": builder.measures,
            "evaluations": builder.evaluations, "comments": builder.comments()}
