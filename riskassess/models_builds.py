"""The editions of an approved report waiting for the background worker to lay them out
(re-exported by riskassess.models). The decision writes one row per language, holding what the
report says as approved (reports/snapshot.py, compressed); the worker builds the PDF, stores it
as a Report and drops the snapshot (services/report_builds.py)."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import DateTime, ForeignKey, Index, Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from riskassess.extensions import db
from riskassess.models_base import utcnow

if TYPE_CHECKING:  # mapped by name (the models of riskassess/models.py)
    from riskassess.models import Assessment, Report, User


class ReportBuild(db.Model):
    """One edition to build: pending, done (`report_id`) or failed (`last_error`, shown to
    the people who would download it and to administrators)."""

    __tablename__ = "report_build"
    __table_args__ = (Index("ix_report_build_status_next", "status", "next_attempt_at", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessment.id"), index=True)
    revision: Mapped[int] = mapped_column(Integer)
    lang: Mapped[str] = mapped_column(String(2))
    status: Mapped[str] = mapped_column(String(10), default="pending")  # done|failed
    snapshot: Mapped[bytes | None] = mapped_column(LargeBinary, deferred=True)
    content: Mapped[str] = mapped_column(String(64))  # the report data's fingerprint
    requested_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    requested_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    next_attempt_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    claimed_until: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(Text)
    report_id: Mapped[int | None] = mapped_column(ForeignKey("report.id"))
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    assessment: Mapped[Assessment] = relationship()
    requested_by: Mapped[User | None] = relationship()
    report: Mapped[Report | None] = relationship()
