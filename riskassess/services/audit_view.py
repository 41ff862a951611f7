"""Reading the audit trail of an organisation: filters, pages and CSV export."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import Select, func, select
from sqlalchemy.orm import joinedload, selectinload

from riskassess.csvsafe import SafeWriter
from riskassess.extensions import db
from riskassess.models import AuditEvent, User
from riskassess.pagination import Page, paginate

PAGE_SIZE = 50


@dataclass
class AuditFilters:
    action: str = ""
    actor: str = ""
    target_type: str = ""
    since: date | None = None
    until: date | None = None
    only: tuple[str, ...] = ()  # these actions only (e.g. logins, in their own view)
    without: tuple[str, ...] = ()  # every action but these


def _query(organisation_id: int, filters: AuditFilters) -> Select:
    query = select(AuditEvent).where(AuditEvent.organisation_id == organisation_id)
    if filters.action:
        query = query.where(AuditEvent.action == filters.action)
    if filters.only:
        query = query.where(AuditEvent.action.in_(filters.only))
    if filters.without:
        query = query.where(AuditEvent.action.not_in(filters.without))
    if filters.target_type:
        query = query.where(AuditEvent.target_type == filters.target_type)
    if filters.actor:
        query = query.join(User, AuditEvent.actor_id == User.id).where(
            func.lower(User.email).contains(filters.actor.strip().lower()))
    if filters.since:
        query = query.where(AuditEvent.created_at >= datetime.combine(filters.since, time.min))
    if filters.until:
        query = query.where(AuditEvent.created_at < datetime.combine(
            filters.until + timedelta(days=1), time.min))
    return query


def page(organisation_id: int, filters: AuditFilters, number: int) -> Page:
    """One page of events, newest first (index (organisation_id, seq); no total count)."""
    query = (_query(organisation_id, filters).options(selectinload(AuditEvent.actor))
             .order_by(AuditEvent.seq.desc()))
    return paginate(query, number, PAGE_SIZE)


def actions(organisation_id: int) -> list[str]:
    """The distinct actions in the organisation's trail, in order, by a skip scan of the
    index (organisation_id, action): one index probe per action, whatever the trail's size."""
    events = AuditEvent.__table__

    def first_after(previous) -> Select:
        query = select(events.c.action).where(events.c.organisation_id == organisation_id)
        if previous is not None:
            query = query.where(events.c.action > previous)
        return query.order_by(events.c.action).limit(1)

    found = select(first_after(None).scalar_subquery().label("action")).cte(
        "found_actions", recursive=True)
    found = found.union_all(select(first_after(found.c.action).scalar_subquery())
                            .where(found.c.action.is_not(None)))
    return sorted(a for a in db.session.scalars(select(found.c.action)) if a is not None)


def csv_lines(organisation_id: int, filters: AuditFilters) -> Iterator[str]:
    """The filtered trail as CSV, oldest first, streamed in batches."""
    buffer = io.StringIO()
    writer = SafeWriter(buffer)
    writer.writerow(["seq", "time_utc", "actor", "action", "target_type", "target_id",
                     "details", "prev_hash", "hash"])
    # each actor read with their events (a join): not one statement per person named
    query = _query(organisation_id, filters).options(joinedload(AuditEvent.actor)) \
        .order_by(AuditEvent.seq)
    rows = db.session.scalars(query.execution_options(yield_per=500))
    try:
        for event in rows:
            writer.writerow([event.seq, event.created_at.strftime("%Y-%m-%d %H:%M:%S"),
                             event.actor.email if event.actor else "system", event.action,
                             event.target_type, event.target_id,
                             json.dumps(event.details, ensure_ascii=False, sort_keys=True),
                             event.prev_hash, event.hash])
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
        yield buffer.getvalue()
    finally:
        rows.close()  # also when the client stops reading: frees the server-side cursor
