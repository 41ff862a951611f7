"""The background worker: builds the editions of approved reports, sends the e-mail of the
outbox, and tells owners of planned
measures due soon or late.

`flask --app riskassess worker` runs it (scripts/run.sh starts one beside the web server).
It also lays out the editions of approved reports (services/report_builds.py).
Each message and each edition is claimed before it is handled (services/claims.py): several
workers never take the same one. A failure is retried later with a growing delay, up to
MAIL_MAX_ATTEMPTS; without a mail server configured, messages are kept (written under
MAIL_OUTBOX_DIR and logged) and shown to administrators on the outbox page.
"""

from __future__ import annotations

import time
from datetime import date

from flask import current_app

from riskassess.extensions import db
from riskassess.models import OutboxMessage, utcnow
from riskassess.services import claims, mail, report_builds

BATCH = 50


def send_one() -> bool:
    """Send (or keep) the next message due; False when there is none."""
    found, message_id = claims.next_claimed(OutboxMessage)
    if message_id is None:
        return found  # True: another worker has it, look for the next one
    message = db.session.get(OutboxMessage, message_id)
    config = current_app.config
    try:
        mail.send(message.recipient, message.subject, message.body)
    except mail.MailError as error:
        message.attempts += 1
        message.last_error = str(error)[:500]
        message.next_attempt_at = utcnow() + claims.retry_delay(message.attempts)
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
    """Build the reports' editions and drain the outbox every `interval` seconds; once a day,
    look for due measures, catch up with outcomes that could not be computed when their
    assessment changed, and tell the people concerned of approved assessments that new
    questionnaire content would change."""
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
            while report_builds.drain() or drain():
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
