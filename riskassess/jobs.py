"""Background jobs, each item its own unit of work (riskassess/unit_of_work.py): the reports'
editions, the outbox's messages, the daily scans and the demo's seeding. The worker
(riskassess/worker.py) and the commands run them; the services they call never commit.

A row of the outbox or of the editions is claimed first (services/claims.py), and the claim is
committed before the work starts, so that other workers see it; the work is then committed,
or rolled back and its failure recorded in a transaction of its own.
"""

from __future__ import annotations

from flask import Flask, current_app

from riskassess import signals, unit_of_work
from riskassess.extensions import db
from riskassess.models import OutboxMessage, ReportBuild
from riskassess.services import claims

BATCH = 50
REPORT_BATCH = 10


def _claim(model) -> tuple[bool, int | None]:
    found = claims.next_claimed(model)
    unit_of_work.commit()  # the claim, seen by the other workers from now on
    return found


def build_next_report() -> bool:
    """Lay out the next edition due; False when there is none."""
    from riskassess.services import report_builds  # ReportLab: not for every command

    found, build_id = _claim(ReportBuild)
    if build_id is None:
        return found  # True: another worker has it, look for the next one
    try:
        report_builds.build(build_id)
        unit_of_work.commit()
    except Exception as error:  # a bug, a snapshot altered: try again later, then say so
        unit_of_work.rollback()
        current_app.logger.exception("report edition %s could not be built", build_id)
        report_builds.failed(build_id, error)
        unit_of_work.commit()
    return True


def _repeat(step, limit: int) -> int:
    """Run `step` until it finds nothing more, at most `limit` times; how many it handled."""
    handled = 0
    while handled < limit and step():
        handled += 1
    return handled


def build_reports(limit: int = REPORT_BATCH) -> int:
    """Build what is due, up to `limit` editions; returns how many were handled."""
    return _repeat(build_next_report, limit)


def send_next_message() -> bool:
    """Send (or keep) the next message due; False when there is none."""
    from riskassess.services import mail

    found, message_id = _claim(OutboxMessage)
    if message_id is None:
        return found
    mail.deliver(db.session.get(OutboxMessage, message_id))
    unit_of_work.commit()
    return True


def send_mail(limit: int = BATCH) -> int:
    """Send what is due, up to `limit` messages; returns how many were handled."""
    return _repeat(send_next_message, limit)


def refresh_outcomes(batch: int = 200) -> int:
    """Bring every stale outcome up to date, `batch` assessments per transaction."""
    from riskassess.services import outcomes

    done = 0
    while ids := outcomes.stale_ids(batch):
        written = outcomes.refresh(db.session, ids)
        unit_of_work.commit()
        done += written
        if written < len(ids):  # some cannot be computed: do not loop on them for ever
            break
    return done


def daily_scans() -> None:
    """Measures due or late, outcomes left stale, approved assessments that new questionnaire
    content would change."""
    from riskassess.services import living, reminders

    reminders.scan()
    unit_of_work.commit()
    refresh_outcomes()
    living.tell_content_changes()
    unit_of_work.commit()


def seed_demo() -> bool:
    """The demo data (services/demo.py), committed, with the approved assessment's report
    there from the first look; whether anything was created."""
    from riskassess.services import demo

    created = demo.seed()
    unit_of_work.commit()
    build_reports()
    return created


def _build_after_commit(_sender: object) -> None:
    if current_app.config.get("REPORTS_BUILT_IN_REQUEST"):
        unit_of_work.on_commit(build_reports)


def init_app(app: Flask) -> None:
    """REPORTS_BUILT_IN_REQUEST (the tests' default, as Celery's "eager" mode): the editions
    a decision asks for are laid out right after its commit, through the worker's code."""
    signals.editions_requested.connect(_build_after_commit, sender=app)
