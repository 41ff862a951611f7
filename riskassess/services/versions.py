"""Differences between two states of an assessment: a frozen (approved) revision, a review
round (a submission, services/rounds.py) or the current answers.

A state is named by a reference: "3" (revision 3 as approved), "r2" (the second
submission) or "" (now)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from riskassess.core.risk_profile import to_dict
from riskassess.labels import current_lang, format_answer
from riskassess.models import Assessment
from riskassess.services import rounds
from riskassess.services.assessments import profile
from riskassess.services.catalogue import questionnaire_for


@dataclass(frozen=True)
class Change:
    subject: str
    before: str
    after: str


@dataclass(frozen=True)
class Differences:
    answers: list[Change]
    risks: list[Change]
    question_ids: list[str]  # of the changed answers, in the same order
    evidence_added: list[dict] = field(default_factory=list)
    evidence_removed: list[dict] = field(default_factory=list)


REFERENCE = re.compile(r"(r?)([1-9][0-9]{0,8})?")


def _state(assessment: Assessment, reference: str) -> tuple[dict, dict, list] | None:
    """Answers, profile and evidence of the state `reference` names; None if there is none
    (or the reference is malformed)."""
    match = REFERENCE.fullmatch(reference)
    if match is None or (match.group(1) and not match.group(2)):
        return None
    if not match.group(2):
        return (assessment.answer_values(), to_dict(profile(assessment), "fr"),
                rounds.evidence_of(assessment))
    number = int(match.group(2))
    if match.group(1):
        kept = rounds.find(assessment, number)
        return (kept.answers, kept.profile, kept.evidence or []) if kept else None
    frozen = next((v for v in assessment.versions if v.revision == number), None)
    return (frozen.answers, frozen.profile, []) if frozen else None


def diff(assessment: Assessment, old: str, new: str) -> Differences | None:
    """Changed answers, risk levels and evidence between two states (see the module's
    docstring). None when a state does not exist."""
    before, after = _state(assessment, old), _state(assessment, new)
    if before is None or after is None:
        return None
    questionnaire, lang = questionnaire_for(assessment), current_lang()
    answers: list[Change] = []
    ids: list[str] = []
    for question in questionnaire.questions:
        a, b = before[0].get(question.id), after[0].get(question.id)
        if a != b:
            answers.append(Change(question.text.get(lang), _text(question, a, lang),
                                  _text(question, b, lang)))
            ids.append(question.id)
    risks: list[Change] = []
    old_risks = {r["id"]: r for r in before[1]["risks"]}
    for risk in after[1]["risks"]:
        previous = old_risks.get(risk["id"])
        if previous and (previous["initial"], previous["residual"]) != (risk["initial"],
                                                                        risk["residual"]):
            risks.append(Change(risk["title"], _levels(previous), _levels(risk)))
    added, removed = rounds.evidence_changes(before[2], after[2]) \
        if old.startswith("r") or new.startswith("r") else ([], [])
    return Differences(answers, risks, ids, added, removed)


def _text(question, value: Any, lang: str) -> str:
    return format_answer(question, value, lang) if value is not None else "—"


def _levels(risk: dict) -> str:
    i, r = risk["initial"], risk["residual"]
    return f"{i['severity']}/{i['likelihood']} → {r['severity']}/{r['likelihood']}"
