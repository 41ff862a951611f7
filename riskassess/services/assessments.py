"""Assessment use cases for project owners: create, answer, score, submit."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, NamedTuple

from sqlalchemy.orm.exc import StaleDataError

from riskassess.core import limits, permissions
from riskassess.core.answers import (
    AnswerError,
    draft_measures,
    is_empty,
    missing_required,
    parse_answer,
    parse_answers,
)
from riskassess.core.follow_up import State, effective_answers
from riskassess.core.i18n import Text
from riskassess.core.questionnaire import Catalogue, Module, Question, Questionnaire
from riskassess.core.risk_profile import Profile, build_profile
from riskassess.core.scoring import Adjustment, Level
from riskassess.core.workflow import submit_action, transition
from riskassess.extensions import db
from riskassess.labels import current_lang
from riskassess.models import Answer, Assessment, User, utcnow
from riskassess.services import audit, lists, notify, rounds
from riskassess.services.catalogue import (
    SECTOR_QUESTION,
    catalogue,
    catalogue_for,
    current_snapshot,
    default_questionnaire,
    newer_version,
    questionnaire_for,
)
from riskassess.services.errors import PermissionDenied


class ConflictError(Exception):
    """Someone else saved the assessment since the user loaded it."""


class IncompleteError(Exception):
    """Required questions are unanswered, or planned measures lack an owner or a due date."""

    def __init__(self, missing, drafts=()):
        self.missing, self.drafts = list(missing), list(drafts)
        super().__init__(", ".join(q.id for q in [*self.missing, *self.drafts]))


def create(
    owner: User, title: str, description: str, sector: str, template_id: str | None = None
) -> Assessment:
    """A new draft on the current questionnaire, pre-filled from a use-case template if any."""
    if not permissions.can_create(owner):
        raise PermissionDenied
    questionnaire = default_questionnaire()
    template = catalogue().templates.get(template_id) if template_id else None
    assessment = Assessment(
        # every caller checked these already (form, JSON Schema, CNIL import): a last guard
        title=limits.bounded(title, limits.TITLE),
        description=limits.bounded(description, limits.KEPT),
        sector=sector,
        organisation_id=owner.organisation_id,
        owner_id=owner.id,
        status="draft",
        questionnaire_id=questionnaire.id,
        questionnaire_version=questionnaire.version,
        snapshot=current_snapshot(),
        template_id=template.id if template else None,
    )
    db.session.add(assessment)
    prefill = dict(template.answers) if template else {}
    if questionnaire.question(SECTOR_QUESTION).option(sector) is not None:
        prefill[SECTOR_QUESTION] = sector
    lang = current_lang()
    for question_id, value in prefill.items():
        if isinstance(value, Text):  # free text given by the template in both languages
            value = value.get(lang)
        assessment.answers.append(Answer(question_id=question_id, value=value,
                                         prefilled=template is not None))
    audit.record(owner, "assessment.created", assessment, title=assessment.title,
                 template=assessment.template_id,
                 questionnaire=f"{questionnaire.id} v{questionnaire.version}")
    return assessment


def visible_to(user: User, statuses: tuple[str, ...] | None = None) -> list[Assessment]:
    """Every assessment of the user's organisation that the user may see, newest first.
    Pages use `lists.page_of`, which reads one page only."""
    rows = db.session.scalars(lists.visible_query(user, statuses))
    return [a for a in rows if permissions.can_view(user, a)]


class ModuleSave(NamedTuple):
    """What saving a module did: the invalid answers (nothing is stored when there are any),
    and the version of the assessment that the save wrote (or read, if nothing changed)."""

    errors: dict[str, AnswerError]
    version: int


def save_module(
    user: User,
    assessment: Assessment,
    module: Module,
    raw: dict[str, Any],
    expected_version: int,
) -> ModuleSave:
    """Validate and store the answers of one module.

    Returns the errors {question_id: AnswerError} and stores nothing when any answer is
    invalid, so the view can show the messages next to the fields with what the user typed.
    Raises ConflictError when the assessment changed since `expected_version` was read, be it
    before this request or while it ran (the UPDATE checks the version: optimistic locking).
    The version returned is the one this save wrote: `assessment.version`, read after the
    request's commit, may already be a later save's.
    """
    return save_questions(user, assessment, module.questions, raw, expected_version,
                          module.id)


def save_questions(user: User, assessment: Assessment, questions: Iterable[Question],
                   raw: dict[str, Any], expected_version: int, where: str) -> ModuleSave:
    """`save_module` for any questions (`where` names them in the audit trail: a module, or
    the answers a living DPIA asked to review)."""
    if not permissions.can_edit(user, assessment):
        raise PermissionDenied
    if assessment.version != expected_version:
        raise ConflictError
    parsed: dict[str, Any] = {}
    errors: dict[str, AnswerError] = {}
    for question in questions:
        try:
            parsed[question.id] = parse_answer(question, raw.get(question.id))
        except AnswerError as exc:
            errors[question.id] = exc
    if errors:
        return ModuleSave(errors, expected_version)
    changed = store_answers(assessment, parsed)
    try:
        if changed:
            assessment.updated_at = utcnow()  # bumps the optimistic-lock version
            db.session.flush()  # UPDATE … WHERE version = expected: the conflict shows here
            audit.record(user, "answers.saved", assessment, module=where,
                         questions=changed)
        version = assessment.version
    except StaleDataError as exc:
        db.session.rollback()
        raise ConflictError from exc
    return ModuleSave({}, version)


def store_answers(assessment: Assessment, parsed: dict[str, Any]) -> list[str]:
    """Put parsed answers on the assessment (an empty value removes the answer); return the
    ids of the questions whose stored answer changed. An answer given again is confirmed: it
    no longer counts as the template's."""
    existing = {a.question_id: a for a in assessment.answers}
    changed = []
    for question_id, value in parsed.items():
        answer = existing.get(question_id)
        if answer is not None and answer.prefilled:
            answer.prefilled = False
        if is_empty(value):
            if answer is not None:
                assessment.answers.remove(answer)
                changed.append(question_id)
        elif answer is None:
            assessment.answers.append(Answer(question_id=question_id, value=value))
            changed.append(question_id)
        elif answer.value != value:
            answer.value = value
            changed.append(question_id)
    return changed


