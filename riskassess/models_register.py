"""The register of processing activities (GDPR Art. 30; re-exported by riskassess.models): one
row per record with its current values, and every version of it (who changed what, when).
The fields are described in core/register.py."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import JSON, DateTime, ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from riskassess.extensions import db
from riskassess.models_base import utcnow

if TYPE_CHECKING:  # mapped by name (the models of riskassess/models.py)
    from riskassess.models import Assessment, User


class RegisterRecord(db.Model):
    __tablename__ = "register_record"
    __table_args__ = (
        Index("ix_register_record_org_name", "organisation_id", "name", "id"),
        # records that need a DPIA and have none (the register's filter)
        Index("ix_register_record_org_verdict", "organisation_id", "screening_verdict",
              "assessment_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"))
    kind: Mapped[str] = mapped_column(String(20))  # controller | processor
    name: Mapped[str] = mapped_column(String(200))  # also in `values`, for lists and sorting
    values: Mapped[dict[str, Any]] = mapped_column(JSON)  # every field of core/register.py
    owner_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), index=True)
    assessment_id: Mapped[int | None] = mapped_column(ForeignKey("assessment.id"))
    # The screening questions the record cannot answer, answered on the record's page, and
    # the verdict they give with the record's fields (services/register.py).
    screening: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    screening_verdict: Mapped[str | None] = mapped_column(String(20))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow,
                                                 onupdate=utcnow)
    version: Mapped[int] = mapped_column(Integer, default=1)
    __mapper_args__ = {"version_id_col": version}

    owner: Mapped[User] = relationship()
    assessment: Mapped[Assessment | None] = relationship()
    versions: Mapped[list[RegisterVersion]] = relationship(
        back_populates="record", cascade="all, delete-orphan",
        order_by="RegisterVersion.number")


class RegisterVersion(db.Model):
    """A record as it was saved: its values and what changed from the version before."""

    __tablename__ = "register_version"
    __table_args__ = (UniqueConstraint("record_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    record_id: Mapped[int] = mapped_column(ForeignKey("register_record.id"))
    number: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(20))
    values: Mapped[dict[str, Any]] = mapped_column(JSON)
    changes: Mapped[list] = mapped_column(JSON)  # [field, old, new]
    changed_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    changed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    record: Mapped[RegisterRecord] = relationship(back_populates="versions")
    changed_by: Mapped[User | None] = relationship(lazy="selectin")  # named in the history


class RegisterImport(db.Model):
    """A register file read and checked, waiting for its author to confirm it: the rows as
    they will be written, all at once or not at all (interchange/register_io.py)."""

    __tablename__ = "register_import"

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"))
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    token: Mapped[str] = mapped_column(String(64), unique=True)
    filename: Mapped[str] = mapped_column(String(200))
    rows: Mapped[list] = mapped_column(JSON)  # [kind, values] of every record
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    done_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
