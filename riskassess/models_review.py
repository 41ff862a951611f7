"""The review's rows: remarks and decision texts, the DPO's module evaluations and adjusted
risk levels (re-exported by riskassess.models)."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import JSON, DateTime, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from riskassess.extensions import db
from riskassess.models_base import utcnow

if TYPE_CHECKING:  # mapped by name (the models of riskassess/models.py)
    from riskassess.models import Assessment, User


class ReviewComment(db.Model):
    """A review comment or a decision text; comments may target a question, a module or a
    risk, and replies point to the comment they answer."""

    __tablename__ = "review_comment"

    id: Mapped[int] = mapped_column(primary_key=True)
    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessment.id"), index=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    kind: Mapped[str] = mapped_column(String(30), default="comment")
    body: Mapped[str] = mapped_column(Text)
    revision: Mapped[int] = mapped_column(Integer, default=1)
    target_type: Mapped[str] = mapped_column(String(20), default="assessment")
    target_id: Mapped[str | None] = mapped_column(String(100))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("review_comment.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    # a remark's thread is closed by the DPO once answered (core/remarks.py)
    resolved_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    resolved_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))

    assessment: Mapped[Assessment] = relationship(back_populates="comments")
    # the people a page names beside each remark, loaded with the remarks in one statement
    # rather than one per person (tests/web/test_statements_per_page.py)
    author: Mapped[User] = relationship(foreign_keys=[author_id], lazy="selectin")
    resolved_by: Mapped[User | None] = relationship(foreign_keys=[resolved_by_id],
                                                    lazy="selectin")


class ModuleEvaluation(db.Model):
    """The DPO's evaluation of a module, as in the CNIL method."""

    __tablename__ = "module_evaluation"
    __table_args__ = (UniqueConstraint("assessment_id", "revision", "module_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessment.id"), index=True)
    revision: Mapped[int] = mapped_column(Integer)
    module_id: Mapped[str] = mapped_column(String(50))
    status: Mapped[str] = mapped_column(String(20))  # acceptable | to_improve | to_correct
    comment: Mapped[str] = mapped_column(Text, default="")
    author_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    author: Mapped[User] = relationship()


class RiskAdjustment(db.Model):
    """A residual level set by the DPO, with its justification, kept apart from the owner's
    figures."""

    __tablename__ = "risk_adjustment"
    __table_args__ = (UniqueConstraint("assessment_id", "revision", "risk_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessment.id"), index=True)
    revision: Mapped[int] = mapped_column(Integer)
    risk_id: Mapped[str] = mapped_column(String(50))
    severity: Mapped[int] = mapped_column(Integer)
    likelihood: Mapped[int] = mapped_column(Integer)
    justification: Mapped[str] = mapped_column(Text)
    author_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    author: Mapped[User] = relationship()


class ReviewRound(db.Model):
    """One submission of an assessment to the DPO, kept as it was: the answers, the risk
    profile and the evidence at that moment (services/rounds.py compares two of them)."""

    __tablename__ = "review_round"
    __table_args__ = (UniqueConstraint("assessment_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessment.id"), index=True)
    number: Mapped[int] = mapped_column(Integer)  # 1, 2, … across revisions
    revision: Mapped[int] = mapped_column(Integer)
    submitted_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    submitted_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    answers: Mapped[dict[str, Any]] = mapped_column(JSON)
    # read only by the comparison page: not loaded with the rounds every review page reads
    profile: Mapped[dict[str, Any]] = mapped_column(JSON, deferred=True)
    evidence: Mapped[list[Any]] = mapped_column(JSON)

    submitted_by: Mapped[User | None] = relationship()