def import_answers(assessment: Assessment, values: dict[str, Any]) -> None:
    """Store answers given as raw form values, without a user (demo data, imports).

    Every value goes through the same parsing as the web form; an invalid one raises
    AnswerError (or LookupError for an unknown question) and nothing is stored.
    """
    store_answers(assessment, parse_answers(questionnaire_for(assessment), values))
    assessment.updated_at = utcnow()


def profile(assessment: Assessment) -> Profile:
    """Screening, AI Act tier, risks, conclusion, pillars and action plan of an assessment;
    the DPO's adjusted levels of the current revision are the final ones, and planned
    measures count as what their follow-up says they became (done: existing; abandoned:
    absent)."""
    from riskassess.services.profile_memo import memoised

    return memoised(assessment,
                    lambda: profile_of_answers(assessment, assessment.answer_values()))


def profile_of_answers(assessment: Assessment, answers: dict[str, Any],
                       content: tuple[Catalogue, Questionnaire] | None = None,
                       measurements: dict[str, dict[str, Any]] | None = None) -> Profile:
    """The profile the assessment would have with these answers (what a change would do),
    under its own questionnaire content or `content` (what newer content would do), with
    `measurements` in place of the latest counted ones of their kind (what monitoring
    measurements would do)."""
    adjustments = {a.risk_id: Adjustment(Level(a.severity, a.likelihood), a.justification,
                                         a.author.name if a.author else "")
                   for a in assessment.adjustments if a.revision == assessment.revision}
    found_catalogue, questionnaire = content or (catalogue_for(assessment),
                                                 questionnaire_for(assessment))
    return build_profile(found_catalogue, questionnaire,
                         effective_answers(answers, follow_up_states(assessment)),
                         {**assessment.latest_measurements(), **(measurements or {})},
                         adjustments)


def follow_up_states(assessment: Assessment) -> dict[str, State]:
    """What became of the planned measures (core/follow_up.py), by measure."""
    return {f.question_id: State(f.status, f.owner_user.name if f.owner_user else f.owner_name,
                                 f.due) for f in assessment.follow_ups}


def adopt_latest(user: User, assessment: Assessment) -> dict[str, Any]:
    """Move a draft to the current questionnaire version, carrying over every answer whose
    question still exists and is still valid there. Returns the answers left behind (they
    are kept in the audit trail)."""
    if not permissions.can_edit(user, assessment):
        raise PermissionDenied
    latest = newer_version(assessment)
    if latest is None:
        return {}
    dropped: dict[str, Any] = {}
    for answer in list(assessment.answers):
        question = latest.question(answer.question_id)
        try:
            if question is None:
                raise AnswerError("gone", "question removed")
            answer.value = parse_answer(question, answer.value)
        except AnswerError:
            dropped[answer.question_id] = answer.value
            assessment.answers.remove(answer)
    previous = f"{assessment.questionnaire_id} v{assessment.questionnaire_version}"
    assessment.snapshot = current_snapshot()
    assessment.questionnaire_version = latest.version
    assessment.updated_at = utcnow()
    audit.record(user, "assessment.questionnaire_adopted", assessment, previous=previous,
                 current=f"{latest.id} v{latest.version}", dropped=dropped)
    return dropped


def submit(user: User, assessment: Assessment) -> None:
    if not permissions.can_submit(user, assessment):
        raise PermissionDenied
    questionnaire, answers = questionnaire_for(assessment), assessment.answer_values()
    missing = missing_required(questionnaire, answers)
    drafts = draft_measures(questionnaire, answers)
    if missing or drafts:
        raise IncompleteError(missing, drafts)
    previous = assessment.status
    action = submit_action(previous)
    assessment.status = transition(assessment.status, action, permissions.roles_of(user))
    assessment.submitted_at = utcnow()
    audit.record(user, "assessment.submitted", assessment, previous=previous)
    rounds.record(user, assessment, profile(assessment))
    notify.review_event(user, assessment, action.value)
