"""What an auditor relies on, checked against the audit trail: every approved version against
its approval event (content fingerprint, report files), and the live rows of an approved
assessment against its frozen version.

The audit chain is keyed (core/audit_chain.py), so the approval events cannot be rewritten from
the database alone; an edit of the frozen rows, of the stored reports or of the live answers
shows up here as a named difference."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import undefer

from riskassess.core.audit_chain import verify_link
from riskassess.core.fingerprint import canonical
from riskassess.extensions import db
from riskassess.models import Assessment, AssessmentVersion, AuditEvent, Report
from riskassess.services import audit
from riskassess.services.approved import fingerprint, review_snapshot

FROZEN_STATUSES = ("approved", "archived")


@dataclass(frozen=True)
class Difference:
    """`code`: no_event, content, report (not the approved file), report_file (the stored file
    does not match its own hash) or drift (live rows, `detail` says which)."""

    assessment_id: int
    revision: int
    code: str
    detail: str = ""

    @property
    def problem(self) -> str:
        return {
            "no_event": "no sealed approval event records this version",
            "content": "the frozen version differs from what was approved (its answers, "
                       "profile or review were edited)",
            "report": f"the stored report ({self.detail}) is not the one approved",
            "report_file": f"the stored report file ({self.detail}) does not match its "
                           "SHA-256",
        }.get(self.code, self.detail)

    def __str__(self) -> str:
        return f"assessment {self.assessment_id}, version {self.revision}: {self.problem}"


APPROVALS = ("assessment.approve", "assessment.approve_with_conditions")


def _events(action: str | tuple[str, ...], organisation_id: int | None):
    """The audit events of one action (or several), of one organisation or all."""
    actions = (action,) if isinstance(action, str) else action
    query = select(AuditEvent).where(AuditEvent.action.in_(actions))
    if organisation_id is not None:
        query = query.where(AuditEvent.organisation_id == organisation_id)
    return db.session.scalars(query)


def _approval_events(organisation_id: int | None) -> dict[tuple[int, int], AuditEvent]:
    return {(e.target_id, (e.details or {}).get("revision")): e
            for e in _events(APPROVALS, organisation_id)
            if e.target_type == "assessment"}


def _report_events(organisation_id: int | None
                   ) -> list[tuple[int | None, int | None, str, str | None, int | None,
                                   str | None]]:
    """(assessment, revision, language, SHA-256, report id, content fingerprint) recorded when
    each report was made; events from before languages and revisions were recorded say
    neither (French, and the version's own report), and those from before the worker built
    the editions no content fingerprint."""
    return [((e.details or {}).get("assessment_id"), (e.details or {}).get("revision"),
             (e.details or {}).get("lang") or "fr", (e.details or {}).get("sha256"),
             e.target_id, (e.details or {}).get("content"))
            for e in _events("report.generated", organisation_id)]


def check_versions(organisation_id: int | None = None) -> tuple[int, list[Difference]]:
    """Every approved version (of one organisation, or all) checked against its approval
    event, and every decided assessment against its frozen version; the number of versions
    checked and the differences found, in version order."""
    approvals = _approval_events(organisation_id)
    generated = _report_events(organisation_id)
    keys = audit.keyring_in_use().keys
    query = select(AssessmentVersion).options(undefer(AssessmentVersion.profile)) \
        .order_by(AssessmentVersion.id)  # each fingerprint reads the profile
    decided = select(Assessment).where(Assessment.status.in_(FROZEN_STATUSES))
    if organisation_id is not None:
        query = query.join(Assessment, Assessment.id == AssessmentVersion.assessment_id).where(
            Assessment.organisation_id == organisation_id)
        decided = decided.where(Assessment.organisation_id == organisation_id)
    versions = db.session.scalars(query).all()
    found: list[Difference] = []
    for version in versions:
        found.extend(_version_differences(version, approvals, generated, keys))
    for assessment in db.session.scalars(decided.order_by(Assessment.id)):
        found.extend(Difference(assessment.id, assessment.revision, "drift", str(part))
                     for part in drift(assessment))
    return len(versions), found


def _version_differences(version, approvals, generated, keys) -> Iterator[Difference]:
    def problem(code: str, detail: str = "") -> Difference:
        return Difference(version.assessment_id, version.revision, code, detail)

    event = approvals.get((version.assessment_id, version.revision))
    if event is None or verify_link(audit.link(event), keys):
        yield problem("no_event")
        return
    details = event.details or {}
    if "fingerprint" in details and details["fingerprint"] != fingerprint(version):
        yield problem("content")
    made = [(lang, sha, content) for aid, revision, lang, sha, report_id, content in generated
            if aid == version.assessment_id and (revision == version.revision
                                                 or revision is None
                                                 and report_id == version.report_id)]
    # Since the worker builds the editions, the approval seals what each one says and the
    # worker's event the file it laid out: both must agree.
    approved_content = details.get("report_content") or {}
    for lang, _sha, content in made:
        if lang in approved_content and content != approved_content[lang]:
            yield problem("report", lang)
    recorded = details.get("reports") or {lang: sha for lang, sha, _content in made}
    for lang, sha in sorted(recorded.items()):
        yield from (problem(code, lang) for code in _report_problems(version, lang, sha))


def _report_problems(version: AssessmentVersion, lang: str, sha: str) -> Iterator[str]:
    reports = db.session.scalars(select(Report).where(
        Report.assessment_id == version.assessment_id, Report.lang == lang,
        (Report.revision == version.revision) | (Report.id == version.report_id))).all()
    if not any(report.sha256 == sha for report in reports):
        yield "report"
        return
    for report in reports:
        if report.sha256 == sha and hashlib.sha256(report.pdf).hexdigest() != sha:
            yield "report_file"


@dataclass(frozen=True)
class Drift:
    """One part of a decided assessment whose live rows differ from its frozen version:
    answers (with the questions concerned), comments, evaluations, adjustments, opinion or
    data_subjects_opinion."""

    part: str
    keys: tuple[str, ...] = ()

    def __str__(self) -> str:
        if self.part == "answers":
            shown = ", ".join(self.keys[:3]) + (f" and {len(self.keys) - 3} more"
                                                if len(self.keys) > 3 else "")
            return f"the answers differ from the approved version ({shown})"
        return f"the review's {self.part.replace('_', ' ')} differ from the approved version"


REVIEW_PARTS = ("comments", "evaluations", "adjustments", "opinion", "opinion_kind", "decision",
                "data_subjects_opinion", "evidence_files")


def drift(assessment: Assessment) -> list[Drift]:
    """How the live rows of a decided assessment differ from its frozen version of the current
    revision: empty when they match or when there is nothing frozen to compare with."""
    if assessment.status not in FROZEN_STATUSES:
        return []
    version = next((v for v in assessment.versions if v.revision == assessment.revision), None)
    if version is None:
        return []
    differences = []
    changed = _changed_keys(assessment.answer_values(), version.answers or {})
    if changed:
        differences.append(Drift("answers", tuple(changed)))
    live, frozen = review_snapshot(assessment), dict(version.review or {})
    for part in REVIEW_PARTS:
        if part in frozen and canonical(_comparable(part, live[part])) != \
                canonical(_comparable(part, frozen[part])):
            differences.append(Drift(part))
    return differences


def _comparable(part: str, value):
    """Comments without their author's display name, which a user may change afterwards."""
    if part != "comments":
        return value
    return [{k: v for k, v in comment.items() if k != "author"} for comment in value or []]


def _changed_keys(live: dict, frozen: dict) -> list[str]:
    return sorted(key for key in live.keys() | frozen.keys()
                  if key not in live or key not in frozen
                  or canonical(live[key]) != canonical(frozen[key]))
