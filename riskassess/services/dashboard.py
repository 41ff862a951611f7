"""The organisation's dashboard: counts from the outcome tally (a few dozen rows whatever the
number of assessments), and short lists read in the order of an index (highest risk, longest
waiting, earliest due, next review), each limited to what the user may see
(lists.role_statuses mirrors permissions.can_view)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from riskassess.core import permissions
from riskassess.core.workflow import Status
from riskassess.extensions import db
from riskassess.models import (
    Assessment,
    AssessmentOutcome,
    OutcomeTally,
    ReviewComment,
    User,
)
from riskassess.services import lists

SHOWN = 6  # rows of each short list
COUNT_CAP = 999  # counts above it are shown as "999+"
# Who an assessment waits for in each status, and the time it has waited since.
WAITING = (("submitted", "dpo"), ("resubmitted", "dpo"), ("opinion_given", "decider"),
           ("changes_requested", "owner"))


@dataclass
class Waiting:
    assessment: Assessment
    who: str  # a role
    since: datetime | None


@dataclass
class Dashboard:
    statuses: Counter = field(default_factory=Counter)
    conclusions: Counter = field(default_factory=Counter)
    screenings: Counter = field(default_factory=Counter)
    tiers: Counter = field(default_factory=Counter)
    drafts: int = 0  # counted for everyone who sees the dashboard, listed for none
    draft_progress: int = 0  # their average progress, percent
    top_risks: list[Assessment] = field(default_factory=list)
    waiting: list[Waiting] = field(default_factory=list)
    late: list[Assessment] = field(default_factory=list)
    late_count: int = 0
    due_soon: list[Assessment] = field(default_factory=list)
    due_soon_count: int = 0
    review_due: list[Assessment] = field(default_factory=list)
    review_due_count: int = 0

    @property
    def total(self) -> int:
        return sum(self.statuses.values())


def _tally(board: Dashboard, user: User, allowed: set[str] | None) -> None:
    cells = db.session.execute(
        select(OutcomeTally.status, OutcomeTally.conclusion, OutcomeTally.screening,
               OutcomeTally.ai_tier, OutcomeTally.count, OutcomeTally.progress_sum)
        .where(OutcomeTally.organisation_id == user.organisation_id, OutcomeTally.count > 0))
    progress = 0
    for status, conclusion, screening, tier, count, progress_sum in cells:
        if status == Status.DRAFT:
            board.drafts += count
            progress += progress_sum
        if allowed is not None and status not in allowed:
            continue
        board.statuses[status] += count
        board.conclusions[conclusion] += count
        board.screenings[screening] += count
        board.tiers[tier] += count
    board.draft_progress = progress // board.drafts if board.drafts else 0


def _in_view(query, user: User, allowed: set[str] | None, conditions):
    """`query` on outcomes narrowed to the user's organisation, the statuses they may see and
    `conditions`."""
    query = query.where(AssessmentOutcome.organisation_id == user.organisation_id, *conditions)
    if allowed is not None:
        query = query.where(AssessmentOutcome.status.in_(sorted(allowed)))
    return query


def _outcome_rows(user: User, allowed: set[str] | None, *conditions, order, limit=SHOWN):
    query = _in_view(select(Assessment).join(
        AssessmentOutcome, AssessmentOutcome.assessment_id == Assessment.id)
        .options(selectinload(Assessment.owner), selectinload(Assessment.outcome)),
        user, allowed, conditions)
    return [a for a in db.session.scalars(query.order_by(*order).limit(limit))
            if permissions.can_view(user, a)]  # core/permissions.py stays the authority


def _count(user: User, allowed: set[str] | None, *conditions) -> int:
    """How many outcomes match, counted up to COUNT_CAP (the page then says "999+"): the
    cost stays bounded whatever the number of assessments."""
    return _capped(_in_view(select(AssessmentOutcome.assessment_id), user, allowed,
                            conditions))


def _capped(query) -> int:
    return db.session.scalar(select(func.count()).select_from(
        query.limit(COUNT_CAP + 1).subquery())) or 0


def _since(assessment: Assessment, status: str) -> datetime | None:
    """When the assessment came to its present step: submitted, the opinion given, or the
    DPO's request for changes (the latest of its comments of that kind)."""
    if status == "opinion_given":
        return assessment.opinion_at
    if status == "changes_requested":
        return db.session.scalar(
            select(func.max(ReviewComment.created_at))
            .where(ReviewComment.assessment_id == assessment.id,
                   ReviewComment.kind == "changes_requested"))
    return assessment.submitted_at


def _waiting(user: User, allowed: set[str] | None) -> list[Waiting]:
    found = []
    for status, who in WAITING:
        if allowed is not None and status not in allowed:
            continue
        rows = db.session.scalars(
            select(Assessment).where(Assessment.organisation_id == user.organisation_id,
                                     Assessment.status == status)
            .order_by(Assessment.updated_at, Assessment.id).limit(SHOWN)
            .options(selectinload(Assessment.owner)))
        for a in rows:
            if permissions.can_view(user, a):
                found.append(Waiting(a, who, _since(a, status)))
    found.sort(key=lambda w: (w.since is None, w.since or datetime.min))
    return found[:SHOWN * 2]


def build(user: User, today: date | None = None) -> Dashboard:
    """What the user's organisation looks like, as far as they may see it."""
    if not permissions.can_see_dashboard(user):
        raise PermissionError
    today = today or date.today()
    allowed = lists.role_statuses(user)
    # Archived and refused assessments are no longer followed: no risk or action of theirs.
    followed = (allowed if allowed is not None else {s.value for s in Status}) - {
        Status.ARCHIVED.value, Status.REJECTED.value}
    board = Dashboard()
    _tally(board, user, allowed)
    outcome = AssessmentOutcome
    board.top_risks = _outcome_rows(user, followed, outcome.top_score > 0,
                                    order=(outcome.top_score.desc(),
                                           outcome.top_severity.desc(),
                                           outcome.assessment_id.desc()))
    late = (outcome.earliest_due < today,)
    soon = (outcome.earliest_due.between(today, today + lists.DUE_SOON),)
    board.late = _outcome_rows(user, followed, *late, order=(outcome.earliest_due,))
    board.late_count = _count(user, followed, *late)
    board.due_soon = _outcome_rows(user, followed, *soon, order=(outcome.earliest_due,))
    board.due_soon_count = _count(user, followed, *soon)
    board.waiting = _waiting(user, allowed)
    if allowed is None or "approved" in allowed:
        review = (Assessment.organisation_id == user.organisation_id,
                  Assessment.status == "approved",
                  Assessment.review_due_on <= today + lists.REVIEW_NOTICE)
        board.review_due = [a for a in db.session.scalars(
            select(Assessment).where(*review).order_by(Assessment.review_due_on)
            .limit(SHOWN).options(selectinload(Assessment.owner)))
            if permissions.can_view(user, a)]
        board.review_due_count = _capped(select(Assessment.id).where(*review))
    return board
