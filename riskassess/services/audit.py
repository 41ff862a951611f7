"""Audit trail: one event per state change, written in the same transaction as the change,
appended to a hash chain keyed with the audit keyring (core/audit_chain.py, core/audit_keys.py)."""

from __future__ import annotations

from typing import Any

from flask import current_app
from sqlalchemy import event, select, update

from riskassess.core.audit_chain import (
    GENESIS,
    Break,
    Link,
    event_hash,
    head_mac,
    verify,
    verify_head,
)
from riskassess.core.audit_keys import Keyring
from riskassess.extensions import db
from riskassess.models import AssessmentVersion, AuditEvent, AuditHead, User, utcnow


class AppendOnly(Exception):
    """Audit events and frozen versions are never changed nor deleted."""


@event.listens_for(AuditEvent, "before_update")
@event.listens_for(AuditEvent, "before_delete")
@event.listens_for(AssessmentVersion, "before_update")
@event.listens_for(AssessmentVersion, "before_delete")
def _refuse(mapper, connection, target):
    raise AppendOnly(f"{type(target).__name__} {target.id} cannot be changed or deleted")


def _next_link() -> tuple[int, str]:
    """Reserve the next sequence number. The UPDATE comes first so that concurrent writers
    wait for each other (row lock on PostgreSQL, write lock on SQLite) instead of forking the
    chain."""
    moved = db.session.execute(update(AuditHead).where(AuditHead.id == 1)
                               .values(seq=AuditHead.seq + 1))
    if moved.rowcount == 0:
        db.session.add(AuditHead(id=1, seq=1, last_hash=GENESIS))
        db.session.flush()
    head = db.session.execute(select(AuditHead.seq, AuditHead.last_hash)
                              .where(AuditHead.id == 1)).one()
    return head.seq, head.last_hash


def record(
    actor: User | None,
    action: str,
    target: Any,
    organisation_id: int | None = None,
    **details: Any,
) -> AuditEvent:
    """Add an audit event for `action` on `target` (a model instance) to the session."""
    if target is not None and getattr(target, "id", None) is None:
        db.session.flush()  # give a new target its id
    audit_event = AuditEvent(
        actor_id=actor.id if actor else None,
        organisation_id=organisation_id
        if organisation_id is not None
        else getattr(target, "organisation_id", None),
        action=action,
        target_type=type(target).__name__.lower() if target is not None else "system",
        target_id=getattr(target, "id", None),
        created_at=utcnow(),
        details=details,
    )
    keyring = keyring_in_use()
    seq, previous = _next_link()
    audit_event.seq, audit_event.prev_hash = seq, previous
    audit_event.key_id = keyring.current
    audit_event.hash = event_hash(previous, seq, audit_event.chained_fields(),
                                  keyring.current_key)
    db.session.execute(update(AuditHead).where(AuditHead.id == 1).values(
        last_hash=audit_event.hash, key_id=keyring.current,
        mac=head_mac(keyring.current_key, seq, audit_event.hash)))
    db.session.add(audit_event)
    return audit_event


def keyring_in_use() -> Keyring:
    return current_app.config["AUDIT_KEYRING"]


def link(item: AuditEvent) -> Link:
    return Link(item.id, item.seq, item.prev_hash, item.hash, item.key_id,
                item.chained_fields())


def verify_chain(batch: int = 1000, organisation_id: int | None = None
                 ) -> tuple[int, Break | None]:
    """Check every event in order; return the number checked and the first break if any.

    The chain is one for the whole instance and is always checked whole; with
    `organisation_id`, the number returned counts that organisation's events only (what its
    people may be told), see verify_for_organisation."""
    checked = 0
    query = select(AuditEvent).order_by(AuditEvent.seq).execution_options(yield_per=batch)
    rows = db.session.scalars(query)  # streamed: a server-side cursor on PostgreSQL

    keys = keyring_in_use().keys
    last: Link | None = None

    def events():
        nonlocal checked, last
        for item in rows:
            if organisation_id is None or item.organisation_id == organisation_id:
                checked += 1
            last = link(item)
            yield last

    try:
        found = verify(events(), keys)
    finally:
        rows.close()  # the check may stop at the first break, before the end of the cursor
    head = db.session.get(AuditHead, 1)
    if found is None and head is not None:
        found = verify_head(last, head.seq, head.last_hash, head.key_id, head.mac, keys)
    elif found is None and last is not None:
        found = Break(last.seq, last.event_id, "the chain's head is missing")
    return checked, found


def verify_for_organisation(organisation_id: int) -> tuple[int, Break | None, bool]:
    """The whole chain checked, told as an organisation may hear it: how many of its events
    were verified, the first break if it is one of its events, and whether the chain is
    broken elsewhere (another organisation's event, or events removed at the end), without
    naming anything outside the organisation."""
    checked, found = verify_chain(organisation_id=organisation_id)
    if found is None:
        return checked, None, False
    owner = db.session.scalar(select(AuditEvent.organisation_id).where(
        AuditEvent.id == found.event_id)) if found.event_id else None
    if owner == organisation_id:
        return checked, found, False
    return checked, None, True
