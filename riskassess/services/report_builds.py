"""The editions of an approved report, laid out by the background worker (riskassess/worker.py)
so that the decision answers at once instead of building two PDFs in the request (issue 20).

At the decision, `request_editions` keeps what each edition says, as approved: the report data
(services/reports.report_data) encoded by reports/snapshot.py, and its fingerprint. The worker
claims one edition at a time (riskassess/jobs.py, services/claims.py), checks that the
snapshot still has that fingerprint, lays it out, stores the Report, seals its SHA-256 in
the audit chain ("report.generated") and drops the snapshot. A failure is retried
MAX_ATTEMPTS times, then shown as failed to the people who would download the report. Pages
show the editions' progress (`progress`).

REPORTS_BUILT_IN_REQUEST (the tests' default, as Celery's "eager" mode) builds them right
after the decision's commit, through the same code (riskassess/jobs.py).
"""

from __future__ import annotations

import hashlib
import json
import zlib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from flask import current_app
from flask_babel import force_locale
from sqlalchemy import func, select

from riskassess import signals
from riskassess.core.risk_profile import Profile
from riskassess.extensions import db
from riskassess.models import Assessment, Report, ReportBuild, User, utcnow
from riskassess.reports import snapshot
from riskassess.reports.data import ReportData
from riskassess.services import audit, claims, reports

MAX_ATTEMPTS = 3
STALLED = timedelta(minutes=2)  # then the page asks whether the worker runs


def request_editions(decider: User, assessment: Assessment, full: Profile
                     ) -> list[ReportBuild]:
    """One pending edition per language of reports.EDITIONS, holding what it says now."""
    builds = []
    for lang in reports.EDITIONS:
        data = reports.report_data(assessment, lang, full)
        kept = json.dumps(snapshot.encode(data), ensure_ascii=False, separators=(",", ":"))
        builds.append(ReportBuild(
            assessment_id=assessment.id, revision=assessment.revision, lang=lang,
            status="pending", snapshot=zlib.compress(kept.encode(), 6),
            content=data.fingerprint, requested_by_id=decider.id, attempts=0))
    db.session.add_all(builds)
    return builds


def after_decision() -> None:
    """Say that editions wait: riskassess/jobs.py lays them out right after the commit when
    the configuration says so (tests); else the worker will."""
    signals.editions_requested.send(current_app._get_current_object())


def build(build_id: int) -> Report:
    """Lay out the edition `build_id`, claimed by this worker (riskassess/jobs.py)."""
    found = db.session.get(ReportBuild, build_id)
    report = _build(found)
    found.claimed_until = None
    return report


def failed(build_id: int, error: Exception) -> None:
    """Note a failure to lay out the edition: tried again later, MAX_ATTEMPTS times."""
    found = db.session.get(ReportBuild, build_id)
    found.attempts += 1
    found.last_error = f"{type(error).__name__}: {error}"[:500]
    found.next_attempt_at = utcnow() + claims.retry_delay(found.attempts)
    if found.attempts >= MAX_ATTEMPTS:
        found.status = "failed"
    found.claimed_until = None


def _build(build: ReportBuild) -> Report:
    data = snapshot.decode(json.loads(zlib.decompress(build.snapshot)))
    if not isinstance(data, ReportData) or reports.fingerprint(data) != build.content:
        raise snapshot.SnapshotError("the snapshot no longer holds the content approved")
    from riskassess.reports.pdf import build_pdf  # ReportLab, loaded when a report is built

    with force_locale(build.lang):
        pdf = build_pdf(data)
    report = Report(assessment_id=build.assessment_id, pdf=pdf, lang=build.lang,
                    sha256=hashlib.sha256(pdf).hexdigest(), revision=build.revision)
    db.session.add(report)
    db.session.flush()
    audit.record(build.requested_by, "report.generated", report,
                 build.assessment.organisation_id, assessment_id=build.assessment_id,
                 sha256=report.sha256, revision=build.revision, lang=build.lang,
                 content=build.content)
    build.status, build.report_id = "done", report.id
    build.snapshot, build.finished_at = None, utcnow()
    return report


def retry_failed() -> int:
    """Make the failed editions due again (their snapshot is kept); returns how many."""
    failed = db.session.scalars(select(ReportBuild).where(ReportBuild.status == "failed")).all()
    for build in failed:
        build.status, build.attempts, build.next_attempt_at = "pending", 0, utcnow()
    return len(failed)


def counts() -> dict[str, int]:
    """Editions by status."""
    return dict(db.session.execute(select(ReportBuild.status, func.count())
                                   .group_by(ReportBuild.status)).all())


@dataclass(frozen=True)
class Progress:
    """The editions of the current revision: how many are ready, which failed."""

    states: dict[str, str]  # language -> pending | done | failed
    since: datetime  # when they were asked for

    @property
    def ready(self) -> int:
        return sum(state == "done" for state in self.states.values())

    @property
    def waiting(self) -> bool:
        return any(state == "pending" for state in self.states.values())

    @property
    def failed(self) -> list[str]:
        return [lang for lang, state in self.states.items() if state == "failed"]

    @property
    def complete(self) -> bool:
        return self.ready == len(self.states)

    @property
    def stalled(self) -> bool:
        """Still waiting long after the request: is the worker running?"""
        return self.waiting and utcnow() - _aware(self.since) > STALLED

    def as_dict(self) -> dict:
        return {"editions": self.states, "ready": self.ready, "total": len(self.states),
                "complete": self.complete, "stalled": self.stalled}


def _aware(moment: datetime) -> datetime:
    """SQLite gives back naive datetimes (stored in UTC)."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def progress(assessment: Assessment) -> Progress | None:
    """The editions of the assessment's current revision; None when none was requested (an
    assessment not approved, or approved before the worker built the editions)."""
    rows = db.session.execute(
        select(ReportBuild.lang, ReportBuild.status, ReportBuild.requested_at).where(
            ReportBuild.assessment_id == assessment.id,
            ReportBuild.revision == assessment.revision).order_by(ReportBuild.id)).all()
    if not rows:
        return None
    return Progress({lang: status for lang, status, _at in rows}, min(at for *_r, at in rows))


def unfinished(assessment_ids: Iterable[int]) -> set[int]:
    """Which of these assessments have editions of their current revision not built yet."""
    ids = list(assessment_ids)
    if not ids:
        return set()
    return set(db.session.scalars(
        select(ReportBuild.assessment_id).join(Assessment)
        .where(ReportBuild.assessment_id.in_(ids), ReportBuild.status != "done",
               ReportBuild.revision == Assessment.revision)))
