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

from sqlalchemy import Select, and_, false, func, or_, select, union
from sqlalchemy.orm import selectinload

from riskassess.core import permissions
from riskassess.core.workflow import AWAITING_DECISION, IN_REVIEW, Status
from riskassess.extensions import db
from riskassess.models import Assessment, Report, User, assessment_coauthor
from riskassess.services.pagination import PAGE_SIZE, Page, paginate

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


def _role_statuses(user: User) -> set[str] | None:
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
    allowed = _role_statuses(user)
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

    text: str = ""  # words of the title or the description
    owner_id: int | None = None
    template_id: str | None = None
    sort: str = "updated"  # one of SORTS

    @property
    def active(self) -> bool:
        return bool(self.text or self.owner_id or self.template_id or self.sort != "updated")


SORTS = ("updated", "created", "title")
MAX_SEARCH = 200  # characters of a search


def _like(text: str) -> str:
    """`text` as a LIKE pattern matching it anywhere, its wildcards taken literally."""
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def filtered(query: Select, filters: Filters) -> Select:
    """`query` (visible_query's) narrowed and sorted by `filters`."""
    if filters.owner_id:
        query = query.where(Assessment.owner_id == filters.owner_id)
    if filters.template_id:
        query = query.where(Assessment.template_id == filters.template_id)
    for word in filters.text.split()[:10]:  # every word, in the title or the description
        pattern = _like(word.lower())
        query = query.where(or_(func.lower(Assessment.title).like(pattern, escape="\\"),
                                func.lower(Assessment.description).like(pattern,
                                                                        escape="\\")))
    if filters.sort == "title":
        return query.order_by(None).order_by(func.lower(Assessment.title), Assessment.id)
    if filters.sort == "created":
        return query.order_by(None).order_by(Assessment.created_at.desc(), Assessment.id.desc())
    return query


def owners_seen(user: User) -> list[User]:
    """The owners of the assessments the user may see (the choices of the owner filter)."""
    ids = visible_query(user).order_by(None).with_only_columns(Assessment.owner_id)
    return list(db.session.scalars(select(User).where(User.id.in_(ids)).order_by(User.name)))


def page_of(user: User, number: int, statuses: Iterable[str] | None = None,
            size: int = PAGE_SIZE, with_reports: bool = False,
            filters: Filters | None = None) -> Page:
    """One page of what the user may see, with owners (and reports) loaded alongside."""
    options = [selectinload(Assessment.owner)]
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
