"""Work the background worker takes one row at a time (the outbox's messages, the reports'
editions): each row is claimed before it is handled. On PostgreSQL the candidate row is read
with `FOR UPDATE SKIP LOCKED`, so several workers never wait on nor take the same row; on both
databases the claim itself is a conditional UPDATE that only one worker can win, valid for
CLAIM (a worker that dies mid-way leaves the row to be retried after that).

The model needs `id`, `status` ("pending" while to do), `next_attempt_at` and `claimed_until`.
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import or_, select, update

from riskassess.extensions import db
from riskassess.models import utcnow

CLAIM = timedelta(minutes=2)


def retry_delay(attempts: int) -> timedelta:
    """After the n-th failure: 10 s, 20 s, 40 s… at most an hour."""
    return timedelta(seconds=min(10 * 2 ** (attempts - 1), 3600))


def _free(model, now):
    return or_(model.claimed_until.is_(None), model.claimed_until < now)


def candidate(model) -> int | None:
    """The id of the next pending row due, not claimed by another worker."""
    now = utcnow()
    query = (select(model.id)
             .where(model.status == "pending", model.next_attempt_at <= now, _free(model, now))
             .order_by(model.id).limit(1))
    if db.engine.dialect.name == "postgresql":
        query = query.with_for_update(skip_locked=True)
    return db.session.scalar(query)


def claim(model, row_id: int) -> bool:
    """Take the row for this worker; False when another took it first. The caller commits
    the claim before the work (riskassess/jobs.py)."""
    now = utcnow()
    won = db.session.execute(
        update(model)
        .where(model.id == row_id, model.status == "pending", _free(model, now))
        .values(claimed_until=now + CLAIM)).rowcount == 1
    return won


def next_claimed(model) -> tuple[bool, int | None]:
    """(found, id): whether a row was due, and its id if this worker won it."""
    row_id = candidate(model)
    if row_id is None:
        return False, None
    return True, row_id if claim(model, row_id) else None
