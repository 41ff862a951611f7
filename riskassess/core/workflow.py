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
    APPROVED = "approved"
    REJECTED = "rejected"


class Action(StrEnum):
    SUBMIT = "submit"
    REQUEST_CHANGES = "request_changes"
    APPROVE = "approve"
    REJECT = "reject"


@dataclass(frozen=True)
class Transition:
    action: Action
    sources: frozenset[Status]
    target: Status
    roles: frozenset[str]
    needs_text: bool  # a comment or opinion is required


TRANSITIONS = {
    t.action: t
    for t in (
        Transition(
            Action.SUBMIT,
            frozenset({Status.DRAFT, Status.CHANGES_REQUESTED}),
            Status.SUBMITTED,
            frozenset({"owner"}),
            False,
        ),
        Transition(
            Action.REQUEST_CHANGES,
            frozenset({Status.SUBMITTED}),
            Status.CHANGES_REQUESTED,
            frozenset({"dpo"}),
            True,
        ),
        Transition(
            Action.APPROVE, frozenset({Status.SUBMITTED}), Status.APPROVED, frozenset({"dpo"}), True
        ),
        Transition(
            Action.REJECT, frozenset({Status.SUBMITTED}), Status.REJECTED, frozenset({"dpo"}), True
        ),
    )
}

EDITABLE = frozenset({Status.DRAFT, Status.CHANGES_REQUESTED})


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
