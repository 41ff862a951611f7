"""Content generations: every flush that changes what an assessment's pages show raises the
assessment's `content_gen`, and every change to an organisation or to how one of its users
shows (name, e-mail, role, active) raises the organisation's. Profiles kept per process are
keyed on both (services/profile_memo.py), and each outcome row records the generation it was
computed from (services/outcomes.py), so neither is used from before a change, on any server
sharing the database.

The rule is structural rather than listed per action: an assessment, or any row carrying an
`assessment_id` (answers, comments, evaluations, adjustments, versions, measurements), new,
changed or deleted in a flush, raises its assessment; adding or removing a co-author changes
the assessment's collection and so counts too. The exceptions are listed (NOT_CONTENT): rows
that nothing is computed from, such as the report's editions, laid out from what was approved
(their builds used to raise the generation, so every edition a worker claimed or laid out
made the assessment's profile and outcome be computed again). The counters are raised by
plain UPDATEs after the flush, in the same transaction, and never through the ORM: raising the
optimistic-locking `version` would make a DPO's comment conflict with the owner's next save.
"""

from __future__ import annotations

from itertools import chain

from sqlalchemy import event, inspect, update
from sqlalchemy.orm import Session

from riskassess.models import (
    ActionItem,
    Assessment,
    AssessmentOutcome,
    Notification,
    Organisation,
    OutboxMessage,
    OutcomeTally,
    Report,
    ReportBuild,
    User,
)

USER_FIELDS_SHOWN = ("name", "email", "role", "extra_roles", "active", "organisation_id")
CHANGED = "content_changed"  # in session.info once this session raised a generation
# rows with an `assessment_id` that no profile, outcome or kept figure is computed from: what
# was computed (outcomes, the action list), what was said (notifications, mail), and the
# report's editions and their builds
NOT_CONTENT = (AssessmentOutcome, OutcomeTally, ActionItem, Notification, OutboxMessage, Report,
               ReportBuild)


def _user_changes(user: User) -> set[int]:
    """The organisations whose pages a change to this user alters (both, if moved)."""
    state = inspect(user)
    histories = [state.attrs[field].history for field in USER_FIELDS_SHOWN]
    if not any(history.has_changes() for history in histories):
        return set()
    moved = state.attrs.organisation_id.history
    return {org for org in (user.organisation_id, *moved.deleted) if org is not None}


def assessment_of_row(obj, deleted: bool) -> int | None:
    """The row's `assessment_id` without loading anything (a deleted row cannot be loaded)."""
    if not hasattr(obj, "assessment_id"):
        return None
    value = inspect(obj).dict.get("assessment_id")
    if value is None and not deleted:
        value = obj.assessment_id
    return value if isinstance(value, int) else None


def touched_by(session: Session, new_assessments: bool = False) -> tuple[set[int], set[int]]:
    """(assessment ids, organisation ids) whose content the pending flush changes; new
    assessments (which start at their first generation) only with `new_assessments`, as
    services/outcomes.py needs them."""
    assessments: set[int] = set()
    organisations: set[int] = set()
    for obj in chain(session.new, session.dirty, session.deleted):
        if isinstance(obj, Assessment):
            if obj.id is not None and (new_assessments or obj not in session.new):
                assessments.add(obj.id)
        elif isinstance(obj, Organisation):
            if obj.id is not None and obj not in session.new:
                organisations.add(obj.id)
        elif isinstance(obj, User):
            if obj not in session.new:
                organisations |= _user_changes(obj)
        elif not isinstance(obj, NOT_CONTENT):
            assessment_id = assessment_of_row(obj, obj in session.deleted)
            if assessment_id is not None:
                assessments.add(assessment_id)
    return assessments, organisations


def _raise_generations(session: Session, _context) -> None:
    assessments, organisations = touched_by(session)
    if not (assessments or organisations):
        return
    # Objects already loaded keep the counters they were read with: nothing computed from
    # this transaction's state may be kept under them (services/profile_memo.py checks this).
    session.info[CHANGED] = True
    connection = session.connection()
    for table, ids in ((Assessment.__table__, assessments),
                       (Organisation.__table__, organisations)):
        if ids:
            values = {"content_gen": table.c.content_gen + 1}
            if "updated_at" in table.c:  # its onupdate would otherwise mark a change
                values["updated_at"] = table.c.updated_at
            connection.execute(update(table).where(table.c.id.in_(sorted(ids)))
                               .values(**values))


def install(session_factory) -> None:
    """Listen on a session (or scoped session) factory; safe to call more than once."""
    if not event.contains(session_factory, "after_flush", _raise_generations):
        event.listen(session_factory, "after_flush", _raise_generations)
