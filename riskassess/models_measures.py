"""Measures of the owner's own (re-exported by riskassess.models): what a measure of the
questionnaire says in its content files (a title, the risks it addresses, its effect), said by
the owner for one assessment, with the justification of that effect. Its status, owner, due
date and description are an answer, like any measure's (question id `custom_<id>`,
core/custom_measures.py); the DPO reviews both like the other measures."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import JSON, DateTime, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from riskassess.extensions import db
from riskassess.models_base import utcnow

if TYPE_CHECKING:  # mapped by name (the models of riskassess/models.py)
    from riskassess.models import Assessment, User


class CustomMeasure(db.Model):
    __tablename__ = "custom_measure"

    id: Mapped[int] = mapped_column(primary_key=True)
    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessment.id"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    risks: Mapped[list] = mapped_column(JSON)  # ids of the catalogue's risks
    effect: Mapped[str] = mapped_column(String(20))  # likelihood | severity | both
    justification: Mapped[str] = mapped_column(Text)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    assessment: Mapped[Assessment] = relationship(back_populates="custom_measures")
    created_by: Mapped[User | None] = relationship()
