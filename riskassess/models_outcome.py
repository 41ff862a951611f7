"""What each assessment concludes, kept beside it for lists and the dashboard (re-exported by
riskassess.models): screening verdict, AI Act tier, conclusion, highest final risk, progress,
open actions and the words searched. Derived data, recomputed from the assessment in the
transaction that changes it (services/outcomes.py), with the organisation's counts per
(status, conclusion, screening, tier) kept in `outcome_tally` so that the dashboard reads a
few dozen rows whatever the number of assessments."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, DateTime, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from riskassess.extensions import db
from riskassess.models_base import utcnow

# The search's own table (SQLite) and index (PostgreSQL) are made by migration 0021, outside
# the models: riskassess/search_schema.py.


class AssessmentOutcome(db.Model):
    __tablename__ = "assessment_outcome"
    __table_args__ = (
        # the dashboard's highest risks, read backwards (services/dashboard.py)
        Index("ix_outcome_org_score", "organisation_id", "top_score", "top_severity",
              "assessment_id"),
        # actions late or due soon, the status checked in the index
        Index("ix_outcome_org_due", "organisation_id", "earliest_due", "status"),
    )

    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessment.id"), primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"))
    content_gen: Mapped[int] = mapped_column(Integer)  # the assessment's, when computed
    status: Mapped[str] = mapped_column(String(30))
    conclusion: Mapped[str] = mapped_column(String(30))
    screening: Mapped[str] = mapped_column(String(30))
    ai_tier: Mapped[str] = mapped_column(String(30))
    top_risk: Mapped[str | None] = mapped_column(String(100))
    top_severity: Mapped[int] = mapped_column(Integer, default=0)
    top_likelihood: Mapped[int] = mapped_column(Integer, default=0)
    top_score: Mapped[int] = mapped_column(Integer, default=0)  # severity × likelihood
    answered: Mapped[int] = mapped_column(Integer, default=0)
    visible: Mapped[int] = mapped_column(Integer, default=0)  # questions shown
    progress: Mapped[int] = mapped_column(Integer, default=0)  # percent answered
    open_actions: Mapped[int] = mapped_column(Integer, default=0)  # planned measures
    earliest_due: Mapped[date | None] = mapped_column(Date)  # of the open actions
    search_text: Mapped[str] = mapped_column(Text, default="")
    computed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class OutcomeTally(db.Model):
    """How many assessment outcomes of an organisation fall in one (status, conclusion,
    screening, AI tier) cell, and the sum of their progress."""

    __tablename__ = "outcome_tally"

    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"),
                                                 primary_key=True)
    status: Mapped[str] = mapped_column(String(30), primary_key=True)
    conclusion: Mapped[str] = mapped_column(String(30), primary_key=True)
    screening: Mapped[str] = mapped_column(String(30), primary_key=True)
    ai_tier: Mapped[str] = mapped_column(String(30), primary_key=True)
    count: Mapped[int] = mapped_column(Integer, default=0)
    progress_sum: Mapped[int] = mapped_column(Integer, default=0)
