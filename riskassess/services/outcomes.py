"""Outcomes kept beside assessments (models_outcome.py), recomputed in the transaction that
changes them.

The rule is structural, like content generations (riskassess/content_generation.py): every flush
notes the assessments it touched (the assessment, or any row carrying its `assessment_id`);
just before the transaction commits, each noted assessment's risk profile is computed and its
outcome row written, and the organisation's tally moves from the old cell to the new one. The
rows are written with plain statements (never through the ORM), so they raise no content
generation and no optimistic-locking version. A profile that cannot be computed leaves the
outcome as it was (older `content_gen`): `refresh_outcomes` (riskassess/jobs.py), run by
`flask init-db` and by the worker, catches up with such rows and with assessments that have
none yet (after the migration that added them, or rows written by hand).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import TYPE_CHECKING

from sqlalchemy import delete, event, func, insert, or_, select, update
from sqlalchemy.orm import Session

from riskassess.content_generation import touched_by
from riskassess.extensions import db
from riskassess.models import (
    ActionItem,
    Assessment,
    AssessmentOutcome,
    OutcomeTally,
    utcnow,
)

if TYPE_CHECKING:  # computing outcomes is not for every command (issue 20: start-up)
    from riskassess.core.outcome import Outcome

log = logging.getLogger(__name__)
PENDING = "outcomes_pending"  # in session.info: ids of the assessments this transaction touched
CELL = ("status", "conclusion", "screening", "ai_tier")


def compute(assessment: Assessment) -> Outcome:
    from riskassess.core.outcome import summarise
    from riskassess.services.assessments import profile
    from riskassess.services.catalogue import questionnaire_for

    return summarise(profile(assessment), questionnaire_for(assessment),
                     assessment.answer_values(), assessment.title, assessment.description)


def _row(assessment: Assessment, content_gen: int, outcome: Outcome) -> dict:
    return {"assessment_id": assessment.id, "organisation_id": assessment.organisation_id,
            "content_gen": content_gen, "status": assessment.status,
            "conclusion": outcome.conclusion, "screening": outcome.screening,
            "ai_tier": outcome.ai_tier, "top_risk": outcome.top_risk,
            "top_severity": outcome.top_severity, "top_likelihood": outcome.top_likelihood,
            "top_score": outcome.top_score, "answered": outcome.answered,
            "visible": outcome.visible, "progress": outcome.progress,
            "open_actions": outcome.open_actions, "earliest_due": outcome.earliest_due,
            "search_text": outcome.search_text, "computed_at": utcnow()}


def _upsert(dialect: str):
    """The dialect's INSERT … ON CONFLICT, imported when first needed (start-up)."""
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    return insert


def _move_tally(connection, organisation_id: int, old: dict | None, new: dict) -> None:
    """Take the assessment out of its old cell and count it in the new one (cells in a fixed
    order, so that two transactions never lock them in opposite orders)."""
    changes: dict[tuple, list[int]] = {}
    if old is not None:
        changes[tuple(old[k] for k in CELL)] = [-1, -old["progress"]]
    cell = tuple(new[k] for k in CELL)
    count, progress = changes.get(cell, [0, 0])
    changes[cell] = [count + 1, progress + new["progress"]]
    table = OutcomeTally.__table__
    upsert = _upsert(connection.dialect.name)
    for key in sorted(changes):
        count, progress = changes[key]
        if count == 0 and progress == 0:
            continue
        # One statement, whether the cell exists or not: two transactions counting the first
        # assessment of a cell at the same time cannot both insert it.
        statement = upsert(table).values(organisation_id=organisation_id, count=count,
                                         progress_sum=progress,
                                         **dict(zip(CELL, key, strict=True)))
        connection.execute(statement.on_conflict_do_update(
            index_elements=["organisation_id", *CELL],
            set_={"count": table.c.count + statement.excluded.count,
                  "progress_sum": table.c.progress_sum + statement.excluded.progress_sum}))


def refresh(session: Session, ids: Iterable[int]) -> int:
    """Recompute the outcome of these assessments (and their rows of the action list,
    services/actions.py); returns how many were written."""
    from riskassess.services import actions

    connection = session.connection()
    table = AssessmentOutcome.__table__
    written = 0
    for assessment_id in sorted(set(ids)):
        # The assessment's row locked first (PostgreSQL; SQLite has one writer at a time),
        # then read, computed and its old outcome read: the worker catching up and a user's
        # save never both move the same assessment in the tally, nor write an outcome of
        # content older than the generation it is stamped with.
        gen = connection.scalar(select(Assessment.content_gen)
                                .where(Assessment.id == assessment_id).with_for_update())
        assessment = session.get(Assessment, assessment_id) if gen is not None else None
        if assessment is None:
            continue
        try:
            outcome = compute(assessment)
        except Exception:  # a broken questionnaire or answer: keep the old row, say so
            log.exception("outcome of assessment %s not computed", assessment_id)
            continue
        new = _row(assessment, gen, outcome)
        old = connection.execute(select(table.c.progress, *(table.c[k] for k in CELL))
                                 .where(table.c.assessment_id == assessment_id)).mappings().first()
        if old is None:
            connection.execute(insert(table).values(**new))
        else:
            connection.execute(update(table).where(table.c.assessment_id == assessment_id)
                               .values(**new))
        _move_tally(connection, assessment.organisation_id, dict(old) if old else None, new)
        items = ActionItem.__table__
        connection.execute(delete(items).where(items.c.assessment_id == assessment_id))
        rows = actions.item_rows(assessment)
        if rows:
            connection.execute(insert(items), rows)
        written += 1
    return written


def stale_ids(limit: int) -> list[int]:
    """Assessments whose outcome is missing or older than their content."""
    outcome = AssessmentOutcome
    return list(db.session.scalars(
        select(Assessment.id).outerjoin(outcome, outcome.assessment_id == Assessment.id)
        .where(or_(outcome.assessment_id.is_(None),
                   outcome.content_gen != Assessment.content_gen))
        .order_by(Assessment.id).limit(limit)))


def rebuild_tally(organisation_id: int | None = None) -> None:
    """Count the tally again from the outcome rows (after rows were written by hand)."""
    table, outcome = OutcomeTally.__table__, AssessmentOutcome
    scope = [] if organisation_id is None else [outcome.organisation_id == organisation_id]
    connection = db.session.connection()
    connection.execute(delete(table).where(
        *([] if organisation_id is None else [table.c.organisation_id == organisation_id])))
    groups = select(outcome.organisation_id, *(getattr(outcome, k) for k in CELL),
                    func.count(), func.sum(outcome.progress)).where(*scope).group_by(
        outcome.organisation_id, *(getattr(outcome, k) for k in CELL))
    connection.execute(insert(table).from_select(
        ["organisation_id", *CELL, "count", "progress_sum"], groups))


def _note(session: Session, _context) -> None:
    assessments, _organisations = touched_by(session, new_assessments=True)
    session.info.setdefault(PENDING, set()).update(assessments)


def _before_commit(session: Session) -> None:
    if not session.info.get(PENDING) and not (session.new or session.dirty or session.deleted):
        return
    session.flush()
    ids = session.info.pop(PENDING, set())
    if ids:
        refresh(session, ids)


def _forget(session: Session, *_args) -> None:
    session.info.pop(PENDING, None)


def install(session_factory) -> None:
    """Listen on a session (or scoped session) factory; safe to call more than once."""
    for name, listener in (("after_flush", _note), ("before_commit", _before_commit),
                           ("after_commit", _forget), ("after_rollback", _forget)):
        if not event.contains(session_factory, name, listener):
            event.listen(session_factory, name, listener)
