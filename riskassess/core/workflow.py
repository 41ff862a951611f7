"""Assessment life cycle: the states, and which role may move an assessment between them.

One table decides every transition; services call `transition()` and write the audit event.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Status(StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    CHANGES_REQUESTED = "changes_requested"
    RESUBMITTED = "resubmitted"
    APPROVED = "approved"
    REJECTED = "rejected"
    ARCHIVED = "archived"


class Action(StrEnum):
    SUBMIT = "submit"
    RESUBMIT = "resubmit"
    REQUEST_CHANGES = "request_changes"
    APPROVE = "approve"
    REJECT = "reject"
    ARCHIVE = "archive"
    REVISE = "revise"  # start a new revision from an approved version


@dataclass(frozen=True)
class Transition:
    action: Action
    sources: frozenset[Status]
    target: Status
    roles: frozenset[str]
    needs_text: bool  # a comment or opinion is required


IN_REVIEW = frozenset({Status.SUBMITTED, Status.RESUBMITTED})
TRANSITIONS = {
    t.action: t
    for t in (
        Transition(Action.SUBMIT, frozenset({Status.DRAFT}), Status.SUBMITTED,
                   frozenset({"owner"}), False),
        Transition(Action.RESUBMIT, frozenset({Status.CHANGES_REQUESTED}), Status.RESUBMITTED,
                   frozenset({"owner"}), False),
        Transition(Action.REQUEST_CHANGES, IN_REVIEW, Status.CHANGES_REQUESTED,
                   frozenset({"dpo"}), True),
        Transition(Action.APPROVE, IN_REVIEW, Status.APPROVED, frozenset({"dpo"}), True),
        Transition(Action.REJECT, IN_REVIEW, Status.REJECTED, frozenset({"dpo"}), True),
        Transition(Action.ARCHIVE, frozenset({Status.APPROVED, Status.REJECTED}),
                   Status.ARCHIVED, frozenset({"dpo", "admin"}), False),
        Transition(Action.REVISE, frozenset({Status.APPROVED}), Status.DRAFT,
                   frozenset({"owner"}), False),
    )
}

EDITABLE = frozenset({Status.DRAFT, Status.CHANGES_REQUESTED})
FROZEN = frozenset({Status.APPROVED, Status.REJECTED, Status.ARCHIVED})


def submit_action(status: str) -> Action:
    """Submitting a draft, or submitting again after changes were requested."""
    return Action.RESUBMIT if status == Status.CHANGES_REQUESTED else Action.SUBMIT


class TransitionError(Exception):
    """A transition that the current state or the actor's role does not allow.

    `code` is one of "unknown", "role", "state", "text" so the interface can say it in the
    user's language.
    """

    def __init__(self, code: str, message: str):
        self.code = code
        super().__init__(message)


def transition(status: str, action: str, role: str, text: str = "") -> Status:
    """Return the new status, or raise TransitionError saying why the move is refused."""
    try:
        rule = TRANSITIONS[Action(action)]
    except ValueError as exc:
        raise TransitionError("unknown", f"unknown action '{action}'") from exc
    if role not in rule.roles:
        raise TransitionError("role", f"a user with role '{role}' cannot {rule.action.value}")
    if Status(status) not in rule.sources:
        raise TransitionError("state", f"cannot {rule.action.value} an assessment that is {status}")
    if rule.needs_text and not text.strip():
        raise TransitionError("text", f"{rule.action.value} needs a comment")
    return rule.target
