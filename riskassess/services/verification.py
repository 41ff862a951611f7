"""Checking that nothing was altered: a PDF against the reports recorded at approval.

A file is an approved report when a sealed `report.generated` event of the audit trail
(core/audit_chain.py, keyed) records its SHA-256: the stored copy and its hash column are not
enough, since someone with write access to the database could replace both."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from sqlalchemy import select

from riskassess.core.audit_chain import verify_link
from riskassess.extensions import db
from riskassess.models import AssessmentVersion, AuditEvent, Report
from riskassess.services import audit


@dataclass(frozen=True)
class PdfCheck:
    sha256: str
    report: Report | None
    stored_copy_altered: bool = False  # genuine file, but the stored copy was replaced

    @property
    def known(self) -> bool:
        return self.report is not None

    @property
    def version(self) -> int | None:
        """The revision the report was approved for."""
        if self.report is None:
            return None
        if self.report.revision is not None:
            return self.report.revision
        frozen = db.session.scalar(select(AssessmentVersion.revision).where(
            AssessmentVersion.report_id == self.report.id))
        return frozen if frozen is not None else \
            self.report.assessment.reports.index(self.report) + 1


def _sealed_events(sha256: str) -> list[AuditEvent]:
    """`report.generated` events recording this SHA-256, whose seal is valid (every report
    made at an approval has had one since the first release)."""
    query = select(AuditEvent).where(AuditEvent.action == "report.generated",
                                     AuditEvent.details["sha256"].as_string() == sha256)
    keys = audit.keyring_in_use().keys
    return [e for e in db.session.scalars(query) if verify_link(audit.link(e), keys) is None]


def check_pdf(data: bytes) -> PdfCheck:
    """Is this file, byte for byte, a report generated at an approval?"""
    digest = hashlib.sha256(data).hexdigest()
    for event in _sealed_events(digest):
        report = db.session.get(Report, event.target_id)
        if report is not None:
            return PdfCheck(digest, report, stored_copy_altered=report.sha256 != digest)
    return PdfCheck(digest, None)
