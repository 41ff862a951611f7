"""Database models (SQLAlchemy 2.0, typed). Schema changes go through migrations/."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from flask_login import UserMixin
from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Table,
    Text,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from riskassess.extensions import db
from riskassess.models_base import new_session_token as new_session_token
from riskassess.models_base import utcnow as utcnow


class Organisation(db.Model):
    __tablename__ = "organisation"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    # Raised by every change to the organisation or to how its users show on pages
    # (riskassess/content_generation.py); part of the key of kept profiles (profile_memo.py).
    content_gen: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    # What the report's cover and pages carry (issue 21): the logo, re-encoded as PNG when
    # the administrator uploads it (services/organisation.py), and the classification
    # mention (None: the default wording, in the report's language).
    logo: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True, deferred=True)
    classification: Mapped[str | None] = mapped_column(String(120), nullable=True)

    users: Mapped[list[User]] = relationship(back_populates="organisation")


class User(UserMixin, db.Model):
    __tablename__ = "user_account"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(20))
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    password_hash: Mapped[str] = mapped_column(String(256))
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    # Part of every session of this user (Flask-Login's alternative id, get_id): a new token
    # ends all of them at once, on every app server (services/users.end_sessions).
    session_token: Mapped[str] = mapped_column(String(64), default=new_session_token)
    # roles held besides `role`, space-separated (e.g. a DPO who is also an auditor)
    extra_roles: Mapped[str] = mapped_column(String(100), default="", server_default="")
    # the language of their e-mail (the last one chosen in the interface), and the kinds of
    # notification they do not want by e-mail, space-separated (services/notify.py)
    lang: Mapped[str] = mapped_column(String(2), default="fr", server_default="fr")
    mail_off: Mapped[str] = mapped_column(String(300), default="", server_default="")

    organisation: Mapped[Organisation] = relationship(back_populates="users")

    @property
    def roles(self) -> frozenset[str]:
        """Every role the user holds (core/permissions.py)."""
        return frozenset({self.role, *(self.extra_roles or "").split()})

    @property
    def is_active(self) -> bool:  # Flask-Login refuses inactive users
        return self.active

    def get_id(self) -> str:
        """What the session cookie holds: the id and the current session token."""
        return f"{self.id}.{self.session_token}"


class Invitation(db.Model):
    """An administrator's invitation to join their organisation (services/invitations.py):
    the invitee sets a password through a single-use link that expires. Only the token's
    SHA-256 is stored."""

    __tablename__ = "invitation"

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    email: Mapped[str] = mapped_column(String(254), index=True)
    name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(20))
    lang: Mapped[str] = mapped_column(String(2), default="fr")
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    invited_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    accepted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    replaced: Mapped[bool] = mapped_column(default=False)  # a newer one was sent

    invited_by: Mapped[User | None] = relationship()
    organisation: Mapped[Organisation] = relationship()


assessment_coauthor = Table(
    "assessment_coauthor",
    db.metadata,
    Column("assessment_id", ForeignKey("assessment.id"), primary_key=True),
    Column("user_id", ForeignKey("user_account.id"), primary_key=True),
    Index("ix_assessment_coauthor_user", "user_id"),  # a co-author's list (services/lists.py)
)


class QuestionnaireSnapshot(db.Model):
    """The questionnaire files as they were when assessments were started with them, so an
    assessment keeps displaying and scoring with its version after the files change."""

    __tablename__ = "questionnaire_snapshot"

    id: Mapped[int] = mapped_column(primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64), unique=True)
    # Loaded only when an old catalogue is rebuilt from it (services/catalogue.py): pages
    # of an assessment only need the sha256 to know whether its catalogue is the current one.
    sources: Mapped[dict[str, str]] = mapped_column(JSON, deferred=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class Assessment(db.Model):
    __tablename__ = "assessment"
    __table_args__ = (  # list pages, newest first, filtered by status (services/lists.py)
        Index("ix_assessment_org_updated", "organisation_id", "updated_at", "id", "status"),
        Index("ix_assessment_org_status_updated", "organisation_id", "status", "updated_at",
              "id"),
        Index("ix_assessment_org_review_due", "organisation_id", "status", "review_due_on"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    sector: Mapped[str] = mapped_column(String(50))
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), index=True)
    status: Mapped[str] = mapped_column(String(30), default="draft", index=True)
    questionnaire_id: Mapped[str] = mapped_column(String(50))
    questionnaire_version: Mapped[int] = mapped_column(Integer)
    snapshot_id: Mapped[int | None] = mapped_column(ForeignKey("questionnaire_snapshot.id"))
    template_id: Mapped[str | None] = mapped_column(String(50))
    # The DPO's opinion (favourable | reservations | unfavourable; None on decisions taken by
    # the DPO alone before deciders existed) and the decider's decision (an Action value).
    dpo_opinion: Mapped[str | None] = mapped_column(Text)
    opinion_kind: Mapped[str | None] = mapped_column(String(20))
    opinion_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    opinion_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    decision_kind: Mapped[str | None] = mapped_column(String(30))
    decision_text: Mapped[str | None] = mapped_column(Text)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    decided_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    submitted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, onupdate=utcnow
    )
    revision: Mapped[int] = mapped_column(Integer, default=1)
    data_subjects_sought: Mapped[bool] = mapped_column(default=False)
    data_subjects_opinion: Mapped[str | None] = mapped_column(Text)
    archive_reason: Mapped[str | None] = mapped_column(Text)
    # When the decision says the assessment is to be reviewed again (CNIL practice: three
    # years by default); the dashboard lists those due.
    review_due_on: Mapped[date | None] = mapped_column(Date)
    # What an imported file said of its review (workflow status, decision, opinions,
    # evaluations, adjustments, comments): provenance shown as such, never acts of users of
    # this instance (services/provenance.py).
    imported_review: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    # by risk, the assessor's estimate of an imported CNIL PIA (interchange/cnil/importing.py):
    # shown beside the computed levels, never counted in them
    pia_estimates: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    # by module, the answers of an imported CNIL PIA without a question of ours ("from the PIA")
    pia_kept: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    # Optimistic locking: every UPDATE checks and increments this counter.
    version: Mapped[int] = mapped_column(Integer, default=1)
    __mapper_args__ = {"version_id_col": version}
    # Raised by every change to the assessment or to a row that belongs to it (answers,
    # comments, reviews, reports...) without touching `version`, so that a comment does not
    # make an editor's save conflict (riskassess/content_generation.py); keys kept profiles.
    content_gen: Mapped[int] = mapped_column(Integer, default=1, server_default="1")

    organisation: Mapped[Organisation] = relationship()
    snapshot: Mapped[QuestionnaireSnapshot | None] = relationship()
    owner: Mapped[User] = relationship(foreign_keys=[owner_id])
    coauthors: Mapped[list[User]] = relationship(secondary=assessment_coauthor,
                                                 order_by="User.name")
    decided_by: Mapped[User | None] = relationship(foreign_keys=[decided_by_id])
    opinion_by: Mapped[User | None] = relationship(foreign_keys=[opinion_by_id])
    answers: Mapped[list[Answer]] = relationship(
        back_populates="assessment", cascade="all, delete-orphan"
    )
    comments: Mapped[list[ReviewComment]] = relationship(
        back_populates="assessment", cascade="all, delete-orphan", order_by="ReviewComment.id"
    )
    reports: Mapped[list[Report]] = relationship(
        back_populates="assessment", cascade="all, delete-orphan", order_by="Report.id"
    )
    measurements: Mapped[list[Measurement]] = relationship(
        back_populates="assessment", cascade="all, delete-orphan", order_by="Measurement.id"
    )
    versions: Mapped[list[AssessmentVersion]] = relationship(
        order_by="AssessmentVersion.revision"
    )
    evaluations: Mapped[list[ModuleEvaluation]] = relationship(order_by="ModuleEvaluation.id")
    adjustments: Mapped[list[RiskAdjustment]] = relationship(order_by="RiskAdjustment.id")
    rounds: Mapped[list[ReviewRound]] = relationship(order_by="ReviewRound.number")
    follow_ups: Mapped[list[ActionFollowUp]] = relationship(
        back_populates="assessment", cascade="all, delete-orphan", order_by="ActionFollowUp.id")
    files: Mapped[list[EvidenceFile]] = relationship(
        back_populates="assessment", cascade="all, delete-orphan", order_by="EvidenceFile.id")
    custom_measures: Mapped[list[CustomMeasure]] = relationship(
        back_populates="assessment", cascade="all, delete-orphan", order_by="CustomMeasure.id")
    # Written only by services/outcomes.py, with plain statements.
    outcome: Mapped[AssessmentOutcome | None] = relationship(viewonly=True)

    @property
    def coauthor_ids(self) -> set[int]:
        return {u.id for u in self.coauthors}

    def answer_values(self) -> dict[str, Any]:
        return {a.question_id: a.value for a in self.answers}

    def latest_measurements(self) -> dict[str, dict[str, Any]]:
        """The results of the latest measurement of each kind."""
        return {m.kind: m.results for m in self.measurements if not m.pending}

    @property
    def latest_report(self) -> Report | None:
        """The latest French edition (the filed one)."""
        return self.report_in("fr")

    def report_in(self, lang: str) -> Report | None:
        """The latest report in that language, if one was generated."""
        return next((r for r in reversed(self.reports) if r.lang == lang), None)


class Answer(db.Model):
    __tablename__ = "answer"
    __table_args__ = (UniqueConstraint("assessment_id", "question_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessment.id"), index=True)
    question_id: Mapped[str] = mapped_column(String(100))
    value: Mapped[Any] = mapped_column(JSON)
    # given by the use-case template and not yet confirmed by saving its step
    prefilled: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, onupdate=utcnow
    )

    assessment: Mapped[Assessment] = relationship(back_populates="answers")


class AssessmentVersion(db.Model):
    """What was approved, frozen: answers, profile, review and report of one revision."""

    __tablename__ = "assessment_version"
    __table_args__ = (UniqueConstraint("assessment_id", "revision"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessment.id"), index=True)
    revision: Mapped[int] = mapped_column(Integer)
    questionnaire_version: Mapped[int] = mapped_column(Integer)
    answers: Mapped[dict[str, Any]] = mapped_column(JSON)
    # the whole profile (128 KB of JSON for the demo's approved assessment): read by the
    # fingerprint checks (which load it with the versions) and the comparison page, not by
    # the assessment page, which compares the live rows with `answers` and `review`
    profile: Mapped[dict[str, Any]] = mapped_column(JSON, deferred=True)
    review: Mapped[dict[str, Any]] = mapped_column(JSON)
    report_id: Mapped[int | None] = mapped_column(ForeignKey("report.id"))
    frozen_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    report: Mapped[Report | None] = relationship()


class AuditEvent(db.Model):
    """Append-only and hash-chained (see core/audit_chain.py); never updated nor deleted."""

    __tablename__ = "audit_event"
    __table_args__ = (  # the trail's pages, and its list of actions (services/audit_view.py)
        Index("ix_audit_event_org_seq", "organisation_id", "seq"),
        Index("ix_audit_event_org_action", "organisation_id", "action"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    seq: Mapped[int | None] = mapped_column(Integer, unique=True)
    prev_hash: Mapped[str | None] = mapped_column(String(64))
    hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    key_id: Mapped[str | None] = mapped_column(String(16))  # the audit key that sealed it
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisation.id"), index=True)
    action: Mapped[str] = mapped_column(String(50))
    target_type: Mapped[str] = mapped_column(String(50))
    target_id: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, index=True
    )
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)

    actor: Mapped[User | None] = relationship()

    def chained_fields(self) -> dict[str, Any]:
        """What the hash covers."""
        from riskassess.core.audit_chain import canonical_time

        return {"actor_id": self.actor_id, "organisation_id": self.organisation_id,
                "action": self.action, "target_type": self.target_type,
                "target_id": self.target_id, "created_at": canonical_time(self.created_at),
                "details": self.details or {}}


class AuditHead(db.Model):
    """One row: the last sequence number and hash. Updating it first serialises writers."""

    __tablename__ = "audit_head"

    id: Mapped[int] = mapped_column(primary_key=True)
    seq: Mapped[int] = mapped_column(Integer, default=0)
    last_hash: Mapped[str] = mapped_column(String(64))
    key_id: Mapped[str | None] = mapped_column(String(16))
    mac: Mapped[str | None] = mapped_column(String(64))  # core/audit_chain.head_mac


class Report(db.Model):
    __tablename__ = "report"

    id: Mapped[int] = mapped_column(primary_key=True)
    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessment.id"), index=True)
    pdf: Mapped[bytes] = mapped_column(LargeBinary, deferred=True)  # loaded only when read
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    lang: Mapped[str] = mapped_column(String(2), default="fr", server_default="fr")
    revision: Mapped[int | None] = mapped_column(Integer)  # the revision it was approved for

    assessment: Mapped[Assessment] = relationship(back_populates="reports")


class Measurement(db.Model):
    """Statistics computed on an uploaded data sample (the file itself is not kept)."""

    __tablename__ = "measurement"

    id: Mapped[int] = mapped_column(primary_key=True)
    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessment.id"), index=True)
    kind: Mapped[str] = mapped_column(String(30))  # reidentification | fairness
    filename: Mapped[str] = mapped_column(String(255))
    parameters: Mapped[dict[str, Any]] = mapped_column(JSON)
    results: Mapped[dict[str, Any]] = mapped_column(JSON)
    # Taken on a decided assessment to monitor it: kept aside (not in its levels) until a new
    # revision is started, where it counts (services/evidence.py, services/living.py).
    pending: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    assessment: Mapped[Assessment] = relationship(back_populates="measurements")
    created_by: Mapped[User | None] = relationship()


# The rows of the review, of notifications and of accounts live in modules of their own;
# imported here so that `riskassess.models` names
# every table (relationships above refer to them by name).
from riskassess.models_account import ApiToken, PasswordReset  # noqa: E402, F401
from riskassess.models_actions import ActionFollowUp, ActionItem  # noqa: E402, F401
from riskassess.models_builds import ReportBuild  # noqa: E402, F401
from riskassess.models_evidence import EvidenceFile  # noqa: E402, F401
from riskassess.models_measures import CustomMeasure  # noqa: E402, F401
from riskassess.models_notify import LivingNotice, Notification, OutboxMessage  # noqa: E402, F401
from riskassess.models_outcome import AssessmentOutcome, OutcomeTally  # noqa: E402, F401
from riskassess.models_register import (  # noqa: E402, F401
    RegisterImport,
    RegisterRecord,
    RegisterVersion,
)
from riskassess.models_review import (  # noqa: E402, F401
    ModuleEvaluation,
    ReviewComment,
    ReviewRound,
    RiskAdjustment,
)
