"""The background worker: builds the editions of approved reports, sends the e-mail of the
outbox, and tells owners of planned measures due soon or late.

`flask --app riskassess worker` runs it (scripts/run.sh starts one beside the web server).
Each message and each edition is claimed before it is handled (riskassess/jobs.py,
services/claims.py): several workers never take the same one. A failure is retried later with
a growing delay, up to MAIL_MAX_ATTEMPTS; without a mail server configured, messages are kept
(written under MAIL_OUTBOX_DIR and logged) and shown to administrators on the outbox page.
"""

from __future__ import annotations

import time
from datetime import date

from flask import current_app

from riskassess import jobs, unit_of_work
from riskassess.extensions import db


def run(once: bool = False, interval: float | None = None) -> None:
    """Build the reports' editions and drain the outbox every `interval` seconds; once a day,
    look for due measures, catch up with outcomes that could not be computed when their
    assessment changed, and tell the people concerned of approved assessments that new
    questionnaire content would change (riskassess/jobs.py: each item its own unit of
    work)."""
    interval = float(interval if interval is not None
                     else current_app.config["WORKER_INTERVAL"])
    last_scan: date | None = None
    while True:
        try:
            if last_scan != date.today():
                jobs.daily_scans()
                last_scan = date.today()
            while jobs.build_reports() or jobs.send_mail():
                pass
        except Exception:  # a database that restarts, a bug in one message: keep running
            unit_of_work.rollback()
            current_app.logger.exception("worker: pass failed; trying again")
            if once:
                raise
        finally:
            db.session.remove()
        if once:
            return
        time.sleep(interval)
