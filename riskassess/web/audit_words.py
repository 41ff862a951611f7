"""The audit trail in words (issue 21): each action and kind of object named in the reader's
language, the object by its title with a link, the details as labelled values. The stored
events keep their codes (the chain seals them; the CSV export gives them as they are)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from flask import url_for
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from riskassess.extensions import db
from riskassess.labels import OPINION_LABELS, STATUS_LABELS, current_lang
from riskassess.models import Assessment, AuditEvent, RegisterRecord, User

ACTION_LABELS = {
    "assessment.created": _l("Assessment created"),
    "assessment.imported": _l("Assessment imported"),
    "assessment.duplicated": _l("Assessment duplicated"),
    "assessment.submitted": _l("Submitted to the DPO"),
    "assessment.request_changes": _l("Sent back for changes"),
    "assessment.give_opinion": _l("DPO's opinion given"),
    "assessment.opinion_with_unsettled_points": _l("Opinion given with points unsettled"),
    "assessment.approve": _l("Approved"),
    "assessment.approve_with_conditions": _l("Approved with conditions"),
    "assessment.reject": _l("Refused"),
    "assessment.archive": _l("Archived"),
    "assessment.revision_started": _l("New revision opened"),
    "assessment.questionnaire_adopted": _l("Newer questionnaire adopted"),
    "assessment.coauthor_added": _l("Co-author added"),
    "assessment.coauthor_removed": _l("Co-author removed"),
    "answers.saved": _l("Answers saved"),
    "comment.added": _l("Remark or reply"),
    "comment.resolved": _l("Remark resolved"),
    "module.evaluated": _l("Step evaluated by the DPO"),
    "risk.adjusted": _l("Risk level set by the DPO"),
    "data_subjects.opinion_recorded": _l("Data subjects' opinion recorded"),
    "custom_measure.added": _l("Own measure added"),
    "custom_measure.changed": _l("Own measure changed"),
    "custom_measure.removed": _l("Own measure removed"),
    "evidence_file.added": _l("Evidence file added"),
    "evidence_file.removed": _l("Evidence file removed"),
    "measurement.added": _l("Data sample measured"),
    "action.followed_up": _l("Action followed up"),
    "report.generated": _l("PDF report laid out"),
    "reports.archive_downloaded": _l("Reports archive downloaded"),
    "register.created": _l("Register record created"),
    "register.updated": _l("Register record changed"),
    "register.imported": _l("Register imported"),
    "register.screened": _l("Register record screened"),
    "register.dpia_started": _l("Assessment started from the register"),
    "organisation.created": _l("Organisation created"),
    "organisation.logo_changed": _l("Report logo changed"),
    "organisation.logo_removed": _l("Report logo removed"),
    "organisation.classification_changed": _l("Classification mention of the reports changed"),
    "user.created": _l("Account created"),
    "user.invited": _l("User invited"),
    "invitation.accepted": _l("Invitation accepted"),
    "user.activated": _l("Account activated"),
    "user.deactivated": _l("Account deactivated"),
    "user.role_changed": _l("Role changed"),
    "user.password_reset": _l("Password reset by an administrator"),
    "user.password_reset_requested": _l("New password requested"),
    "user.password_chosen": _l("New password chosen"),
    "user.mail_preferences": _l("E-mail preferences changed"),
    "user.login": _l("Logged in"),
    "user.login_refused": _l("Login refused"),
    "user.logout": _l("Logged out"),
    "api_token.created": _l("API token created"),
    "api_token.revoked": _l("API token revoked"),
}
LOGINS = ("user.login", "user.login_refused", "user.logout")

TARGET_LABELS = {
    "assessment": _l("Assessment"),
    "report": _l("Report"),
    "user": _l("User"),
    "invitation": _l("Invitation"),
    "registerrecord": _l("Register record"),
    "organisation": _l("Organisation"),
    "apitoken": _l("API token"),
    "system": _l("System"),
}

DETAIL_LABELS = {
    "previous": _l("Previous status"),
    "revision": _l("Version"),
    "lang": _l("Language"),
    "opinion": _l("Opinion"),
    "reason": _l("Reason"),
    "role": _l("Role"),
    "extra": _l("Other roles"),
    "email": _l("Email"),
    "name": _l("Name"),
    "module": _l("Step"),
    "module_id": _l("Step"),
    "status": _l("Status"),
    "risk_id": _l("Risk"),
    "severity": _l("Severity"),
    "likelihood": _l("Likelihood"),
    "questions": _l("Questions"),
    "review_due_on": _l("Next review"),
    "fingerprint": _l("Content fingerprint"),
    "sha256": _l("File SHA-256"),
    "filename": _l("File"),
    "title": _l("Title"),
    "kind": _l("Kind"),
    "report_content": _l("Content of each edition"),
    "reports": _l("Report files"),
    "content": _l("Content fingerprint"),
    "classification": _l("Classification mention"),
}
STATUS_KEYS = ("previous", "status")
HASH_KEYS = ("fingerprint", "sha256", "content")


@dataclass
class Row:
    event: AuditEvent
    action: str
    target: str
    link: str | None
    details: list[tuple[str, str]] = field(default_factory=list)


def described(events: list[AuditEvent]) -> list[Row]:
    """The page's events in words, with the titles of what they concern (one query per kind
    of object on the page)."""
    assessment_ids = {e.target_id for e in events if e.target_type == "assessment"}
    assessment_ids |= {(e.details or {}).get("assessment_id") for e in events} - {None}
    titles = dict(db.session.execute(select(Assessment.id, Assessment.title).where(
        Assessment.id.in_(assessment_ids))).all()) if assessment_ids else {}
    user_ids = {e.target_id for e in events if e.target_type == "user"}
    names = dict(db.session.execute(select(User.id, User.name).where(
        User.id.in_(user_ids))).all()) if user_ids else {}
    record_ids = {e.target_id for e in events if e.target_type == "registerrecord"}
    records = dict(db.session.execute(select(RegisterRecord.id, RegisterRecord.name).where(
        RegisterRecord.id.in_(record_ids))).all()) if record_ids else {}
    return [_row(e, titles, names, records) for e in events]


def _row(event: AuditEvent, titles: dict, names: dict, records: dict) -> Row:
    details = dict(event.details or {})
    assessment_id = event.target_id if event.target_type == "assessment" \
        else details.get("assessment_id")
    kind = str(TARGET_LABELS.get(event.target_type, event.target_type))
    if assessment_id in titles:
        target = titles[assessment_id] if event.target_type == "assessment" \
            else f"{kind} — {titles[assessment_id]}"
        link = url_for("assessments.show", assessment_id=assessment_id)
    elif event.target_type == "user" and event.target_id in names:
        target, link = names[event.target_id], None
    elif event.target_type == "registerrecord" and event.target_id in records:
        target = records[event.target_id]
        link = url_for("register.show", record_id=event.target_id)
    else:
        target, link = f"{kind} {event.target_id or ''}".strip(), None
    details.pop("assessment_id", None)
    return Row(event, str(ACTION_LABELS.get(event.action, event.action)), target, link,
               [(str(DETAIL_LABELS.get(key, key)), _value(key, value))
                for key, value in sorted(details.items())])


def _value(key: str, value) -> str:
    if key in STATUS_KEYS and value in STATUS_LABELS:
        return str(STATUS_LABELS[value])
    if key == "opinion" and value in OPINION_LABELS:
        return str(OPINION_LABELS[value])
    if key in HASH_KEYS and isinstance(value, str):
        return value[:12] + "…"
    if key in ("reports", "report_content") and isinstance(value, dict):  # hashes by edition
        return ", ".join(f"{lang}{colon()}{str(sha)[:12]}…" for lang, sha in sorted(value.items()))
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return str(value)


def colon() -> str:
    return "\u00a0: " if current_lang() == "fr" else ": "


def action_choices(actions: list[str]) -> list[tuple[str, str]]:
    """The actions found in the trail, named, in the reader's alphabetical order."""
    return sorted(((a, str(ACTION_LABELS.get(a, a))) for a in actions),
                  key=lambda pair: pair[1].lower())


def target_choices() -> list[tuple[str, str]]:
    return sorted(((t, str(label)) for t, label in TARGET_LABELS.items()),
                  key=lambda pair: pair[1].lower())
