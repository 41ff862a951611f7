"""Assessment life cycle: the states, and which role may move an assessment between them.

One table decides every transition; services call `transition()` and write the audit event.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum


class Status(StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    CHANGES_REQUESTED = "changes_requested"
    RESUBMITTED = "resubmitted"
    OPINION_GIVEN = "opinion_given"  # the DPO's opinion is given; the decider decides
    APPROVED = "approved"
    REJECTED = "rejected"
    ARCHIVED = "archived"


class Action(StrEnum):
    SUBMIT = "submit"
    RESUBMIT = "resubmit"
    REQUEST_CHANGES = "request_changes"
    GIVE_OPINION = "give_opinion"  # the DPO advises (GDPR Art. 35(2), Art. 39(1)(c))
    APPROVE = "approve"  # the controller decides (Art. 24, Art. 35(1))
    APPROVE_WITH_CONDITIONS = "approve_with_conditions"
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
AWAITING_DECISION = frozenset({Status.OPINION_GIVEN})
DECISIONS = (Action.APPROVE, Action.APPROVE_WITH_CONDITIONS, Action.REJECT)
TRANSITIONS = {
    t.action: t
    for t in (
        Transition(Action.SUBMIT, frozenset({Status.DRAFT}), Status.SUBMITTED,
                   frozenset({"owner"}), False),
        Transition(Action.RESUBMIT, frozenset({Status.CHANGES_REQUESTED}), Status.RESUBMITTED,
                   frozenset({"owner"}), False),
        Transition(Action.REQUEST_CHANGES, IN_REVIEW, Status.CHANGES_REQUESTED,
                   frozenset({"dpo"}), True),
        Transition(Action.GIVE_OPINION, IN_REVIEW, Status.OPINION_GIVEN, frozenset({"dpo"}),
                   True),
        Transition(Action.APPROVE, AWAITING_DECISION, Status.APPROVED, frozenset({"decider"}),
                   False),
        Transition(Action.APPROVE_WITH_CONDITIONS, AWAITING_DECISION, Status.APPROVED,
                   frozenset({"decider"}), True),
        Transition(Action.REJECT, AWAITING_DECISION, Status.REJECTED, frozenset({"decider"}),
                   False),
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


def transition(status: str, action: str, roles: str | Iterable[str], text: str = "") -> Status:
    """Return the new status, or raise TransitionError saying why the move is refused.
    `roles`: the actor's role, or all the roles they hold."""
    try:
        rule = TRANSITIONS[Action(action)]
    except ValueError as exc:
        raise TransitionError("unknown", f"unknown action '{action}'") from exc
    held = {roles} if isinstance(roles, str) else set(roles)
    if not held & rule.roles:
        raise TransitionError("role", f"a user with role(s) {sorted(held)} cannot "
                              f"{rule.action.value}")
    if Status(status) not in rule.sources:
        raise TransitionError("state", f"cannot {rule.action.value} an assessment that is {status}")
    if rule.needs_text and not text.strip():
        raise TransitionError("text", f"{rule.action.value} needs a comment")
    return rule.target


def departs(opinion: str | None, decision: str) -> bool:
    """A decision that departs from the DPO's opinion: approving (with or without conditions)
    after an unfavourable opinion, or refusing after a favourable one (with or without
    reservations). Such a decision states its reasons."""
    if opinion == "unfavourable":
        return decision != Action.REJECT
    return opinion in ("favourable", "reservations") and decision == Action.REJECT
