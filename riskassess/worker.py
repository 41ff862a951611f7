"""The background worker: sends the e-mail of the outbox, and tells owners of planned
measures due soon or late.

`flask --app riskassess worker` runs it (scripts/run.sh starts one beside the web server).
Each message is claimed before it is sent: on PostgreSQL the candidate row is read with
`FOR UPDATE SKIP LOCKED`, so several workers never wait on nor take the same message; on
both databases the claim itself is a conditional UPDATE that only one worker can win, valid
for CLAIM seconds (a worker that dies mid-send leaves the message to be retried after that).
A failure is retried later with a growing delay, up to MAIL_MAX_ATTEMPTS; without a mail
server configured, messages are kept (written under MAIL_OUTBOX_DIR and logged) and shown to
administrators on the outbox page.
"""

from __future__ import annotations

import time
from datetime import date, timedelta

from flask import current_app
from sqlalchemy import or_, select, update

from riskassess.extensions import db
from riskassess.models import OutboxMessage, utcnow
from riskassess.services import mail

CLAIM = timedelta(minutes=2)
BATCH = 50


def _delay(attempts: int) -> timedelta:
    """After the n-th failure: 10 s, 20 s, 40 s… at most an hour."""
    return timedelta(seconds=min(10 * 2 ** (attempts - 1), 3600))


def _candidate() -> int | None:
    now = utcnow()
    query = (select(OutboxMessage.id)
             .where(OutboxMessage.status == "pending", OutboxMessage.next_attempt_at <= now,
                    or_(OutboxMessage.claimed_until.is_(None),
                        OutboxMessage.claimed_until < now))
             .order_by(OutboxMessage.id).limit(1))
    if db.engine.dialect.name == "postgresql":
        query = query.with_for_update(skip_locked=True)
    return db.session.scalar(query)


def _claim(message_id: int) -> bool:
    """Take the message for this worker; False when another took it first."""
    now = utcnow()
    won = db.session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id == message_id, OutboxMessage.status == "pending",
               or_(OutboxMessage.claimed_until.is_(None), OutboxMessage.claimed_until < now))
        .values(claimed_until=now + CLAIM)).rowcount == 1
    db.session.commit()
    return won


def send_one() -> bool:
    """Send (or keep) the next message due; False when there is none."""
    message_id = _candidate()
    if message_id is None:
        db.session.rollback()
        return False
    if not _claim(message_id):
        return True  # another worker has it: look for the next one
    message = db.session.get(OutboxMessage, message_id)
    config = current_app.config
    try:
        mail.send(message.recipient, message.subject, message.body)
    except mail.MailError as error:
        message.attempts += 1
        message.last_error = str(error)[:500]
        message.next_attempt_at = utcnow() + _delay(message.attempts)
        if message.attempts >= int(config["MAIL_MAX_ATTEMPTS"]):
            message.status = "failed"
    else:
        message.status = "sent" if config.get("MAIL_SERVER") else "kept"
        message.sent_at = utcnow()
    message.claimed_until = None
    db.session.commit()
    return True


def drain(limit: int = BATCH) -> int:
    """Send what is due, up to `limit` messages; returns how many were handled."""
    handled = 0
    while handled < limit and send_one():
        handled += 1
    return handled


def run(once: bool = False, interval: float | None = None) -> None:
    """Drain the outbox every `interval` seconds; once a day, look for due measures, catch
    up with outcomes that could not be computed when their assessment changed, and tell the
    people concerned of approved assessments that new questionnaire content would change."""
    from riskassess.services import living, outcomes, reminders

    interval = float(interval if interval is not None
                     else current_app.config["WORKER_INTERVAL"])
    last_scan: date | None = None
    while True:
        try:
            if last_scan != date.today():
                reminders.scan()
                outcomes.refresh_stale()
                living.tell_content_changes()
                last_scan = date.today()
            while drain():
                pass
        except Exception:  # a database that restarts, a bug in one message: keep running
            db.session.rollback()
            current_app.logger.exception("worker: pass failed; trying again")
            if once:
                raise
        finally:
            db.session.remove()
        if once:
            return
        time.sleep(interval)
