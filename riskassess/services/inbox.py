"""A user's notifications in the app (read, opened, counted) and their e-mail preferences;
the administrators' view of the outbox."""

from __future__ import annotations

from sqlalchemy import func, select, update

from riskassess.extensions import db
from riskassess.models import Notification, OutboxMessage, User, utcnow
from riskassess.pagination import Page, paginate
from riskassess.services import audit
from riskassess.services.notify import KINDS

PAGE = 30


def unread_count(user: User) -> int:
    return db.session.scalar(select(func.count()).select_from(Notification).where(
        Notification.user_id == user.id, Notification.read_at.is_(None))) or 0


def page_of(user: User, number: int) -> Page:
    query = select(Notification).where(Notification.user_id == user.id).order_by(
        Notification.id.desc())
    return paginate(query, number, PAGE)


def open_one(user: User, notification_id: int) -> Notification | None:
    """Mark one of the user's notifications read; None when it is not theirs."""
    found = db.session.get(Notification, notification_id)
    if found is None or found.user_id != user.id:
        return None
    if found.read_at is None:
        found.read_at = utcnow()
    return found


def read_all(user: User) -> None:
    db.session.execute(update(Notification).where(
        Notification.user_id == user.id, Notification.read_at.is_(None)).values(
        read_at=utcnow()))


def set_mail_preferences(user: User, wanted: set[str]) -> None:
    """E-mail for the kinds in `wanted`, none for the others (all stay in the app)."""
    user.mail_off = " ".join(k for k in KINDS if k not in wanted)
    audit.record(user, "user.mail_preferences", user, user.organisation_id,
                 off=user.mail_off.split())


def set_language(user: User, lang: str) -> None:
    """The language of the user's e-mail follows the one they chose last."""
    if lang in ("fr", "en") and user.lang != lang:
        user.lang = lang


def outbox_page(organisation_id: int, number: int) -> Page:
    query = select(OutboxMessage).where(
        OutboxMessage.organisation_id == organisation_id).order_by(OutboxMessage.id.desc())
    return paginate(query, number, PAGE)
