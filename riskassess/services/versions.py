"""Differences between two versions of an assessment: a frozen revision and another frozen
revision or the current answers."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from riskassess.core.profile import to_dict
from riskassess.labels import current_lang, format_answer
from riskassess.models import Assessment
from riskassess.services.assessments import profile
from riskassess.services.catalogue import questionnaire_for


@dataclass(frozen=True)
class Change:
    subject: str
    before: str
    after: str


def _state(assessment: Assessment, revision: int | None) -> tuple[dict, dict] | None:
    if revision is None:
        return assessment.answer_values(), to_dict(profile(assessment), "fr")
    frozen = next((v for v in assessment.versions if v.revision == revision), None)
    return (frozen.answers, frozen.profile) if frozen else None


def diff(assessment: Assessment, old: int, new: int | None) -> tuple[list, list] | None:
    """Changed answers and changed risk levels between revision `old` and revision `new`
    (None: the current state). None when a revision does not exist."""
    before, after = _state(assessment, old), _state(assessment, new)
    if before is None or after is None:
        return None
    questionnaire, lang = questionnaire_for(assessment), current_lang()
    answers: list[Change] = []
    for question in questionnaire.questions:
        a, b = before[0].get(question.id), after[0].get(question.id)
        if a != b:
            answers.append(Change(question.text.get(lang), _text(question, a, lang),
                                  _text(question, b, lang)))
    risks: list[Change] = []
    old_risks = {r["id"]: r for r in before[1]["risks"]}
    for risk in after[1]["risks"]:
        previous = old_risks.get(risk["id"])
        if previous and (previous["initial"], previous["residual"]) != (risk["initial"],
                                                                        risk["residual"]):
            risks.append(Change(risk["title"], _levels(previous), _levels(risk)))
    return answers, risks


def _text(question, value: Any, lang: str) -> str:
    return format_answer(question, value, lang) if value is not None else "—"


def _levels(risk: dict) -> str:
    i, r = risk["initial"], risk["residual"]
    return f"{i['severity']}/{i['likelihood']} → {r['severity']}/{r['likelihood']}"
