"""Evidence files attached to an assessment, one of its questions or one of its measures
(re-exported by riskassess.models). The bytes live in the database, so that backups, restores
and every application server see them; a file is never changed once stored (its SHA-256 is
computed on arrival), and it can be removed only while its revision is being edited."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import DateTime, ForeignKey, Index, Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from riskassess.extensions import db
from riskassess.models_base import utcnow

if TYPE_CHECKING:  # mapped by name (the models of riskassess/models.py)
    from riskassess.models import Assessment, User


class EvidenceFile(db.Model):
    __tablename__ = "evidence_file"
    __table_args__ = (Index("ix_evidence_file_assessment", "assessment_id", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessment.id"))
    question_id: Mapped[str | None] = mapped_column(String(100))  # None: the whole assessment
    revision: Mapped[int] = mapped_column(Integer)  # of the assessment when it was added
    name: Mapped[str] = mapped_column(String(200))  # as the user named it, cleaned
    media_type: Mapped[str] = mapped_column(String(120))  # found from the content
    family: Mapped[str] = mapped_column(String(20))  # pdf | image | office | text
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    note: Mapped[str] = mapped_column(Text, default="")
    data: Mapped[bytes] = mapped_column(LargeBinary, deferred=True)  # read only to download
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    uploaded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    assessment: Mapped[Assessment] = relationship(back_populates="files")
    uploaded_by: Mapped[User | None] = relationship(lazy="selectin")  # named beside each file
