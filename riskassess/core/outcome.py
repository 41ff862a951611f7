"""An assessment's outcome in a few figures, for lists and the dashboard: the verdicts of its
risk profile, its highest final risk, how far its questionnaire is answered, its open actions,
and the words a search should find it by."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from riskassess.core.answers import Answers, module_progress, visible_answers
from riskassess.core.questionnaire import Question, Questionnaire
from riskassess.core.risk_profile import Profile

MAX_SEARCH_TEXT = 200_000  # characters kept for the search of one assessment


@dataclass(frozen=True)
class Outcome:
    conclusion: str
    screening: str
    ai_tier: str
    top_risk: str | None  # the id of the risk with the highest final level
    top_severity: int
    top_likelihood: int
    answered: int
    visible: int
    open_actions: int
    earliest_due: date | None
    search_text: str

    @property
    def top_score(self) -> int:
        return self.top_severity * self.top_likelihood

    @property
    def progress(self) -> int:
        """Percent of the questions shown that are answered (100 when none is shown)."""
        return 100 if not self.visible else (100 * self.answered) // self.visible


def _due(text: str | None) -> date | None:
    try:
        return date.fromisoformat(text or "")
    except ValueError:
        return None


def _words_of(question: Question, value: Any) -> list[str]:
    """What a person would search an answer by: free text, the names of data categories (in
    both languages), a measure's owner. Other options are left out: their labels explain
    with examples ("a fraud score used for recruitment") that would make a search for
    « fraude » find every assessment that ticked them."""
    return question.kind.search_words(question, value)


def search_text(title: str, description: str, questionnaire: Questionnaire,
                answers: Answers) -> str:
    """Title, description and the visible answers, as one text to index."""
    parts = [title, description]
    counted = visible_answers(questionnaire, answers)
    for question in questionnaire.questions:
        if question.id in counted:
            parts.extend(_words_of(question, counted[question.id]))
    return "\n".join(p for p in parts if p)[:MAX_SEARCH_TEXT]


def summarise(profile: Profile, questionnaire: Questionnaire, answers: Answers,
              title: str = "", description: str = "") -> Outcome:
    top = max(profile.risks.risks, default=None,
              key=lambda r: (r.final.severity * r.final.likelihood, r.final.severity))
    progress = module_progress(questionnaire, answers).values()
    planned = [a for a in profile.action_plan if a.status == "planned"]
    dues = [d for d in (_due(a.due) for a in planned) if d is not None]
    return Outcome(
        conclusion=profile.conclusion,
        screening=profile.screening.verdict,
        ai_tier=profile.ai_act.tier,
        top_risk=top.id if top else None,
        top_severity=top.final.severity if top else 0,
        top_likelihood=top.final.likelihood if top else 0,
        answered=sum(done for done, _shown in progress),
        visible=sum(shown for _done, shown in progress),
        open_actions=len(planned),
        earliest_due=min(dues, default=None),
        search_text=search_text(title, description, questionnaire, answers),
    )
