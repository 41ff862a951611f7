"""Lists of assessments: the rules of `permissions.can_view` expressed in SQL, so a list page
reads only the rows it shows.

`visible_query` mirrors `can_view` (core/permissions.py stays the authority: every row is
checked again with it, and tests/web/test_pagination.py asserts that the SQL-filtered list
equals the Python-filtered one for every persona). Lists are newest first, by last change,
read in the order of the index (organisation_id, updated_at, id, status), or of
(organisation_id, status, updated_at, id) for a single status: a page costs the same whatever
the size of the table (tests/web/test_pagination.py; benchmarks/scale.py measures it).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import Select, and_, false, func, or_, select, union
from sqlalchemy.orm import selectinload

from riskassess.core import permissions
from riskassess.core.workflow import AWAITING_DECISION, IN_REVIEW, Status
from riskassess.extensions import db
from riskassess.models import (
    Assessment,
    AssessmentOutcome,
    Report,
    User,
    assessment_coauthor,
)
from riskassess.pagination import PAGE_SIZE, Page, paginate
from riskassess.services import search

PENDING = tuple(sorted(IN_REVIEW))  # the DPO's queue: submitted or resubmitted
NOT_PENDING = tuple(s for s in Status if s not in IN_REVIEW)


def pending_for(user: User) -> tuple[str, ...]:
    """What waits for this user in the review queue: reviews for a DPO, decisions for a
    decider, both for someone who is both (and for an administrator, who sees all)."""
    held = permissions.roles_of(user)
    waiting = set()
    if held & {"dpo", "admin"}:
        waiting |= IN_REVIEW
    if held & {"decider", "admin"}:
        waiting |= AWAITING_DECISION
    return tuple(sorted(waiting))


def not_pending_for(user: User) -> tuple[str, ...]:
    waiting = set(pending_for(user))
    return tuple(s for s in Status if s not in waiting)


def role_statuses(user: User) -> set[str] | None:
    """The statuses `can_view` lets a user see in their organisation beyond what they wrote
    (None: all of them; empty: none)."""
    held = permissions.roles_of(user)
    if "admin" in held:
        return None
    statuses: set[str] = set()
    if held & {"dpo", "decider"}:
        statuses |= {str(s) for s in permissions.REVIEWED}
    if "auditor" in held:
        statuses |= {str(s) for s in permissions.PUBLISHED}
    return statuses


def _authored(user: User):
    """The ids of the assessments the user owns or co-authors, in their organisation."""
    # The organisation is checked inside the id set so that the database starts from the
    # user's own rows (owner_id and co-author user_id indexes) and sorts them, instead of
    # scanning the organisation's index for them ("+ 0" keeps SQLite, which has no
    # statistics, from preferring that index).
    in_org = Assessment.organisation_id + 0 == user.organisation_id
    return union(
        select(Assessment.id).where(Assessment.owner_id == user.id, in_org),
        select(assessment_coauthor.c.assessment_id)
        .join(Assessment, Assessment.id == assessment_coauthor.c.assessment_id)
        .where(assessment_coauthor.c.user_id == user.id, in_org))


def visible_query(user: User, statuses: Iterable[str] | None = None) -> Select:
    """Assessments the user may see (optionally only in `statuses`), newest first."""
    held = permissions.roles_of(user)
    wanted = {str(s) for s in statuses} if statuses else None
    if not user.is_active or not held & set(permissions.ROLES):
        return select(Assessment).where(false())
    allowed = role_statuses(user)
    if wanted is not None:
        allowed = wanted if allowed is None else allowed & wanted
    same_org = Assessment.organisation_id == user.organisation_id
    by_role = None if allowed == set() else (
        same_org if allowed is None else and_(same_org, Assessment.status.in_(sorted(allowed))))
    if "owner" in held:
        own = Assessment.id.in_(_authored(user))
        if wanted is not None:
            own = and_(own, Assessment.status.in_(sorted(wanted)))
        condition = own if by_role is None else or_(own, by_role)
    else:
        condition = by_role if by_role is not None else false()
    return select(Assessment).where(condition).order_by(Assessment.updated_at.desc(),
                                                         Assessment.id.desc())


@dataclass(frozen=True)
class Filters:
    """What a list is narrowed to and sorted by (the query string of its page)."""

    text: str = ""  # words of the title, the description or the answers
    owner_id: int | None = None
    template_id: str | None = None
    conclusion: str | None = None
    screening: str | None = None
    ai_tier: str | None = None
    actions: str | None = None  # one of ACTIONS
    review_due: bool = False  # approved, and due for periodic review within REVIEW_NOTICE
    sort: str = "updated"  # one of SORTS

    @property
    def on_outcome(self) -> bool:
        return bool(self.text or self.conclusion or self.screening or self.ai_tier
                    or self.actions or self.sort in ("risk", "progress"))

    @property
    def active(self) -> bool:
        return bool(self.on_outcome or self.owner_id or self.template_id or self.review_due
                    or self.sort != "updated")


SORTS = ("updated", "created", "title", "risk", "progress")
ACTIONS = ("late", "due")  # open actions late, or due within DUE_SOON
DUE_SOON = timedelta(days=30)
REVIEW_NOTICE = timedelta(days=90)
MAX_SEARCH = 200  # characters of a search


def filtered(query: Select, filters: Filters, today: date | None = None) -> Select:
    """`query` (visible_query's) narrowed and sorted by `filters`."""
    today = today or date.today()
    if filters.owner_id:
        query = query.where(Assessment.owner_id == filters.owner_id)
    if filters.template_id:
        query = query.where(Assessment.template_id == filters.template_id)
    if filters.review_due:
        query = query.where(Assessment.status == "approved",
                            Assessment.review_due_on <= today + REVIEW_NOTICE)
    if filters.on_outcome:
        query = query.join(AssessmentOutcome,
                           AssessmentOutcome.assessment_id == Assessment.id)
        for column in ("conclusion", "screening", "ai_tier"):
            if getattr(filters, column):
                query = query.where(getattr(AssessmentOutcome, column)
                                    == getattr(filters, column))
        if filters.actions == "late":
            query = query.where(AssessmentOutcome.earliest_due < today)
        elif filters.actions == "due":
            query = query.where(AssessmentOutcome.earliest_due.between(today,
                                                                       today + DUE_SOON))
        condition = search.matches(filters.text)
        if condition is not None:
            query = query.where(condition)
    if filters.sort == "title":
        return query.order_by(None).order_by(func.lower(Assessment.title), Assessment.id)
    if filters.sort == "created":
        return query.order_by(None).order_by(Assessment.created_at.desc(), Assessment.id.desc())
    if filters.sort == "risk":
        return query.order_by(None).order_by(AssessmentOutcome.top_score.desc(),
                                             AssessmentOutcome.top_severity.desc(),
                                             Assessment.id.desc())
    if filters.sort == "progress":
        return query.order_by(None).order_by(AssessmentOutcome.progress, Assessment.id.desc())
    return query


@dataclass(frozen=True)
class Person:
    """Who an owner filter offers: an id and a name."""

    id: int
    name: str


def colleagues(user: User) -> list[Person]:
    """The active users of the user's organisation (who a planned measure can be given to)."""
    rows = db.session.execute(select(User.id, User.name).where(
        User.organisation_id == user.organisation_id, User.active).order_by(User.name))
    return [Person(id_, name) for id_, name in rows]


def owners_seen(user: User) -> list[Person]:
    """The choices of the owner filter: the project owners of the organisation, for those who
    see beyond their own assessments (an owner alone sees only what they write). Read from
    the organisation's users (three columns, no account loaded), never from its assessments:
    the cost does not grow with them."""
    if role_statuses(user) == set():
        return []
    rows = db.session.execute(select(User.id, User.name, User.role, User.extra_roles).where(
        User.organisation_id == user.organisation_id).order_by(User.name))
    return [Person(id_, name) for id_, name, role, extra in rows
            if role == "owner" or "owner" in (extra or "").split()]


def page_of(user: User, number: int, statuses: Iterable[str] | None = None,
            size: int = PAGE_SIZE, with_reports: bool = False,
            filters: Filters | None = None) -> Page:
    """One page of what the user may see, with owners (and reports) loaded alongside."""
    options = [selectinload(Assessment.owner), selectinload(Assessment.outcome)]
    if with_reports:  # the list shows fingerprints and links, never the PDF bytes
        options.append(selectinload(Assessment.reports).defer(Report.pdf))
    query = visible_query(user, statuses)
    if filters is not None:
        query = filtered(query, filters)
    page = paginate(query.options(*options), number, size)
    checked = [a for a in page.items if permissions.can_view(user, a)]
    return Page(items=checked, number=page.number, size=page.size, has_next=page.has_next)


def count_visible(user: User, statuses: Iterable[str] | None = None) -> int:
    """How many assessments the user may see (for the API's `total`): one COUNT on the
    list's indexes, no rows loaded."""
    query = visible_query(user, statuses).order_by(None).subquery()
    return db.session.scalar(select(func.count()).select_from(query)) or 0
