"""Audit trail: one event per state change, written in the same transaction as the change."""

from __future__ import annotations

from typing import Any

from riskassess.extensions import db
from riskassess.models import AuditEvent, User


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
    event = AuditEvent(
        actor_id=actor.id if actor else None,
        organisation_id=organisation_id
        if organisation_id is not None
        else getattr(target, "organisation_id", None),
        action=action,
        target_type=type(target).__name__.lower() if target is not None else "system",
        target_id=getattr(target, "id", None),
        details=details,
    )
    db.session.add(event)
    return event
