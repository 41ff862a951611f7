"""The follow-up of planned measures (re-exported by riskassess.models): what has become of
each one (planned, in progress, done with its evidence, abandoned with a reason), and the
organisation's action list derived from it (services/actions.py)."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import Date, DateTime, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from riskassess.extensions import db
from riskassess.models_base import utcnow

if TYPE_CHECKING:  # mapped by name (the models of riskassess/models.py)
    from riskassess.models import Assessment, User


class ActionFollowUp(db.Model):
    """What the people in charge said of one planned measure of an assessment."""

    __tablename__ = "action_follow_up"
    __table_args__ = (UniqueConstraint("assessment_id", "question_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessment.id"))
    question_id: Mapped[str] = mapped_column(String(100))  # the measure
    status: Mapped[str] = mapped_column(String(20))  # in_progress | done | abandoned | planned
    owner_user_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    owner_name: Mapped[str] = mapped_column(String(200), default="")  # when not a user
    due: Mapped[date | None] = mapped_column(Date)
    reason: Mapped[str] = mapped_column(Text, default="")  # why it was abandoned
    evidence: Mapped[str] = mapped_column(Text, default="")  # how it was done
    evidence_file_id: Mapped[int | None] = mapped_column(ForeignKey("evidence_file.id"))
    done_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow,
                                                 onupdate=utcnow)

    assessment: Mapped[Assessment] = relationship(back_populates="follow_ups")
    owner_user: Mapped[User | None] = relationship(foreign_keys=[owner_user_id])


class ActionItem(db.Model):
    """One planned measure as the organisation's action list shows it: derived from the
    answers and the follow-up, rewritten with the assessment's outcome
    (services/outcomes.py), so that the list is one indexed query."""

    __tablename__ = "action_item"
    __table_args__ = (
        UniqueConstraint("assessment_id", "question_id"),
        Index("ix_action_item_org_status_due", "organisation_id", "status", "due"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"))
    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessment.id"))
    assessment_status: Mapped[str] = mapped_column(String(30))
    question_id: Mapped[str] = mapped_column(String(100))
    title_fr: Mapped[str] = mapped_column(Text)
    title_en: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(20))
    owner: Mapped[str] = mapped_column(String(200), default="")
    owner_user_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    due: Mapped[date | None] = mapped_column(Date)

    assessment: Mapped[Assessment] = relationship(viewonly=True)
