"""What becomes of planned measures after they are planned, and how it counts.

A planned measure (a measure answered "planned", with an owner and a due date) is followed up
as planned, in progress, done or abandoned. The risk levels follow what is done: a measure
done counts as existing (it lowers the initial level too), one abandoned as absent (it no
longer lowers the residual level); planned and in progress still count as planned. The
answers themselves are never rewritten: `effective_answers` overlays the follow-up on them
for scoring.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from riskassess.core.answers import Answers, is_draft_measure
from riskassess.core.conditions import is_unknown

STATUSES = ("planned", "in_progress", "done", "abandoned")
OPEN = ("planned", "in_progress")
COUNTS_AS = {"done": "existing", "abandoned": "absent"}


class FollowUpError(ValueError):
    """A follow-up refused: "status", "evidence_required" (done without evidence),
    "reason_required" (abandoned without a reason), "not_planned" (not a planned measure)."""

    def __init__(self, code: str):
        self.code = code
        super().__init__(code)


@dataclass(frozen=True)
class State:
    """The follow-up of one measure as scoring and lists need it."""

    status: str
    owner: str = ""
    due: date | None = None


def is_planned(value) -> bool:
    """A planned measure with its owner and due date (a draft is not followed up)."""
    return isinstance(value, dict) and not is_unknown(value) \
        and value.get("status") == "planned" and not is_draft_measure(value)


def effective_answers(answers: Answers, states: Mapping[str, State]) -> Answers:
    """The answers with each followed-up measure counted as what it has become."""
    if not states:
        return answers
    effective = dict(answers)
    for question_id, state in states.items():
        value = answers.get(question_id)
        if not is_planned(value):
            continue  # answered otherwise since: the follow-up no longer applies
        if state.status in COUNTS_AS:
            effective[question_id] = {"status": COUNTS_AS[state.status],
                                      **{key: value[key] for key in ("owner", "description")
                                         if value.get(key)}}
        else:  # still to do: who and when as the follow-up says
            effective[question_id] = {**value, "owner": state.owner or value.get("owner"),
                                      "due": state.due.isoformat() if state.due
                                      else value.get("due")}
    return effective


def check(status: str, evidence: str, has_file: bool, reason: str) -> None:
    """FollowUpError unless the new status comes with what it needs."""
    if status not in STATUSES:
        raise FollowUpError("status")
    if status == "done" and not (evidence.strip() or has_file):
        raise FollowUpError("evidence_required")
    if status == "abandoned" and not reason.strip():
        raise FollowUpError("reason_required")
