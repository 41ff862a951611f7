"""Content levels of the report benchmark: every text the users wrote, N times as long.

At level N each free-text answer, each measure's description, the assessment's description, the
DPO's opinion and the decision's text is its original paragraphs repeated N times (a blank line
between copies), so the report carries N times what people wrote while its structure (the
questions, the risks, the measures' statuses) stays the same. The changes are made in the
benchmark's throw-away database session and never committed."""

from __future__ import annotations

from typing import Any

from riskassess.models import Assessment
from riskassess.services.catalogue import questionnaire_for

TEXT_TYPES = ("text", "textarea")
ASSESSMENT_TEXTS = ("description", "dpo_opinion", "decision_text")
MEGABYTE = 1024 * 1024


def repeated(text: str, factor: int) -> str:
    return "\n\n".join([text] * factor) if text else text


def _scaled_value(kind: str, value: Any, factor: int) -> Any:
    if kind in TEXT_TYPES and isinstance(value, str):
        return repeated(value, factor)
    if kind == "measure" and isinstance(value, dict) and value.get("description"):
        return {**value, "description": repeated(value["description"], factor)}
    return value


class ContentLevels:
    """Sets an assessment's user texts to a level, from the originals kept at creation."""

    def __init__(self, assessment: Assessment):
        self.assessment = assessment
        types = {q.id: q.type for q in questionnaire_for(assessment).questions}
        self.answers = [(a, types.get(a.question_id, ""), a.value) for a in assessment.answers]
        self.texts = {name: getattr(assessment, name) for name in ASSESSMENT_TEXTS}

    def set(self, factor: int) -> None:
        for answer, kind, original in self.answers:
            answer.value = _scaled_value(kind, original, factor)
        for name, original in self.texts.items():
            setattr(self.assessment, name, repeated(original, factor) if original else original)

    def megabyte_answer(self) -> str:
        """Level 1, with the longest free-text answer grown to 1 MiB of its own words (lines
        of about 100 characters, a paragraph break every 20 lines): returns its question."""
        self.set(1)
        answer, _kind, original = max(
            ((a, k, v) for a, k, v in self.answers if k in TEXT_TYPES and isinstance(v, str)),
            key=lambda item: len(item[2]))
        words = original.split() or ["donnée"]
        lines, size, index = [], 0, 0
        while size < MEGABYTE:
            line: list[str] = []
            while sum(len(w) + 1 for w in line) < 100:
                line.append(words[index % len(words)])
                index += 1
            lines.append(" ".join(line) + ("\n" if len(lines) % 20 == 19 else ""))
            size += len(lines[-1].encode("utf-8")) + 1
        answer.value = "\n".join(lines)
        return answer.question_id
