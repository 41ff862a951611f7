"""The register of processing activities: records created and changed by the people allowed
to (core/permissions.py), each save kept as a version with what changed, and audited; lists
read a page at a time in name order (index organisation_id, name, id)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload
from sqlalchemy.orm.exc import StaleDataError

from riskassess.core import permissions
from riskassess.core import register as rules
from riskassess.core.answers import AnswerError, is_empty, parse_answer, parse_answers
from riskassess.core.register_dpia import answers_from
from riskassess.core.screening import Screening, screen
from riskassess.extensions import db
from riskassess.models import Assessment, RegisterRecord, RegisterVersion, User
from riskassess.pagination import PAGE_SIZE, Page, paginate
from riskassess.services import assessments, audit, living
from riskassess.services.catalogue import catalogue, default_questionnaire
from riskassess.services.errors import PermissionDenied
from riskassess.services.lists import REVIEW_NOTICE
from riskassess.services.search import like_pattern


class Conflict(Exception):
    """Someone saved the record since this form was opened: nothing was written."""


def _categories() -> Mapping[str, Any]:
    return catalogue().categories


def create(user: User, kind: str, posted: Mapping[str, Any]) -> RegisterRecord:
    """A new record kept by `user`. Raises PermissionDenied or core.register.RecordError."""
    if not permissions.can_add_record(user):
        raise PermissionDenied
    values = rules.read(kind, posted, _categories())
    record = RegisterRecord(organisation_id=user.organisation_id, kind=kind,
                            name=values["name"], values=values, owner_id=user.id,
                            screening={})
    first_version(record, user)
    judge(record)
    db.session.add(record)
    db.session.flush()
    audit.record(user, "register.created", record, user.organisation_id, name=record.name,
                 kind=kind)
    return record


SCREENING = "screening"  # the questionnaire module the record's screening asks


def screening_answers(record: RegisterRecord) -> dict[str, Any]:
    """The answers screening reads: what the record's fields say (core/register_dpia.py) and
    the screening questions answered on the record's page."""
    raw = {**answers_from(record.values), **(record.screening or {})}
    return parse_answers(default_questionnaire(), raw)


def screening_of(record: RegisterRecord) -> Screening | None:
    """Whether the processing needs a DPIA, by the assessment's own rules (a processor's
    record: None, the controller decides)."""
    if record.kind != "controller":
        return None
    return screen(catalogue(), default_questionnaire(), screening_answers(record))


def judge(record: RegisterRecord) -> None:
    found = screening_of(record)
    record.screening_verdict = found.verdict if found else None


def save_screening(user: User, record: RegisterRecord,
                   raw: Mapping[str, Any]) -> dict[str, AnswerError]:
    """Answer the screening questions of a record; returns the problems by question (nothing
    is saved when there is one)."""
    if not permissions.can_edit_record(user, record) or record.kind != "controller":
        raise PermissionDenied
    module = default_questionnaire().module(SCREENING)
    parsed, errors = {}, {}
    for question in module.questions:
        try:
            parsed[question.id] = parse_answer(question, raw.get(question.id))
        except AnswerError as error:
            errors[question.id] = error
    if errors:
        return errors
    record.screening = {k: v for k, v in parsed.items() if not is_empty(v)}
    judge(record)
    audit.record(user, "register.screened", record, record.organisation_id,
                 verdict=record.screening_verdict)
    return {}


def first_version(record: RegisterRecord, user: User) -> None:
    record.versions.append(RegisterVersion(number=1, kind=record.kind, values=record.values,
                                           changes=[], changed_by_id=user.id))


def update(user: User, record: RegisterRecord, posted: Mapping[str, Any],
           version: int) -> list[list]:
    """Save new values over `version` of the record; returns what changed. Raises
    PermissionDenied, RecordError or Conflict (another save came first)."""
    if not permissions.can_edit_record(user, record):
        raise PermissionDenied
    if version != record.version:
        raise Conflict
    values = rules.read(record.kind, posted, _categories())
    changed = rules.changes(record.values, values)
    if not changed:
        return []
    record.values, record.name = values, values["name"]
    judge(record)
    record.versions.append(RegisterVersion(number=len(record.versions) + 1, kind=record.kind,
                                           values=values, changes=changed,
                                           changed_by_id=user.id))
    audit.record(user, "register.updated", record, record.organisation_id,
                 fields=[c[0] for c in changed])
    try:
        db.session.flush()  # UPDATE … WHERE version = read: another save shows here
    except StaleDataError:
        db.session.rollback()  # the flush failed: the transaction cannot go on
        raise Conflict from None
    living.tell_if_out_of_date(user, record, {
        lang: ", ".join(rules.BY_NAME[c[0]].label.get(lang) for c in changed)
        for lang in ("fr", "en")})
    return changed


class AlreadyLinked(Exception):
    """The record has its DPIA already."""


def start_assessment(user: User, record: RegisterRecord) -> Assessment:
    """A draft DPIA for a controller's record, pre-filled with what the record says
    (core/register_dpia.py), and linked to it. Raises PermissionDenied or AlreadyLinked."""
    if not (permissions.can_edit_record(user, record) and permissions.can_create(user)
            and record.kind == "controller"):
        raise PermissionDenied
    if record.assessment_id is not None:
        raise AlreadyLinked
    values = record.values
    assessment = assessments.create(user, record.name, values.get("purposes", ""), "other")
    assessments.import_answers(assessment, answers_from(values))
    record.assessment_id = assessment.id
    audit.record(user, "register.dpia_started", record, record.organisation_id,
                 assessment_id=assessment.id)
    return assessment


def page(user: User, number: int, text: str = "", kind: str = "", size: int = PAGE_SIZE,
         needs_dpia: bool = False, review_due: bool = False) -> Page:
    """One page of the organisation's records, by name (`needs_dpia`: only those whose
    screening says a DPIA is required and that have none; `review_due`: those whose approved
    DPIA is due for its periodic review within REVIEW_NOTICE)."""
    query = (select(RegisterRecord)
             .where(RegisterRecord.organisation_id == user.organisation_id)
             .options(selectinload(RegisterRecord.owner),
                      selectinload(RegisterRecord.assessment))
             .order_by(RegisterRecord.name, RegisterRecord.id))
    if kind in rules.KINDS:
        query = query.where(RegisterRecord.kind == kind)
    if needs_dpia:
        query = query.where(RegisterRecord.screening_verdict == "required",
                            RegisterRecord.assessment_id.is_(None))
    if review_due:
        query = query.join(Assessment, Assessment.id == RegisterRecord.assessment_id).where(
            Assessment.status == "approved",
            Assessment.review_due_on <= date.today() + REVIEW_NOTICE)
    for word in text.split()[:10]:
        query = query.where(func.lower(RegisterRecord.name).like(like_pattern(word.lower()),
                                                                 escape="\\"))
    found = paginate(query, number, size)
    checked = [r for r in found.items if permissions.can_view_record(user, r)]
    return Page(items=checked, number=found.number, size=found.size, has_next=found.has_next)
