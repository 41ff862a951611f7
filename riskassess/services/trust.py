"""Checking that nothing was altered: the audit chain, and a PDF against the approved reports."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from sqlalchemy import select

from riskassess.extensions import db
from riskassess.models import AssessmentVersion, Report


@dataclass(frozen=True)
class PdfCheck:
    sha256: str
    report: Report | None

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


def check_pdf(data: bytes) -> PdfCheck:
    """Is this file, byte for byte, a report generated at an approval?"""
    digest = hashlib.sha256(data).hexdigest()
    report = db.session.scalar(select(Report).where(Report.sha256 == digest))
    return PdfCheck(digest, report)
